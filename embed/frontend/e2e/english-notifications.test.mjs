// Notifications and e-mails in the reader's language (issue 13), against the real portal: a user
// of a client whose account is in English receives an English invitation; then an admin delivers
// a step, uploads a version and posts a message. At phone size, the user's bell says all three in
// English only, and each one leads to the right page; the notification e-mail (after its
// grouping window) is English only, and its link opens the project.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BASE_URL, acceptInvitation, createClient, createProject, strongPassword, uniqueEmail, upload as uploadAs, waitForMail } from './lib/env.mjs';
import { browserSuite, fillSignIn, horizontalOverflow, newPage, screenshot } from './lib/browser.mjs';

// French words that none of the English texts contains.
const FRENCH = /Bonjour|Nouveau|Nouvelle|Étape|étape|valider|livrée|nouveauté|Projet |non lue|Ceci est|Voici|Tout marquer/;

const S = {};
const T = browserSuite(async ({ adminApi, run }) => {
  const client = await createClient(adminApi, `Gamma Ltd ${run}`);
  S.project = await createProject(adminApi, {
    client_id: client.id,
    name: `Online shop ${run}`,
    description: 'A shop.',
  });
  const detail = await adminApi.ok('POST', `/admin/projects/${S.project.id}/milestones`, { title: 'Design', description: '', due_date: '', weight: 1 });
  S.step = detail.milestones.find((m) => m.title === 'Design');
  // Version 1 exists before the user does (nobody to notify yet).
  S.deliverable = await upload(`/admin/projects/${S.project.id}/deliverables?title=Mockups`, 'mockups-v1.pdf');
  S.person = { name: 'Grace Gamma', email: uniqueEmail('english'), password: strongPassword('En') };
  await adminApi.ok('POST', '/admin/users', { email: S.person.email, name: S.person.name, role: 'client', client_id: client.id, language: 'en' });
  S.invitation = await acceptInvitation(S.person.email, S.person.password);
});
const { run } = T;

/** Uploads a small PDF as the admin. */
function upload(path, name) {
  return uploadAs(T.adminApi, path, name, `%PDF-1.4 ${name} ${run}`);
}

test('the invitation of an English account is in English', () => {
  assert.equal(S.invitation.subject, 'Invitation to the BIGDATA CENTER client portal');
  assert.match(S.invitation.text, /^Hello Grace Gamma,$/m);
  assert.match(S.invitation.text, /invites you to join the BIGDATA CENTER client portal to follow the projects of Gamma Ltd/);
  assert.doesNotMatch(S.invitation.text, FRENCH);
  assert.match(S.invitation.html, /<html lang="en">/);
});

test('an English client reads its notifications in English, in the bell and by e-mail, and they lead to the right pages', async () => {
  // The three events, while the user is away.
  await T.adminApi.ok('POST', `/admin/milestones/${S.step.id}/state`, { state: 'livree' });
  await upload(`/admin/deliverables/${S.deliverable.id}/versions`, 'mockups-v2.pdf');
  await T.adminApi.ok('POST', `/projects/${S.project.id}/messages`, { body: `The mockups are ready ${run}.`, attachment_ids: [] });
  const name = S.project.name;
  const expected = {
    step: `Step delivered: Design — ${name}`,
    version: `New version (v2) to review: Mockups — ${name}`,
    message: new RegExp(`^New message from .+ — ${name}$`),
  };

  const { page, context } = await newPage(T.browser, 'phone');
  try {
    await page.goto(`${BASE_URL}/connexion`);
    await fillSignIn(page, S.person.email, S.person.password);
    await page.getByRole('heading', { level: 1, name: 'Hello Grace Gamma' }).waitFor({ timeout: 15_000 });

    const bell = page.getByRole('button', { name: 'Notifications, 3 unread' });
    await bell.click();
    const panel = page.getByRole('region', { name: 'Notifications panel' });
    await panel.getByText(expected.step, { exact: true }).waitFor();
    await panel.getByText(expected.version, { exact: true }).waitFor();
    await panel.getByText(expected.message).waitFor();
    await panel.getByText(`The mockups are ready ${run}.`).waitFor();
    await panel.getByText('mockups-v2.pdf (').waitFor();
    await panel.getByRole('button', { name: 'Mark all as read' }).waitFor();
    const text = await panel.innerText();
    assert.doesNotMatch(text, FRENCH, `the bell is English only:\n${text}`);
    const { scrollWidth, innerWidth } = await horizontalOverflow(page);
    assert.ok(scrollWidth <= innerWidth, `no horizontal scroll (${scrollWidth} > ${innerWidth})`);
    await screenshot(page, 'english-notifications-bell', 'phone');

    // Each notification leads to its page, built from its ids.
    const id = S.project.id;
    const open = async (title, path, heading) => {
      if (!(await panel.isVisible())) await page.getByRole('button', { name: /^Notifications/ }).click();
      await panel
        .getByRole('link')
        .filter({ has: typeof title === 'string' ? page.getByText(title, { exact: true }) : page.getByText(title) })
        .click();
      await page.waitForURL((u) => u.pathname + u.hash === path);
      await page.getByRole('heading', { name: heading }).first().waitFor();
    };
    await open(expected.message, `/projets/${id}#messages`, 'Exchanges');
    await open(expected.version, `/projets/${id}/livrables`, 'Deliverables');
    await open(expected.step, `/projets/${id}`, name);
    // Opening them marked them read.
    await page.getByRole('button', { name: 'Notifications', exact: true }).waitFor();
    const body = await page.locator('body').innerText();
    assert.doesNotMatch(body, /non lue|Notifications,/, 'no unread notification is left');

    // The e-mail: after the grouping window (5 s in the e2e run, then the job's next run). The three may
    // come in one e-mail or, when the job ran between two of them, in two.
    const mine = (m) => m.to.includes(S.person.email.toLowerCase()) && m !== S.invitation && !m.subject.startsWith('Invitation');
    const wait = (match, what) => waitForMail((m) => mine(m) && match(m), { timeout: 60_000, what });
    const mails = new Set();
    mails.add(await wait((m) => m.text.includes(expected.step), 'the e-mail of the step'));
    mails.add(await wait((m) => m.text.includes(expected.version), 'the e-mail of the version'));
    mails.add(
      await wait(
        (m) =>
          expected.message.test(
            m.text
              .split('\n')
              .map((l) => l.replace(/^\s*- /, ''))
              .find((l) => l.startsWith('New message')) ?? '',
          ),
        'the e-mail of the message',
      ),
    );
    for (const m of mails) {
      assert.match(m.subject, /^(\d updates on the BIGDATA CENTER portal|New .+|Step delivered: .+)$/, `subject: ${m.subject}`);
      assert.match(m.text, /^Hello Grace Gamma,$/m);
      assert.match(m.text, new RegExp(`^Project ${name}$`, 'm'));
      assert.match(m.text, /please do not reply/);
      assert.doesNotMatch(m.subject + m.text, FRENCH, `the e-mail is English only:\n${m.text}`);
      assert.match(m.html, /<html lang="en">/);
    }
    // Its link opens the project.
    const link = new RegExp(`^(https?://\\S+/projets/${id})$`, 'm').exec([...mails][0].text);
    assert.ok(link, `the e-mail links to the project:\n${[...mails][0].text}`);
    await page.goto(link[1]);
    await page.getByRole('heading', { level: 1, name }).waitFor();
  } finally {
    await context.close();
  }
});
