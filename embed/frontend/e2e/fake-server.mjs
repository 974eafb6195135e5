// Throwaway development server that answers per the API contract, to try the built
// frontend and the e2e tests without the Go server. NOT used by the e2e tests themselves
// (they take PORTAL_URL, which in CI is the real Go server).
//
//   npm run build && node e2e/fake-server.mjs          # http://127.0.0.1:18080
//   PORTAL_URL=http://127.0.0.1:18080 npm run e2e
//
// Accounts: demo@bigdatacenter.fr / motdepasse (signed in at once),
//           2fa@bigdatacenter.fr / motdepasse then code 123456. Anything else: 401.
import { createServer } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize, resolve } from 'node:path';
import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';

const PORT = Number(process.env.PORT ?? 18080);
const HOST = process.env.HOST ?? '127.0.0.1';
const DIST = resolve(process.env.PORTAL_DIST_DIR ?? fileURLToPath(new URL('../../dist', import.meta.url)));
const DELAY_MS = Number(process.env.FAKE_DELAY_MS ?? 300);

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.txt': 'text/plain; charset=utf-8',
  '.json': 'application/json',
};

const USERS = {
  'demo@bigdatacenter.fr': { id: 1, email: 'demo@bigdatacenter.fr', name: 'Marie Dupont', role: 'client', client_id: 3, client_name: 'Transports Durand' },
  '2fa@bigdatacenter.fr': { id: 2, email: '2fa@bigdatacenter.fr', name: 'Paul Martin', role: 'admin', client_id: null, client_name: null },
};
const sessions = new Map(); // sid -> { user, csrf, pending2fa }

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

function sendJson(res, status, body, headers = {}) {
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store', ...headers });
  res.end(JSON.stringify(body));
}

function sendError(res, status, code, message) {
  sendJson(res, status, { error: { code, message, request_id: randomUUID().slice(0, 8) } });
}

function sid(req) {
  const m = /(?:^|;\s*)sid=([^;]+)/.exec(req.headers.cookie ?? '');
  return m ? m[1] : null;
}

async function readBody(req) {
  let raw = '';
  for await (const chunk of req) raw += chunk;
  try {
    return raw ? JSON.parse(raw) : {};
  } catch {
    return null;
  }
}

function sessionBody(s) {
  return { user: s.user, csrf_token: s.csrf };
}

async function api(req, res, path) {
  await sleep(DELAY_MS);
  const current = sessions.get(sid(req));
  const key = `${req.method} ${path}`;
  if (req.method !== 'GET' && current && !current.pending2fa && path !== '/api/v1/auth/login') {
    if (req.headers['x-csrf-token'] !== current.csrf) {
      return sendError(res, 403, 'csrf_failed', 'Votre session a expiré : rechargez la page puis réessayez.');
    }
  }
  switch (key) {
    case 'GET /api/v1/auth/session':
      if (!current || current.pending2fa) return sendError(res, 401, 'unauthenticated', 'Veuillez vous connecter pour accéder à cette page.');
      return sendJson(res, 200, sessionBody(current));
    case 'POST /api/v1/auth/login': {
      const body = await readBody(req);
      const user = body && USERS[String(body.email ?? '').toLowerCase()];
      if (!user || body.password !== 'motdepasse') {
        return sendError(res, 401, 'invalid_credentials', 'Identifiant ou mot de passe incorrect.');
      }
      const id = randomUUID();
      const s = { user, csrf: randomUUID(), pending2fa: user.email.startsWith('2fa') };
      sessions.set(id, s);
      const cookie = `sid=${id}; Path=/; HttpOnly; SameSite=Lax`;
      return s.pending2fa
        ? sendJson(res, 200, { two_factor_required: true }, { 'Set-Cookie': cookie })
        : sendJson(res, 200, sessionBody(s), { 'Set-Cookie': cookie });
    }
    case 'POST /api/v1/auth/login/totp': {
      const body = await readBody(req);
      if (!current || !current.pending2fa) return sendError(res, 401, 'unauthenticated', 'Votre connexion a expiré : saisissez de nouveau vos identifiants.');
      if (!body || body.code !== '123456') return sendError(res, 401, 'invalid_code', 'Code de vérification incorrect ou expiré.');
      current.pending2fa = false;
      return sendJson(res, 200, sessionBody(current));
    }
    case 'POST /api/v1/auth/logout':
      sessions.delete(sid(req));
      res.writeHead(204, { 'Set-Cookie': 'sid=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax' });
      return res.end();
    case 'POST /api/v1/auth/password/forgot':
      res.writeHead(204);
      return res.end();
    default:
      return sendError(res, 404, 'not_found', "Cette adresse de l'API n'existe pas.");
  }
}

// As strict as the bundle allows: no inline script or style at all.
const CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

async function serveFile(res, file, cache) {
  const data = await readFile(file);
  res.writeHead(200, { 'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream', 'Cache-Control': cache, 'Content-Security-Policy': CSP });
  res.end(data);
}

const server = createServer(async (req, res) => {
  try {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const path = decodeURIComponent(url.pathname);
    if (path.startsWith('/api/')) return await api(req, res, path);

    const file = normalize(join(DIST, path));
    if (file.startsWith(DIST + '/') && (await stat(file).catch(() => null))?.isFile()) {
      return await serveFile(res, file, path.startsWith('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache');
    }
    if (path.startsWith('/assets/')) {
      res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' });
      return res.end('Fichier introuvable');
    }
    // History-API routing: every other path gets the app.
    return await serveFile(res, join(DIST, 'index.html'), 'no-cache');
  } catch (err) {
    console.error(err);
    sendError(res, 500, 'internal', 'Une erreur interne est survenue. Réessayez dans un instant.');
  }
});

server.listen(PORT, HOST, () => {
  console.log(`fake portal on http://${HOST}:${PORT} serving ${DIST}`);
});
