import { resolve } from 'node:path';
import { defineConfig } from 'electron-vite';
import react from '@vitejs/plugin-react';
import { cliBuildPlugin } from './scripts/buildCli.mjs';

// The renderer is built to plain files served from the app's own origin (app://mixwise in Electron,
// a made-up origin in e2e tests). No dev server is used for `npm start`: the window never loads http.
export default defineConfig({
  main: {
    // The analysis's reader thread and the parse thread of imported files are scripts of their own,
    // next to the main bundle (answerReader.ts, workbook/offThread.ts). The `mixwise` command is built
    // with it, into out/cli/ (scripts/buildCli.mjs), so that bin/mixwise.mjs need not compile it under tsx.
    plugins: [cliBuildPlugin()],
    build: {
      rollupOptions: {
        input: {
          index: resolve(__dirname, 'electron/main/index.ts'),
          readerThread: resolve(__dirname, 'electron/core/analysis/readerThread.ts'),
          parseThread: resolve(__dirname, 'electron/core/workbook/parseThread.ts'),
        },
      },
    },
  },
  preload: {
    // The preload runs sandboxed, so everything it uses (zod included) is bundled into one CommonJS file.
    build: {
      externalizeDeps: false,
      rollupOptions: {
        input: { index: resolve(__dirname, 'electron/preload/index.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: resolve(__dirname, 'renderer'),
    plugins: [react()],
    build: {
      rollupOptions: { input: { index: resolve(__dirname, 'renderer/index.html') } },
      // Inline nothing as data: URLs; the CSP allows scripts and styles from 'self' only.
      assetsInlineLimit: 0,
    },
  },
});
