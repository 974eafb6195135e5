// Projects, milestones and deliverables in the browser, against the real portal (C2-C5, A1, A3,
// A5, X2, X6):
// 1. an admin (desktop) creates a client, invites its user, creates a project with three steps of
//    equal weight and marks one delivered; that user, on a phone, sees « 33 % · étape 1 sur 3 »,
//    the delivered step on the timeline and « En cours »; the user of another client sees nothing;
// 2. the admin uploads a 5 MB deliverable (progress to 100 %), the client asks for changes, the
//    admin uploads version 2, the client validates it: the step is « validée », progress moves,
//    and the downloaded file has the SHA-256 the page shows;
// 3. axe-core on the dashboards and project pages at desktop size, no sideways scroll at 360 px.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { ADMIN, Api, BASE_URL, acceptInvitation, clientWithUser, createProject, strongPassword, uniqueEmail } from './lib/env.mjs';
import { axeViolations, axeWithNotificationsPanel, horizontalOverflow, launch, screenshot, smallTargets, signIn as signInAt } from './lib/browser.mjs';

let browser;
let adminApi;
const run = Date.now().toString(36);
const S = {}; // what the tests hand to each other: the project, the client accounts

before(async () => {
  browser = await launch();
  adminApi = await Api.admin();
});
after(async () => {
  await browser?.close();
});

/** "YYYY-MM-DD", `days` from today. */
function day(days) {
  return new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
}

function signIn(size, account) {
  return signInAt(browser, size, account);
}

async function fits(page, where) {
  const { scrollWidth, innerWidth } = await horizontalOverflow(page);
  assert.ok(scrollWidth <= innerWidth, `${where}: no horizontal scroll (${scrollWidth} > ${innerWidth})`);
}

/** axe-core, 44 px targets and no sideways scroll, with a screenshot for a human to look at. */
async function check(page, name, size) {
  await screenshot(page, name, size);
  await fits(page, name);
  assert.deepEqual(await axeViolations(page), [], `axe-core on ${name} (${size})`);
  assert.deepEqual(await smallTargets(page), [], `${name} (${size}): every tap target is at least 44 × 44 px`);
  assert.deepEqual(await axeWithNotificationsPanel(page), [], `axe-core on ${name} (${size}) with the notifications panel open`);
}

function toast(page, text) {
  return page.getByRole('status').filter({ hasText: text }).first().waitFor();
}

function step(page, title) {
  return page.locator('#etapes li').filter({ has: page.getByRole('heading', { level: 3, name: new RegExp(title) }) });
}

test('an admin sets up a project with three steps and delivers one; its client follows it on a phone; another client sees nothing', async () => {
  const clientName = `Société Gamma ${run}`;
  const projectName = `Refonte du site ${run}`;
  const person = { name: 'Inès Gamma', email: uniqueEmail('ines'), password: strongPassword('Ines') };
  const admin = await signIn('desktop', ADMIN);
  const { page } = admin;
  try {
    // The client company, and its user invited from its page.
    await page.goto(`${BASE_URL}/admin/clients`);
    await page.getByRole('button', { name: 'Nouveau client' }).first().click();
    const newClient = page.getByRole('dialog', { name: 'Nouveau client' });
    await newClient.getByLabel('Nom du client').fill(clientName);
    await newClient.getByRole('button', { name: 'Créer le client' }).click();
    await page.getByRole('heading', { level: 1, name: clientName }).waitFor();
    await page.getByRole('button', { name: 'Inviter un utilisateur' }).first().click();
    const invite = page.getByRole('dialog', { name: 'Inviter un utilisateur' });
    await invite.getByLabel('Nom et prénom').fill(person.name);
    await invite.getByLabel('Adresse e-mail').fill(person.email);
    await invite.getByRole('button', { name: "Envoyer l'invitation" }).click();
    await toast(page, `Invitation envoyée à ${person.email}.`);

    // The project: « Projets » in the navigation, then « Nouveau projet ».
    await page.getByRole('navigation', { name: 'Navigation principale' }).getByRole('link', { name: 'Projets', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'Projets' }).waitFor();
    await page.getByRole('link', { name: 'Nouveau projet' }).first().click();
    await page.getByRole('heading', { level: 1, name: 'Nouveau projet' }).waitFor();
    const client = page.getByLabel(/^Client/);
    await client.locator(`option:text-is("${clientName}")`).waitFor({ state: 'attached' });
    // Submitting without a client or a name: French messages next to the fields.
    await page.getByRole('button', { name: 'Créer le projet' }).click();
    await page.getByText('Choisissez le client de ce projet.').waitFor();
    await client.selectOption({ label: clientName });
    await page.getByLabel(/^Nom du projet/).fill(projectName);
    await page.getByLabel(/^Description/).fill('Nouveau site vitrine et espace de commande.\nMaquettes : https://exemple.fr/maquettes');
    await page.getByLabel('Date de début').fill(day(-10));
    await page.getByLabel('Échéance', { exact: true }).fill(day(80));
    await screenshot(page, 'projet-nouveau', 'desktop');
    await page.getByRole('button', { name: 'Créer le projet' }).click();
    await page.getByRole('heading', { level: 1, name: projectName }).waitFor();
    const projectId = Number(new URL(page.url()).pathname.split('/').pop());
    assert.ok(projectId > 0, `a project page: ${page.url()}`);
    await page.getByRole('heading', { name: "Aucune étape pour l'instant" }).waitFor();

    // Three steps of equal weight.
    const steps = [
      ['Conception', day(5)],
      ['Maquettes', day(30)],
      ['Mise en ligne', day(75)],
    ];
    for (const [title, due] of steps) {
      await page.getByRole('button', { name: 'Ajouter une étape' }).first().click();
      const dialog = page.getByRole('dialog', { name: 'Ajouter une étape' });
      await dialog.getByLabel(/^Titre de l'étape/).fill(title);
      await dialog.getByLabel('Date prévue').fill(due);
      await dialog.getByRole('button', { name: "Ajouter l'étape" }).click();
      await dialog.waitFor({ state: 'detached' });
      await step(page, title).waitFor();
    }
    await page.getByText('0 % · étape 0 sur 3', { exact: true }).waitFor();

    // The first one delivered.
    await step(page, 'Conception')
      .getByRole('button', { name: /^Marquer livrée/ })
      .click();
    await toast(page, 'Étape « Conception » marquée livrée.');
    await page.getByText('33 % · étape 1 sur 3', { exact: true }).waitFor();
    await step(page, 'Conception').getByText(`Livrée le`).waitFor();
    await page.locator('#historique').getByText(`Étape « Conception » livrée par ${ADMIN.name}`).waitFor();
    // The description is text: a line break kept, the address a safe link.
    const link = page.getByRole('link', { name: /^https:\/\/exemple\.fr\/maquettes/ });
    assert.equal(await link.getAttribute('rel'), 'noopener noreferrer');
    await check(page, 'projet-admin', 'desktop');
    S.project = { id: projectId, name: projectName, clientName };

    // The invited person chooses a password through the e-mail's link.
    await acceptInvitation(person.email, person.password);
    S.client = person;
  } finally {
    await admin.context.close();
  }

  // The client, on a phone: its dashboard, then the project.
  const phone = await signIn('phone', S.client);
  try {
    const p = phone.page;
    const card = p.getByRole('article').filter({ has: p.getByRole('link', { name: projectName }) });
    await card.waitFor();
    await card.getByText('33 % · étape 1 sur 3', { exact: true }).waitFor();
    await card.getByText('En cours', { exact: true }).waitFor();
    await card.getByText('Maquettes').waitFor(); // the next step
    await p.getByRole('heading', { name: "Aucun livrable pour l'instant" }).waitFor();
    await screenshot(p, 'tableau-de-bord-client-projets', 'phone');
    await fits(p, 'client dashboard at 360 px');

    await card.getByRole('link', { name: projectName }).click();
    await p.getByRole('heading', { level: 1, name: projectName }).waitFor();
    assert.equal(new URL(p.url()).pathname, `/projets/${S.project.id}`);
    await p.getByText('33 % · étape 1 sur 3', { exact: true }).waitFor();
    await p.getByText('En cours', { exact: true }).first().waitFor();
    const delivered = step(p, 'Conception');
    await delivered.getByText('Livrée', { exact: true }).waitFor();
    await delivered.getByText(new RegExp(`^Livrée le .* par ${ADMIN.name}$`)).waitFor();
    await p.locator('#historique').getByText(`Étape « Conception » livrée par ${ADMIN.name}`).waitFor();
    assert.equal(await p.getByRole('button', { name: /^Marquer livrée/ }).count(), 0, 'no admin action for a client');
    await fits(p, 'project page at 360 px');
    await screenshot(p, 'projet-client', 'phone');
    assert.deepEqual(phone.problems, []);
  } finally {
    await phone.context.close();
  }

  // The user of another client: not in its list, and the address answers « Page introuvable ».
  const other = await clientWithUser(adminApi, `Société Delta ${run}`, 'Hugo Delta');
  S.otherClient = other.person;
  const stranger = await signIn('phone', other.person);
  try {
    const p = stranger.page;
    await p.goto(`${BASE_URL}/projets`);
    await p.getByRole('heading', { level: 1, name: 'Projets' }).waitFor();
    await p.getByRole('heading', { name: "Aucun projet pour l'instant" }).waitFor();
    assert.ok(!(await p.locator('main').innerText()).includes(projectName), 'no trace of the other client’s project');
    const [answer] = await Promise.all([p.waitForResponse((r) => new URL(r.url()).pathname === `/api/v1/projects/${S.project.id}`), p.goto(`${BASE_URL}/projets/${S.project.id}`)]);
    assert.equal(answer.status(), 404);
    await p.getByRole('heading', { level: 1, name: 'Page introuvable' }).waitFor();
    const main = await p.locator('main').innerText();
    assert.ok(!main.includes(projectName) && !main.includes(clientName), 'the not-found page says nothing of the project');
    await screenshot(p, 'projet-autre-client', 'phone');
  } finally {
    await stranger.context.close();
  }
});

test('deliverables: a 5 MB upload with its progress, a change request, version 2, validation, and the SHA-256 of the download', async (t) => {
  if (!S.project || !S.client) return t.skip('needs the project of the previous test');
  const projectUrl = `${BASE_URL}/projets/${S.project.id}`;
  const v1 = randomBytes(5 * 1024 * 1024);
  const v2 = randomBytes(5 * 1024 * 1024 + 123);
  const admin = await signIn('desktop', ADMIN);
  const client = await signIn('desktop', S.client);
  const a = admin.page;
  const c = client.page;
  try {
    // The admin uploads version 1 for the step « Maquettes », on a slowed-down link so that the
    // progress shows; every value the bar takes is recorded.
    await a.goto(projectUrl);
    await a.getByRole('heading', { level: 1, name: S.project.name }).waitFor();
    await a.getByRole('button', { name: 'Téléverser un livrable' }).first().click();
    const dialog = a.getByRole('dialog', { name: 'Téléverser un livrable' });
    await dialog.getByLabel(/^Titre du livrable/).fill('Maquettes graphiques');
    await dialog.getByLabel(/^Étape concernée/).selectOption({ label: '2. Maquettes (À venir)' });
    await dialog.getByLabel(/^Note pour le client/).fill('Les maquettes des pages principales.');
    // No file: the French message next to the field.
    await dialog.getByRole('button', { name: 'Téléverser', exact: true }).click();
    await dialog.getByText('Choisissez le fichier à téléverser.').waitFor();
    await dialog.getByLabel(/^Fichier/).setInputFiles({ name: 'maquettes-v1.zip', mimeType: 'application/zip', buffer: v1 });
    await dialog.getByText('maquettes-v1.zip — 5 Mo').waitFor();
    assert.deepEqual(await axeViolations(a), [], 'axe-core on the upload dialog');
    await a.evaluate(() => {
      window.progressSeen = [];
      new MutationObserver(() => {
        const bar = document.querySelector('dialog [role=progressbar]');
        if (bar) window.progressSeen.push(Number(bar.getAttribute('aria-valuenow')));
      }).observe(document.body, { subtree: true, childList: true, attributes: true, attributeFilter: ['aria-valuenow'] });
    });
    const cdp = await admin.context.newCDPSession(a);
    await cdp.send('Network.enable');
    await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 150, downloadThroughput: -1, uploadThroughput: 3 * 1024 * 1024 });
    await dialog.getByRole('button', { name: 'Téléverser', exact: true }).click();
    await dialog.getByRole('progressbar').waitFor();
    await dialog.getByText(/sur 5\sMo$/).waitFor();
    await screenshot(a, 'televersement-en-cours', 'desktop');
    await toast(a, '« Maquettes graphiques » : version 1 téléversée.');
    await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: -1 });
    const seen = await a.evaluate(() => window.progressSeen);
    assert.ok(seen.includes(100), `the progress bar reached 100 % (values: ${seen.join(', ')})`);
    assert.ok(
      seen.some((v) => v > 0 && v < 100),
      `and went through values in between (values: ${seen.join(', ')})`,
    );
    const deliverable = a.locator('#livrables article').filter({ hasText: 'Maquettes graphiques' });
    await deliverable.getByText('En attente de validation').waitFor();
    await step(a, 'Maquettes').getByText('Livrée', { exact: true }).waitFor();
    await a.getByText('67 % · étape 2 sur 3', { exact: true }).waitFor();

    // The client sees it and asks for changes (the comment is mandatory).
    await c.goto(projectUrl);
    const card = c.locator('#livrables article').filter({ hasText: 'Maquettes graphiques' });
    await card.getByText('En attente de validation').waitFor();
    await card.getByText('maquettes-v1.zip').waitFor();
    await card.getByText('5 Mo').first().waitFor();
    await check(c, 'projet-client-livrable', 'desktop');
    await card.getByRole('button', { name: /^Demander des modifications/ }).click();
    const changes = c.getByRole('dialog', { name: /^Demander des modifications/ });
    await changes.getByRole('button', { name: 'Envoyer la demande' }).click();
    await changes.getByText('Expliquez les modifications attendues : le commentaire est obligatoire.').waitFor();
    await changes.getByLabel(/^Modifications attendues/).fill('Le logo doit être plus grand sur la page d’accueil.');
    await screenshot(c, 'demande-modifications', 'desktop');
    assert.deepEqual(await axeViolations(c), [], 'axe-core on the change request dialog');
    await changes.getByRole('button', { name: 'Envoyer la demande' }).click();
    await toast(c, "Demande de modifications envoyée pour « Maquettes graphiques » : un retour la suit jusqu'à la nouvelle version.");
    await card.getByText('Modifications demandées').first().waitFor();
    await card.getByText('Le logo doit être plus grand').waitFor();
    await step(c, 'Maquettes').getByText('En cours', { exact: true }).waitFor();
    await c.getByText('33 % · étape 1 sur 3', { exact: true }).waitFor();
    assert.equal(await card.getByRole('button', { name: /^Valider/ }).count(), 0, 'nothing to decide until a new version comes');

    // The admin uploads version 2.
    await a.reload();
    await deliverable.getByText('Modifications demandées').first().waitFor();
    await deliverable.getByRole('button', { name: /^Nouvelle version/ }).click();
    const version = a.getByRole('dialog', { name: /^Nouvelle version de « Maquettes graphiques »/ });
    await version.getByLabel(/^Fichier/).setInputFiles({ name: 'maquettes-v2.zip', mimeType: 'application/zip', buffer: v2 });
    await version.getByRole('button', { name: 'Téléverser', exact: true }).click();
    await toast(a, '« Maquettes graphiques » : version 2 téléversée.');
    await deliverable.getByText('Version 2', { exact: true }).waitFor();

    // The client validates version 2: the step is « Validée », the progress moves.
    await c.reload();
    await card.getByText('Version 2', { exact: true }).waitFor();
    await card.getByRole('button', { name: /^Valider/ }).click();
    const validate = c.getByRole('dialog', { name: /^Valider « Maquettes graphiques »/ });
    await validate.getByText("L'étape « Maquettes » sera marquée validée.").waitFor();
    await validate.getByRole('button', { name: 'Valider le livrable' }).click();
    await toast(c, '« Maquettes graphiques » validé');
    await card.getByText('Validé', { exact: true }).first().waitFor();
    await step(c, 'Maquettes').getByText('Validée', { exact: true }).waitFor();
    await step(c, 'Maquettes')
      .getByText(new RegExp(`^Validée le .* par ${S.client.name}$`))
      .waitFor();
    await c.getByText('67 % · étape 2 sur 3', { exact: true }).waitFor();
    await c.locator('#historique').getByText(`Étape « Maquettes » validée par ${S.client.name}`).waitFor();
    await card.getByText('Version précédente (1)').click();
    await check(c, 'projet-client-valide', 'desktop');

    // The download through the page is the file uploaded, with the SHA-256 shown.
    const shown = await card.locator('code[data-sha256]').first();
    const fullSha = await shown.getAttribute('data-sha256');
    const shortSha = (await shown.innerText()).trim();
    const [download] = await Promise.all([
      c.waitForEvent('download'),
      card
        .getByRole('link', { name: /^Télécharger/ })
        .first()
        .click(),
    ]);
    assert.equal(download.suggestedFilename(), 'maquettes-v2.zip');
    const got = createHash('sha256')
      .update(await readFile(await download.path()))
      .digest('hex');
    assert.equal(got, createHash('sha256').update(v2).digest('hex'), 'the downloaded bytes are version 2');
    assert.equal(fullSha, got, 'the page shows the SHA-256 of the file');
    assert.equal(shortSha, `${got.slice(0, 8)}…${got.slice(-8)}`, 'shortened as first…last 8 characters');

    // The admin sees who downloaded it.
    await a.reload();
    await deliverable
      .getByRole('button', { name: /^Téléchargements/ })
      .first()
      .click();
    const downloads = a.getByRole('dialog', { name: /^Téléchargements de « Maquettes graphiques »/ });
    await downloads.getByText(S.client.email).waitFor();
    await screenshot(a, 'telechargements', 'desktop');
    await downloads.getByRole('button', { name: 'Fermer' }).last().click();
    assert.deepEqual(admin.problems, []);
    assert.deepEqual(client.problems, []);
  } finally {
    await admin.context.close();
    await client.context.close();
  }
});

test('dashboards and project pages: axe-core at desktop size, no sideways scroll at 360 px', async (t) => {
  if (!S.project || !S.client) return t.skip('needs the project of the first test');
  // Some alerts for the admin's dashboard: a late project with an overdue step.
  const late = await createProject(adminApi, {
    client_id: (await adminApi.ok('GET', `/projects/${S.project.id}`)).client_id,
    name: `Migration des données ${run}`,
    start_date: day(-90),
    deadline: day(-3),
  });
  await adminApi.ok('POST', `/admin/projects/${late.id}/milestones`, { title: 'Export des données', description: '', due_date: day(-20), weight: 1 });

  for (const size of ['desktop', 'phone']) {
    for (const [who, account] of [
      ['admin', ADMIN],
      ['client', S.client],
    ]) {
      const { context, page, problems } = await signIn(size, account);
      try {
        const verify = size === 'desktop' ? (name) => check(page, name, size) : async (name) => (await screenshot(page, name, size), fits(page, `${name} at 360 px`));
        if (who === 'admin') {
          await page.getByRole('heading', { name: 'Projets par statut' }).waitFor();
          await page.getByRole('heading', { name: 'Validations en attente' }).waitFor();
          await page
            .getByRole('link', { name: `Migration des données ${run}` })
            .first()
            .waitFor();
        } else {
          await page.getByRole('link', { name: S.project.name }).waitFor();
          await page.getByRole('link', { name: /^Maquettes graphiques — version 2/ }).waitFor();
        }
        await verify(`tableau-de-bord-${who}-complet`);

        await page.goto(`${BASE_URL}/projets`);
        await page.getByRole('heading', { level: 1, name: 'Projets' }).waitFor();
        await page.getByText(/^\d+ projets?$/).waitFor();
        await verify(`projets-${who}`);
        if (who === 'admin') {
          // On phones the filters fold behind a button.
          if (size === 'phone') await page.getByRole('button', { name: /^Filtres/ }).click();
          await page.getByRole('button', { name: 'En retard', exact: true }).click();
          await page.getByRole('button', { name: 'En retard', pressed: true }).waitFor();
          await page
            .getByRole('link', { name: `Migration des données ${run}` })
            .first()
            .waitFor();
          assert.equal(new URL(page.url()).searchParams.get('retard'), '1');
          await verify('projets-admin-en-retard');
        }

        await page.goto(`${BASE_URL}/projets/${S.project.id}`);
        await page.getByRole('heading', { level: 1, name: S.project.name }).waitFor();
        await page.locator('#livrables article').first().waitFor();
        await verify(`projet-${who}-complet`);
        assert.deepEqual(problems, []);
      } finally {
        await context.close();
      }
    }
  }
});
