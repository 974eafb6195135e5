// Tasks inside steps, in the browser, against the real portal (§1 and §5 of the tasks issue), at
// desktop size:
// 1. staff add a step's tasks by pasting a list, add an internal one, and move two visible ones
//    and the internal one to « terminée »: the step reads « 2 tâches sur 4 terminées » and the
//    progress moves; the client, whose page is open meanwhile, sees its progress and its
//    « pourquoi » explanation change, counts the visible tasks only and never sees the internal one;
// 2. axe-core on both pages (the paste dialog and the explanation open), no sideways scroll;
// 3. the client turns its calendar feed on from « Mon compte » and reads it at the URL shown once.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { ADMIN, Api, BASE_URL, clientWithUser } from './lib/env.mjs';
import { launch, checkPage, projectStep, signIn as signInAt } from './lib/browser.mjs';

let browser;
let adminApi;
const run = Date.now().toString(36);

before(async () => {
  browser = await launch();
  adminApi = new Api();
  await adminApi.login(ADMIN.email, ADMIN.password);
});
after(async () => {
  await browser?.close();
});

function signIn(size, account) {
  return signInAt(browser, size, account);
}

function check(page, name, size) {
  return checkPage(page, name, size);
}

function toast(page, text) {
  return page.getByRole('status').filter({ hasText: text }).first().waitFor();
}

function step(page, title) {
  return projectStep(page, new RegExp(title));
}

/** The percentage line under the project's bar, e.g. « 53 % · étape 1 sur 3 ». */
function progressLine(page, percent) {
  return page.locator('#avancement-titre + div p').filter({ hasText: new RegExp(`^${percent}\\s%`) });
}

test('staff paste a step’s tasks and finish two; the client’s progress and « pourquoi » follow, without the internal task', async () => {
  const { client, person } = await clientWithUser(adminApi, `Société Delta ${run}`, 'Denis Delta');
  const project = await adminApi.ok('POST', '/admin/projects', { client_id: client.id, name: `Application Delta ${run}`, status: 'en_cours' });
  let p = project;
  for (const title of ['Cadrage', 'Développement', 'Recette']) p = await adminApi.ok('POST', `/admin/projects/${project.id}/milestones`, { title });
  const [cadrage, dev] = p.milestones;
  await adminApi.ok('POST', `/admin/milestones/${cadrage.id}/state`, { state: 'livree' });
  await adminApi.ok('POST', `/admin/milestones/${dev.id}/state`, { state: 'en_cours' });

  // The client's page is open all along: it must follow the staff's work live.
  const customer = await signIn('desktop', person);
  const staff = await signIn('desktop', ADMIN);
  try {
    const cp = customer.page;
    await cp.goto(`${BASE_URL}/projets/${project.id}`);
    await progressLine(cp, 33).waitFor();
    await cp.getByText(/^Pourquoi 33\s%\s\?$/).click();
    const why = cp.getByRole('table', { name: /Ce que chaque étape apporte/ });
    await why
      .getByRole('row', { name: /Développement/ })
      .filter({ hasText: /En cours\s:\s0\s% des tâches terminées/ })
      .waitFor();

    // Staff paste four tasks into « Développement ».
    const sp = staff.page;
    await sp.goto(`${BASE_URL}/projets/${project.id}`);
    await step(sp, 'Développement')
      .getByRole('button', { name: /^Ajouter des tâches/ })
      .click();
    const paste = sp.getByRole('dialog', { name: /^Ajouter des tâches à l'étape «\sDéveloppement\s»$/ });
    await paste.getByLabel(/Tâches, une par ligne/).fill('- Maquette de l’accueil\n- Intégration\n\n- Tests sur mobile\n- Mise en recette\n');
    await check(sp, 'tasks-paste-dialog', 'desktop');
    await paste.getByRole('button', { name: 'Ajouter 4 tâches' }).click();
    await toast(sp, '4 tâches ajoutées');
    const devStep = step(sp, 'Développement');
    await devStep.getByText('0 tâche sur 4 terminée').waitFor();

    // One more, internal: staff only.
    await devStep.getByRole('button', { name: /^Ajouter des tâches/ }).click();
    const internal = sp.getByRole('dialog', { name: /Ajouter des tâches/ });
    await internal.getByLabel(/Tâches, une par ligne/).fill('Revue de sécurité interne');
    await internal.getByLabel('Visibilité').selectOption('interne');
    await internal.getByRole('button', { name: 'Ajouter 1 tâche' }).click();
    await toast(sp, '1 tâche ajoutée');
    await devStep.getByText('0 tâche sur 5 terminée').waitFor();
    await devStep.getByText('Interne', { exact: true }).waitFor();

    // Two visible tasks and the internal one move to « terminée ».
    for (const title of ['Maquette de l’accueil', 'Intégration', 'Revue de sécurité interne']) {
      await sp.getByLabel(new RegExp(`^Statut de la tâche «\\s${title}\\s»$`)).selectOption('terminee');
      await toast(sp, new RegExp(`Tâche «\\s${title}\\s»\\s:\\sTerminée\\.`));
    }
    await devStep.getByText('3 tâches sur 5 terminées').waitFor();
    // Cadrage delivered (1 of 3) + Développement in progress, 3 of its 5 tasks finished (0.6 of 1): 53 %.
    await progressLine(sp, 53).waitFor();
    await check(sp, 'tasks-staff-project', 'desktop');

    // The client's page followed: progress, explanation, counts of visible tasks, history.
    // (The internal task's completion reaches it too: it moves the progress the client sees.)
    await progressLine(cp, 53).waitFor({ timeout: 15_000 });
    const cdev = step(cp, 'Développement');
    await cdev.getByText('2 tâches sur 4 terminées').waitFor();
    assert.equal(
      await cdev
        .getByRole('list', { name: /^Tâches de l'étape/ })
        .getByRole('listitem')
        .count(),
      4,
      'the client lists the four visible tasks',
    );
    await cp.getByText(/^Pourquoi 53\s%\s\?$/).waitFor();
    if (
      !(await cp
        .locator('details')
        .first()
        .evaluate((d) => d.open))
    )
      await cp.getByText(/^Pourquoi 53\s%\s\?$/).click();
    const row = why.getByRole('row', { name: /Développement/ });
    await row.filter({ hasText: /En cours\s:\s60\s% des tâches terminées/ }).waitFor();
    assert.match(await row.innerText(), /\+20 pts/);
    assert.match(await why.getByRole('row', { name: /Cadrage/ }).innerText(), /Livrée\s:\sentièrement[\s\S]*\+33,3 pts/);
    await cp
      .getByRole('region', { name: 'Historique du projet' })
      .getByText(/Tâche «\sIntégration\s» terminée par/)
      .waitFor();
    assert.equal(await cp.getByText('Revue de sécurité interne').count(), 0, 'the internal task never shows in the client’s browser');
    assert.doesNotMatch(await cp.locator('main').innerText(), /Revue de sécurité|Interne/);
    await check(cp, 'tasks-client-project', 'desktop');

    // On a phone, the same page fits: the explanation's table scrolls inside its box, not the page.
    const phone = await signIn('phone', person);
    try {
      await phone.page.goto(`${BASE_URL}/projets/${project.id}`);
      await step(phone.page, 'Développement').getByText('2 tâches sur 4 terminées').waitFor();
      await phone.page.getByText(/^Pourquoi 53\s%\s\?$/).click();
      await check(phone.page, 'tasks-client-project', 'phone');
    } finally {
      await phone.context.close();
    }
  } finally {
    await customer.context.close();
    await staff.context.close();
  }
});

test('a client turns its calendar feed on from « Mon compte » and reads it at the address shown once', async () => {
  const { person } = await clientWithUser(adminApi, `Société Epsilon ${run}`, 'Emma Epsilon');
  const session = await signIn('desktop', person);
  const { page } = session;
  try {
    await page.goto(`${BASE_URL}/mon-compte#calendrier`);
    const section = page.getByRole('region', { name: 'Calendrier des échéances' });
    await section.getByRole('button', { name: 'Activer le calendrier' }).click();
    const address = section.getByLabel('Adresse du calendrier');
    await address.waitFor();
    const url = await address.inputValue();
    assert.match(url, /\/api\/v1\/calendar\/[A-Za-z0-9_-]{40,}\.ics$/);
    const res = await fetch(url.replace(/^https?:\/\/[^/]+/, BASE_URL));
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('content-type'), 'text/calendar; charset=utf-8');
    assert.match(await res.text(), /^BEGIN:VCALENDAR\r\n[\s\S]*END:VCALENDAR\r\n$/);
    await check(page, 'account-calendar', 'desktop');
    // Turned off, the address stops working.
    await section.getByRole('button', { name: 'Désactiver' }).click();
    await page
      .getByRole('dialog', { name: /^Désactiver le calendrier\s\?$/ })
      .getByRole('button', { name: 'Désactiver' })
      .click();
    await toast(page, 'Calendrier désactivé.');
    assert.equal((await fetch(url.replace(/^https?:\/\/[^/]+/, BASE_URL))).status, 404);
  } finally {
    await session.context.close();
  }
});
