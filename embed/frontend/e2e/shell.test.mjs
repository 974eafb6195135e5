// The portal's shell in headless Chromium, at phone and desktop size: the sign-in page, the
// redirect of private pages, errors in French, signing in and out, the first page's weight and
// the Content-Security-Policy.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { gzipSync } from 'node:zlib';
import { ADMIN, BASE_URL } from './lib/env.mjs';
import { axeViolations, fillSignIn, horizontalOverflow, launch, newPage, screenshot } from './lib/browser.mjs';

const TITLE = 'Portail client — BIGDATA CENTER';

let browser;
before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

for (const size of ['phone', 'desktop']) {
  describe(`at ${size} size`, () => {
    test('the sign-in page is French, labelled, usable and fits the screen', async () => {
      const { context, page, problems } = await newPage(browser, size);
      try {
        const response = await page.goto(`${BASE_URL}/connexion`);
        assert.equal(response?.status(), 200, 'GET /connexion answers 200 (history-API route served by the server)');
        await page.getByRole('heading', { level: 1 }).waitFor();

        assert.equal(await page.title(), TITLE);
        assert.equal(await page.getAttribute('html', 'lang'), 'fr');
        assert.equal(await page.getByRole('heading', { level: 1 }).textContent(), 'Connexion à votre espace');

        const email = page.getByLabel('Adresse e-mail', { exact: true });
        const password = page.getByLabel('Mot de passe', { exact: true });
        const submit = page.getByRole('button', { name: 'Se connecter', exact: true });
        for (const el of [email, password, submit]) assert.ok(await el.isVisible(), 'field or button visible');
        assert.equal(await email.getAttribute('type'), 'email');
        assert.equal(await password.getAttribute('type'), 'password');
        for (const el of [email, password, submit]) {
          const box = await el.boundingBox();
          assert.ok(box && box.height >= 44, `tap target at least 44 px high (got ${box?.height})`);
        }
        assert.ok(await page.getByRole('link', { name: 'Mot de passe oublié ?' }).isVisible());

        const { scrollWidth, innerWidth } = await horizontalOverflow(page);
        assert.ok(scrollWidth <= innerWidth, `no horizontal scroll (${scrollWidth} > ${innerWidth})`);

        // Keyboard: the e-mail field is reachable and shows a visible focus ring.
        await email.focus();
        const outline = await email.evaluate((el) => getComputedStyle(el).outlineStyle);
        assert.notEqual(outline, 'none', 'focused field has a visible outline');

        assert.deepEqual(await axeViolations(page), [], 'axe-core finds no accessibility violation');
        await screenshot(page, 'connexion', size);
        assert.deepEqual(problems, []);
      } finally {
        await context.close();
      }
    });

    test('/tableau-de-bord while signed out ends on the sign-in page', async () => {
      const { context, page } = await newPage(browser, size);
      try {
        await page.goto(`${BASE_URL}/tableau-de-bord`);
        await page.waitForURL((url) => url.pathname === '/connexion', { timeout: 10_000 });
        const url = new URL(page.url());
        assert.equal(url.pathname, '/connexion');
        assert.equal(url.searchParams.get('retour'), '/tableau-de-bord', 'the wanted page is kept for after sign-in');
        await page.getByRole('button', { name: 'Se connecter', exact: true }).waitFor();
      } finally {
        await context.close();
      }
    });

    test('wrong credentials show « Identifiant ou mot de passe incorrect. » from the API', async () => {
      const { context, page } = await newPage(browser, size);
      try {
        await page.goto(`${BASE_URL}/connexion`);
        await page.getByLabel('Adresse e-mail', { exact: true }).fill(`inconnu-${size}@exemple.invalid`);
        await page.getByLabel('Mot de passe', { exact: true }).fill('pas-le-bon-mot-de-passe');
        const [response] = await Promise.all([
          page.waitForResponse((r) => new URL(r.url()).pathname === '/api/v1/auth/login' && r.request().method() === 'POST'),
          page.getByRole('button', { name: 'Se connecter', exact: true }).click(),
        ]);
        assert.equal(response.status(), 401);
        const body = await response.json();
        assert.equal(body?.error?.message, 'Identifiant ou mot de passe incorrect.');

        const alert = page.getByRole('alert').filter({ hasText: 'Identifiant ou mot de passe incorrect.' });
        await alert.waitFor({ state: 'visible', timeout: 10_000 });
        assert.equal(new URL(page.url()).pathname, '/connexion');
        await screenshot(page, 'connexion-erreur', size);
      } finally {
        await context.close();
      }
    });

    test('signing in opens the wanted page, which greets the user; signing out goes back', async () => {
      const { context, page, problems } = await newPage(browser, size);
      try {
        await page.goto(`${BASE_URL}/tableau-de-bord`);
        await page.waitForURL((url) => url.pathname === '/connexion');
        await fillSignIn(page, ADMIN.email, ADMIN.password);
        const greeting = page.getByRole('heading', { level: 1, name: /^Bonjour / });
        await greeting.waitFor({ timeout: 15_000 });
        assert.equal(await greeting.textContent(), `Bonjour ${ADMIN.name}`);
        assert.equal(new URL(page.url()).pathname, '/tableau-de-bord');
        assert.equal(await page.getAttribute('meta[name="robots"]', 'content'), 'noindex, nofollow');

        const { scrollWidth, innerWidth } = await horizontalOverflow(page);
        assert.ok(scrollWidth <= innerWidth, `no horizontal scroll (${scrollWidth} > ${innerWidth})`);
        assert.deepEqual(await axeViolations(page), []);
        await screenshot(page, 'tableau-de-bord-admin', size);

        // A reload keeps the session (cookie) and the page.
        await page.reload();
        await page.getByRole('heading', { level: 1, name: /^Bonjour / }).waitFor();

        if (size === 'phone') await page.getByRole('button', { name: 'Menu', exact: true }).click();
        await page.getByRole('button', { name: 'Se déconnecter', exact: true }).click();
        await page.waitForURL((url) => url.pathname === '/connexion');
        await page.goto(`${BASE_URL}/tableau-de-bord`);
        await page.waitForURL((url) => url.pathname === '/connexion');
        assert.deepEqual(problems, []);
      } finally {
        await context.close();
      }
    });
  });
}

describe('other public pages', () => {
  for (const [path, heading, name] of [
    ['/mot-de-passe-oublie', 'Mot de passe oublié', 'mot-de-passe-oublie'],
    ['/une-adresse-qui-n-existe-pas', 'Page introuvable', '404'],
  ]) {
    test(`${path} shows "${heading}", fits a phone and passes axe-core`, async () => {
      const { context, page, problems } = await newPage(browser, 'phone');
      try {
        await page.goto(`${BASE_URL}${path}`);
        await page.getByRole('heading', { level: 1, name: heading }).waitFor();
        const { scrollWidth, innerWidth } = await horizontalOverflow(page);
        assert.ok(scrollWidth <= innerWidth, `no horizontal scroll (${scrollWidth} > ${innerWidth})`);
        assert.deepEqual(await axeViolations(page), []);
        await screenshot(page, name, 'phone');
        assert.deepEqual(problems, []);
      } finally {
        await context.close();
      }
    });
  }

  test('forgotten password: the API confirms (202) without telling whether the account exists', async () => {
    const { context, page } = await newPage(browser, 'desktop');
    try {
      await page.goto(`${BASE_URL}/mot-de-passe-oublie`);
      await page.getByLabel('Adresse e-mail', { exact: true }).fill('personne@exemple.invalid');
      const [response] = await Promise.all([
        page.waitForResponse((r) => new URL(r.url()).pathname === '/api/v1/auth/password/forgot'),
        page.getByRole('button', { name: 'Envoyer le lien', exact: true }).click(),
      ]);
      assert.equal(response.status(), 202);
      await page.getByRole('status').filter({ hasText: 'Si un compte correspond à cette adresse' }).waitFor();
    } finally {
      await context.close();
    }
  });
});

describe('first page', () => {
  test('its JavaScript and CSS weigh less than 150 KB gzipped', async () => {
    const { context, page } = await newPage(browser, 'desktop');
    try {
      const assets = new Map();
      page.on('response', async (r) => {
        const type = r.request().resourceType();
        if (type === 'script' || type === 'stylesheet')
          assets.set(
            r.url(),
            r.body().then((b) => gzipSync(b, { level: 9 }).length),
          );
      });
      await page.goto(`${BASE_URL}/connexion`, { waitUntil: 'networkidle' });
      await page.getByRole('button', { name: 'Se connecter', exact: true }).waitFor();
      let total = 0;
      for (const size of assets.values()) total += await size;
      console.log(`# first page: ${assets.size} files, ${(total / 1024).toFixed(1)} KB gzipped`);
      assert.ok(assets.size > 0);
      assert.ok(total < 150 * 1024, `first page JS+CSS = ${(total / 1024).toFixed(1)} KB gzipped (budget 150 KB)`);
    } finally {
      await context.close();
    }
  });

  test("runs under the server's Content-Security-Policy without any violation", async () => {
    const { context, page, problems } = await newPage(browser, 'desktop', { bypassCSP: false });
    const violations = [];
    page.on('console', (m) => {
      if (/Content Security Policy|Content-Security-Policy/i.test(m.text())) violations.push(m.text());
    });
    try {
      const response = await page.goto(`${BASE_URL}/connexion`);
      assert.match(response.headers()['content-security-policy'] ?? '', /script-src 'self'/);
      await fillSignIn(page, ADMIN.email, ADMIN.password);
      await page.getByRole('heading', { level: 1, name: /^Bonjour / }).waitFor({ timeout: 15_000 });
      await page.getByRole('navigation', { name: 'Navigation principale' }).getByRole('link', { name: 'Mon compte', exact: true }).click();
      await page.getByRole('heading', { level: 1, name: 'Mon compte' }).waitFor();
      assert.deepEqual(violations, []);
      assert.deepEqual(problems, []);
    } finally {
      await context.close();
    }
  });
});
