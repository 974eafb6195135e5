/// <reference types="vitest/config" />
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';
import tailwindcss from '@tailwindcss/vite';
import { BRAND } from './src/config.ts';
import { pwa } from './pwa.ts';

// The bundle goes to ../dist (embedded in the Go binary). PORTAL_DIST_DIR lets a
// check build into another folder and compare it with the committed one.
const outDir = process.env.PORTAL_DIST_DIR ? resolve(process.env.PORTAL_DIST_DIR) : fileURLToPath(new URL('../dist', import.meta.url));

// index.html carries the company name from the single config module (%COMPANY_NAME%).
function brandInHtml(): Plugin {
  return {
    name: 'portal-brand-in-html',
    transformIndexHtml(html) {
      return html.replaceAll('%COMPANY_NAME%', BRAND.companyName).replaceAll('%THEME_COLOR%', BRAND.themeColor);
    },
  };
}

export default defineConfig({
  plugins: [react(), tailwindcss(), brandInHtml(), pwa()],
  base: '/',
  build: {
    outDir,
    emptyOutDir: true,
    assetsDir: 'assets',
    sourcemap: false,
    // Small enough to keep; icons are files in public/.
    assetsInlineLimit: 0,
    // Every browser the portal supports knows <link rel="modulepreload">: no polyfill to run.
    modulePreload: { polyfill: false },
    rolldownOptions: {
      output: {
        entryFileNames: 'assets/[name]-[hash].js',
        // Lazy pages keep their own name; the groups below name theirs.
        chunkFileNames: 'assets/[name]-[hash].js',
        // Few files rather than many small ones (each is a request, and browsers open at most six
        // connections to a server over HTTP/1.1): everything the first page needs (libraries,
        // routes, session, sign-in page) in the main file; what several private pages
        // share in "shared"; what only admin pages share in "admin". A page's own code stays in
        // its own file.
        codeSplitting: {
          groups: [
            { name: 'index', tags: ['$initial'], priority: 3 },
            {
              name: 'admin',
              test: (id: string) => /[\\/]src[\\/](pages[\\/]admin[\\/]|components[\\/](BarChart|DonutChart|Tabs)\.tsx)/.test(id),
              minShareCount: 2,
              priority: 2,
              includeDependenciesRecursively: false,
            },
            // The help pages' common code (guide list, Markdown reader, pictures' addresses).
            { name: 'help', test: (id: string) => /[\\/]src[\\/]pages[\\/]help[\\/]/.test(id), minShareCount: 2, priority: 2 },
            // Only the building blocks (libraries, components, hooks): a page module used by two
            // pages (the conversation, the retours list, the project form) gets a file of its own,
            // so the dashboard does not download the project page's conversation.
            // The server-state library and the portal's modules built on it, which the sign-in
            // page does not use.
            { name: 'query', test: /[\\/]node_modules[\\/]@tanstack[\\/]|[\\/]src[\\/]lib[\\/](queries\.ts|live\.tsx)$/, minShareCount: 2, priority: 2 },
            {
              name: 'shared',
              test: (id: string) => /node_modules|[\\/]src[\\/](lib|auth|i18n)[\\/][^\\/]+\.tsx?$/.test(id),
              minShareCount: 2,
              priority: 1,
            },
          ],
        },
        assetFileNames: 'assets/[name]-[hash][extname]',
        // go:embed skips files whose names start with "_" or ".": never emit such names.
        sanitizeFileName: (name: string) => name.replace(/[^A-Za-z0-9/.-]/g, '-').replace(/(^|\/)[._-]+/g, '$1'),
      },
    },
  },
  server: {
    // The guides (../../guides) are bundled with the help pages.
    fs: { allow: ['..', '../../guides'] },
    proxy: {
      '/api': process.env.PORTAL_API_URL ?? 'http://127.0.0.1:18080',
    },
  },
  test: {
    environment: 'jsdom',
    setupFiles: ['./src/test/setup.ts'],
    include: ['src/**/*.test.{ts,tsx}'],
    restoreMocks: true,
    // A page test renders the whole page in jsdom: 1-2 s on a quiet machine, several times that
    // when the cores are shared. The limits catch a hang, not slowness.
    testTimeout: 30_000,
  },
});
