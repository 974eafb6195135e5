// Internal notes in the browser, at phone size, against the real portal (issue 14, §3): the staff
// post an internal note, with a file, while a user of the client has the project page open. The
// staff's page marks it « Note interne — visible par l'équipe uniquement »; the client's browser
// never receives it: not on the page (live or after a reload), not in the bell, not in any API
// answer, not in any live event. A public message posted right after is the control: it does
// reach the client live, so the note's absence is not a stream that never worked.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ADMIN, BASE_URL, clientWithProject } from './lib/env.mjs';
import { browserSuite, signIn as signInAt, checkPage } from './lib/browser.mjs';

const S = {};
const T = browserSuite(async ({ adminApi, run }) => {
  S.a = await clientWithProject(adminApi, `Société Zêta ${run}`, 'Inès Zêta', {
    name: `Application mobile ${run}`,
    description: 'Une application pour les techniciens.',
  });
  S.project = S.a.project;
});
const { run } = T;

/**
 * Signs in at phone size with a recorder of what the browser receives: every API answer's body
 * (the live stream aside) and every live event the app listens to.
 */
function signIn(account) {
  return signInAt(T.browser, 'phone', account, { live: true, prepare: record });
}

async function record(session) {
  const { page } = session;
  session.answers = [];
  page.on('response', async (r) => {
    if (!r.url().includes('/api/') || r.url().endsWith('/api/v1/events')) return;
    const body = await r.text().catch(() => '');
    session.answers.push(`${r.request().method()} ${r.url()} ${body}`);
  });
  await page.addInitScript(() => {
    window.__live = [];
    const listen = EventSource.prototype.addEventListener;
    EventSource.prototype.addEventListener = function (type, fn, options) {
      return listen.call(
        this,
        type,
        function (e) {
          window.__live.push(`${type} ${e.data}`);
          return fn.call(this, e);
        },
        options,
      );
    };
  });
}

async function openConversation(page) {
  await page.goto(`${BASE_URL}/projets/${S.project.id}#messages`);
  await page.getByRole('heading', { level: 2, name: 'Échanges' }).waitFor();
}

function check(page, name) {
  return checkPage(page, name, 'phone');
}

test('an internal note posted while the client watches never reaches the client’s browser; the staff see it marked', async () => {
  const staff = await signIn(ADMIN);
  const client = await signIn(S.a.person);
  try {
    await openConversation(staff.page);
    await openConversation(client.page);
    // Let both pages settle on their (re)opened live stream.
    await client.page.waitForTimeout(500);
    assert.equal(await client.page.getByTestId('bell-count').count(), 0, 'the client starts with nothing unread');

    // The staff switch the composer to an internal note: it says so before anything is sent.
    const noteText = `Marge interne quetzal ${run} : ne pas annoncer.`;
    const fileName = `chiffrage-quetzal-${run}.pdf`;
    await staff.page.getByText("Note interne (visible par l'équipe uniquement)").click();
    assert.equal(await staff.page.getByRole('checkbox', { name: /Note interne/ }).isChecked(), true);
    await staff.page.getByRole('textbox', { name: "Note interne — visible par l'équipe uniquement" }).fill(noteText);
    await staff.page.locator('input[type=file]').setInputFiles({ name: fileName, mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.4 quetzal') });
    await staff.page.getByText('Prêt à envoyer').waitFor();
    await check(staff.page, 'note-interne-redaction');
    const posted = staff.page.waitForResponse((r) => r.request().method() === 'POST' && r.url().endsWith(`/projects/${S.project.id}/messages`));
    await staff.page.getByRole('button', { name: 'Enregistrer la note interne' }).click();
    const note = await (await posted).json();
    assert.equal(note.internal, true);

    // The staff's page marks the note; the composer is back to a message for the client.
    const item = staff.page.getByRole('listitem').filter({ hasText: noteText });
    await item.getByText("Note interne — visible par l'équipe uniquement").waitFor();
    await item.getByRole('link', { name: new RegExp(fileName) }).waitFor();
    assert.equal(await item.getAttribute('data-internal'), 'true');
    assert.equal(await staff.page.getByRole('checkbox', { name: /Note interne/ }).isChecked(), false);
    await check(staff.page, 'note-interne-equipe');

    // The control: a public message, which the client's page shows live.
    const publicText = `Point d'étape public ${run}`;
    await staff.page.getByLabel('Votre message').fill(publicText);
    await staff.page.getByRole('button', { name: 'Envoyer' }).click();
    await client.page.getByText(publicText).waitFor({ timeout: 3000 });
    await client.page.getByRole('button', { name: /^Notifications, 1 non lue/ }).waitFor({ timeout: 3000 });
    await client.page.waitForTimeout(500); // anything misaddressed would have arrived by now
    assert.equal(await client.page.getByTestId('bell-count').textContent(), '1', 'the bell counts the public message alone');

    const secrets = [noteText, 'quetzal', fileName];
    async function assertNothingOfTheNote(where) {
      const html = await client.page.content();
      for (const s of secrets) assert.ok(!html.includes(s), `${where}: the client's page shows ${s}`);
      assert.equal(await client.page.locator('[data-internal]').count(), 0, `${where}: an internal note in the client's page`);
      assert.equal(await client.page.getByText('Note interne').count(), 0, `${where}: « Note interne » in the client's page`);
    }
    await assertNothingOfTheNote('live');

    // The bell: the public message, not the note.
    await client.page.getByRole('button', { name: /^Notifications/ }).click();
    const panel = client.page.getByRole('region', { name: 'Notifications' });
    await panel.getByText(publicText).waitFor();
    assert.equal(await panel.getByRole('listitem').count(), 1, 'the bell lists the public message alone');
    await assertNothingOfTheNote('bell');
    await client.page.keyboard.press('Escape');

    // After a reload, the thread from the server has the public message only.
    await openConversation(client.page);
    await client.page.getByText(publicText).waitFor();
    await assertNothingOfTheNote('reload');
    await check(client.page, 'note-interne-client');

    // Nothing of the note in any API answer or live event the client's browser received.
    for (const a of client.answers) {
      for (const s of secrets) assert.ok(!a.includes(s), `the client's browser received ${s}: ${a.slice(0, 300)}`);
      assert.ok(!a.includes(`"id":${note.id},"project_id"`) && !a.includes(`"message_id":${note.id}`), `the note's id in ${a.slice(0, 300)}`);
    }
    const live = await client.page.evaluate(() => window.__live);
    assert.ok(
      live.some((e) => e.startsWith('message ') && !e.includes(`"message_id":${note.id}`)),
      `the client's live stream carried the public message: ${live}`,
    );
    for (const e of live) {
      assert.ok(!e.includes(`"message_id":${note.id}`) && !secrets.some((s) => e.includes(s)), `the client's live event ${e}`);
    }
  } finally {
    await staff.context.close();
    await client.context.close();
  }
});
