// /mon-compte: changing the password, turning on two-step verification (QR code, key, recovery
// codes), then signing in again with the password and a TOTP code computed here (RFC 6238).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { Api, BASE_URL, newAdmin, strongPassword, totp } from './lib/env.mjs';
import { axeViolations, changePassword, fillSignIn, horizontalOverflow, launch, newPage, screenshot } from './lib/browser.mjs';

let browser;
let account;
before(async () => {
  browser = await launch();
  // An account of its own (an admin made with `portal admin create`): this test changes its password.
  account = await newAdmin('Dominique Compte');
});
after(async () => {
  await browser?.close();
});

test('at phone size, the account page fits the screen', async () => {
  const { context, page, problems } = await newPage(browser, 'phone');
  try {
    await page.goto(`${BASE_URL}/mon-compte`);
    await page.waitForURL((u) => u.pathname === '/connexion');
    await fillSignIn(page, account.email, account.password);
    await page.getByRole('heading', { level: 1, name: 'Mon compte' }).waitFor({ timeout: 15_000 });
    const { scrollWidth, innerWidth } = await horizontalOverflow(page);
    assert.ok(scrollWidth <= innerWidth, `no horizontal scroll (${scrollWidth} > ${innerWidth})`);
    await screenshot(page, 'mon-compte', 'phone');
    await page.getByRole('button', { name: 'Activer la double authentification' }).click();
    await page.getByRole('img', { name: "QR code à scanner avec votre application d'authentification" }).waitFor();
    const again = await horizontalOverflow(page);
    assert.ok(again.scrollWidth <= again.innerWidth, 'two-factor setup fits the phone');
    await screenshot(page, 'mon-compte-2fa', 'phone');
    await page.getByRole('button', { name: 'Annuler' }).click();
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});

test('change the password, turn on two-step verification, sign in again with password + TOTP code', async () => {
  const { context, page, problems } = await newPage(browser, 'desktop');
  try {
    // Another session of the same account, which the password change must end.
    const other = new Api();
    await other.login(account.email, account.password);
    assert.equal((await other.request('GET', '/auth/session')).data.user.email, account.email);

    await page.goto(`${BASE_URL}/connexion`);
    await fillSignIn(page, account.email, account.password);
    await page.getByRole('heading', { level: 1, name: /^Bonjour / }).waitFor({ timeout: 15_000 });
    await page.getByRole('navigation', { name: 'Navigation principale' }).getByRole('link', { name: 'Mon compte', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'Mon compte' }).waitFor();
    assert.deepEqual(await axeViolations(page), [], 'axe-core on /mon-compte');
    await screenshot(page, 'mon-compte', 'desktop');

    // 1. Password: a wrong current password is refused next to its field, then the change works.
    const section = page.locator('section#mot-de-passe');
    const newPassword = strongPassword('Nouveau');
    await changePassword(
      section,
      { current: 'Mot de passe actuel', next: 'Nouveau mot de passe', confirmation: 'Confirmez le nouveau mot de passe', submit: 'Changer le mot de passe' },
      'pas-le-bon-mot-de-passe',
      newPassword,
    );
    await section.getByText('Mot de passe actuel incorrect.').waitFor();
    await section.getByLabel('Mot de passe actuel', { exact: true }).fill(account.password);
    await section.getByRole('button', { name: 'Changer le mot de passe' }).click();
    await page.getByRole('status').filter({ hasText: 'Mot de passe modifié.' }).waitFor();
    assert.equal(await section.getByLabel('Nouveau mot de passe', { exact: true }).inputValue(), '', 'the form is emptied');
    assert.equal((await other.request('GET', '/account')).status, 401, 'the other session ended');
    assert.deepEqual((await other.request('GET', '/auth/session')).data, { user: null }, 'nobody is signed in there');
    assert.equal((await new Api().request('POST', '/auth/login', { email: account.email, password: newPassword })).status, 200, 'the new password works');
    account.password = newPassword;

    // 2. Two-step verification: QR code and key, a code from the "app", then the recovery codes.
    const tfa = page.locator('section#double-authentification');
    await tfa.getByText('Désactivée', { exact: true }).waitFor();
    await tfa.getByRole('button', { name: 'Activer la double authentification' }).click();
    const qr = tfa.getByRole('img', { name: "QR code à scanner avec votre application d'authentification" });
    await qr.waitFor();
    assert.match(await qr.getAttribute('src'), /^data:image\/png;base64,/);
    assert.ok(await qr.evaluate((img) => img.complete && img.naturalWidth > 0), 'the QR code image decodes');
    const shown = await tfa.locator('p.font-mono').textContent();
    assert.match(shown, /^[A-Z2-7]{4}( [A-Z2-7]{1,4})+$/, `the key is shown in groups of four (${shown})`);
    const secret = shown.replace(/\s/g, '');
    await screenshot(page, 'mon-compte-2fa', 'desktop');

    const codeField = tfa.getByLabel('Code de vérification');
    await codeField.fill('000000' === totp(secret) ? '111111' : '000000');
    await tfa.getByRole('button', { name: 'Activer', exact: true }).click();
    await tfa.getByText('Code incorrect').waitFor();
    await codeField.fill(totp(secret));
    await tfa.getByRole('button', { name: 'Activer', exact: true }).click();
    const codesList = tfa.getByRole('list', { name: 'Codes de secours' });
    await codesList.waitFor();
    const codes = (await codesList.getByRole('listitem').allTextContents()).map((c) => c.trim());
    assert.equal(codes.length, 10);
    for (const c of codes) assert.match(c, /^[a-z0-9]{4}-[a-z0-9]{4}$/);
    await tfa.getByText('Activée', { exact: true }).waitFor();
    assert.deepEqual(await axeViolations(page), [], 'axe-core with the recovery codes shown');
    await screenshot(page, 'mon-compte-codes-de-secours', 'desktop');

    const [download] = await Promise.all([page.waitForEvent('download'), tfa.getByRole('button', { name: 'Télécharger (.txt)' }).click()]);
    assert.match(download.suggestedFilename(), /\.txt$/);
    const text = await readFile(await download.path(), 'utf8');
    for (const c of codes) assert.ok(text.includes(c), `the file holds ${c}`);
    assert.ok(text.includes(account.email));

    await tfa.getByRole('button', { name: "J'ai conservé mes codes" }).click();
    await tfa.getByRole('button', { name: 'Désactiver la double authentification' }).waitFor();
    assert.equal(await tfa.getByRole('list', { name: 'Codes de secours' }).count(), 0, 'the codes are shown only once');

    // 3. Sign out, then sign in: password, then a TOTP code (the next 30 s step: the code used
    // to turn it on cannot be replayed).
    await page.getByRole('button', { name: 'Se déconnecter', exact: true }).click();
    await page.waitForURL((u) => u.pathname === '/connexion');
    await fillSignIn(page, account.email, account.password);
    const code = page.getByLabel('Code de vérification', { exact: true });
    await code.waitFor({ timeout: 15_000 });
    await screenshot(page, 'connexion-2fa', 'desktop');
    await code.fill(totp(secret, Date.now() + 30_000));
    await page.getByRole('button', { name: 'Valider le code' }).click();
    await page.getByRole('heading', { level: 1, name: /^Bonjour / }).waitFor({ timeout: 15_000 });
    await page.getByText('Double authentification activée sur votre compte.').waitFor();

    // 4. A recovery code works once instead of the app's code.
    await page.getByRole('button', { name: 'Se déconnecter', exact: true }).click();
    await page.waitForURL((u) => u.pathname === '/connexion');
    await fillSignIn(page, account.email, account.password);
    await page.getByRole('button', { name: 'Utiliser un code de secours' }).click();
    await page.getByLabel('Code de secours', { exact: true }).fill(codes[0]);
    await page.getByRole('button', { name: 'Valider le code' }).click();
    await page.getByRole('heading', { level: 1, name: /^Bonjour / }).waitFor({ timeout: 15_000 });
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});
