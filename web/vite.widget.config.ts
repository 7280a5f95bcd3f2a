import { defineConfig } from 'vite';

/**
 * The self-care widget: one script (an IIFE library) a brand embeds with a `<script>` tag. Preact
 * (4 KB) keeps the embed small and reads like React to most front-end developers. The screens
 * (desktop, demo page) are built by vite.config.ts into the same folder.
 */
export default defineConfig({
  root: import.meta.dirname,
  publicDir: false,
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  build: {
    outDir: 'dist',
    emptyOutDir: false,
    lib: { entry: 'src/widget/main.tsx', name: 'SupportWidget', formats: ['iife'], fileName: () => 'widget.js' },
    target: 'es2022',
  },
  logLevel: 'warn',
});
