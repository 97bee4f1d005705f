import { fileURLToPath } from 'node:url';
import preact from '@preact/preset-vite';
import { defineConfig } from 'vite';

/** The storefront SPA: `npm run build:web` writes web/dist (hashed files under /assets/), which the edge serves. */
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  plugins: [preact()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    assetsDir: 'assets',
    target: 'es2022',
    // Every browser the shop supports has <link rel="modulepreload">: no polyfill in the entry chunk.
    modulePreload: { polyfill: false },
  },
  // `npm run dev:web` proxies the API to a running local shop (npm start), or to SHOP_URL.
  server: { proxy: { '/api': process.env.SHOP_URL ?? 'http://localhost:3000' } },
});
