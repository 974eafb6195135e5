/// <reference types="vitest/config" />
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';
import tailwindcss from '@tailwindcss/vite';
import { BRAND } from './src/config.ts';

// The bundle goes to ../dist (embedded in the Go binary). PORTAL_DIST_DIR lets a
// check build into another folder and compare it with the committed one.
const outDir = process.env.PORTAL_DIST_DIR ? resolve(process.env.PORTAL_DIST_DIR) : fileURLToPath(new URL('../dist', import.meta.url));

// index.html carries the company name from the single config module (%COMPANY_NAME%).
function brandInHtml(): Plugin {
  return {
    name: 'portal-brand-in-html',
    transformIndexHtml(html) {
      return html
        .replaceAll('%COMPANY_NAME%', BRAND.companyName)
        .replaceAll('%THEME_COLOR%', BRAND.themeColor);
    },
  };
}

export default defineConfig({
  plugins: [react(), tailwindcss(), brandInHtml()],
  base: '/',
  build: {
    outDir,
    emptyOutDir: true,
    assetsDir: 'assets',
    sourcemap: false,
    // Small enough to keep; icons are files in public/.
    assetsInlineLimit: 0,
    rolldownOptions: {
      output: {
        entryFileNames: 'assets/[name]-[hash].js',
        // Lazy pages keep their name; the chunk they share with the main bundle
        // (libraries and common components) is "shared".
        chunkFileNames: (chunk) => (chunk.isDynamicEntry ? 'assets/[name]-[hash].js' : 'assets/shared-[hash].js'),
        assetFileNames: 'assets/[name]-[hash][extname]',
        // go:embed skips files whose names start with "_" or ".": never emit such names.
        sanitizeFileName: (name: string) => name.replace(/[^A-Za-z0-9/.-]/g, '-').replace(/(^|\/)[._-]+/g, '$1'),
      },
    },
  },
  server: {
    proxy: {
      '/api': process.env.PORTAL_API_URL ?? 'http://127.0.0.1:18080',
    },
  },
  test: {
    environment: 'jsdom',
    setupFiles: ['./src/test/setup.ts'],
    include: ['src/**/*.test.{ts,tsx}'],
    restoreMocks: true,
  },
});
