// Shared helpers of the e2e tests: Debian's Chromium driven by playwright-core.
import { createRequire } from 'node:module';
import { mkdtempSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';

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
