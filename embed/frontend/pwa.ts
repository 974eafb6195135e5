// The installable app: the web app manifest and the service worker, written into the bundle at
// build time. The worker's text carries a digest of the bundle's file names (each has a content
// hash), so every new build is a new worker: browsers fetch /sw.js again on each visit (the
// server sends it with no-cache), install the new one, and it takes over at once and drops the
// previous version's cache.
import { createHash } from 'node:crypto';
import { minify, type Plugin } from 'vite';
import { BRAND, HOME_PATH } from './src/config.ts';

export const OFFLINE_TITLE = 'Vous êtes hors ligne';

function manifest() {
  return {
    name: `Portail client — ${BRAND.companyName}`,
    short_name: 'Portail',
    description: `Espace client ${BRAND.companyName} : projets, livrables et échanges.`,
    lang: 'fr',
    dir: 'ltr',
    id: '/',
    start_url: HOME_PATH,
    scope: '/',
    display: 'standalone',
    background_color: '#ffffff',
    theme_color: BRAND.themeColor,
    icons: [
      { src: '/icons/icon-192.png', sizes: '192x192', type: 'image/png', purpose: 'any' },
      { src: '/icons/icon-512.png', sizes: '512x512', type: 'image/png', purpose: 'any' },
      { src: '/icons/maskable-192.png', sizes: '192x192', type: 'image/png', purpose: 'maskable' },
      { src: '/icons/maskable-512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
    ],
  };
}

// Shown for a page opened without network (the worker builds it: nothing to cache, no script).
const offlinePage = `<!doctype html><html lang="fr"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${OFFLINE_TITLE} — ${BRAND.companyName}</title><style>body{margin:0;min-height:100vh;display:flex;align-items:center;justify-content:center;font-family:system-ui,sans-serif;color:#111827;background:#f9fafb}main{max-width:28rem;padding:2rem;text-align:center}h1{color:${BRAND.themeColor};font-size:1.5rem}a{display:inline-block;margin-top:1rem;padding:.75rem 1.25rem;border-radius:.5rem;background:${BRAND.themeColor};color:#fff;font-weight:600;text-decoration:none}</style></head><body><main><h1>${OFFLINE_TITLE}…</h1><p>Le portail a besoin du réseau pour afficher vos projets. Vérifiez votre connexion (Wi-Fi, données mobiles), puis réessayez.</p><p lang="en">You are offline: check your connection, then try again.</p><a href="">Réessayer</a></main></body></html>`;

function worker(version: string) {
  return `// The portal's service worker (written by embed/frontend/pwa.ts at build time).
// It caches the bundle's hashed files only (scripts, styles, pictures, fonts, the guides'
// Markdown) — never API answers nor downloads — and serves an offline page to a navigation that
// finds no network.
const VERSION = ${JSON.stringify(version)};
const CACHE = 'portal-assets-' + VERSION;
const OFFLINE = ${JSON.stringify(offlinePage)};
const CACHED = /^\\/assets\\/[^/]+-[A-Za-z0-9_-]{8,}\\.(?:js|css|png|svg|woff2|md)$/;

self.addEventListener('install', () => self.skipWaiting());
self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches.keys()
      .then((keys) => Promise.all(keys.filter((k) => k !== CACHE).map((k) => caches.delete(k))))
      .then(() => self.clients.claim()),
  );
});
self.addEventListener('fetch', (event) => {
  const req = event.request;
  if (req.method !== 'GET') return;
  const url = new URL(req.url);
  if (url.origin !== self.location.origin) return;
  if (req.mode === 'navigate') {
    event.respondWith(
      fetch(req).catch(() => new Response(OFFLINE, { status: 503, headers: { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' } })),
    );
    return;
  }
  if (!CACHED.test(url.pathname)) return;
  event.respondWith(
    caches.open(CACHE).then((cache) =>
      cache.match(req).then(
        (hit) =>
          hit ||
          fetch(req).then((res) => {
            if (res.ok) cache.put(req, res.clone());
            return res;
          }),
      ),
    ),
  );
});
`;
}

export function pwa(): Plugin {
  return {
    name: 'portal-pwa',
    apply: 'build',
    async generateBundle(_options, bundle) {
      const version = createHash('sha256').update(Object.keys(bundle).sort().join('\n')).digest('hex').slice(0, 16);
      this.emitFile({ type: 'asset', fileName: 'manifest.webmanifest', source: `${JSON.stringify(manifest(), null, 2)}\n` });
      // Minified like the rest of the bundle (Rolldown's minifier, which Vite ships): browsers
      // fetch the worker again on every visit, and its readable form is the source above. As a
      // module: nothing outside the worker reads its names, so they may be shortened and the
      // offline page written once.
      const sw = await minify('sw.js', worker(version), { module: true });
      if (sw.errors.length > 0) this.error(`sw.js: ${sw.errors.map((e) => e.message).join('; ')}`);
      this.emitFile({ type: 'asset', fileName: 'sw.js', source: sw.code });
    },
  };
}
