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

// The built index.html without comments nor the white space between tags: it is the first answer
// of every page. Its tags and attributes stay as they are written (app/server/spa.go rewrites the
// canonical link by its text). 'post': after Vite has added the bundle's script and style tags.
function compactHtml(): Plugin {
  return {
    name: 'portal-compact-html',
    apply: 'build',
    transformIndexHtml: {
      order: 'post',
      handler: (html) =>
        html
          .replace(/<!--[\s\S]*?-->/g, '')
          .replace(/>\s+</g, '><')
          .trim() + '\n',
    },
  };
}

// Modules of the chunk groups below (see codeSplitting).
const FIRST_PAGES_COMMON = /[\\/]src[\\/](pageMeta\.ts|lib[\\/]media\.ts|components[\\/](Link|LiveAlert|Notice|LanguageSwitch|Button|ErrorNotice|PageLoading)\.tsx)$/;
const SHELL =
  /[\\/]node_modules[\\/]@tanstack[\\/]|[\\/]src[\\/](lib[\\/](queries\.ts|live\.tsx|notifications\.ts|popover\.ts)|components[\\/](AppShell|NotificationBell|Skeleton|Toast|EmptyState|HelpLink|ProgressBar|ProjectBadges)\.tsx|pages[\\/]projects[\\/]ProjectCard\.tsx|pages[\\/]retours[\\/]RetourBadges\.tsx)$/;
const FORMS = /[\\/]src[\\/]components[\\/](AuthLayout|FormField|SubmitButton|PasswordField|TotpCodeField|AccountEmailField)\.tsx$/;

export default defineConfig({
  plugins: [react(), tailwindcss(), brandInHtml(), pwa(), compactHtml()],
  base: '/',
  build: {
    outDir,
    emptyOutDir: true,
    assetsDir: 'assets',
    // None in the embedded bundle. PORTAL_SOURCEMAP=1 (with PORTAL_DIST_DIR elsewhere) builds the same
    // files with maps beside them, to read a browser profile of the bundle in source terms.
    sourcemap: !!process.env.PORTAL_SOURCEMAP,
    // Small enough to keep; icons are files in public/.
    assetsInlineLimit: 0,
    // Every browser the portal supports knows <link rel="modulepreload">: no polyfill to run.
    modulePreload: { polyfill: false },
    rolldownOptions: {
      output: {
        entryFileNames: 'assets/[name]-[hash].js',
        // Lazy pages keep their own name; the groups below name theirs.
        chunkFileNames: 'assets/[name]-[hash].js',
        // Few files rather than many small ones: each is a request, browsers open at most six
        // connections to a server over HTTP/1.1, and on a phone's network every round of
        // requests costs a round trip before the page can show (Lighthouse's largest paint). The
        // sign-in page loads index + SignIn + forms; the dashboard index + shell + Dashboard.
        //   index   everything the first page needs (libraries, routes, session, translations)
        //   common  the small parts both first pages use (links, buttons, notices, page titles,
        //           the language switch) and the helpers several pages share
        //   shell   the frame of the private pages (every private page loads it) with the
        //           server-state library and the small widgets most private pages show
        //   forms   the sign-in page's layout and form fields, shared with the other forms
        //   shared  other helpers several pages share; admin: what only admin pages share;
        //   help    the help pages' common code.
        // A page's own code stays in its own file.
        codeSplitting: {
          groups: [
            { name: 'index', tags: ['$initial'], priority: 4 },
            { name: 'common', test: FIRST_PAGES_COMMON, priority: 3 },
            { name: 'shell', test: SHELL, priority: 3 },
            { name: 'forms', test: FORMS, minShareCount: 2, priority: 3 },
            {
              name: 'admin',
              test: (id: string) => /[\\/]src[\\/](pages[\\/]admin[\\/]|components[\\/](BarChart|DonutChart|Tabs)\.tsx)/.test(id),
              minShareCount: 2,
              priority: 2,
              includeDependenciesRecursively: false,
            },
            // The help pages' common code (guide list, Markdown reader, pictures' addresses).
            { name: 'help', test: (id: string) => /[\\/]src[\\/]pages[\\/]help[\\/]/.test(id), minShareCount: 2, priority: 2 },
            // Other building blocks (libraries, components, hooks) that several pages share: a page
            // module used by two pages (the conversation, the project form) gets a file of its own,
            // so the dashboard does not download the project page's conversation.
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
