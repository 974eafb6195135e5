// Shared helpers of the e2e tests: Debian's Chromium driven by playwright-core.
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { after, before } from 'node:test';
import { mkdtempSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
// env.mjs (the e2e portal's address and admin) is read by the helpers that need it, when they
// run: this module also serves scripts run outside the e2e suite (e2e/cluster/live.mjs).
const e2eEnv = () => import('./env.mjs');

export const SIZES = {
  phone: { viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 },
  desktop: { viewport: { width: 1440, height: 900 } },
};

export const SCREENSHOT_DIR = (() => {
  const dir = process.env.PORTAL_SCREENSHOT_DIR;
  if (dir) {
    mkdirSync(dir, { recursive: true });
    return dir;
  }
  return mkdtempSync(join(tmpdir(), 'portal-e2e-'));
})();

export async function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

/**
 * A fresh, signed-out context at the given size, French browser locale. The page's CSP is
 * bypassed so that axe-core can be injected (shell.test.mjs checks the CSP without bypass).
 */
export async function newPage(browser, size, { bypassCSP = true } = {}) {
  const context = await browser.newContext({ ...SIZES[size], locale: 'fr-FR', bypassCSP });
  const page = await context.newPage();
  const problems = [];
  page.on('pageerror', (err) => problems.push(`page error: ${err.message}`));
  return { context, page, problems };
}

const require = createRequire(import.meta.url);
const AXE_PATH = require.resolve('axe-core/axe.min.js');

/** Runs axe-core (WCAG 2.1 A/AA and best practices) and returns the violations, readable. */
export async function axeViolations(page) {
  await page.addScriptTag({ path: AXE_PATH });
  return page.evaluate(async () => {
    const result = await window.axe.run(document, { resultTypes: ['violations'] });
    return result.violations.map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  });
}

/**
 * axe-core with the notifications panel open (issue 17: it must not add a second landmark of the
 * same name), then the panel closed again. Only on a private page where nothing else is open (a
 * menu or a dialog would close): elsewhere it checks nothing and returns [].
 */
export async function axeWithNotificationsPanel(page) {
  const bell = page.getByTestId('bell').filter({ visible: true });
  if ((await bell.count()) !== 1 || (await page.locator('[aria-expanded="true"], [role="dialog"], dialog[open]').count()) > 0) return [];
  const panel = page.locator('[role="region"][aria-label="Panneau des notifications"], [role="region"][aria-label="Notifications panel"]');
  await bell.click();
  await panel.waitFor();
  const violations = await axeViolations(page);
  await bell.click();
  await panel.waitFor({ state: 'detached' });
  return violations;
}

/** Widths that would make the page scroll sideways. */
export async function horizontalOverflow(page) {
  return page.evaluate(() => ({
    scrollWidth: document.scrollingElement.scrollWidth,
    innerWidth: window.innerWidth,
  }));
}

/** A full-page screenshot in the screenshot folder: <name>-<size>.png. */
export async function screenshot(page, name, size) {
  await page.screenshot({ path: join(SCREENSHOT_DIR, `${name}-${size}.png`), fullPage: true });
}

/** Fills the sign-in form and submits it (stays on whatever page follows). */
export async function fillSignIn(page, email, password) {
  await page.getByLabel('Adresse e-mail', { exact: true }).fill(email);
  await page.getByLabel('Mot de passe', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Se connecter', exact: true }).click();
}

/** Tap targets (buttons, links, fields) smaller than 44 × 44 px that are visible on the page. */
/**
 * Fills the password section of /mon-compte and sends it; `labels` are its texts in the page's
 * language ({ current, next, confirmation, submit }).
 */
export async function changePassword(section, labels, current, next, confirmation = next) {
  await section.getByLabel(labels.current, { exact: true }).fill(current);
  await section.getByLabel(labels.next, { exact: true }).fill(next);
  await section.getByLabel(labels.confirmation, { exact: true }).fill(confirmation);
  await section.getByRole('button', { name: labels.submit }).click();
}

export async function smallTargets(page) {
  return page.evaluate(() => {
    const out = [];
    for (const el of document.querySelectorAll('button, a[href], input:not([type=hidden]), select, textarea, [role=tab]')) {
      const r = el.getBoundingClientRect();
      const style = getComputedStyle(el);
      if (r.width === 0 || r.height === 0 || style.visibility === 'hidden') continue;
      // Inline links inside a sentence are exempt (WCAG 2.5.8).
      if (el.tagName === 'A' && style.display === 'inline') continue;
      if (el.closest('.sr-only')) continue;
      if (r.height < 44 || r.width < 44)
        out.push(`${el.tagName.toLowerCase()} "${(el.textContent || el.getAttribute('aria-label') || el.name || '').trim().slice(0, 40)}" ${Math.round(r.width)}×${Math.round(r.height)}`);
    }
    return out;
  });
}

/**
 * Signs in from /connexion in a fresh page and waits for the dashboard. With `live`, also waits
 * for the app's live-events stream, so that a test may count on events sent after it returns.
 * `prepare(page)` runs before the first navigation (listeners, init scripts); `atForm(page)` once
 * the empty form is on screen.
 */
export async function signIn(browser, size, account, { live = false, prepare, atForm } = {}) {
  const session = await newPage(browser, size);
  const { page } = session;
  if (prepare) await prepare(session);
  const stream = live ? page.waitForResponse((r) => r.url().endsWith('/api/v1/events'), { timeout: 15_000 }) : null;
  const { BASE_URL } = await e2eEnv();
  await page.goto(`${BASE_URL}/connexion`);
  if (atForm) {
    await page.getByLabel('Adresse e-mail', { exact: true }).waitFor();
    await atForm(page);
  }
  await fillSignIn(page, account.email, account.password);
  await page.getByRole('heading', { level: 1, name: /^Bonjour / }).waitFor({ timeout: 15_000 });
  await stream;
  return session;
}

/**
 * The checks of a screen: a screenshot for a human to look at, no sideways scroll, axe-core, 44 px
 * tap targets and, with `panel`, axe-core again with the notifications panel open.
 */
export async function checkPage(page, name, size, { panel = false } = {}) {
  await screenshot(page, name, size);
  const { scrollWidth, innerWidth } = await horizontalOverflow(page);
  assert.ok(scrollWidth <= innerWidth, `${name} (${size}): no horizontal scroll (${scrollWidth} > ${innerWidth})`);
  assert.deepEqual(await axeViolations(page), [], `axe-core on ${name} (${size})`);
  assert.deepEqual(await smallTargets(page), [], `${name} (${size}): every tap target is at least 44 × 44 px`);
  if (panel) assert.deepEqual(await axeWithNotificationsPanel(page), [], `axe-core on ${name} (${size}) with the notifications panel open`);
}

export const GUIDES_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '../../../../guides');
export const guideShots = process.env.PORTAL_GUIDE_SCREENSHOTS === '1';

/** With PORTAL_GUIDE_SCREENSHOTS=1, a screenshot for the guides (viewport only, CSS pixels: small PNGs). */
export async function guideShot(page, name, size) {
  if (!guideShots) return;
  const dir = join(GUIDES_DIR, 'images');
  mkdirSync(dir, { recursive: true });
  await page.screenshot({ path: join(dir, `${name}-${size === 'phone' ? 'telephone' : 'ordinateur'}.png`), scale: 'css' });
}

/**
 * The hooks every browser test file shares: before the tests, one Chromium (`T.browser`) and the
 * admin's API client (`T.adminApi`), then `setup(T)` creates the file's data; after them, the
 * browser closed. `T.run` tags the names of this run so that reruns on one database do not clash.
 */
export function browserSuite(setup) {
  const T = { run: Date.now().toString(36), browser: null, adminApi: null };
  before(async () => {
    T.browser = await launch();
    const { Api } = await e2eEnv();
    T.adminApi = await Api.admin();
    await setup?.(T);
  });
  after(async () => {
    await T.browser?.close();
  });
  return T;
}

/** A step of the project page (#etapes) by its title (a pattern), with its tasks. */
export function projectStep(page, title) {
  return page
    .locator('#etapes ol > li')
    .filter({ has: page.getByRole('heading', { level: 3, name: title }) })
    .first();
}
