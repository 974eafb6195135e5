// Lighthouse's accessibility, best-practices and SEO categories score 100 on the sign-in page
// (issue 17), with tools/lighthouse (the pinned Lighthouse of scripts/bench_browser.sh, installed
// here the first time as that script does).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BASE_URL } from './lib/env.mjs';

const tool = resolve(dirname(fileURLToPath(import.meta.url)), '../../../tools/lighthouse');

test('Lighthouse accessibility, best practices and SEO are 100 on the sign-in page', { timeout: 300_000 }, () => {
  if (!existsSync(resolve(tool, 'node_modules'))) execFileSync('npm', ['ci', '--no-audit', '--no-fund', '--loglevel=error'], { cwd: tool, stdio: 'inherit' });
  const run = spawnSync(process.execPath, [resolve(tool, 'audit.mjs'), '--url', `${BASE_URL}/connexion`], { encoding: 'utf8', timeout: 240_000 });
  const scores = Object.fromEntries([...run.stdout.matchAll(/^([a-z-]+)=(\d+)$/gm)].map((m) => [m[1], Number(m[2])]));
  assert.deepEqual(scores, { accessibility: 100, 'best-practices': 100, seo: 100 }, `${run.stdout}\n${run.stderr}`);
});
