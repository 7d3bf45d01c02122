const { NxAppWebpackPlugin } = require('@nx/webpack/app-plugin');
const { join } = require('path');

/**
 * The webpack configuration of every Node program in apps/: one bundle with the libs inlined and
 * node_modules left external (listed in the generated package.json). tsc, not esbuild or swc,
 * keeps the decorator metadata that Nest's injection and TypeORM rely on.
 */
function serviceWebpackConfig(appDir, appName) {
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
        generatePackageJson: true,
        sourceMap: true,
      }),
    ],
  };
}

module.exports = { serviceWebpackConfig };
