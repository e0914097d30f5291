/**
 * Vite build of the web dashboard: `web/` → `dist/web`, served by `hyperfleet serve` at `/`.
 * `npm run dev:web`-style use: `vite --config web/vite.config.ts` proxies the API to a local `hyperfleet serve`
 * (HYPERFLEET_API, default http://127.0.0.1:8080).
 */
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

const root = fileURLToPath(new URL('.', import.meta.url));
const api = process.env.HYPERFLEET_API ?? 'http://127.0.0.1:8080';

export default defineConfig({
  root,
  base: '/',
  plugins: [react()],
  build: {
    outDir: fileURLToPath(new URL('../dist/web', import.meta.url)),
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: false,
    chunkSizeWarningLimit: 400,
  },
  server: { proxy: { '/v1': api, '/healthz': api, '/readyz': api } },
});
