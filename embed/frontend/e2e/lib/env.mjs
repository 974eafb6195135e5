// What a test file gets from e2e/run.mjs: the portal's address, the first admin's credentials,
// the mailbox of the SMTP server, and helpers to make more accounts.
import { createHmac, randomBytes } from 'node:crypto';
import { createAdmin } from './portal.mjs';
import { waitForMail as waitInMailbox } from './smtp.mjs';

function required(name) {
  const v = process.env[name];
  if (!v) throw new Error(`${name} is not set: run the e2e tests with "npm run e2e" (e2e/run.mjs starts the portal)`);
  return v;
}

export const BASE_URL = required('PORTAL_URL').replace(/\/+$/, '');
export const ADMIN = { email: required('PORTAL_E2E_EMAIL'), password: required('PORTAL_E2E_PASSWORD'), name: process.env.PORTAL_E2E_NAME ?? null };

export function waitForMail(match, options) {
  return waitInMailbox(required('PORTAL_E2E_MAILBOX'), match, options);
}

/** A unique address for this run. */
export function uniqueEmail(prefix) {
  return `${prefix}-${Date.now().toString(36)}-${randomBytes(2).toString('hex')}@client.example`;
}

export function strongPassword(prefix = 'Pw') {
  return `${prefix}-${randomBytes(9).toString('base64url')}-7`;
}

/** Another admin, made with `portal admin create` against the running portal's database. */
export async function newAdmin(name) {
  const account = { email: uniqueEmail('admin'), password: strongPassword('Adm'), name };
  await createAdmin({ bin: required('PORTAL_BIN'), config: required('PORTAL_CONFIG'), env: process.env, ...account });
  return account;
}

/** The link of an invitation or reset e-mail (text part). */
export function linkIn(message) {
  const m = /(https?:\/\/\S+\/definir-mot-de-passe#[A-Za-z0-9_-]+)/.exec(message.text) ?? /(https?:\/\/[^\s"<>]+\/definir-mot-de-passe#[A-Za-z0-9_-]+)/.exec(message.html);
  if (!m) throw new Error(`no /definir-mot-de-passe link in the e-mail "${message.subject}":\n${message.text}`);
  return m[1];
}

// RFC 6238 (TOTP, SHA-1, 30 s, 6 digits) with node:crypto, to sign in like an authenticator app.
function base32(secret) {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = '';
  for (const ch of secret.replace(/[\s=]/g, '').toUpperCase()) {
    const v = alphabet.indexOf(ch);
    if (v < 0) throw new Error(`not base32: ${ch}`);
    bits += v.toString(2).padStart(5, '0');
  }
  const bytes = [];
  for (let i = 0; i + 8 <= bits.length; i += 8) bytes.push(parseInt(bits.slice(i, i + 8), 2));
  return Buffer.from(bytes);
}

export function totp(secret, time = Date.now(), step = 30, digits = 6) {
  const counter = Math.floor(time / 1000 / step);
  const msg = Buffer.alloc(8);
  msg.writeBigUInt64BE(BigInt(counter));
  const h = createHmac('sha1', base32(secret)).update(msg).digest();
  const o = h[h.length - 1] & 0xf;
  const n = ((h[o] & 0x7f) << 24) | (h[o + 1] << 16) | (h[o + 2] << 8) | h[o + 3];
  return String(n % 10 ** digits).padStart(digits, '0');
}

/** A small API client with its own cookie, for setting up data without the browser. */
export class Api {
  constructor() {
    this.cookie = '';
    this.csrf = '';
  }

  async request(method, path, body) {
    const headers = { Accept: 'application/json' };
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    if (this.cookie) headers.Cookie = this.cookie;
    if (method !== 'GET' && this.csrf) headers['X-CSRF-Token'] = this.csrf;
    const res = await fetch(`${BASE_URL}/api/v1${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(';');
      this.cookie = pair.endsWith('=') ? '' : pair;
    }
    const data = res.status === 204 ? null : await res.json().catch(() => null);
    if (data && typeof data.csrf_token === 'string') this.csrf = data.csrf_token;
    return { status: res.status, data };
  }

  async ok(method, path, body) {
    const r = await this.request(method, path, body);
    if (r.status >= 300) throw new Error(`${method} ${path} → ${r.status} ${JSON.stringify(r.data)}`);
    return r.data;
  }

  async login(email, password) {
    return this.ok('POST', '/auth/login', { email, password });
  }

  /** An API client signed in as the test administrator. */
  static async admin() {
    const api = new Api();
    await api.login(ADMIN.email, ADMIN.password);
    return api;
  }
}

/** A client company with only its name; the other fields empty, as the form sends them. */
export function createClient(adminApi, name) {
  return adminApi.ok('POST', '/admin/clients', { name, contact_name: '', contact_email: '', phone: '', address: '', notes: '' });
}

/** "YYYY-MM-DD", `days` from today (negative: in the past). */
export function day(days) {
  return new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
}

/** A project in progress without dates or manager unless `fields` gives them (client_id and name at least). */
export function createProject(adminApi, fields) {
  return adminApi.ok('POST', '/admin/projects', { description: '', start_date: '', deadline: '', status: 'en_cours', manager_id: 0, ...fields });
}

/**
 * Accepts an invitation the way its recipient does: waits for the e-mail at the SMTP server, takes
 * the token of its link and chooses the password with it (POST /auth/links/password).
 */
export async function acceptInvitation(email, password) {
  const mail = await waitForMail((m) => m.to.includes(email.toLowerCase()), { what: `the invitation e-mail to ${email}` });
  const token = new URL(linkIn(mail)).hash.slice(1);
  await new Api().ok('POST', '/auth/links/password', { token, password });
  return mail;
}

/** A client company with one user invited through the real e-mail flow (admin API + SMTP + link). */
export async function clientWithUser(adminApi, clientName, personName) {
  const client = await createClient(adminApi, clientName);
  const person = { name: personName, email: uniqueEmail('client'), password: strongPassword('Cli') };
  await adminApi.ok('POST', '/admin/users', { email: person.email, name: person.name, role: 'client', client_id: client.id, language: 'fr' });
  await acceptInvitation(person.email, person.password);
  return { client, person };
}

/** clientWithUser, and a project of that client (`project`: its fields but client_id, as createProject takes them). */
export async function clientWithProject(adminApi, clientName, personName, project) {
  const a = await clientWithUser(adminApi, clientName, personName);
  return { ...a, project: await createProject(adminApi, { ...project, client_id: a.client.id }) };
}

/** Uploads a file as `api` (the raw body, as the upload dialog sends it); answers the created object. */
export async function upload(api, path, name, body) {
  const res = await fetch(`${BASE_URL}/api/v1${path}`, {
    method: 'POST',
    headers: { Cookie: api.cookie, 'X-CSRF-Token': api.csrf, 'X-File-Name': encodeURIComponent(name), 'Content-Type': 'application/octet-stream' },
    body: Buffer.from(body),
  });
  const text = await res.text();
  if (res.status !== 201) throw new Error(`upload ${name}: ${res.status} ${text}`);
  return JSON.parse(text);
}
