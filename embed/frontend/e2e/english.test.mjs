// An English reader makes a mistake on every form they can reach, at phone size, and reads every
// error in English: the API answers a code and its parameters, the interface writes it from
// en.apiErrors.json, and no French error text shows. A client user who chose English in « Mon
// compte », then an administrator whose language is English.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { Api, BASE_URL, acceptInvitation, createClient, createProject, linkIn, newAdmin, strongPassword, uniqueEmail } from './lib/env.mjs';
import { changePassword, fillSignIn, launch, newPage, screenshot } from './lib/browser.mjs';

const I18N = new URL('../src/i18n/', import.meta.url);
// A language's texts: its main file and the files of its parts (the API's errors, some pages').
const read = (lang) =>
  Object.assign(
    {},
    ...readdirSync(I18N)
      .filter((f) => f === `${lang}.json` || (f.startsWith(`${lang}.`) && f.endsWith('.json')))
      .map((f) => JSON.parse(readFileSync(new URL(f, I18N), 'utf8'))),
  );
const en = read('en');
const fr = read('fr');
const COMPANY = 'BIGDATA CENTER';

// Pieces of every French error message long enough to be unmistakable (between placeholders).
const frenchFragments = Object.values(fr.apiErrors.codes)
  .flatMap((text) => text.split(/\{\{[^}]+\}\}/))
  .map((s) => s.trim())
  .filter((s) => s.length >= 15);

/** The English text of an API error, written from en.apiErrors.json as the interface does. */
function english({ code, params = {} }) {
  const codes = en.apiErrors.codes;
  let text = codes[code];
  if (typeof params.count === 'number') text = codes[`${code}_${params.count === 1 ? 'one' : 'other'}`];
  assert.ok(text, `en.apiErrors.json has apiErrors.codes.${code}`);
  return text.replace(/\{\{\s*(\w+)\s*\}\}/g, (_, name) => {
    if (name === 'company') return COMPANY;
    const v = params[name];
    assert.notEqual(v, undefined, `the answer of ${code} carries ${name}`);
    if (name === 'label') return en.apiErrors.labels[v];
    if (typeof v === 'number' && name !== 'count') return v.toLocaleString('en-GB');
    return String(v);
  });
}

/** Remembers the error answers of the API the page receives. */
function recordErrors(page) {
  const errors = [];
  page.on('response', async (res) => {
    if (res.status() < 400 || !new URL(res.url()).pathname.startsWith('/api/')) return;
    const body = await res.json().catch(() => null);
    if (body?.error?.code) errors.push(body.error);
  });
  return errors;
}

/**
 * Waits for the API's answer `code`, then for its English text on the page (next to its field
 * when it has one), and checks that no French error text is on the page.
 */
async function seesEnglish(page, errors, code, name) {
  const deadline = Date.now() + 10_000;
  let error;
  while (!(error = errors.findLast((e) => e.code === code))) {
    assert.ok(Date.now() < deadline, `the API answered ${code} (answers: ${errors.map((e) => e.code).join(', ') || 'none'})`);
    await new Promise((r) => setTimeout(r, 100));
  }
  const text = english(error);
  await page.getByText(text, { exact: true }).first().waitFor({ timeout: 10_000 });
  await noFrench(page, name);
  await screenshot(page, `english-errors-${name}`, 'phone');
  errors.length = 0;
  return text;
}

async function noFrench(page, where) {
  const body = await page.locator('body').innerText();
  const found = frenchFragments.filter((f) => body.includes(f));
  assert.deepEqual(found, [], `French error text on the page (${where})`);
}

const run = randomBytes(3).toString('hex');
let browser;
let adminApi;
const S = {};

before(async () => {
  browser = await launch();
  adminApi = await Api.admin();
  S.client = await createClient(adminApi, `Harbour Ltd ${run}`);
  // Invited in French: the person chooses English in « Mon compte ».
  S.person = { name: 'Emma Harbour', email: uniqueEmail('english'), password: strongPassword('Eng') };
  await adminApi.ok('POST', '/admin/users', { email: S.person.email, name: S.person.name, role: 'client', client_id: S.client.id, language: 'fr' });
  S.usedLink = linkIn(await acceptInvitation(S.person.email, S.person.password));
  S.project = await createProject(adminApi, {
    client_id: S.client.id,
    name: `Harbour portal ${run}`,
  });
});
after(async () => {
  await browser?.close();
});

test('a client user who chose English sees every error of their forms in English (phone)', async () => {
  const { context, page, problems } = await newPage(browser, 'phone');
  const errors = recordErrors(page);
  try {
    await page.goto(`${BASE_URL}/mon-compte`);
    await page.waitForURL((u) => u.pathname === '/connexion');
    await fillSignIn(page, S.person.email, S.person.password);
    await page.getByRole('heading', { level: 1, name: 'Mon compte' }).waitFor({ timeout: 15_000 });
    const profile = page.locator('section#profil');
    await profile.getByLabel('Langue', { exact: true }).selectOption('en');
    await profile.getByRole('button', { name: 'Enregistrer le profil' }).click();
    await page.getByRole('heading', { level: 1, name: 'My account' }).waitFor();

    // Profile: the name is required (checked in the page).
    await profile.getByLabel(/^Display name/).fill('  ');
    await profile.getByRole('button', { name: 'Save the profile' }).click();
    await profile.getByText(en.account.profile.nameRequired).waitFor();
    await profile.getByLabel(/^Display name/).fill(S.person.name);

    // Password: a wrong current password, then a password too common.
    const pw = page.locator('section#mot-de-passe');
    const pwLabels = { current: 'Current password', next: 'New password', confirmation: 'Confirm the new password', submit: 'Change the password' };
    await changePassword(pw, pwLabels, 'not-the-right-one', strongPassword('Next'));
    assert.equal(await seesEnglish(page, errors, 'wrong_password', 'password-wrong'), 'Current password incorrect.');
    await changePassword(pw, pwLabels, S.person.password, 'azertyuiop');
    await seesEnglish(page, errors, 'password_too_common', 'password-common');

    // Two-step verification: a wrong code from the "app".
    const tfa = page.locator('section#double-authentification');
    await tfa.getByRole('button', { name: 'Turn on two-step verification' }).click();
    await tfa.getByLabel('Verification code').fill('000000');
    await tfa.getByRole('button', { name: 'Turn on', exact: true }).click();
    await seesEnglish(page, errors, 'totp_code_incorrect', 'totp-code');

    // A message longer than the limit: the label and the limit written the English way.
    await page.goto(`${BASE_URL}/projets/${S.project.id}`);
    const composer = page.getByLabel('Your message', { exact: true });
    await composer.fill('x'.repeat(10_001));
    await page.getByRole('button', { name: 'Send', exact: true }).click();
    assert.equal(await seesEnglish(page, errors, 'too_long', 'message-too-long'), 'Message cannot be longer than 10,000 characters.');

    // Signed out, the sign-in page stays in English: a wrong password.
    await page.getByRole('button', { name: 'Menu', exact: true }).click();
    await page.getByRole('button', { name: 'Sign out', exact: true }).click();
    await page.waitForURL((u) => u.pathname === '/connexion');
    await page.getByLabel('E-mail address', { exact: true }).fill(S.person.email);
    await page.getByLabel('Password', { exact: true }).fill('wrong-password');
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await seesEnglish(page, errors, 'invalid_credentials', 'sign-in');

    // Forgot password: the address is required (checked in the page), then the link is sent.
    await page.getByRole('link', { name: 'Forgot your password?' }).click();
    await page.getByRole('button', { name: 'Send the link' }).click();
    await page.getByText(en.validation.emailRequired).waitFor();
    await page.getByLabel('E-mail address', { exact: true }).fill(S.person.email);
    await page.getByRole('button', { name: 'Send the link' }).click();
    await page.getByRole('status').filter({ hasText: en.forgot.success }).waitFor();
    await noFrench(page, 'forgot-password');
    assert.equal(await page.getByText(/Si un compte correspond/).count(), 0, 'the French confirmation of the API is not shown');

    // The invitation link, already used.
    await page.goto(S.usedLink);
    await seesEnglish(page, errors, 'link_used', 'link-used');
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});

test('an English administrator sees every error of the admin forms in English (phone)', async () => {
  const admin = await newAdmin('Alex Admin');
  const own = new Api();
  await own.login(admin.email, admin.password);
  await own.ok('PATCH', '/account', { name: admin.name, language: 'en' });

  const { context, page, problems } = await newPage(browser, 'phone');
  const errors = recordErrors(page);
  try {
    await page.goto(`${BASE_URL}/connexion`);
    await fillSignIn(page, admin.email, admin.password);
    await page.getByRole('heading', { level: 1, name: /^Hello / }).waitFor({ timeout: 15_000 });

    // Client form: a name another client has.
    await page.goto(`${BASE_URL}/admin/clients`);
    await page.getByRole('button', { name: 'New client' }).click();
    await page.getByLabel('Client name', { exact: false }).fill(S.client.name);
    await page.getByRole('button', { name: 'Create the client' }).click();
    await seesEnglish(page, errors, 'client_name_taken', 'client-name-taken');

    // User form: an address that already has an account.
    await page.goto(`${BASE_URL}/admin/utilisateurs`);
    await page.getByRole('button', { name: 'Invite an administrator' }).first().click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Full name', { exact: false }).fill('Someone Else');
    await dialog.getByLabel('E-mail address', { exact: false }).fill(S.person.email);
    await dialog.getByRole('button', { name: 'Send the invitation' }).click();
    await seesEnglish(page, errors, 'email_taken', 'user-email-taken');

    // Milestone form: a due date out of the calendar the portal accepts (its label in English).
    await page.goto(`${BASE_URL}/projets/${S.project.id}`);
    await page.getByRole('button', { name: 'Add a step' }).first().click();
    const step = page.getByRole('dialog');
    await step.getByLabel('Step title', { exact: false }).fill('Kick-off');
    await step.getByLabel('Due date', { exact: false }).fill('1999-12-31');
    await step.getByRole('button', { name: 'Add the step' }).click();
    assert.equal(await seesEnglish(page, errors, 'date_invalid', 'milestone-date'), 'Due date is not a valid date: use the format YYYY-MM-DD, for example 2026-12-31.');

    // Project form: its client was archived while the form was open.
    const other = await createClient(adminApi, `Quay Co ${run}`);
    await page.goto(`${BASE_URL}/projets/nouveau`);
    await page.getByLabel('Client', { exact: false }).first().selectOption(String(other.id));
    await page.getByLabel('Project name', { exact: false }).fill(`Quay tracking ${run}`);
    await adminApi.ok('POST', `/admin/clients/${other.id}/archive`);
    await page.getByRole('button', { name: 'Create the project' }).click();
    await seesEnglish(page, errors, 'project_client_archived', 'project-client-archived');

    // Deleting a client that has a user and a project: refused, with the count (a plural).
    await page.goto(`${BASE_URL}/admin/clients/${S.client.id}`);
    await page.getByRole('button', { name: 'Delete', exact: true }).click();
    const del = page.getByRole('dialog');
    await del.getByLabel(/To confirm, type/).fill(S.client.name);
    await del.getByRole('button', { name: 'Delete for good' }).click();
    const refused = await seesEnglish(page, errors, 'client_not_empty', 'client-not-empty');
    assert.match(refused, /^This client cannot be deleted: 2 items belong to it/);
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});
