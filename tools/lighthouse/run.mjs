// Lighthouse on the portal, for scripts/bench_browser.sh (issue 9: "the sign-in page and the client
// dashboard load with under 150 KB of gzipped JavaScript and CSS, and a Lighthouse performance
// score of at least 95 in mobile emulation").
//
//   node tools/lighthouse/run.mjs --url http://127.0.0.1:PORT --email CLIENT --password PASSWORD \
//        [--runs 3] [--reports DIR]
//
// For each page (/connexion signed out, /tableau-de-bord signed in as CLIENT) it runs Lighthouse
// RUNS times (performance category only, the default mobile emulation and simulated throttling),
// each time in a fresh Chromium (CHROME_PATH, default /usr/bin/chromium) with a fresh profile, and
// keeps the run of median score. The signed-in page gets the session cookie through Lighthouse's
// extraHeaders. Then it fetches every script and style sheet that run loaded from the portal again
// with "Accept-Encoding: gzip" and adds up the bytes on the wire: the gzipped size the target speaks
// of (also at gzip -9, and as sent to Chromium, which accepts brotli). Prints a readable block, then
// key=value lines.
// Exits 1 when the measurement failed (never because a target is missed).
import http from 'node:http';
import https from 'node:https';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { gzipSync } from 'node:zlib';
import * as chromeLauncher from 'chrome-launcher';
import lighthouse from 'lighthouse';

const { values: opt } = parseArgs({
  options: {
    url: { type: 'string' },
    email: { type: 'string' },
    password: { type: 'string' },
    runs: { type: 'string', default: '3' },
    reports: { type: 'string' },
  },
});
if (!opt.url || !opt.email || !opt.password) {
  console.error('usage: node run.mjs --url BASE --email CLIENT_EMAIL --password PASSWORD [--runs N] [--reports DIR]');
  process.exit(2);
}
const base = new URL(opt.url);
const runs = Math.max(1, Number.parseInt(opt.runs, 10) || 1);
const chromePath = process.env.CHROME_PATH || '/usr/bin/chromium';
// The flags every Chromium of the project's tests runs with (see embed/frontend/e2e/lib/browser.mjs).
const chromeFlags = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

class MeasurementError extends Error {}
// Lighthouse's own hiccups (e.g. NO_NAVSTART on a busy machine): worth another try.
class LighthouseError extends MeasurementError {}

/** Signs in through the API and returns the Cookie header of the session. */
async function signIn(email, password) {
  const res = await fetch(new URL('/api/v1/auth/login', base), {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  if (!res.ok) throw new MeasurementError(`sign-in of ${email} answered ${res.status}: ${await res.text()}`);
  const cookie = res.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .find((c) => /^(__Host-)?portal_session=./.test(c));
  if (!cookie) throw new MeasurementError(`sign-in of ${email} set no session cookie`);
  return cookie;
}

// The Chromium of the current run, stopped (and its profile removed) on SIGINT/SIGTERM too.
const current = { chrome: null, profile: null };
async function stopChrome() {
  const { chrome, profile } = current;
  current.chrome = current.profile = null;
  if (chrome) await chrome.kill();
  if (profile) rmSync(profile, { recursive: true, force: true });
}
for (const sig of ['SIGINT', 'SIGTERM']) {
  process.once(sig, () => {
    void stopChrome().finally(() => process.exit(130));
  });
}

/** One Lighthouse run in a fresh Chromium with a fresh profile. */
async function runOnce(path, extraHeaders) {
  current.profile = mkdtempSync(join(tmpdir(), 'portal-lighthouse-'));
  try {
    const chrome = await chromeLauncher.launch({ chromePath, chromeFlags, userDataDir: current.profile, logLevel: 'silent', handleSIGINT: false });
    current.chrome = chrome;
    const result = await lighthouse(new URL(path, base).href, {
      port: chrome.port,
      output: ['json', 'html'],
      logLevel: 'error',
      onlyCategories: ['performance'],
      extraHeaders,
    });
    if (!result?.lhr) throw new MeasurementError(`Lighthouse returned no result for ${path}`);
    const { lhr } = result;
    if (lhr.runtimeError) throw new LighthouseError(`Lighthouse failed on ${path}: ${lhr.runtimeError.code} ${lhr.runtimeError.message}`);
    if (lhr.categories.performance.score === null) throw new MeasurementError(`Lighthouse gave ${path} no performance score: ${lhr.runWarnings.join('; ')}`);
    return { lhr, json: result.report[0], html: result.report[1] };
  } finally {
    await stopChrome();
  }
}

const requestsOf = (lhr) => lhr.audits['network-requests']?.details?.items ?? [];

/** The page measured is the one meant: final path, and signed in or not. */
function checkPage(lhr, path, signedIn) {
  const final = new URL(lhr.finalDisplayedUrl);
  if (final.pathname !== path) throw new MeasurementError(`${path} ended on ${final.pathname}: ${signedIn ? 'not signed in?' : 'redirected'}`);
  if (signedIn) {
    const session = requestsOf(lhr).find((r) => new URL(r.url).pathname === '/api/v1/auth/session');
    if (!session || session.statusCode !== 200) {
      throw new MeasurementError(`${path}: /api/v1/auth/session answered ${session?.statusCode ?? 'nothing'}: the page was not signed in`);
    }
  }
}

/** url's body on the wire when asked with the given Accept-Encoding, and its encoding. */
function fetchRaw(url, acceptEncoding) {
  return new Promise((resolve, reject) => {
    const get = url.startsWith('https:') ? https.get : http.get;
    const req = get(url, { headers: { 'Accept-Encoding': acceptEncoding } }, (res) => {
      if (res.statusCode !== 200) {
        res.resume();
        reject(new MeasurementError(`${url} answered ${res.statusCode}`));
        return;
      }
      const chunks = [];
      res.on('data', (chunk) => chunks.push(chunk));
      res.on('end', () => resolve({ body: Buffer.concat(chunks), encoding: res.headers['content-encoding'] ?? 'identity' }));
      res.on('error', reject);
    });
    req.on('error', reject);
  });
}

/** The scripts and style sheets the run loaded from the portal, with their gzipped sizes. */
async function assetSizes(lhr) {
  const seen = new Set();
  const assets = [];
  for (const r of requestsOf(lhr)) {
    if (r.resourceType !== 'Script' && r.resourceType !== 'Stylesheet') continue;
    const u = new URL(r.url);
    if (u.origin !== base.origin || seen.has(u.href)) continue;
    seen.add(u.href);
    const gz = await fetchRaw(u.href, 'gzip');
    const plain = await fetchRaw(u.href, 'identity');
    if (plain.encoding !== 'identity') throw new MeasurementError(`${u.pathname} came ${plain.encoding}-encoded to a client that accepts none`);
    assets.push({
      path: u.pathname,
      type: r.resourceType,
      transfer: r.transferSize ?? 0,
      resource: plain.body.length,
      gzip: gz.body.length,
      encoding: gz.encoding,
      // What the same file weighs at gzip's best level, whatever level the portal uses.
      best: gzipSync(plain.body, { level: 9 }).length,
    });
  }
  if (!assets.some((a) => a.type === 'Script')) throw new MeasurementError(`the page loaded no script from ${base.origin}`);
  return assets;
}

const metric = (lhr, id) => lhr.audits[id]?.numericValue ?? NaN;
const ms = (v) => `${Math.round(v)} ms`;
const kb = (bytes) => (bytes / 1000).toFixed(1);

/** Audits of the performance category that do not pass, worst first: why a score is lost. */
function weakAudits(lhr) {
  return lhr.categories.performance.auditRefs
    .map((ref) => ({ ref, audit: lhr.audits[ref.id] }))
    .filter(({ audit }) => audit && audit.score !== null && audit.score < 0.9 && audit.scoreDisplayMode !== 'informative')
    .sort((a, b) => b.ref.weight - a.ref.weight || a.audit.score - b.audit.score)
    .map(({ ref, audit }) => `${audit.title}${audit.displayValue ? `: ${audit.displayValue}` : ''} (score ${audit.score.toFixed(2)}${ref.weight ? `, weight ${ref.weight}` : ''})`);
}

async function measure(key, label, path, extraHeaders) {
  const done = [];
  for (let i = 1; i <= runs; i++) {
    let r;
    for (let attempt = 1; !r; attempt++) {
      try {
        r = await runOnce(path, extraHeaders);
      } catch (err) {
        if (!(err instanceof LighthouseError) || attempt >= 3) throw err;
        console.error(`# ${label}: run ${i}/${runs}: ${err.message}; trying again`);
      }
    }
    checkPage(r.lhr, path, Boolean(extraHeaders));
    done.push(r);
    console.error(`# ${label}: run ${i}/${runs}: score ${Math.round(r.lhr.categories.performance.score * 100)}`);
  }
  const sorted = [...done].sort((a, b) => a.lhr.categories.performance.score - b.lhr.categories.performance.score);
  const median = sorted[Math.floor((sorted.length - 1) / 2)];
  if (opt.reports) {
    mkdirSync(opt.reports, { recursive: true });
    writeFileSync(join(opt.reports, `${key}.report.json`), median.json);
    writeFileSync(join(opt.reports, `${key}.report.html`), median.html);
  }
  const { lhr } = median;
  const assets = await assetSizes(lhr);
  return {
    key,
    label,
    path,
    lhr,
    scores: done.map((r) => Math.round(r.lhr.categories.performance.score * 100)),
    score: Math.round(lhr.categories.performance.score * 100),
    fcp: metric(lhr, 'first-contentful-paint'),
    lcp: metric(lhr, 'largest-contentful-paint'),
    tbt: metric(lhr, 'total-blocking-time'),
    cls: metric(lhr, 'cumulative-layout-shift'),
    si: metric(lhr, 'speed-index'),
    benchmarkIndex: lhr.environment?.benchmarkIndex,
    assets,
    gzip: assets.reduce((s, a) => s + a.gzip, 0),
    best: assets.reduce((s, a) => s + a.best, 0),
    transfer: assets.reduce((s, a) => s + a.transfer, 0),
    weak: weakAudits(lhr),
    broken: Object.values(lhr.audits).filter((a) => a.scoreDisplayMode === 'error').map((a) => a.id),
  };
}

try {
  const cookie = await signIn(opt.email, opt.password);
  const pages = [await measure('signin', 'sign-in page', '/connexion', undefined), await measure('dashboard', 'client dashboard', '/tableau-de-bord', { Cookie: cookie })];
  const first = pages[0].lhr;
  console.log(`\nLighthouse ${first.lighthouseVersion}, ${first.environment?.hostUserAgent?.match(/Chrome\/[\d.]+/)?.[0] ?? 'Chromium'}, mobile emulation (${first.configSettings.formFactor}, ${first.configSettings.throttlingMethod} throttling), performance only; median of ${runs} run(s)`);
  for (const p of pages) {
    console.log(`  ${p.label} (${p.path})`);
    console.log(`    score        ${p.score} (runs: ${p.scores.join(', ')}; target: at least 95)`);
    console.log(`    metrics      FCP ${ms(p.fcp)}, LCP ${ms(p.lcp)}, TBT ${ms(p.tbt)}, CLS ${p.cls.toFixed(3)}, Speed Index ${ms(p.si)} (CPU benchmark index ${Math.round(p.benchmarkIndex)})`);
    console.log(`    JS + CSS     ${kb(p.gzip)} KB gzipped as the portal sends them (target: under 150 KB); ${kb(p.best)} KB at gzip -9; ${kb(p.transfer)} KB as sent to Chromium (its Accept-Encoding, with headers); ${p.assets.length} file(s):`);
    for (const a of p.assets) console.log(`                   ${a.path}  ${kb(a.gzip)} KB ${a.encoding} (${kb(a.best)} KB at gzip -9), ${kb(a.resource)} KB uncompressed`);
    if (p.broken.length) console.log(`    not computed ${p.broken.join(', ')} (diagnostics only: this Lighthouse cannot read them from this Chromium's trace; the score does not use them)`);
    if (p.weak.length) {
      console.log('    not passing');
      for (const w of p.weak) console.log(`                   ${w}`);
    }
  }
  console.log('');
  for (const p of pages) {
    console.log(`lighthouse_${p.key}_score=${p.score}`);
    console.log(`lighthouse_${p.key}_fcp_ms=${Math.round(p.fcp)}`);
    console.log(`lighthouse_${p.key}_lcp_ms=${Math.round(p.lcp)}`);
    console.log(`lighthouse_${p.key}_tbt_ms=${Math.round(p.tbt)}`);
    console.log(`lighthouse_${p.key}_cls=${p.cls.toFixed(3)}`);
    console.log(`gzip_${p.key}_kb=${kb(p.gzip)}`);
    console.log(`gzip_${p.key}_bytes=${p.gzip}`);
    console.log(`gzip9_${p.key}_kb=${kb(p.best)}`);
  }
} catch (err) {
  console.error(`bench_browser: ${err instanceof MeasurementError ? err.message : err.stack}`);
  process.exit(1);
}
