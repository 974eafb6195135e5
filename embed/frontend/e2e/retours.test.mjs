// Retours in the browser, against the real portal (issue 14, §2): at phone size, a client opens a
// retour with a screenshot from the project page; staff (desktop) take it into account and resolve
// it pointing at a new version of the deliverable; the client sees the resolution live, finds it
// in « À traiter » on its dashboard (the staff found the new bloquant in theirs), downloads that
// version from the retour's page and closes the retour. At phone size too, staff triage a retour
// from their list (priority, assignee: the assignee's bell says so), and the unread messages of a
// retour's thread show on the lists until its page is read (never an internal note for the
// client). axe-core, horizontal scrolling and tap targets are checked on the project's retours,
// the retour page, both « À traiter » and the staff's list.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { ADMIN, Api, BASE_URL, clientWithProject, day, newAdmin, upload as uploadAs } from './lib/env.mjs';
import { axeViolations, browserSuite, checkPage, signIn as signInAt } from './lib/browser.mjs';

const S = {};
const T = browserSuite(async ({ adminApi, run }) => {
  S.a = await clientWithProject(adminApi, `Société Zêta ${run}`, 'Inès Zêta', {
    name: `Application de caisse ${run}`,
    description: 'Une caisse enregistreuse en ligne.',
    start_date: day(-30),
    deadline: day(60),
  });
  S.project = S.a.project;
  const detail = await adminApi.ok('POST', `/admin/projects/${S.project.id}/milestones`, { title: 'Recette', description: '', due_date: '', weight: 1 });
  S.step = detail.milestones.find((m) => m.title === 'Recette');
  S.deliverable = await upload(`/admin/projects/${S.project.id}/deliverables?title=Caisse`, 'caisse-v1.zip', 'v1');
});
const { run } = T;

/** Uploads a small file as the admin. */
function upload(path, name, content) {
  return uploadAs(T.adminApi, path, name, `${content} ${run}`);
}

function signIn(size, account) {
  return signInAt(T.browser, size, account, { live: true });
}

// A small PNG (1 × 1, red): the « screenshot » the client attaches.
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==', 'base64');

test('phone: a client opens a retour with a screenshot; staff take it and resolve it with a new version; the client downloads it and closes the retour', async () => {
  const client = await signIn('phone', S.a.person);
  const admin = await signIn('desktop', ADMIN);
  try {
    const c = client.page;
    const title = `Le total ignore la remise ${run}`;

    // The client opens the retour from the project page.
    await c.goto(`${BASE_URL}/projets/${S.project.id}#retours`);
    const section = c.getByRole('region', { name: 'Retours' }).or(c.locator('#retours'));
    await section.getByRole('heading', { level: 2, name: 'Retours' }).waitFor();
    await section.getByRole('heading', { name: 'Aucun retour' }).waitFor();
    await checkPage(c, 'retours-projet', 'phone');
    await section.getByRole('button', { name: 'Ouvrir un retour' }).click();
    const dialog = c.getByRole('dialog', { name: /^Ouvrir un retour sur/ });
    await dialog.getByLabel('Type').selectOption('anomalie');
    await dialog.getByLabel('Priorité').selectOption('bloquant');
    // Sending without a title is refused in the form, next to the field.
    await dialog.getByRole('button', { name: 'Envoyer le retour' }).click();
    await dialog.getByText('Le titre du retour est obligatoire.').waitFor();
    await dialog.getByLabel(/^Titre/).fill(title);
    await dialog.getByLabel(/^Description/).fill('Avec une remise de 10 %, le total affiché reste le prix plein.');
    await dialog.getByLabel('Étape concernée').selectOption({ label: 'Recette' });
    await dialog.getByLabel('Joindre des captures ou fichiers').setInputFiles({ name: 'capture-caisse.png', mimeType: 'image/png', buffer: PNG });
    await dialog.getByText('Prêt à envoyer').waitFor();
    assert.deepEqual(await axeViolations(c), [], 'axe-core on the new retour dialog');
    await dialog.getByRole('button', { name: 'Envoyer le retour' }).click();

    // Its page: new, blocking, with the screenshot.
    await c.getByRole('heading', { level: 1, name: title }).waitFor();
    await c.getByText('Nouveau', { exact: true }).first().waitFor();
    await c.getByText('Bloquant', { exact: true }).first().waitFor();
    await c.getByRole('link', { name: /capture-caisse\.png/ }).waitFor();
    const retourUrl = c.url();
    const retourId = Number(retourUrl.split('/').pop());
    assert.ok(retourId > 0, `the retour's page: ${retourUrl}`);
    await checkPage(c, 'retour-nouveau', 'phone');
    // The client cannot move it itself before it is resolved.
    assert.equal(await c.getByRole('button', { name: 'Confirmer et clôturer' }).count(), 0);

    // « À traiter » on the staff's dashboard: a new bloquant waits for them, in both lists.
    const a = admin.page;
    await a.goto(`${BASE_URL}/tableau-de-bord`);
    const staffTodo = a.getByRole('region', { name: /^À traiter/ });
    await staffTodo
      .getByRole('region', { name: 'Bloquants ouverts' })
      .getByRole('link', { name: new RegExp(`^${title}`) })
      .waitFor();
    await staffTodo
      .getByRole('region', { name: 'Retours à prendre en compte' })
      .getByRole('link', { name: new RegExp(`^${title}`) })
      .waitFor();
    await checkPage(a, 'a-traiter-equipe', 'desktop');

    // Staff: the list across projects shows it; they take it into account.
    await a.goto(`${BASE_URL}/admin/retours`);
    await a.getByRole('link', { name: title }).waitFor();
    await checkPage(a, 'retours-admin', 'desktop');
    await a.getByRole('link', { name: title }).click();
    await a.getByRole('heading', { level: 1, name: title }).waitFor();
    await a.getByRole('button', { name: 'Prendre en compte' }).click();
    await a.getByText('Pris en compte', { exact: true }).first().waitFor();
    // The client's page follows live.
    await c.getByText('Pris en compte', { exact: true }).first().waitFor({ timeout: 5000 });

    // A new version fixes it; staff resolve the retour pointing at it.
    await upload(`/admin/deliverables/${S.deliverable.id}/versions`, 'caisse-v2.zip', 'v2 corrigée');
    await a.getByRole('button', { name: 'Résoudre' }).click();
    const resolve = a.getByRole('dialog', { name: 'Résoudre le retour' });
    await resolve.getByRole('button', { name: 'Résoudre' }).click();
    await resolve.getByText('Décrivez la résolution : la note est obligatoire.').waitFor();
    await resolve.getByLabel(/^Note de résolution/).fill('La remise est maintenant déduite du total.');
    await resolve.getByLabel('Version corrective').selectOption({ label: 'Caisse v2' });
    await resolve.getByRole('button', { name: 'Résoudre' }).click();
    await a.getByText('Résolu', { exact: true }).first().waitFor();

    // The client sees the resolution (live), downloads the version and closes the retour.
    await c.getByText("L'équipe a résolu ce retour", { exact: false }).waitFor({ timeout: 5000 });
    await c.getByText('La remise est maintenant déduite du total.').first().waitFor();

    // « À traiter » on the client's dashboard lists the resolved retour (and the new version to
    // decide on); the client acts on it from there.
    await c.goto(`${BASE_URL}/tableau-de-bord`);
    const todo = c.getByRole('region', { name: /^À traiter/ });
    const entry = todo.getByRole('region', { name: 'Retours résolus à confirmer' }).getByRole('link', { name: `${title} — confirmer la résolution ou rouvrir` });
    await entry.waitFor();
    await todo.getByRole('region', { name: 'Versions à valider' }).getByRole('link', { name: 'Caisse — version 2' }).waitFor();
    await checkPage(c, 'a-traiter-client', 'phone');
    await entry.click();
    await c.getByRole('heading', { level: 1, name: title }).waitFor();
    const [download] = await Promise.all([c.waitForEvent('download'), c.getByRole('link', { name: 'Télécharger Caisse v2' }).click()]);
    assert.equal(download.suggestedFilename(), 'caisse-v2.zip');
    assert.equal(await readFile(await download.path(), 'utf8'), `v2 corrigée ${run}`);
    await checkPage(c, 'retour-resolu', 'phone');
    await c.getByRole('button', { name: 'Confirmer et clôturer' }).click();
    await c.getByText('Clôturé', { exact: true }).first().waitFor();
    await c.getByText(/Inès Zêta : Résolu → Clôturé/).waitFor();
    assert.equal(await c.getByRole('button', { name: 'Rouvrir' }).count(), 0, 'a closed retour has no more moves');
    // Closed, it waits for nobody: it has left the client's « À traiter ».
    await c.goto(`${BASE_URL}/tableau-de-bord`);
    await todo.getByRole('region', { name: 'Versions à valider' }).waitFor();
    assert.equal(await todo.getByRole('link', { name: new RegExp(title) }).count(), 0, 'a closed retour is no longer « à traiter »');

    // The history is the whole workflow, and the staff hear of the closing.
    const history = await T.adminApi.ok('GET', `/retours/${retourId}`);
    assert.deepEqual(
      history.history.map((e) => `${e.from}→${e.to}`),
      ['→nouveau', 'nouveau→pris_en_compte', 'pris_en_compte→resolu', 'resolu→cloture'],
    );
    assert.equal(history.resolved_version.number, 2);
    await a.getByText('Clôturé', { exact: true }).first().waitFor({ timeout: 5000 });
    assert.deepEqual(client.problems, [], 'no page error on the client side');
  } finally {
    await client.context.close();
    await admin.context.close();
  }
});

test("phone: staff triage a retour from their list and the assignee hears of it; a thread's unread messages show on the lists until read", async () => {
  const zoe = await newAdmin('Zoé Équipe');
  const clientApi = new Api();
  await clientApi.login(S.a.person.email, S.a.person.password);
  const title = `Le PDF exporté est vide ${run}`;
  const r = await clientApi.ok('POST', `/projects/${S.project.id}/retours`, { kind: 'anomalie', priority: 'mineur', title, description: '', attachment_ids: [] });
  const admin = await signIn('phone', ADMIN);
  const client = await signIn('phone', S.a.person);
  try {
    // Triage from the staff's list, on a phone: the retour is a card with its selects.
    const a = admin.page;
    await a.goto(`${BASE_URL}/admin/retours?etat=tous`);
    const cards = a.getByRole('list', { name: 'Liste des retours' });
    await cards.getByRole('link', { name: title }).waitFor();
    await cards.getByLabel(`Priorité du retour « ${title} »`).selectOption('bloquant');
    await a.getByText(`« ${title} » : priorité Bloquant.`).waitFor();
    await cards.getByLabel(`Responsable du retour « ${title} »`).selectOption({ label: 'Zoé Équipe' });
    await a.getByText(`« ${title} » confié à Zoé Équipe.`).waitFor();
    await checkPage(a, 'retours-admin-triage', 'phone');
    const saved = await T.adminApi.ok('GET', `/retours/${r.id}`);
    assert.equal(saved.priority, 'bloquant');
    assert.equal(saved.assignee_name, 'Zoé Équipe');
    // The list filtered by that assignee keeps it, in the address.
    await a.goto(`${BASE_URL}/admin/retours?etat=tous&responsable=${saved.assignee_id}`);
    await cards.getByRole('link', { name: title }).waitFor();

    // The new assignee's bell says so.
    const z = await signIn('phone', zoe);
    try {
      await z.page.getByRole('button', { name: /^Notifications, \d+ non lues?$/ }).click();
      await z.page.getByRole('link', { name: new RegExp(`vous a confié le retour « ${title} »`) }).waitFor();
    } finally {
      await z.context.close();
    }

    // Staff answer in the thread, with an internal note: the client's list counts the answer only.
    await T.adminApi.ok('POST', `/retours/${r.id}/messages`, { body: 'Pouvez-vous nous envoyer le fichier source ?', attachment_ids: [], internal: false });
    await T.adminApi.ok('POST', `/retours/${r.id}/messages`, { body: 'Note : probablement la police manquante.', attachment_ids: [], internal: true });
    const c = client.page;
    await c.goto(`${BASE_URL}/projets/${S.project.id}?retours-etat=tous#retours`);
    const clientCards = c.getByRole('list', { name: 'Liste des retours' });
    const card = clientCards.getByRole('listitem').filter({ has: c.getByRole('link', { name: title }) });
    await card.getByText('1 nouveau message', { exact: true }).waitFor();
    await checkPage(c, 'retours-projet-non-lus', 'phone');
    await card.getByRole('link', { name: title }).click();
    await c.getByRole('heading', { level: 1, name: title }).waitFor();
    await c.getByText('Nouveaux messages', { exact: true }).waitFor();
    await c.getByText('Pouvez-vous nous envoyer le fichier source ?').waitFor();
    assert.equal(await c.getByText('probablement la police manquante', { exact: false }).count(), 0, 'the internal note never reaches the client');
    // Read: back on the project, the count is gone.
    await c.goto(`${BASE_URL}/projets/${S.project.id}?retours-etat=tous#retours`);
    await card.getByRole('link', { name: title }).waitFor();
    assert.equal(await card.getByText(/nouveaux? messages?/).count(), 0, 'a read thread has no unread count');

    // The client answers: the staff's list shows it unread, live.
    await a.goto(`${BASE_URL}/admin/retours?etat=tous`);
    const staffCard = cards.getByRole('listitem').filter({ has: a.getByRole('link', { name: title }) });
    await staffCard.getByRole('link', { name: title }).waitFor();
    assert.equal(await staffCard.getByText(/nouveaux? messages?/).count(), 0, 'the staff wrote the thread: nothing unread yet');
    await clientApi.ok('POST', `/retours/${r.id}/messages`, { body: 'Voici le fichier source.', attachment_ids: [], internal: false });
    await staffCard.getByText('1 nouveau message', { exact: true }).waitFor({ timeout: 5000 });
    assert.deepEqual(client.problems, [], 'no page error on the client side');
    assert.deepEqual(admin.problems, [], 'no page error on the staff side');
  } finally {
    await client.context.close();
    await admin.context.close();
  }
});

test('the statistics show the figures of retours, accessible at phone size', async () => {
  const admin = await signIn('phone', ADMIN);
  try {
    const a = admin.page;
    await a.goto(`${BASE_URL}/admin/statistiques`);
    await a.getByRole('heading', { level: 2, name: 'Retours des clients' }).waitFor();
    await a.getByText('Délai de prise en compte').waitFor();
    await a.getByText('Taux de réouverture').waitFor();
    await a.getByRole('table', { name: /Retours ouverts aujourd'hui/ }).waitFor();
    await checkPage(a, 'statistiques-retours', 'phone');
  } finally {
    await admin.context.close();
  }
});
