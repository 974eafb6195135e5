// The account the signed-in e2e test uses:
// - PORTAL_E2E_EMAIL + PORTAL_E2E_PASSWORD when given (an account without two-factor auth);
// - otherwise, when PORTAL_BIN is given (the portal binary of the server under test, with the
//   same PORTAL_DATA_DIR / PORTAL_DATABASE_DSN environment), a fresh admin made with
//   `portal admin create` (e-mail and password on standard input);
// - otherwise none, and the test is skipped.
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const ACCOUNT_NAME = 'Camille Essai';

let cached;

export function testAccount() {
  if (cached !== undefined) return cached;
  const { PORTAL_E2E_EMAIL: email, PORTAL_E2E_PASSWORD: password, PORTAL_BIN: bin } = process.env;
  if (email && password) return (cached = { email, password, name: null });
  if (!bin) return (cached = null);

  const account = {
    email: `e2e-${Date.now()}-${randomBytes(3).toString('hex')}@example.com`,
    password: `E2e-${randomBytes(12).toString('base64url')}-9`,
    name: ACCOUNT_NAME,
  };
  const config = process.env.PORTAL_CONFIG ?? join(tmpdir(), `portal-e2e-none-${process.pid}.toml`);
  const result = spawnSync(bin, ['admin', 'create', '--config', config, '--name', ACCOUNT_NAME], {
    input: `${account.email}\n${account.password}\n`,
    env: { PORTAL_DATABASE_DSN: '', ...process.env },
    encoding: 'utf8',
    timeout: 120_000,
  });
  if (result.status !== 0) {
    throw new Error(`"${bin} admin create" failed (${result.error?.message ?? `exit ${result.status}`}):\n${result.stderr}${result.stdout}`);
  }
  return (cached = account);
}
