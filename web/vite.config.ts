import { defineConfig } from 'vite';

/**
 * The reference screens: one HTML page each (the agent desktop, the supervisor view, the survey
 * page, the local console; the widget's demo page is a static file in public/ that embeds the
 * widget built by vite.widget.config.ts). Relative asset paths, so the same build is served under
 * /ui/ locally and at a CloudFront origin on AWS.
 */
export default defineConfig({
  root: import.meta.dirname,
  base: './',
  publicDir: 'public',
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    rollupOptions: { input: { desktop: 'desktop.html', supervisor: 'supervisor.html', survey: 'survey.html', console: 'console.html' } },
  },
  logLevel: 'warn',
});
