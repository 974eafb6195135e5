// The browser half of the cluster's live-events check (app/clustertest, run by scripts/cluster.sh):
// signs in through haproxy held on one portal process (the cookie portal_node), opens a project's
// messages, prints "ready", then waits for a message that the Go test posts through another
// process, and prints "seen" with the delay. Not one of the e2e suite's *.test.mjs: it needs the
// cluster. Environment: CLUSTER_URL, CLUSTER_EMAIL, CLUSTER_PASSWORD, CLUSTER_NODE,
// CLUSTER_PROJECT, CLUSTER_TEXT.
import { fillSignIn, launch, newPage } from '../lib/browser.mjs';

const env = (name) => {
  const v = process.env[name];
  if (!v) throw new Error(`${name} is not set: this script is run by app/clustertest (scripts/cluster.sh)`);
  return v;
};
const url = env('CLUSTER_URL');
const node = env('CLUSTER_NODE');

const browser = await launch();
try {
  const { context, page, problems } = await newPage(browser, 'desktop');
  await context.addCookies([{ name: 'portal_node', value: node, url }]);
  const events = () => page.waitForResponse((r) => r.url().endsWith('/api/v1/events'), { timeout: 15_000 });
  let stream = events();
  await page.goto(`${url}/connexion`);
  await fillSignIn(page, env('CLUSTER_EMAIL'), env('CLUSTER_PASSWORD'));
  await page.getByRole('heading', { level: 1, name: /^Bonjour / }).waitFor({ timeout: 15_000 });
  await stream;
  // The project page loads the app anew: its stream is the one that must get the message.
  stream = events();
  await page.goto(`${url}/projets/${env('CLUSTER_PROJECT')}#messages`);
  await page.getByRole('heading', { level: 2, name: 'Échanges' }).waitFor({ timeout: 15_000 });
  const served = (await stream).headers()['x-portal-node'];
  if (served !== node) throw new Error(`the live-event stream is served by ${served}, not ${node}`);
  console.log(`ready: signed in on ${served}, stream open, messages shown`);
  const since = Date.now();
  await page.getByText(env('CLUSTER_TEXT')).waitFor({ timeout: 5_000 });
  console.log(`seen after ${Date.now() - since} ms`);
  if (problems.length) throw new Error(problems.join('\n'));
} finally {
  await browser.close();
}
