// Builds the embeddable chat widget as one script (IIFE) into web/dist/widget/switchboard-widget.js.
import { resolve } from 'node:path';
import preact from '@preact/preset-vite';
import { defineConfig } from 'vite';

export default defineConfig({
  root: resolve(import.meta.dirname),
  plugins: [preact()],
  build: {
    outDir: resolve(import.meta.dirname, 'dist/widget'),
    emptyOutDir: true,
    lib: { entry: resolve(import.meta.dirname, 'widget/main.tsx'), name: 'SwitchboardWidget', formats: ['iife'], fileName: () => 'switchboard-widget.js' },
  },
});
