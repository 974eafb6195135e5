// The e2e run: starts everything the browser tests need, on the loopback interface only, runs the
// test files (one at a time, all against the same portal), then stops everything.
//
//   PORTAL_BIN=/path/to/portal npm run e2e                  # every e2e/*.test.mjs
//   PORTAL_BIN=/path/to/portal npm run e2e -- e2e/account.test.mjs
//   PORTAL_BIN=/path/to/portal node e2e/run.mjs --serve     # start it all and wait (for `npm run dev`)
//
// 1. a real SMTP server (smtp-server) on 127.0.0.1, writing each message to a mailbox folder;
// 2. `portal serve` on 127.0.0.1:<free port>, on its own private MariaDB in a fresh data folder;
// 3. the first admin, with `portal admin create` (e-mail and password on standard input);
// 4. `node --test --test-concurrency=1` on the test files, with PORTAL_URL, the admin's
//    credentials and the mailbox folder in their environment (see lib/env.mjs);
// 5. SIGTERM to the portal (which stops its database), the SMTP server closed, the data removed.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createAdmin, freePort, portalEnv, startPortal } from './lib/portal.mjs';
import { startSmtp } from './lib/smtp.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const frontend = resolve(here, '..');
const args = process.argv.slice(2);
const serveOnly = args.includes('--serve');
const files = args.filter((a) => !a.startsWith('--'));

const bin = process.env.PORTAL_BIN;
if (!bin || !existsSync(bin)) {
  console.error('e2e: set PORTAL_BIN to the portal binary to test (go build -o /tmp/portal . && PORTAL_BIN=/tmp/portal npm run e2e)');
  process.exit(2);
}

const started = Date.now();
const elapsed = () => `${((Date.now() - started) / 1000).toFixed(1)} s`;
const work = mkdtempSync(join(tmpdir(), 'portal-e2e-'));
const dataDir = join(work, 'data');
const mailbox = join(work, 'mailbox');
const config = join(work, 'none.toml'); // does not exist: defaults + environment
const screenshots = resolve(process.env.PORTAL_SCREENSHOT_DIR ?? join(tmpdir(), 'portal-e2e-screenshots'));
mkdirSync(dataDir, { recursive: true });
mkdirSync(screenshots, { recursive: true });
// The default folder holds this run's pictures only.
if (!process.env.PORTAL_SCREENSHOT_DIR) for (const f of readdirSync(screenshots)) if (f.endsWith('.png')) rmSync(join(screenshots, f));

let smtp = null;
let portal = null;
let tests = null;
let stopping = false;

async function stopAll() {
  if (stopping) return;
  stopping = true;
  if (tests && tests.exitCode === null) tests.kill('SIGTERM');
  if (portal) {
    const exit = await portal.stop();
    if (exit && exit.code !== 0 && exit.signal !== 'SIGTERM') console.error(`# portal exited with code ${exit.code} (log: ${join(work, 'portal.log')})`);
  }
  if (smtp) await smtp.close();
  if (!process.env.PORTAL_E2E_KEEP) rmSync(dataDir, { recursive: true, force: true });
}

for (const sig of ['SIGINT', 'SIGTERM']) {
  process.once(sig, () => {
    console.error(`\n# ${sig}: stopping the portal and the SMTP server`);
    void stopAll().then(() => process.exit(130));
  });
}

let status;
try {
  smtp = await startSmtp(mailbox);
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const env = portalEnv({ dataDir, port, smtpPort: smtp.port });
  portal = await startPortal({ bin, config, env, url, logFile: join(work, 'portal.log') });
  console.log(`# portal ready at ${url} after ${elapsed()} (pid ${portal.pid}); SMTP on 127.0.0.1:${smtp.port}`);

  const admin = {
    email: `admin-${randomBytes(3).toString('hex')}@bigdatacenter.example`,
    password: `Adm1n-${randomBytes(12).toString('base64url')}`,
    name: 'Camille Admin',
  };
  await createAdmin({ bin, config, env, ...admin });

  const testEnv = {
    ...env,
    PORTAL_BIN: resolve(bin),
    PORTAL_CONFIG: config,
    PORTAL_URL: url,
    PORTAL_E2E_EMAIL: admin.email,
    PORTAL_E2E_PASSWORD: admin.password,
    PORTAL_E2E_NAME: admin.name,
    PORTAL_E2E_MAILBOX: mailbox,
    PORTAL_SCREENSHOT_DIR: screenshots,
    // 1: the tests also save the guides' screenshots into guides/images/.
    PORTAL_GUIDE_SCREENSHOTS: process.env.PORTAL_GUIDE_SCREENSHOTS ?? '',
  };

  if (serveOnly) {
    console.log(`# admin: ${admin.email} / ${admin.password}\n# mailbox: ${mailbox}\n# Ctrl-C to stop`);
    console.log(`# e.g.: PORTAL_API_URL=${url} npm run dev`);
    await new Promise(() => {});
  }

  const list = files.length
    ? files.map((f) => resolve(f))
    : readdirSync(here)
        .filter((f) => f.endsWith('.test.mjs'))
        .sort()
        .map((f) => join(here, f));
  tests = spawn(process.execPath, ['--test', '--test-concurrency=1', ...list.map((f) => relative(frontend, f))], {
    cwd: frontend,
    env: testEnv,
    stdio: 'inherit',
  });
  status = await new Promise((res) => tests.once('exit', (code, signal) => res(code ?? (signal ? 1 : 0))));
  console.log(`# e2e finished in ${elapsed()}; screenshots in ${screenshots}`);
} catch (err) {
  console.error(`# e2e setup failed after ${elapsed()}: ${err.stack ?? err}`);
  status = 1;
} finally {
  await stopAll();
}
process.exit(status);
