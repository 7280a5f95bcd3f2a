import { defineConfig } from 'vite';

/**
 * The reference front ends. The self-care widget is one script (an IIFE library) a brand embeds
 * with a `<script>` tag; the demo page and the other screens are static files in `public/`.
 * Preact (4 KB) keeps the embed small and reads like React to most front-end developers.
 */
export default defineConfig({
  root: import.meta.dirname,
  publicDir: 'public',
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    lib: { entry: 'src/widget/main.tsx', name: 'SupportWidget', formats: ['iife'], fileName: () => 'widget.js' },
    target: 'es2022',
  },
  logLevel: 'warn',
});
