// An admin creates a client company and invites one of its people; the invitation e-mail reaches
// the SMTP server; its link lets the person choose a password and sign in to the client's own
// area, which shows no administration. At phone and desktop size.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ADMIN, BASE_URL, linkIn, strongPassword, uniqueEmail, waitForMail } from './lib/env.mjs';
import { axeViolations, fillSignIn, horizontalOverflow, launch, newPage, screenshot } from './lib/browser.mjs';

let browser;
before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

const CLIENT_NAMES = { desktop: 'Société Alpha', phone: 'Société Alpha Mobile' };
const clientAccounts = {};

/** Opens a link of the navigation (on phones, through the menu of the top bar). */
async function navigate(page, size, name) {
  if (size === 'phone') await page.getByRole('button', { name: 'Menu', exact: true }).click();
  await page.getByRole('navigation', { name: 'Navigation principale' }).getByRole('link', { name, exact: true }).click();
}

async function noHorizontalScroll(page, where) {
  const { scrollWidth, innerWidth } = await horizontalOverflow(page);
  assert.ok(scrollWidth <= innerWidth, `${where}: no horizontal scroll (${scrollWidth} > ${innerWidth})`);
}

for (const size of ['desktop', 'phone']) {
  describe(`at ${size} size`, () => {
    test('an admin creates a client and invites a user, who chooses a password and signs in to the client area', async () => {
      const clientName = CLIENT_NAMES[size];
      const person = { name: size === 'phone' ? 'Léa Mobile' : 'Marie Dupont', email: uniqueEmail(`marie-${size}`), password: strongPassword('Marie') };
      const admin = await newPage(browser, size);
      try {
        const { page } = admin;
        await page.goto(`${BASE_URL}/connexion`);
        await fillSignIn(page, ADMIN.email, ADMIN.password);
        await page.getByRole('heading', { level: 1, name: `Bonjour ${ADMIN.name}` }).waitFor({ timeout: 15_000 });

        // Clients: the list, then « Nouveau client ».
        await navigate(page, size, 'Clients');
        await page.getByRole('heading', { level: 1, name: 'Clients' }).waitFor();
        await page.getByRole('button', { name: 'Nouveau client' }).first().click();
        const dialog = page.getByRole('dialog', { name: 'Nouveau client' });
        await dialog.waitFor();
        // Submitting without a name: the French message next to the field, no request.
        await dialog.getByRole('button', { name: 'Créer le client' }).click();
        await dialog.getByText('Saisissez le nom du client.').waitFor();
        await dialog.getByLabel('Nom du client').fill(clientName);
        await dialog.getByLabel('Nom du contact').fill('Jean Alpha');
        await dialog.getByLabel('E-mail du contact').fill('contact@alpha.example');
        await dialog.getByLabel('Téléphone').fill('01 23 45 67 89');
        await screenshot(page, 'admin-nouveau-client', size);
        await dialog.getByRole('button', { name: 'Créer le client' }).click();

        // The client's page: its users (none yet), « Inviter un utilisateur ».
        await page.getByRole('heading', { level: 1, name: clientName }).waitFor();
        assert.match(new URL(page.url()).pathname, /^\/admin\/clients\/\d+$/);
        await page
          .getByRole('status')
          .filter({ hasText: `Client « ${clientName} » créé.` })
          .waitFor();
        await page.getByRole('heading', { name: 'Aucun utilisateur' }).waitFor();
        await noHorizontalScroll(page, 'client page');
        await page.getByRole('button', { name: 'Inviter un utilisateur' }).first().click();
        const invite = page.getByRole('dialog', { name: 'Inviter un utilisateur' });
        await invite.getByLabel('Nom et prénom').fill(person.name);
        await invite.getByLabel('Adresse e-mail').fill(person.email);
        await invite.getByRole('button', { name: "Envoyer l'invitation" }).click();
        await page
          .getByRole('status')
          .filter({ hasText: `Invitation envoyée à ${person.email}.` })
          .waitFor();
        await invite.waitFor({ state: 'detached' });
        await page.getByText(person.email, { exact: true }).filter({ visible: true }).first().waitFor();
        await page.getByText('Invitation en attente').filter({ visible: true }).first().waitFor();
        await noHorizontalScroll(page, 'client page with a user');
        await screenshot(page, 'admin-client', size);

        // The invitation e-mail reaches the SMTP server, with a link to this portal.
        const mail = await waitForMail((m) => m.to.includes(person.email), { what: `the invitation e-mail to ${person.email}` });
        assert.match(mail.subject, /Invitation/);
        const link = linkIn(mail);
        assert.ok(link.startsWith(`${BASE_URL}/definir-mot-de-passe#`), `the invitation link points at server.public_url (${BASE_URL}): ${link}`);

        // The invited person opens the link in another browser.
        const guest = await newPage(browser, size);
        try {
          const g = guest.page;
          await g.goto(link);
          await g.getByRole('heading', { level: 1, name: `Bienvenue ${person.name}, choisissez votre mot de passe` }).waitFor();
          await g.getByText(person.email).waitFor();
          // Live hints: too short, then long enough.
          const pw = g.getByLabel('Mot de passe', { exact: true });
          await pw.fill('court');
          await g.getByText('Au moins 8 caractères (5 saisis)').first().waitFor();
          await g.getByRole('button', { name: 'Activer mon compte' }).click();
          await g.getByText('Le mot de passe doit contenir au moins 8 caractères').first().waitFor();
          await pw.fill(person.password);
          await g.getByLabel('Confirmez le mot de passe', { exact: true }).fill(person.password);
          await g.getByText('Les deux mots de passe sont identiques.').waitFor();
          await noHorizontalScroll(g, 'set-password page');
          if (size === 'desktop') assert.deepEqual(await axeViolations(g), [], 'axe-core on /definir-mot-de-passe (form)');
          await screenshot(g, 'definir-mot-de-passe', size);
          await g.getByRole('button', { name: 'Activer mon compte' }).click();

          // Sent to the sign-in page with a notice, the address filled in.
          await g.waitForURL((u) => u.pathname === '/connexion');
          await g.getByText('Votre compte est activé').waitFor();
          assert.equal(await g.getByLabel('Adresse e-mail', { exact: true }).inputValue(), person.email);
          await screenshot(g, 'connexion-compte-active', size);
          await g.getByLabel('Mot de passe', { exact: true }).fill(person.password);
          await g.getByRole('button', { name: 'Se connecter', exact: true }).click();

          // The client's dashboard: its company's name, and no administration anywhere.
          await g.getByRole('heading', { level: 1, name: `Bonjour ${person.name}` }).waitFor({ timeout: 15_000 });
          await g.getByText(`Espace client — ${clientName}`).waitFor();
          if (size === 'phone') await g.getByRole('button', { name: 'Menu', exact: true }).click();
          const nav = g.getByRole('navigation', { name: 'Navigation principale' });
          await nav.getByRole('link', { name: 'Tableau de bord', exact: true }).waitFor();
          await nav.getByRole('link', { name: 'Mon compte', exact: true }).waitFor();
          assert.equal(await nav.getByRole('link', { name: 'Clients', exact: true }).count(), 0, 'no « Clients » link for a client');
          assert.equal(await nav.getByRole('link', { name: 'Utilisateurs', exact: true }).count(), 0, 'no « Utilisateurs » link for a client');
          assert.equal(await g.locator('a[href^="/admin"]').count(), 0, 'no link to /admin at all');
          await g.getByText(clientName).filter({ visible: true }).first().waitFor();
          await screenshot(g, size === 'phone' ? 'tableau-de-bord-client-menu' : 'tableau-de-bord-client', size);
          await noHorizontalScroll(g, 'client dashboard');
          clientAccounts[size] = { ...person, clientName };
        } finally {
          await guest.context.close();
        }

        // The same link a second time: « déjà été utilisé ».
        const again = await newPage(browser, size);
        try {
          await again.page.goto(link);
          await again.page.getByRole('heading', { level: 1, name: 'Ce lien ne peut pas être utilisé' }).waitFor();
          await again.page.getByRole('alert').filter({ hasText: 'déjà été utilisé' }).waitFor();
          await screenshot(again.page, 'lien-deja-utilise', size);
        } finally {
          await again.context.close();
        }

        // Back on the admin side, the account is now active.
        await page.reload();
        await page.getByRole('heading', { level: 1, name: clientName }).waitFor();
        await page.getByText('Actif', { exact: true }).filter({ visible: true }).first().waitFor();
        assert.equal(await page.getByText('Invitation en attente').count(), 0);
        assert.deepEqual(admin.problems, []);
      } finally {
        await admin.context.close();
      }
    });

    test('a client user visiting /admin/clients sees a « page introuvable », no admin data, and stays signed in', async (t) => {
      const account = clientAccounts[size];
      if (!account) return t.skip('needs the client account of the previous test');
      const { context, page, problems } = await newPage(browser, size);
      const adminRequests = [];
      page.on('request', (r) => {
        if (new URL(r.url()).pathname.startsWith('/api/v1/admin')) adminRequests.push(r.url());
      });
      try {
        await page.goto(`${BASE_URL}/connexion`);
        await fillSignIn(page, account.email, account.password);
        await page.getByRole('heading', { level: 1, name: `Bonjour ${account.name}` }).waitFor({ timeout: 15_000 });

        for (const path of ['/admin/clients', '/admin/utilisateurs', '/admin/clients/1']) {
          await page.goto(`${BASE_URL}${path}`);
          await page.getByRole('heading', { level: 1, name: 'Page introuvable' }).waitFor();
          assert.equal(new URL(page.url()).pathname, path, 'stays at the address (no redirect to the sign-in page)');
          assert.equal(await page.getByRole('table').count(), 0);
          assert.equal(await page.getByRole('button', { name: 'Nouveau client' }).count(), 0);
          const main = await page.locator('main').innerText();
          for (const other of ['Transports Bêta', ...Object.values(CLIENT_NAMES).filter((n) => n !== account.clientName)]) {
            assert.ok(!main.includes(other), `no other client's name on the page (${other})`);
          }
        }
        await screenshot(page, 'client-admin-introuvable', size);
        assert.deepEqual(adminRequests, [], 'the page asked the admin API for nothing');

        // The API refuses the admin routes too, and the session is intact.
        const answers = await page.evaluate(async () => {
          const admin = await fetch('/api/v1/admin/clients');
          const session = await fetch('/api/v1/auth/session');
          return { admin: admin.status, session: session.status, me: (await session.json()).user };
        });
        assert.equal(answers.admin, 403, 'GET /api/v1/admin/clients as a client');
        assert.equal(answers.session, 200, 'GET /api/v1/auth/session still answers');
        assert.equal(answers.me.role, 'client');
        assert.equal(answers.me.client_name, account.clientName);

        await page.goto(`${BASE_URL}/tableau-de-bord`);
        await page.getByRole('heading', { level: 1, name: `Bonjour ${account.name}` }).waitFor();
        assert.deepEqual(problems, []);
      } finally {
        await context.close();
      }
    });
  });
}
