// Renders the app's icons (public/icons/*.png) from public/logo.svg with Debian's Chromium:
// `node scripts/icons.mjs`, after the logo changes. The PNGs are committed (the build needs no
// browser). "maskable" icons fill the square (phones cut them to a circle or a squircle), so the
// logo's bars sit within the central 80 % safe zone on a full dark-red background.
import { readFileSync, mkdirSync } from 'node:fs';
import process from 'node:process';
import { chromium } from 'playwright-core';

const logo = readFileSync(new URL('../public/logo.svg', import.meta.url), 'utf8');
const bars = logo
  .replace(/^<svg[^>]*>/, '')
  .replace(/<\/svg>$/, '')
  .replace(/<rect width="32" height="32"[^>]*\/>/, '');
const maskable = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><rect width="32" height="32" fill="#8B1A1A"/><g transform="translate(6.4 6.4) scale(0.6)">${bars}</g></svg>`;
const out = new URL('../public/icons/', import.meta.url);
mkdirSync(out, { recursive: true });

const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: ['--no-sandbox', '--headless'] });
for (const [name, svg, size] of [
  ['icon-192.png', logo, 192],
  ['icon-512.png', logo, 512],
  ['apple-touch-icon.png', maskable, 180],
  ['maskable-192.png', maskable, 192],
  ['maskable-512.png', maskable, 512],
]) {
  const page = await browser.newPage({ viewport: { width: size, height: size } });
  await page.setContent(`<html><body style="margin:0;background:transparent">${svg.replace('<svg ', `<svg width="${size}" height="${size}" `)}</body></html>`);
  await page.screenshot({ path: new URL(name, out).pathname, omitBackground: true });
  await page.close();
}
await browser.close();
