// axe-core (WCAG 2.1 A/AA and best practices) on the main pages at desktop size, signed out and
// signed in as an admin, with lists that have content.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { ADMIN, Api, BASE_URL } from './lib/env.mjs';
import { axeViolations, axeWithNotificationsPanel, fillSignIn, horizontalOverflow, launch, newPage, screenshot, smallTargets } from './lib/browser.mjs';

let browser;
let clientId;
before(async () => {
  browser = await launch();
  // Content for the lists: a client (created through the API) in the active tab.
  const api = await Api.admin();
  const client = await api.ok('POST', '/admin/clients', {
    name: `Transports Bêta ${Date.now().toString(36)}`,
    contact_name: 'Paul Bêta',
    contact_email: 'paul@beta.example',
    phone: '',
    address: '12 rue des Lilas\n69000 Lyon',
    notes: '',
  });
  clientId = client.id;
});
after(async () => {
  await browser?.close();
});

async function check(page, name, size = 'desktop') {
  const violations = await axeViolations(page);
  const { scrollWidth, innerWidth } = await horizontalOverflow(page);
  await screenshot(page, name, size);
  assert.deepEqual(violations, [], `axe-core on ${name}`);
  assert.ok(scrollWidth <= innerWidth, `${name}: no horizontal scroll (${scrollWidth} > ${innerWidth})`);
  assert.deepEqual(await smallTargets(page), [], `${name}: every tap target is at least 44 × 44 px`);
  assert.deepEqual(await axeWithNotificationsPanel(page), [], `axe-core on ${name} with the notifications panel open`);
}

test('public pages: /connexion and /definir-mot-de-passe (no token, unknown token)', async () => {
  const { context, page, problems } = await newPage(browser, 'desktop');
  try {
    await page.goto(`${BASE_URL}/connexion`);
    await page.getByRole('heading', { level: 1, name: 'Connexion à votre espace' }).waitFor();
    await check(page, 'a11y-connexion');

    await page.goto(`${BASE_URL}/definir-mot-de-passe`);
    await page.getByRole('heading', { level: 1, name: 'Ce lien ne peut pas être utilisé' }).waitFor();
    await page.getByText('Ce lien est incomplet').waitFor();
    await check(page, 'definir-mot-de-passe-sans-jeton');

    await page.goto(`${BASE_URL}/definir-mot-de-passe#jeton-inconnu-${Date.now()}`);
    await page.getByRole('heading', { level: 1, name: 'Ce lien ne peut pas être utilisé' }).waitFor();
    await page.getByRole('alert').filter({ hasText: "Ce lien n'est pas valide" }).waitFor();
    await check(page, 'definir-mot-de-passe-lien-invalide');
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});

for (const size of ['desktop', 'phone']) {
  test(`signed-in pages at ${size} size: /mon-compte, /admin/clients, a client, /admin/utilisateurs`, async () => {
    const { context, page, problems } = await newPage(browser, size);
    try {
      await page.goto(`${BASE_URL}/connexion`);
      await fillSignIn(page, ADMIN.email, ADMIN.password);
      await page.getByRole('heading', { level: 1, name: /^Bonjour / }).waitFor({ timeout: 15_000 });

      await page.goto(`${BASE_URL}/mon-compte`);
      await page.getByRole('heading', { level: 1, name: 'Mon compte' }).waitFor();
      await check(page, 'a11y-mon-compte', size);

      await page.goto(`${BASE_URL}/admin/clients`);
      await page.getByRole('heading', { level: 1, name: 'Clients' }).waitFor();
      await page.getByText(/\d+ clients?$/).waitFor();
      await check(page, 'admin-clients', size);

      // The search filters the list as one types (debounced) and keeps it in the address.
      await page.getByRole('searchbox', { name: 'Rechercher un client' }).fill('zzz-aucun-client');
      await page.getByRole('heading', { name: 'Aucun client ne correspond à « zzz-aucun-client »' }).waitFor();
      assert.equal(new URL(page.url()).searchParams.get('q'), 'zzz-aucun-client');
      await check(page, 'admin-clients-recherche-vide', size);
      await page.getByRole('button', { name: 'Effacer la recherche' }).click();
      await page.getByText(/\d+ clients?$/).waitFor();

      await page.getByRole('tab', { name: 'Archivés' }).click();
      await page.getByRole('tab', { name: 'Archivés', selected: true }).waitFor();
      await page
        .getByText(/^Aucun client archivé$|^\d+ clients?$/)
        .first()
        .waitFor();
      await page.getByRole('tab', { name: 'Actifs' }).click();

      await page.getByRole('button', { name: 'Nouveau client' }).first().click();
      await page.getByRole('dialog', { name: 'Nouveau client' }).waitFor();
      await check(page, 'admin-clients-dialogue', size);
      await page.keyboard.press('Escape');
      await page.getByRole('dialog').waitFor({ state: 'detached' });

      await page.goto(`${BASE_URL}/admin/clients/${clientId}`);
      await page.getByRole('heading', { level: 1, name: /^Transports Bêta/ }).waitFor();
      await check(page, 'admin-client-vide', size);
      await page.getByRole('button', { name: 'Supprimer' }).click();
      await page.getByRole('dialog', { name: /^Supprimer définitivement/ }).waitFor();
      await check(page, 'admin-client-suppression', size);
      await page.getByRole('button', { name: 'Annuler' }).click();

      await page.goto(`${BASE_URL}/admin/utilisateurs`);
      await page.getByRole('heading', { level: 1, name: 'Utilisateurs' }).waitFor();
      await page.getByText(/\d+ utilisateurs?$/).waitFor();
      await check(page, 'admin-utilisateurs', size);
      await page
        .getByRole('button', { name: `Actions pour ${ADMIN.name}` })
        .filter({ visible: true })
        .first()
        .click();
      await page.getByRole('button', { name: 'Modifier' }).filter({ visible: true }).waitFor();
      await check(page, 'admin-utilisateurs-actions', size);

      if (size === 'phone') {
        await page.keyboard.press('Escape');
        await page.getByRole('button', { name: 'Menu', exact: true }).click();
        await page.getByRole('navigation', { name: 'Navigation principale' }).waitFor();
        await check(page, 'menu', size);
      }
      assert.deepEqual(problems, []);
    } finally {
      await context.close();
    }
  });
}
