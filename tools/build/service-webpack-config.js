const { NxAppWebpackPlugin } = require('@nx/webpack/app-plugin');
const { join } = require('path');

/**
 * The webpack configuration of every Node program in apps/: one bundle with the libs inlined and
 * node_modules left external (listed in the generated package.json). tsc, not esbuild or swc,
 * keeps the decorator metadata that Nest's injection and TypeORM rely on.
 *
 * `selfContained` inlines node_modules too, for a program that must run without them (the agent,
 * which becomes a single executable: only Node's built-in modules can be required there).
 * `defines` are replaced in the source at build time (webpack's DefinePlugin).
 */
function serviceWebpackConfig(appDir, appName, { selfContained = false, defines = {} } = {}) {
  return {
    output: { path: join(__dirname, '../../dist/apps', appName) },
    devtool: 'source-map',
    plugins: [
      new NxAppWebpackPlugin({
        target: 'node',
        compiler: 'tsc',
        main: join(appDir, 'src/main.ts'),
        tsConfig: join(appDir, 'tsconfig.app.json'),
        optimization: false,
        outputHashing: 'none',
        generatePackageJson: !selfContained,
        ...(selfContained ? { externalDependencies: 'none' } : {}),
        sourceMap: true,
      }),
      { apply: (compiler) => new compiler.webpack.DefinePlugin(defines).apply(compiler) },
    ],
  };
}

module.exports = { serviceWebpackConfig };
