// The guides inside the portal and the installable app, against the real portal (issue 17):
// 1. a client on a phone opens the help from the project page (« ? ») and lands on the guide's
//    section « Suivre un projet », on screen, with its screenshot loaded;
// 2. a staff member searches the guides for « retour » and opens the section on retours;
// 3. the client guide's PDF (the link of its page) holds every heading of the guide and its
//    pictures, read back with pdftotext and pdfimages;
// 4. the web app manifest and its icons, the service worker (headers, control of the page, a
//    cache holding hashed files only), and the offline page with the network cut.
// With PORTAL_GUIDE_SCREENSHOTS=1 it also saves the guides' screenshots it takes into
// guides/images/ and prints every guide, in French and English, into guides/pdf/ (Chromium's
// print-to-PDF of the guide's page: run it again after a guide changes, then rebuild).
import { test } from 'node:test';
// Lets the test answer the browser's fetch of the worker script itself (a new version of it);
// read by playwright-core when it attaches to Chromium.
process.env.PW_EXPERIMENTAL_SERVICE_WORKER_NETWORK_EVENTS = '1';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ADMIN, BASE_URL, clientWithUser, createProject, day } from './lib/env.mjs';
import { axeViolations, axeWithNotificationsPanel, browserSuite, horizontalOverflow, guideShot, GUIDES_DIR, guideShots, signIn as signInAt } from './lib/browser.mjs';

const S = {};
const T = browserSuite(async ({ adminApi, run }) => {
  S.a = await clientWithUser(adminApi, `Société Gamma ${run}`, 'Inès Gamma');
  S.project = await createProject(adminApi, {
    client_id: S.a.client.id,
    name: `Refonte du site ${run}`,
    description: 'Le nouveau site vitrine et son espace presse.',
    start_date: day(-20),
    deadline: day(60),
  });
  for (const [title, weight] of [
    ['Cadrage', 1],
    ['Maquettes', 2],
    ['Développement', 3],
  ]) {
    await adminApi.ok('POST', `/admin/projects/${S.project.id}/milestones`, { title, description: '', due_date: '', weight });
  }
});

function signIn(size, account, { shot } = {}) {
  return signInAt(T.browser, size, account, { atForm: shot ? (page) => guideShot(page, 'connexion', size) : undefined });
}

/** The headings (## and ###) of a guide's Markdown, without their {#anchor}. */
function headings(file) {
  return readFileSync(join(GUIDES_DIR, file), 'utf8')
    .split('\n')
    .filter((l) => /^#{1,3} /.test(l))
    .map((l) =>
      l
        .replace(/^#+\s+/, '')
        .replace(/\s+\{#[a-z0-9-]+\}\s*$/, '')
        .replace(/\*\*/g, ''),
    );
}

test('a client on a phone opens the help from the project page and lands on its section, with its screenshot', async () => {
  const { context, page, problems } = await signIn('phone', S.a.person, { shot: true });
  try {
    await page.goto(`${BASE_URL}/projets/${S.project.id}`);
    await page.getByRole('heading', { level: 1, name: S.project.name }).waitFor();
    await guideShot(page, 'projet', 'phone');
    await page.getByRole('link', { name: 'Aide sur cet écran' }).click();
    await page.waitForURL(`${BASE_URL}/aide/client#projet`);
    const heading = page.getByRole('heading', { level: 2, name: /^Suivre un projet/ });
    await heading.waitFor();
    // On screen: the section's title at the top of the viewport, not somewhere below.
    await page.waitForFunction(() => {
      const r = document.getElementById('projet')?.getBoundingClientRect();
      return r && r.top >= 0 && r.top < 200;
    });
    const section = page.locator('section[aria-labelledby="projet"]');
    const img = section.getByRole('img', { name: "La page d'un projet sur téléphone" });
    await img.scrollIntoViewIfNeeded();
    await page.waitForFunction(() => {
      const i = document.querySelector('section[aria-labelledby="projet"] img');
      return i && i.complete && i.naturalWidth > 0;
    });
    assert.match(await img.getAttribute('src'), /^\/assets\/projet-telephone-[\w-]+\.png$/);
    const { scrollWidth, innerWidth } = await horizontalOverflow(page);
    assert.ok(scrollWidth <= innerWidth, `the guide does not scroll sideways (${scrollWidth} > ${innerWidth})`);
    assert.deepEqual(await axeViolations(page), [], 'axe-core on the client guide (phone)');
    assert.deepEqual(await axeWithNotificationsPanel(page), [], 'axe-core on the client guide (phone), notifications open');
    // A client is not shown the staff's guides.
    await page.goto(`${BASE_URL}/aide/administrateur`);
    await page.getByRole('heading', { level: 1 }).waitFor();
    assert.equal(await page.getByRole('heading', { name: /Guide de l'administrateur/ }).count(), 0);
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});

test('a staff member searches the guides for « retour » and opens the section', async () => {
  const { context, page, problems } = await signIn('desktop', ADMIN);
  try {
    await page.goto(`${BASE_URL}/aide`);
    await page.getByRole('heading', { level: 1, name: 'Aide' }).waitFor();
    await page.getByRole('searchbox', { name: 'Chercher dans les guides' }).fill('retour');
    const hit = page.getByRole('link', { name: 'Traiter les retours des clients' });
    await hit.waitFor();
    assert.ok((await page.getByRole('link', { name: 'Signaler un problème : les retours' }).count()) === 1, 'the client guide is searched too');
    assert.deepEqual(await axeViolations(page), [], 'axe-core on /aide with results');
    await hit.click();
    await page.waitForURL(`${BASE_URL}/aide/administrateur#retours`);
    await page.getByRole('heading', { level: 2, name: /^Traiter les retours des clients/ }).waitFor();
    await page.waitForFunction(() => {
      const r = document.getElementById('retours')?.getBoundingClientRect();
      return r && r.top >= 0 && r.top < 200;
    });
    assert.deepEqual(await axeViolations(page), [], 'axe-core on the administrator guide (desktop)');
    assert.deepEqual(await axeWithNotificationsPanel(page), [], 'axe-core on the administrator guide (desktop), notifications open');
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});

/** Prints each guide's page, in each language, into guides/pdf/ (PORTAL_GUIDE_SCREENSHOTS=1). */
async function printGuides() {
  mkdirSync(join(GUIDES_DIR, 'pdf'), { recursive: true });
  for (const lang of ['fr', 'en']) {
    const { context, page } = await signIn('desktop', ADMIN);
    try {
      // The interface's switch (the account remembers the language: it is set back below).
      await page.locator('aside').getByRole('button', { name: lang.toUpperCase(), exact: true }).click();
      await page.locator('html[lang="' + lang + '"]').waitFor({ state: 'attached' });
      for (const guide of ['client', 'administrateur', 'exploitation', 'nouveautes']) {
        await page.goto(`${BASE_URL}/aide/${guide}`);
        await page.locator('article').waitFor();
        await page.evaluate(async () => {
          const imgs = [...document.querySelectorAll('main img')];
          for (const img of imgs) img.loading = 'eager';
          await Promise.all(imgs.map((img) => img.decode().catch(() => undefined)));
        });
        await page.emulateMedia({ media: 'print' });
        await page.pdf({ path: join(GUIDES_DIR, 'pdf', `${guide}-${lang}.pdf`), format: 'A4', printBackground: true, margin: { top: '15mm', bottom: '15mm', left: '15mm', right: '15mm' } });
        await page.emulateMedia({ media: 'screen' });
      }
      if (lang !== 'fr') {
        await page.locator('aside').getByRole('button', { name: 'FR', exact: true }).click();
        await page.locator('html[lang="fr"]').waitFor({ state: 'attached' });
      }
    } finally {
      await context.close();
    }
  }
}

test("the client guide's PDF holds its headings and its pictures", async () => {
  if (guideShots) await printGuides();
  const { context, page } = await signIn('desktop', S.a.person);
  try {
    await page.goto(`${BASE_URL}/aide/client`);
    const link = page.getByRole('link', { name: 'Télécharger le PDF' });
    await link.waitFor();
    const href = await link.getAttribute('href');
    const res = await fetch(new URL(href, BASE_URL));
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('content-type'), 'application/pdf');
    const dir = mkdtempSync(join(tmpdir(), 'guide-pdf-'));
    const file = join(dir, 'guide-client.pdf');
    writeFileSync(file, Buffer.from(await res.arrayBuffer()));
    const text = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ');
    for (const h of headings('guide-client.md')) assert.ok(text.includes(h.replace(/\s+/g, ' ')), `the PDF has the heading « ${h} »`);
    const pictures = readFileSync(join(GUIDES_DIR, 'guide-client.md'), 'utf8').match(/^!\[/gm).length;
    const list = execFileSync('pdfimages', ['-list', file], { encoding: 'utf8' }).trim().split('\n').slice(2);
    // Screenshots are in colour; Chromium draws the frames' shadows as grey images: not counted.
    const images = list.filter((l) => {
      const [, , type, width, , color] = l.trim().split(/\s+/);
      return type === 'image' && color !== 'gray' && Number(width) >= 300;
    });
    assert.ok(images.length >= pictures, `the PDF has the guide's ${pictures} screenshots (found ${images.length}):\n${list.join('\n')}`);
  } finally {
    await context.close();
  }
});

/** Width and height of a PNG, from its IHDR chunk. */
function pngSize(buf) {
  assert.equal(buf.subarray(1, 4).toString(), 'PNG');
  return [buf.readUInt32BE(16), buf.readUInt32BE(20)];
}

test('the app installs: manifest, icons, service worker, and the offline page with the network cut', async () => {
  const res = await fetch(`${BASE_URL}/manifest.webmanifest`);
  assert.equal(res.status, 200);
  assert.match(res.headers.get('content-type'), /^application\/manifest\+json/);
  const m = await res.json();
  assert.equal(m.display, 'standalone');
  assert.equal(m.start_url, '/tableau-de-bord');
  assert.equal(m.theme_color.toLowerCase(), '#8b1a1a');
  assert.ok(m.name && m.short_name && m.short_name.length <= 12, 'name and a short name');
  for (const size of [192, 512]) {
    for (const purpose of ['any', 'maskable']) {
      const icon = m.icons.find((i) => i.sizes === `${size}x${size}` && i.purpose === purpose);
      assert.ok(icon, `a ${purpose} icon of ${size} px`);
      const png = await fetch(new URL(icon.src, BASE_URL));
      assert.equal(png.headers.get('content-type'), 'image/png');
      assert.deepEqual(pngSize(Buffer.from(await png.arrayBuffer())), [size, size]);
    }
  }
  const sw = await fetch(`${BASE_URL}/sw.js`);
  assert.equal(sw.status, 200);
  assert.match(sw.headers.get('content-type'), /javascript/);
  assert.equal(sw.headers.get('cache-control'), 'no-cache', 'browsers check the worker on each visit');

  const { context, page, problems } = await signIn('phone', S.a.person);
  try {
    assert.equal(await page.locator('link[rel="manifest"]').getAttribute('href'), '/manifest.webmanifest');
    await page.evaluate(() => navigator.serviceWorker.ready);
    await page.reload();
    await page.getByRole('heading', { level: 1, name: /^Bonjour / }).waitFor();
    assert.ok(await page.evaluate(() => navigator.serviceWorker.controller !== null), 'the worker controls the page');
    // What the worker kept: hashed files of the bundle, never an API answer.
    const cached = await page.evaluate(async () => {
      const out = [];
      for (const name of await caches.keys()) for (const req of await (await caches.open(name)).keys()) out.push(new URL(req.url).pathname);
      return out;
    });
    assert.ok(
      cached.some((p) => /^\/assets\/index-[\w-]+\.js$/.test(p)),
      `the main script is cached: ${cached.join(', ')}`,
    );
    assert.deepEqual(
      cached.filter((p) => !/^\/assets\/[\w.-]+-[\w-]{8,}\.(js|css|png|svg|woff2)$/.test(p)),
      [],
      'nothing but hashed files',
    );

    await context.setOffline(true);
    await page.goto(`${BASE_URL}/projets/${S.project.id}`).catch(() => undefined);
    await page.getByRole('heading', { level: 1, name: /^Vous êtes hors ligne/ }).waitFor({ timeout: 10_000 });
    assert.deepEqual(await axeViolations(page), [], 'axe-core on the offline page');
    await context.setOffline(false);
    await page.getByRole('link', { name: 'Réessayer' }).click();
    await page.getByRole('heading', { level: 1, name: S.project.name }).waitFor({ timeout: 15_000 });
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});

test('a new version of the portal takes over an open app by itself: its worker replaces the old one and its cache', async () => {
  const { context, page, problems } = await signIn('phone', S.a.person);
  try {
    await page.evaluate(() => navigator.serviceWorker.ready);
    await page.reload();
    await page.getByRole('heading', { level: 1, name: /^Bonjour / }).waitFor();
    const cacheNames = () => page.evaluate(() => caches.keys());
    const before = await cacheNames();
    assert.equal(before.length, 1, `one cache: ${before.join(', ')}`);

    // The next build: the same worker with another version (a new build's worker differs by the
    // digest of its files' names, which is its VERSION), as the server will send it after an upgrade.
    const current = await (await fetch(`${BASE_URL}/sw.js`)).text();
    const next = current.replace(/const VERSION = "[^"]+";/, 'const VERSION = "next-build";');
    assert.notEqual(next, current, 'the worker names its version');
    await context.route('**/sw.js', (route) => route.fulfill({ status: 200, contentType: 'text/javascript', headers: { 'cache-control': 'no-cache' }, body: next }));

    // A visit checks the worker (no-cache): the new one installs, takes over the open page (no
    // reload needed) and drops the old version's files.
    await page.evaluate(async () => (await navigator.serviceWorker.getRegistration()).update());
    await page.waitForFunction(async () => (await caches.keys()).join() === 'portal-assets-next-build', null, { timeout: 15_000 });
    // It serves the open page's requests from then on, into its own cache: the page was taken over.
    const main = await page.evaluate(async () => {
      const src = new URL(document.querySelector('script[type="module"]').src).pathname;
      await fetch(src);
      return src;
    });
    // (The worker stores a copy after answering: a moment later.)
    await page.waitForFunction(async (path) => (await (await caches.open('portal-assets-next-build')).keys()).some((r) => new URL(r.url).pathname === path), main, { timeout: 10_000 });
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});
