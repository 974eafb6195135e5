// Lighthouse's accessibility, best-practices and SEO categories on one page, signed out (issue 17:
// "Lighthouse accessibility, best practices and SEO 100 on the sign-in page"), in Debian's
// Chromium with the project's flags and a fresh profile. Prints each score and every audit that
// lost points; exits 1 when a category is under --min (100), 2 when the measurement failed.
//
//   node tools/lighthouse/audit.mjs --url http://127.0.0.1:PORT/connexion [--min 100]
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import * as chromeLauncher from 'chrome-launcher';
import lighthouse from 'lighthouse';

const { values: opt } = parseArgs({ options: { url: { type: 'string' }, min: { type: 'string', default: '100' } } });
if (!opt.url) {
  console.error('usage: node audit.mjs --url URL [--min 100]');
  process.exit(2);
}
const categories = ['accessibility', 'best-practices', 'seo'];
const profile = mkdtempSync(join(tmpdir(), 'portal-lighthouse-'));
let chrome;
let status = 2;
try {
  chrome = await chromeLauncher.launch({
    chromePath: process.env.CHROME_PATH || '/usr/bin/chromium',
    chromeFlags: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    userDataDir: profile,
    logLevel: 'silent',
  });
  const result = await lighthouse(opt.url, { port: chrome.port, output: 'json', logLevel: 'error', onlyCategories: categories });
  const lhr = result?.lhr;
  if (!lhr || lhr.runtimeError) throw new Error(`Lighthouse failed: ${lhr?.runtimeError?.message ?? 'no result'}`);
  const min = Number(opt.min);
  status = 0;
  for (const id of categories) {
    const cat = lhr.categories[id];
    const score = Math.round(cat.score * 100);
    console.log(`${id}=${score}`);
    if (score < min) status = 1;
    for (const ref of cat.auditRefs) {
      const a = lhr.audits[ref.id];
      if (ref.weight > 0 && a.score !== null && a.score < 1) console.log(`  ${ref.id}: ${a.title}${a.displayValue ? ` (${a.displayValue})` : ''}${a.details?.items?.length ? ` — ${JSON.stringify(a.details.items.slice(0, 3)).slice(0, 400)}` : ''}`);
    }
  }
} catch (err) {
  console.error(`# ${err.message ?? err}`);
  status = 2;
} finally {
  await chrome?.kill();
  rmSync(profile, { recursive: true, force: true });
}
process.exit(status);
