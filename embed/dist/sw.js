// The portal's service worker (written by embed/frontend/pwa.ts at build time).
// It caches the bundle's hashed files only — never API answers nor downloads — and serves an
// offline page to a navigation that finds no network.
const VERSION = "de91abd763dab461";
const CACHE = 'portal-assets-' + VERSION;
const OFFLINE = "<!doctype html><html lang=\"fr\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>Vous êtes hors ligne — BIGDATA CENTER</title><style>body{margin:0;min-height:100vh;display:flex;align-items:center;justify-content:center;font-family:system-ui,sans-serif;color:#111827;background:#f9fafb}main{max-width:28rem;padding:2rem;text-align:center}h1{color:#8B1A1A;font-size:1.5rem}a{display:inline-block;margin-top:1rem;padding:.75rem 1.25rem;border-radius:.5rem;background:#8B1A1A;color:#fff;font-weight:600;text-decoration:none}</style></head><body><main><h1>Vous êtes hors ligne…</h1><p>Le portail a besoin du réseau pour afficher vos projets. Vérifiez votre connexion (Wi-Fi, données mobiles), puis réessayez.</p><p lang=\"en\">You are offline: check your connection, then try again.</p><a href=\"\">Réessayer</a></main></body></html>";
const CACHED = /^\/assets\/[^/]+-[A-Za-z0-9_-]{8,}\.(?:js|css|png|svg|woff2)$/;

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
