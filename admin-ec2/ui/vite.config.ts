import { fileURLToPath } from 'node:url';
import preact from '@preact/preset-vite';
import { defineConfig } from 'vite';

/**
 * The admin UI: `npm run build:admin` writes admin-ec2/ui/dist (hashed files under /admin/assets/), which the admin
 * server serves at /admin/ (admin-ec2/static.ts). Its own bundle: nothing of it reaches the storefront's.
 */
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: '/admin/',
  plugins: [preact()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    assetsDir: 'assets',
    target: 'es2022',
    modulePreload: { polyfill: false },
  },
  // `npm run dev:admin` proxies the API to a running admin server (npm start: :3001), or to ADMIN_URL.
  server: { proxy: { '/admin/api': process.env.ADMIN_URL ?? 'http://localhost:3001' } },
});
