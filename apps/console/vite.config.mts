import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';
import { answerRole } from './server/role';

const serviceUrls: Record<string, string> = {
  catalog: process.env.CATALOG_URL ?? 'http://127.0.0.1:3001',
  replication: process.env.REPLICATION_URL ?? 'http://127.0.0.1:3002',
  targeting: process.env.TARGETING_URL ?? 'http://127.0.0.1:3003',
  advertisement: process.env.ADVERTISEMENT_URL ?? 'http://127.0.0.1:3004',
};

// `vite` (nx run console:dev) proxies the services and answers /console/role the same way the
// production server does.
export default defineConfig({
  root: import.meta.dirname,
  // The libraries the browser runs (browser-safe, no dependencies); every other @sdp import here is type-only.
  resolve: {
    alias: {
      '@sdp/package-files': fileURLToPath(new URL('../../libs/package-files/src/index.ts', import.meta.url)),
      '@sdp/text': fileURLToPath(new URL('../../libs/text/src/index.ts', import.meta.url)),
    },
  },
  plugins: [
    react(),
    {
      name: 'console-role',
      configureServer(server) {
        server.middlewares.use('/console/role', (request, response) => void answerRole(request, response, new URL(serviceUrls.catalog)));
      },
    },
  ],
  build: {
    outDir: '../../dist/apps/console/public',
    emptyOutDir: true,
  },
  server: {
    proxy: Object.fromEntries(
      Object.entries(serviceUrls).map(([name, target]) => [
        `/services/${name}`,
        { target, rewrite: (path: string) => path.slice(`/services/${name}`.length) || '/' },
      ]),
    ),
  },
});
