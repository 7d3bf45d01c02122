import { builtinModules } from 'node:module';
import { defineConfig } from 'vite';

// The server has no dependencies: node built-ins only, bundled into one CommonJS file.
export default defineConfig({
  root: import.meta.dirname,
  build: {
    ssr: 'server/main.ts',
    outDir: '../../dist/apps/console',
    emptyOutDir: false,
    target: 'node24',
    minify: false,
    rollupOptions: {
      external: [...builtinModules, ...builtinModules.map((name) => `node:${name}`)],
      output: { format: 'cjs', entryFileNames: 'server.js' },
    },
  },
});
