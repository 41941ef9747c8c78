// Builds the landing page, the agent workspace and admin console pages into web/dist (served under /web/ by Switchboard).
import { resolve } from 'node:path';
import preact from '@preact/preset-vite';
import { defineConfig } from 'vite';

export default defineConfig({
  root: resolve(import.meta.dirname),
  base: '/web/',
  plugins: [preact()],
  build: {
    outDir: resolve(import.meta.dirname, 'dist'),
    emptyOutDir: false,
    rollupOptions: {
      input: {
        workspace: resolve(import.meta.dirname, 'workspace/index.html'),
        admin: resolve(import.meta.dirname, 'admin/index.html'),
        landing: resolve(import.meta.dirname, 'landing/index.html'),
      },
    },
  },
});
