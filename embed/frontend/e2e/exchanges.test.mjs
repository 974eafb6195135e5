// Exchanges, notifications, statistics and audit in the browser, against the real portal (C6, C7,
// A6, A7, X3):
// 1. an admin and a user of client A on the same project, each in their own browser: a message
//    sent by one appears in the other's page within 2 seconds without reloading, and the bell
//    count goes up; the user of client B receives nothing (bell at 0, nothing new on its page);
// 2. /admin/statistiques draws its bar charts at phone and desktop sizes;
// 3. axe-core finds nothing on /admin/statistiques, /admin/echanges, /admin/journal, /admin/taches
//    and the project page with its thread.
// With PORTAL_GUIDE_SCREENSHOTS=1, the main screens are also saved into guides/images/ for the
// guides (phone and desktop).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ADMIN, BASE_URL, clientWithUser, createProject, day } from './lib/env.mjs';
import { browserSuite, checkPage, guideShot, signIn as signInAt } from './lib/browser.mjs';

const S = {};
const T = browserSuite(async ({ adminApi, run }) => {
  const [a, b] = await Promise.all([clientWithUser(adminApi, `Société Delta ${run}`, 'Lucie Delta'), clientWithUser(adminApi, `Société Epsilon ${run}`, 'Hugo Epsilon')]);
  S.a = a;
  S.b = b;
  S.project = await createProject(adminApi, {
    client_id: a.client.id,
    name: `Portail logistique ${run}`,
    description: 'Un portail pour suivre les livraisons.',
    start_date: day(-20),
    deadline: day(60),
  });
  await adminApi.ok('POST', `/admin/projects/${S.project.id}/milestones`, { title: 'Cadrage', description: '', due_date: '', weight: 1 });
});
const { run } = T;

/** Signs in and waits for the dashboard and for the live-events stream of the app. */
function signIn(size, account) {
  return signInAt(T.browser, size, account, { live: true });
}

function bell(page) {
  return page.getByRole('button', { name: /^Notifications/ });
}

test('a message appears live in the other browser within 2 s, the bell counts it, another client receives nothing', async () => {
  const admin = await signIn('desktop', ADMIN);
  const client = await signIn('phone', S.a.person);
  const other = await signIn('desktop', S.b.person);
  try {
    await guideShot(client.page, 'tableau-de-bord-client', 'phone');
    for (const { page } of [admin, client]) {
      await page.goto(`${BASE_URL}/projets/${S.project.id}#messages`);
      await page.getByRole('heading', { level: 2, name: 'Échanges' }).waitFor();
      await page.getByRole('heading', { name: "Aucun message pour l'instant" }).waitFor();
    }
    // The pages have reconnected their stream after the navigation? They use one EventSource for
    // the app: navigation inside the app keeps it.
    assert.equal(await bell(client.page).getAttribute('aria-expanded'), 'false');
    await client.page.waitForFunction(() => true);

    // The admin writes; Ctrl+Enter sends.
    const first = `Bonjour Lucie, voici le planning : https://exemple.fr/planning-${run}`;
    await admin.page.getByLabel('Votre message').fill(first);
    const sentAt = Date.now();
    await admin.page.getByLabel('Votre message').press('Control+Enter');
    await client.page.getByText(`Bonjour Lucie, voici le planning`).waitFor({ timeout: 2000 });
    const clientDelay = Date.now() - sentAt;
    console.log(`# admin → client: ${clientDelay} ms`);
    assert.ok(clientDelay <= 2000, `the client sees the message within 2 s (${clientDelay} ms)`);
    // Role badge, clickable link (http only), French time.
    const item = client.page.getByRole('listitem').filter({ hasText: 'Bonjour Lucie' });
    await item.getByText('Équipe BIGDATA').waitFor();
    await item.getByRole('link', { name: new RegExp(`planning-${run}`) }).waitFor();
    // The bell of the client counts the notification.
    await client.page.getByRole('button', { name: /^Notifications, 1 non lue/ }).waitFor({ timeout: 3000 });

    // The client answers; the admin sees it live too.
    const answer = `Merci, c'est noté ${run}.`;
    await client.page.getByLabel('Votre message').fill(answer);
    const answeredAt = Date.now();
    await client.page.getByRole('button', { name: 'Envoyer' }).click();
    await admin.page.getByText(answer).waitFor({ timeout: 2000 });
    const adminDelay = Date.now() - answeredAt;
    console.log(`# client → admin: ${adminDelay} ms`);
    assert.ok(adminDelay <= 2000, `the admin sees the answer within 2 s (${adminDelay} ms)`);
    await admin.page.getByRole('listitem').filter({ hasText: answer }).getByText('Client', { exact: true }).waitFor();
    await bell(admin.page)
      .and(admin.page.getByRole('button', { name: /non lue/ }))
      .waitFor({ timeout: 3000 });
    // The client may edit its own message within 15 minutes.
    await client.page
      .getByRole('listitem')
      .filter({ hasText: answer })
      .getByRole('button', { name: /^Modifier/ })
      .waitFor();
    await guideShot(client.page, 'echanges', 'phone');
    await guideShot(admin.page, 'projet-echanges', 'desktop');

    // The client opens its bell: the notification links to the conversation; mark all read.
    await bell(client.page).click();
    const panel = client.page.getByRole('region', { name: 'Panneau des notifications' });
    await panel.waitFor();
    await panel.getByRole('link').first().waitFor();
    await guideShot(client.page, 'notifications', 'phone');
    await panel.getByRole('button', { name: 'Tout marquer comme lu' }).click();
    await client.page.getByRole('button', { name: 'Notifications', exact: true }).waitFor();

    // The user of client B: no event, bell at 0, no trace of the project.
    await other.page.waitForTimeout(500);
    await other.page.getByRole('button', { name: 'Notifications', exact: true }).waitFor();
    assert.equal(await other.page.getByText(S.project.name).count(), 0, "client B does not see client A's project");
    assert.equal(await other.page.getByText(answer).count(), 0);
    const bList = await other.context.request.get(`${BASE_URL}/api/v1/notifications`);
    assert.equal((await bList.json()).unread, 0, 'client B has no notification');
    const forbidden = await other.context.request.get(`${BASE_URL}/api/v1/projects/${S.project.id}/messages`);
    assert.equal(forbidden.status(), 404, "client B cannot read client A's conversation");

    // The project page with its thread passes axe-core (admin, desktop).
    await checkPage(admin.page, 'projet-echanges', 'desktop', { panel: true });
    for (const s of [admin, client, other]) assert.deepEqual(s.problems, []);
  } finally {
    await Promise.all([admin.context.close(), client.context.close(), other.context.close()]);
  }
});

test('statistics draw their charts at phone and desktop sizes; axe-core on the admin follow-up pages', async () => {
  for (const size of ['desktop', 'phone']) {
    const { context, page, problems } = await signIn(size, ADMIN);
    try {
      await page.goto(`${BASE_URL}/admin/statistiques`);
      await page.getByRole('heading', { level: 1, name: 'Statistiques' }).waitFor();
      await page.locator('svg[data-chart="bar"]').nth(3).waitFor();
      // Projects, steps, deliverables and retours per month.
      assert.equal(await page.locator('svg[data-chart="bar"]').count(), 4, 'four bar charts');
      const box = await page.locator('svg[data-chart="bar"]').first().boundingBox();
      assert.ok(box && box.width > 250 && box.height > 80, `the chart is drawn (${JSON.stringify(box)})`);
      await page.getByText('Part de demandes de modifications').waitFor();
      // Each chart has its table of figures.
      await page.getByText('Voir les chiffres sous forme de tableau').first().click();
      await page.getByRole('table', { name: 'Projets créés par mois (statut actuel)' }).waitFor();
      await checkPage(page, 'admin-statistiques', size, { panel: true });
      await guideShot(page, 'statistiques', size);

      if (size === 'desktop') {
        await page.goto(`${BASE_URL}/admin/echanges`);
        await page.getByRole('heading', { level: 1, name: 'Historique des échanges' }).waitFor();
        await page.getByText(/^\d+ messages?$/).waitFor();
        await page.getByRole('link', { name: 'Exporter en CSV' }).waitFor();
        await checkPage(page, 'admin-echanges', size, { panel: true });
        await guideShot(page, 'historique-echanges', size);

        await page.goto(`${BASE_URL}/admin/journal`);
        await page.getByRole('heading', { level: 1, name: "Journal d'audit" }).waitFor();
        await page.getByText(/^\d+ entrées?$/).waitFor();
        // When the audit log's hash chain was last verified (none yet on a fresh portal).
        await page
          .getByRole('status')
          .filter({ hasText: /Chaîne d'empreintes (pas encore vérifiée|intacte)/ })
          .waitFor();
        await checkPage(page, 'admin-journal', size, { panel: true });

        await page.goto(`${BASE_URL}/admin/taches`);
        await page.getByRole('heading', { level: 1, name: 'Tâches planifiées' }).waitFor();
        await page
          .getByText(/Aucune exécution enregistrée|Réussie|Échec|Ignorée|En cours/)
          .first()
          .waitFor();
        await checkPage(page, 'admin-taches', size, { panel: true });

        await page.goto(`${BASE_URL}/mon-compte#notifications`);
        await page.getByRole('heading', { level: 2, name: 'Notifications' }).waitFor();
        await page.getByRole('group', { name: 'Nouveaux messages' }).waitFor();
      }
      assert.deepEqual(problems, []);
    } finally {
      await context.close();
    }
  }
});
