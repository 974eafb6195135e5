// The guides inside the portal and the installable app, against the real portal (issue 17):
// 1. a client on a phone opens the help from the project page (« ? ») and lands on the guide's
//    section « Suivre un projet », on screen, with its screenshot loaded;
// 2. a staff member searches the guides for « retour » and opens the section on retours;
// 3. the screens the guides picture for tasks (a step's, the paste dialog, « Pourquoi N % », a task
//    linked to the retour it answers and the retour's « Tâches liées »), retours (staff list with an
//    unread count and a triage from its row, staff and client pages, an internal note in a retour's
//    thread), « À traiter » (staff and client), « Premiers pas », an internal note, the calendar feed
//    and the jobs show what the guides say of them;
// 4. the client guide's PDF (the link of its page) holds every heading of the guide and its
//    pictures, read back with pdftotext and pdfimages; every guide's PDF, in French and English,
//    holds as many pictures as its Markdown shows (a guide given pictures but not printed again fails);
// 5. the web app manifest and its icons, the service worker (headers, control of the page, a
//    cache holding hashed files only), and the offline page with the network cut.
// With PORTAL_GUIDE_SCREENSHOTS=1 it also saves the guides' screenshots it takes into
// guides/images/ and prints every guide, in French and English, into guides/pdf/ (Chromium's
// print-to-PDF of the guide's page: run it again after a guide changes, then rebuild).
import { test } from 'node:test';
// Lets the test answer the browser's fetch of the worker script itself (a new version of it);
// read by playwright-core when it attaches to Chromium.
process.env.PW_EXPERIMENTAL_SERVICE_WORKER_NETWORK_EVENTS = '1';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ADMIN, Api, BASE_URL, clientWithProject, day } from './lib/env.mjs';
import { axeViolations, axeWithNotificationsPanel, browserSuite, horizontalOverflow, guideShot, GUIDES_DIR, guideShots, projectStep, signIn as signInAt, smallTargets } from './lib/browser.mjs';

const S = {};
const T = browserSuite(async ({ adminApi, run }) => {
  S.a = await clientWithProject(adminApi, `Société Gamma ${run}`, 'Inès Gamma', {
    name: `Refonte du site ${run}`,
    description: 'Le nouveau site vitrine et son espace presse.',
    start_date: day(-20),
    deadline: day(60),
  });
  S.project = S.a.project;
  for (const [title, weight] of [
    ['Cadrage', 1],
    ['Maquettes', 2],
    ['Développement', 3],
  ]) {
    await adminApi.ok('POST', `/admin/projects/${S.project.id}/milestones`, { title, description: '', due_date: '', weight });
  }
});

function signIn(size, account, { shot } = {}) {
  return signInAt(T.browser, size, account, { atForm: shot ? (page) => guideShot(page, 'connexion', size) : undefined });
}

/** The headings (## and ###) of a guide's Markdown, without their {#anchor}. */
function headings(file) {
  return readFileSync(join(GUIDES_DIR, file), 'utf8')
    .split('\n')
    .filter((l) => /^#{1,3} /.test(l))
    .map((l) =>
      l
        .replace(/^#+\s+/, '')
        .replace(/\s+\{#[a-z0-9-]+\}\s*$/, '')
        .replace(/\*\*/g, ''),
    );
}

test('a client on a phone opens the help from the project page and lands on its section, with its screenshot', async () => {
  const { context, page, problems } = await signIn('phone', S.a.person, { shot: true });
  try {
    await page.goto(`${BASE_URL}/projets/${S.project.id}`);
    await page.getByRole('heading', { level: 1, name: S.project.name }).waitFor();
    await guideShot(page, 'projet', 'phone');
    await page.getByRole('link', { name: 'Aide sur cet écran' }).click();
    await page.waitForURL(`${BASE_URL}/aide/client#projet`);
    const heading = page.getByRole('heading', { level: 2, name: /^Suivre un projet/ });
    await heading.waitFor();
    // On screen: the section's title at the top of the viewport, not somewhere below.
    await page.waitForFunction(() => {
      const r = document.getElementById('projet')?.getBoundingClientRect();
      return r && r.top >= 0 && r.top < 200;
    });
    const section = page.locator('section[aria-labelledby="projet"]');
    const img = section.getByRole('img', { name: "La page d'un projet sur téléphone" });
    await img.scrollIntoViewIfNeeded();
    await page.waitForFunction(() => {
      const i = document.querySelector('section[aria-labelledby="projet"] img');
      return i && i.complete && i.naturalWidth > 0;
    });
    assert.match(await img.getAttribute('src'), /^\/assets\/projet-telephone-[\w-]+\.png$/);
    const { scrollWidth, innerWidth } = await horizontalOverflow(page);
    assert.ok(scrollWidth <= innerWidth, `the guide does not scroll sideways (${scrollWidth} > ${innerWidth})`);
    assert.deepEqual(await axeViolations(page), [], 'axe-core on the client guide (phone)');
    assert.deepEqual(await axeWithNotificationsPanel(page), [], 'axe-core on the client guide (phone), notifications open');
    // A client is not shown the staff's guides.
    await page.goto(`${BASE_URL}/aide/administrateur`);
    await page.getByRole('heading', { level: 1 }).waitFor();
    assert.equal(await page.getByRole('heading', { name: /Guide de l'administrateur/ }).count(), 0);
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});

test('a staff member searches the guides for « retour » and opens the section', async () => {
  const { context, page, problems } = await signIn('desktop', ADMIN);
  try {
    await page.goto(`${BASE_URL}/aide`);
    await page.getByRole('heading', { level: 1, name: 'Aide' }).waitFor();
    await page.getByRole('searchbox', { name: 'Chercher dans les guides' }).fill('retour');
    const hit = page.getByRole('link', { name: 'Traiter les retours des clients' });
    await hit.waitFor();
    assert.ok((await page.getByRole('link', { name: 'Signaler un problème : les retours' }).count()) === 1, 'the client guide is searched too');
    assert.deepEqual(await axeViolations(page), [], 'axe-core on /aide with results');
    await hit.click();
    await page.waitForURL(`${BASE_URL}/aide/administrateur#retours`);
    await page.getByRole('heading', { level: 2, name: /^Traiter les retours des clients/ }).waitFor();
    await page.waitForFunction(() => {
      const r = document.getElementById('retours')?.getBoundingClientRect();
      return r && r.top >= 0 && r.top < 200;
    });
    assert.deepEqual(await axeViolations(page), [], 'axe-core on the administrator guide (desktop)');
    assert.deepEqual(await axeWithNotificationsPanel(page), [], 'axe-core on the administrator guide (desktop), notifications open');
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});

test('« Premiers pas » on the dashboard: links to the guide, axe clean at both sizes and in English, hidden for good once hidden', async () => {
  const client = await signIn('phone', S.a.person);
  try {
    const { page } = client;
    const card = page.getByRole('region', { name: 'Premiers pas' });
    await card.getByRole('link', { name: 'Signaler un problème : les retours' }).waitFor();
    await shotAt(page, card, 'premiers-pas', 'phone');
    assert.deepEqual(await axeViolations(page), [], 'axe-core on the dashboard with « Premiers pas » (phone)');
    assert.deepEqual(await smallTargets(page), [], 'every tap target of the dashboard is at least 44 × 44 px');
    await card.getByRole('link', { name: 'Suivre un projet et ses tâches' }).click();
    await page.waitForURL(`${BASE_URL}/aide/client#projet`);
    await page.getByRole('heading', { level: 2, name: /^Suivre un projet/ }).waitFor();
    await page.goBack();
    await card.getByRole('button', { name: 'Masquer' }).click();
    await card.waitFor({ state: 'detached' });
    await page.reload();
    await page.getByRole('heading', { level: 1, name: /^Bonjour / }).waitFor();
    assert.equal(await card.count(), 0, 'hidden once, hidden at the next visit');
    assert.deepEqual(client.problems, []);
  } finally {
    await client.context.close();
  }
  const staff = await signIn('desktop', ADMIN);
  try {
    const { page } = staff;
    await page.locator('aside').getByRole('button', { name: 'EN', exact: true }).click();
    await page.locator('html[lang="en"]').waitFor({ state: 'attached' });
    const card = page.getByRole('region', { name: 'First steps' });
    await card.getByRole('link', { name: 'Writing an internal note' }).waitFor();
    assert.equal(await card.getByRole('link', { name: 'Writing an internal note' }).getAttribute('href'), '/aide/administrateur#notes-internes');
    assert.deepEqual(await axeViolations(page), [], 'axe-core on the staff dashboard with « First steps » (desktop, English)');
    await page.locator('aside').getByRole('button', { name: 'FR', exact: true }).click();
    await page.locator('html[lang="fr"]').waitFor({ state: 'attached' });
    assert.deepEqual(staff.problems, []);
  } finally {
    await staff.context.close();
  }
});

/** Scrolls `locator` to the top of the viewport (under the sticky header), then takes the guide's shot. */
async function shotAt(page, locator, name, size) {
  await locator.waitFor();
  await locator.evaluate((el) => {
    el.scrollIntoView({ block: 'start' });
    window.scrollBy(0, -72);
  });
  await guideShot(page, name, size);
}

// The screens of tasks, retours, « À traiter », internal notes, the calendar feed and the jobs, as
// the guides describe and picture them: each shows what its section says it shows.
test('the screens the guides picture for tasks, retours, « À traiter », notes, calendar and jobs', async () => {
  const p = await T.adminApi.ok('GET', `/projects/${S.project.id}`);
  const [cadrage, maquettes] = p.milestones;
  await T.adminApi.ok('POST', `/admin/milestones/${cadrage.id}/state`, { state: 'livree' });
  await T.adminApi.ok('POST', `/admin/milestones/${maquettes.id}/state`, { state: 'en_cours' });
  const { items: tasks } = await T.adminApi.ok('POST', `/admin/milestones/${maquettes.id}/tasks/paste`, { text: 'Accueil\nPage presse\nVersion mobile', visibility: 'client' });
  await T.adminApi.ok('POST', `/admin/tasks/${tasks[0].id}/status`, { status: 'terminee' });
  await T.adminApi.ok('POST', `/admin/tasks/${tasks[1].id}/status`, { status: 'en_cours' });
  const clientApi = new Api();
  await clientApi.login(S.a.person.email, S.a.person.password);
  const fixed = await clientApi.ok('POST', `/projects/${S.project.id}/retours`, {
    kind: 'anomalie',
    priority: 'majeur',
    title: 'Le menu ne se ferme pas sur mobile',
    description: 'Sur iPhone, le menu reste ouvert après un choix.',
    milestone_id: maquettes.id,
  });
  for (const to of ['pris_en_compte', 'en_cours', 'resolu'])
    await T.adminApi.ok('POST', `/retours/${fixed.id}/transition`, { to, comment: to === 'resolu' ? 'Corrigé : le menu se ferme après un choix.' : '' });
  const open = await clientApi.ok('POST', `/projects/${S.project.id}/retours`, {
    kind: 'anomalie',
    priority: 'bloquant',
    title: 'Le formulaire de contact renvoie une erreur',
    description: 'Le message « Erreur 500 » s’affiche après l’envoi.',
    milestone_id: maquettes.id,
  });
  await T.adminApi.ok('POST', `/projects/${S.project.id}/messages`, { body: 'Devis de la version mobile : prévoir deux jours de plus, à confirmer avant de l’annoncer.', internal: true });
  // The open retour's thread: the client's precision (unread by the staff) and a staff internal note.
  await T.adminApi.ok('POST', `/retours/${open.id}/messages`, { body: 'Piste : le serveur de messagerie refuse l’expéditeur du formulaire.', attachment_ids: [], internal: true });
  await clientApi.ok('POST', `/retours/${open.id}/messages`, { body: 'Cela arrive aussi depuis un ordinateur, avec Firefox.', attachment_ids: [] });

  const staff = await signIn('desktop', ADMIN);
  try {
    const a = staff.page;
    // « À traiter » of the staff: the new blocking retour waits in it.
    await a.goto(`${BASE_URL}/tableau-de-bord`);
    const todo = a.getByRole('region', { name: /^À traiter/ });
    await todo
      .getByRole('region', { name: 'Bloquants ouverts' })
      .getByRole('link', { name: /^Le formulaire de contact/ })
      .waitFor();
    await shotAt(a, todo, 'a-traiter-equipe', 'desktop');
    // A step's tasks with their statuses, then the paste dialog.
    await a.goto(`${BASE_URL}/projets/${S.project.id}`);
    const step = projectStep(a, /Maquettes/);
    await step.getByText('1 tâche sur 3 terminée').waitFor();
    assert.equal(await a.getByLabel(/^Statut de la tâche «\sPage presse\s»$/).inputValue(), 'en_cours');
    await shotAt(a, step, 'taches-etape', 'desktop');
    await step.getByRole('button', { name: /^Ajouter des tâches/ }).click();
    const paste = a.getByRole('dialog', { name: /^Ajouter des tâches à l'étape «\sMaquettes\s»$/ });
    await paste.getByLabel(/Tâches, une par ligne/).fill('- Maquette de la page équipe\n- Maquette du blog\n');
    await paste.getByRole('button', { name: 'Ajouter 2 tâches' }).waitFor();
    await guideShot(a, 'taches-coller', 'desktop');
    await paste.getByRole('button', { name: 'Annuler' }).click();
    // « Pourquoi N % »: 1 of 3 delivered + a third of the Maquettes' tasks (weight 2 of 6).
    await a.getByText(/^Pourquoi \d+\s%\s\?$/).click();
    const why = a.getByRole('table', { name: /Ce que chaque étape apporte/ });
    await why
      .getByRole('row', { name: /Maquettes/ })
      .filter({ hasText: /En cours/ })
      .waitFor();
    await shotAt(a, a.locator('#avancement-titre'), 'pourquoi', 'desktop');
    // A task linked to the retour it answers (« Retour traité » of its dialog), then shown so.
    await step.getByRole('button', { name: /^Autres actions pour la tâche «\sVersion mobile\s»$/ }).click();
    await step.getByRole('button', { name: 'Modifier', exact: true }).click();
    const edit = a.getByRole('dialog', { name: /^Modifier la tâche «\sVersion mobile\s»$/ });
    await edit.getByLabel('Retour traité').selectOption({ label: `N° ${open.id} : ${open.title}` });
    await guideShot(a, 'tache-retour', 'desktop');
    await edit.getByRole('button', { name: 'Enregistrer' }).click();
    await edit.waitFor({ state: 'detached' });
    await step.getByRole('link', { name: `Répond au retour n° ${open.id} : ${open.title}` }).waitFor();
    // The internal note as the staff see it, marked.
    await a.goto(`${BASE_URL}/projets/${S.project.id}#messages`);
    const note = a.getByRole('listitem').filter({ hasText: 'Devis de la version mobile' });
    await note.getByText("Note interne — visible par l'équipe uniquement").waitFor();
    await shotAt(a, note, 'note-interne', 'desktop');
    // The retours of every project: the client's unread message counted on its row, and triage
    // (the assignee chosen on the row, saved at once); then a retour's page with its workflow
    // buttons, its linked task and its thread's internal note.
    await a.goto(`${BASE_URL}/admin/retours`);
    const rows = a.getByRole('table', { name: 'Liste des retours' });
    await rows.getByRole('link', { name: open.title }).waitFor();
    await rows.locator('tr').filter({ hasText: open.title }).getByText('1 nouveau message').waitFor();
    const me = ADMIN.name;
    await rows.getByLabel(`Responsable du retour « ${open.title} »`).selectOption({ label: me });
    await a.getByText(`« ${open.title} » confié à ${me}.`).waitFor();
    await guideShot(a, 'retours-equipe', 'desktop');
    await a.getByRole('button', { name: 'Masquer ce message' }).click();
    await rows.getByRole('link', { name: open.title }).click();
    await a.getByRole('heading', { level: 1, name: open.title }).waitFor();
    await a.getByRole('button', { name: 'Prendre en compte' }).waitFor();
    assert.equal(await a.getByLabel('Responsable', { exact: true }).locator('option:checked').textContent(), me);
    await guideShot(a, 'retour-equipe', 'desktop');
    const linked = a.locator('section').filter({ has: a.getByRole('heading', { level: 2, name: 'Tâches liées' }) });
    await linked.getByText('Version mobile').waitFor();
    await shotAt(a, linked, 'taches-liees', 'desktop');
    const retourNote = a.getByRole('listitem').filter({ hasText: 'Piste : le serveur de messagerie' });
    await retourNote.getByText("Note interne — visible par l'équipe uniquement").waitFor();
    await shotAt(a, retourNote, 'retour-note-interne', 'desktop');
    // The calendar feed of « Mon compte », turned on (then off again: the address is the admin's).
    await a.goto(`${BASE_URL}/mon-compte#calendrier`);
    const cal = a.locator('#calendrier');
    await cal.getByRole('button', { name: 'Activer le calendrier' }).click();
    await cal.getByRole('button', { name: 'Désactiver' }).waitFor();
    await shotAt(a, cal, 'calendrier', 'desktop');
    await cal.getByRole('button', { name: 'Désactiver' }).click();
    await a
      .getByRole('dialog', { name: /^Désactiver le calendrier\s\?$/ })
      .getByRole('button', { name: 'Désactiver' })
      .click();
    await cal.getByRole('button', { name: 'Activer le calendrier' }).waitFor();
    // The scheduled jobs.
    await a.goto(`${BASE_URL}/admin/taches`);
    await a.getByRole('heading', { level: 1, name: 'Tâches planifiées' }).waitFor();
    await guideShot(a, 'taches-planifiees', 'desktop');
    assert.deepEqual(staff.problems, []);
  } finally {
    await staff.context.close();
  }

  const client = await signIn('phone', S.a.person);
  try {
    const c = client.page;
    // « À traiter » of the client: the resolved retour waits for its confirmation.
    const todo = c.getByRole('region', { name: /^À traiter/ });
    await todo
      .getByRole('region', { name: 'Retours résolus à confirmer' })
      .getByRole('link', { name: new RegExp(`^${fixed.title}`) })
      .waitFor();
    await shotAt(c, todo, 'a-traiter-client', 'phone');
    // The tasks as the client sees them, under their step.
    await c.goto(`${BASE_URL}/projets/${S.project.id}`);
    const step = projectStep(c, /Maquettes/);
    await step.getByRole('list', { name: /^Tâches de l'étape/ }).waitFor();
    await shotAt(c, step, 'taches-client', 'phone');
    // A retour opened from the project page.
    await c.goto(`${BASE_URL}/projets/${S.project.id}#retours`);
    await c
      .locator('#retours')
      .getByRole('link', { name: new RegExp(fixed.title) })
      .click();
    await c.getByRole('heading', { level: 1, name: fixed.title }).waitFor();
    await c.getByRole('button', { name: 'Confirmer et clôturer' }).waitFor();
    await guideShot(c, 'retour-client', 'phone');
    assert.deepEqual(client.problems, []);
  } finally {
    await client.context.close();
  }
});

/** Prints each guide's page, in each language, into guides/pdf/ (PORTAL_GUIDE_SCREENSHOTS=1). */
async function printGuides() {
  mkdirSync(join(GUIDES_DIR, 'pdf'), { recursive: true });
  for (const lang of ['fr', 'en']) {
    const { context, page } = await signIn('desktop', ADMIN);
    try {
      // The interface's switch (the account remembers the language: it is set back below).
      await page.locator('aside').getByRole('button', { name: lang.toUpperCase(), exact: true }).click();
      await page.locator('html[lang="' + lang + '"]').waitFor({ state: 'attached' });
      for (const guide of ['client', 'administrateur', 'exploitation', 'nouveautes']) {
        await page.goto(`${BASE_URL}/aide/${guide}`);
        await page.locator('article').waitFor();
        await page.evaluate(async () => {
          const imgs = [...document.querySelectorAll('main img')];
          for (const img of imgs) img.loading = 'eager';
          await Promise.all(imgs.map((img) => img.decode().catch(() => undefined)));
        });
        await page.emulateMedia({ media: 'print' });
        await page.pdf({ path: join(GUIDES_DIR, 'pdf', `${guide}-${lang}.pdf`), format: 'A4', printBackground: true, margin: { top: '15mm', bottom: '15mm', left: '15mm', right: '15mm' } });
        await page.emulateMedia({ media: 'screen' });
      }
      if (lang !== 'fr') {
        await page.locator('aside').getByRole('button', { name: 'FR', exact: true }).click();
        await page.locator('html[lang="fr"]').waitFor({ state: 'attached' });
      }
    } finally {
      await context.close();
    }
  }
}

test("the client guide's PDF holds its headings and its pictures", async () => {
  if (guideShots) await printGuides();
  const { context, page } = await signIn('desktop', S.a.person);
  try {
    await page.goto(`${BASE_URL}/aide/client`);
    const link = page.getByRole('link', { name: 'Télécharger le PDF' });
    await link.waitFor();
    const href = await link.getAttribute('href');
    const res = await fetch(new URL(href, BASE_URL));
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('content-type'), 'application/pdf');
    const dir = mkdtempSync(join(tmpdir(), 'guide-pdf-'));
    const file = join(dir, 'guide-client.pdf');
    writeFileSync(file, Buffer.from(await res.arrayBuffer()));
    const text = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ');
    for (const h of headings('guide-client.md')) assert.ok(text.includes(h.replace(/\s+/g, ' ')), `the PDF has the heading « ${h} »`);
    const pictures = readFileSync(join(GUIDES_DIR, 'guide-client.md'), 'utf8').match(/^!\[/gm).length;
    const list = execFileSync('pdfimages', ['-list', file], { encoding: 'utf8' }).trim().split('\n').slice(2);
    // Screenshots are in colour; Chromium draws the frames' shadows as grey images: not counted.
    const images = list.filter((l) => {
      const [, , type, width, , color] = l.trim().split(/\s+/);
      return type === 'image' && color !== 'gray' && Number(width) >= 300;
    });
    assert.ok(images.length >= pictures, `the PDF has the guide's ${pictures} screenshots (found ${images.length}):\n${list.join('\n')}`);
  } finally {
    await context.close();
  }
});

/** The screenshots in a PDF: Chromium draws the frames' shadows as grey images, not counted. */
function pdfPictures(file) {
  const list = execFileSync('pdfimages', ['-list', file], { encoding: 'utf8' }).trim().split('\n').slice(2);
  return list.filter((l) => {
    const [, , type, width, , color] = l.trim().split(/\s+/);
    return type === 'image' && color !== 'gray' && Number(width) >= 300;
  }).length;
}

test('every printed guide, in French and English, holds as many pictures as its text shows', () => {
  for (const [guide, file] of [
    ['client', 'guide-client.md'],
    ['administrateur', 'guide-administrateur.md'],
    ['exploitation', 'guide-exploitation.md'],
  ]) {
    for (const lang of ['fr', 'en']) {
      const md = readFileSync(join(GUIDES_DIR, lang === 'fr' ? file : join('en', file)), 'utf8');
      const pictures = (md.match(/^!\[/gm) ?? []).length;
      const found = pdfPictures(join(GUIDES_DIR, 'pdf', `${guide}-${lang}.pdf`));
      assert.ok(found >= pictures, `guides/pdf/${guide}-${lang}.pdf has the ${pictures} pictures of its guide (found ${found}): print the guides again (PORTAL_GUIDE_SCREENSHOTS=1)`);
    }
  }
});

/** Width and height of a PNG, from its IHDR chunk. */
function pngSize(buf) {
  assert.equal(buf.subarray(1, 4).toString(), 'PNG');
  return [buf.readUInt32BE(16), buf.readUInt32BE(20)];
}

test('the app installs: manifest, icons, service worker, and the offline page with the network cut', async () => {
  const res = await fetch(`${BASE_URL}/manifest.webmanifest`);
  assert.equal(res.status, 200);
  assert.match(res.headers.get('content-type'), /^application\/manifest\+json/);
  const m = await res.json();
  assert.equal(m.display, 'standalone');
  assert.equal(m.start_url, '/tableau-de-bord');
  assert.equal(m.theme_color.toLowerCase(), '#8b1a1a');
  assert.ok(m.name && m.short_name && m.short_name.length <= 12, 'name and a short name');
  for (const size of [192, 512]) {
    for (const purpose of ['any', 'maskable']) {
      const icon = m.icons.find((i) => i.sizes === `${size}x${size}` && i.purpose === purpose);
      assert.ok(icon, `a ${purpose} icon of ${size} px`);
      const png = await fetch(new URL(icon.src, BASE_URL));
      assert.equal(png.headers.get('content-type'), 'image/png');
      assert.deepEqual(pngSize(Buffer.from(await png.arrayBuffer())), [size, size]);
    }
  }
  const sw = await fetch(`${BASE_URL}/sw.js`);
  assert.equal(sw.status, 200);
  assert.match(sw.headers.get('content-type'), /javascript/);
  assert.equal(sw.headers.get('cache-control'), 'no-cache', 'browsers check the worker on each visit');

  const { context, page, problems } = await signIn('phone', S.a.person);
  try {
    assert.equal(await page.locator('link[rel="manifest"]').getAttribute('href'), '/manifest.webmanifest');
    await page.evaluate(() => navigator.serviceWorker.ready);
    await page.reload();
    await page.getByRole('heading', { level: 1, name: /^Bonjour / }).waitFor();
    assert.ok(await page.evaluate(() => navigator.serviceWorker.controller !== null), 'the worker controls the page');
    // What the worker kept: hashed files of the bundle, never an API answer.
    const cached = await page.evaluate(async () => {
      const out = [];
      for (const name of await caches.keys()) for (const req of await (await caches.open(name)).keys()) out.push(new URL(req.url).pathname);
      return out;
    });
    assert.ok(
      cached.some((p) => /^\/assets\/index-[\w-]+\.js$/.test(p)),
      `the main script is cached: ${cached.join(', ')}`,
    );
    assert.deepEqual(
      cached.filter((p) => !/^\/assets\/[\w.-]+-[\w-]{8,}\.(js|css|png|svg|woff2|md)$/.test(p)),
      [],
      'nothing but hashed files',
    );

    await context.setOffline(true);
    await page.goto(`${BASE_URL}/projets/${S.project.id}`).catch(() => undefined);
    await page.getByRole('heading', { level: 1, name: /^Vous êtes hors ligne/ }).waitFor({ timeout: 10_000 });
    assert.deepEqual(await axeViolations(page), [], 'axe-core on the offline page');
    await context.setOffline(false);
    await page.getByRole('link', { name: 'Réessayer' }).click();
    await page.getByRole('heading', { level: 1, name: S.project.name }).waitFor({ timeout: 15_000 });
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});

test('a new version of the portal takes over an open app by itself: its worker replaces the old one and its cache', async () => {
  const { context, page, problems } = await signIn('phone', S.a.person);
  try {
    await page.evaluate(() => navigator.serviceWorker.ready);
    await page.reload();
    await page.getByRole('heading', { level: 1, name: /^Bonjour / }).waitFor();
    const cacheNames = () => page.evaluate(() => caches.keys());
    const before = await cacheNames();
    assert.equal(before.length, 1, `one cache: ${before.join(', ')}`);

    // The next build: the same worker with another version (a new build's worker differs by the
    // digest of its files' names, which names its cache), as the server will send it after an upgrade.
    // The worker is minified: its version is found by the cache's name, and replaced everywhere.
    const current = await (await fetch(`${BASE_URL}/sw.js`)).text();
    const version = current.match(/portal-assets-([0-9a-f]{16})/)?.[1];
    assert.ok(version, `the worker names its version: ${current.slice(0, 200)}`);
    const next = current.replaceAll(version, 'next-build');
    await context.route('**/sw.js', (route) => route.fulfill({ status: 200, contentType: 'text/javascript', headers: { 'cache-control': 'no-cache' }, body: next }));

    // A visit checks the worker (no-cache): the new one installs, takes over the open page (no
    // reload needed) and drops the old version's files.
    await page.evaluate(async () => (await navigator.serviceWorker.getRegistration()).update());
    await page.waitForFunction(async () => (await caches.keys()).join() === 'portal-assets-next-build', null, { timeout: 15_000 });
    // It serves the open page's requests from then on, into its own cache: the page was taken over.
    const main = await page.evaluate(async () => {
      const src = new URL(document.querySelector('script[type="module"]').src).pathname;
      await fetch(src);
      return src;
    });
    // (The worker stores a copy after answering: a moment later.)
    await page.waitForFunction(async (path) => (await (await caches.open('portal-assets-next-build')).keys()).some((r) => new URL(r.url).pathname === path), main, { timeout: 10_000 });
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});
