// Starts the portal binary under test on the loopback interface, on its own private MariaDB in a
// fresh data directory, and stops it with SIGTERM (it then stops its database).
import { spawn } from 'node:child_process';
import { createWriteStream, readFileSync } from 'node:fs';
import { createServer } from 'node:net';

/** A TCP port free on 127.0.0.1 right now. */
export function freePort() {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

/** The environment of every portal command of the run (serve, admin create). */
export function portalEnv({ dataDir, port, smtpPort }) {
  const env = { ...process.env };
  // Nothing from the caller's own portal configuration leaks into the run.
  for (const k of Object.keys(env)) if (k.startsWith('PORTAL_') && k !== 'PORTAL_BIN') delete env[k];
  return {
    ...env,
    PORTAL_DATA_DIR: dataDir,
    PORTAL_DATABASE_DSN: '',
    PORTAL_SERVER_LISTEN: `127.0.0.1:${port}`,
    PORTAL_SERVER_PUBLIC_URL: `http://127.0.0.1:${port}`,
    PORTAL_SMTP_HOST: '127.0.0.1',
    PORTAL_SMTP_PORT: String(smtpPort),
    PORTAL_SMTP_TLS: 'none',
    PORTAL_LOG_LEVEL: 'warn',
    // Notification e-mails grouped over 5 s and queued every 5 s (2 min and every minute in
    // production): a test reads them in seconds instead of waiting out the production window.
    PORTAL_ALERTS_EMAIL_GROUP_WINDOW: '5s',
    PORTAL_ALERTS_EMAIL_SCHEDULE: '@every 5s',
  };
}

/** Runs `portal serve` and waits until GET /readyz answers 200. */
export async function startPortal({ bin, config, env, url, logFile, timeoutMs = 90_000 }) {
  const log = createWriteStream(logFile);
  const child = spawn(bin, ['serve', '--config', config], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout.pipe(log, { end: false });
  child.stderr.pipe(log, { end: false });
  let exited = null;
  const exit = new Promise((resolve) => {
    child.once('exit', (code, signal) => {
      exited = { code, signal };
      resolve(exited);
    });
    child.once('error', (err) => {
      exited = { code: null, signal: null, error: err };
      resolve(exited);
    });
  });

  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (exited) {
      throw new Error(`portal serve exited before it was ready (${exited.error?.message ?? `code ${exited.code}, signal ${exited.signal}`}):\n${tail(logFile)}`);
    }
    try {
      const r = await fetch(`${url}/readyz`, { signal: AbortSignal.timeout(2000) });
      if (r.status === 200) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`portal serve was not ready within ${timeoutMs / 1000} s:\n${tail(logFile)}`);
    }
    await new Promise((r) => setTimeout(r, 250));
  }

  return {
    pid: child.pid,
    /** SIGTERM, then waits for the exit (the portal stops its database first). */
    async stop(graceMs = 45_000) {
      if (!exited) {
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
        await exit;
        clearTimeout(timer);
      }
      log.end();
      return exited;
    },
  };
}

/** `portal admin create`: e-mail and password on standard input (two lines). */
export function createAdmin({ bin, config, env, email, password, name }) {
  return new Promise((resolve, reject) => {
    const args = ['admin', 'create', '--config', config];
    if (name) args.push('--name', name);
    const child = spawn(bin, args, { env, stdio: ['pipe', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.once('error', reject);
    child.once('exit', (code) => {
      clearTimeout(timer);
      if (code === 0) resolve(out);
      else reject(new Error(`"portal admin create" failed (exit ${code}):\n${out}`));
    });
    child.stdin.end(`${email}\n${password}\n`);
  });
}

function tail(file, lines = 40) {
  try {
    return readFileSync(file, 'utf8').split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}
