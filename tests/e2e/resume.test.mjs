// Quitting in the middle of deleting people and coming back: the app is killed while step 1
// runs, started again with the same data folder, signs in silently (keychain), reopens on the
// step where it stopped, and finishes it without redoing what was done.
//
// The organization here is a practice tenant running as its own process (so it outlives the
// app), configured as the app's sign-in authority like a real organization would be.
// Screenshots: target/screenshots/resume/.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';

import { byCss, byLabel, byRole, launchApp } from './harness/index.mjs';
import { press } from './lib/browser.mjs';
import { shownOrganizationName } from './lib/practice.mjs';
import { startSim } from './lib/sim.mjs';

const PEOPLE = 1000;
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'closeout-e2e-resume-'));
let sim;
let env;
let app;

before(async () => {
  sim = await startSim(['--scenario', `users-${PEOPLE}`]);
  ({ env } = sim);
});
after(async () => {
  await app?.screenshot('last').catch(() => {});
  await app?.quit();
  sim?.child.kill();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

const listed = () => app.execute('return document.querySelectorAll("ul.changes li").length');
const progressDone = () => app.execute(`
  const text = document.getElementById('step-progress-text')?.innerText ?? '';
  const m = text.match(/^(\\d+) of (\\d+)/);
  return m ? Number(m[1]) : -1;`);

let organizationName;

test('signed in to the organization, the app is killed in the middle of step 1', async () => {
  app = await launchApp({ test: 'resume', dataDir, env });
  await app.click(byRole('button', 'Sign in to my organization'));
  await app.click(byRole('button', 'Sign in with Microsoft'));
  const authorize = await app.waitForOpenedUrl(`${sim.signIn}/oauth2/v2.0/authorize?`);
  assert.equal((await press(authorize, 'Sign in')).status, 200);
  await app.find(byRole('heading', 'You are signed in'), { timeout: 30_000 });
  organizationName = await shownOrganizationName(app);
  await app.click(byRole('button', 'Look at my organization'));
  await app.click(byRole('button', 'Continue to the backup'), { timeout: 60_000 });
  await app.type(byLabel("Type your organization's name to confirm"), organizationName, { timeout: 120_000 });
  await app.click(byRole('button', 'Unlock without finishing the backup'));
  await app.click(byRole('button', 'Continue to step 1'), { timeout: 60_000 });
  await app.waitFor(async () => (await listed()) === PEOPLE - 1, { timeout: 60_000, message: 'everyone but you listed' });
  await app.type(byLabel("Type your organization's name to confirm"), organizationName);
  await app.click(byRole('button', `Delete ${PEOPLE - 1} accounts`));
  const done = await app.waitFor(async () => {
    const n = await progressDone();
    return n > 0 ? n : null;
  }, { timeout: 60_000, interval: 50, message: 'the first deletions' });
  assert.ok(done < PEOPLE - 1, `stopped in the middle (${done} done)`);
  await app.screenshot('running-before-kill', { settleMs: 0 });
  await app.killApp();
  await app.quit();
  app = null;
});

test('started again, it reopens on step 1 and finishes what is left', async () => {
  app = await launchApp({ test: 'resume', dataDir, env });
  await app.find(byRole('heading', 'Step 1: delete every account except yours'), { timeout: 60_000 });
  assert.match(await app.text(byCss('#reminders-next')), /^Next: .+\d{4}, /, 'the reminders banner, at launch (one quiet line: nothing is due)');
  await app.waitFor(async () => (await listed()) > 0, { timeout: 60_000, message: 'the people still there' });
  const left = await listed();
  assert.ok(left < PEOPLE - 1, `only those not yet deleted are listed (${left})`);
  const rail = await app.execute('return [...document.querySelectorAll("#rail-steps li")].slice(0, 4).map((li) => li.querySelector(".state").innerText.trim())');
  assert.deepEqual(rail.slice(0, 3), ['Done', 'Done', 'Done']);
  assert.match(rail[3], /^Skipped by \S+@\S+ on /, 'unlocked with items open: skipped, never done');
  await app.screenshot('reopened');
  await app.type(byLabel("Type your organization's name to confirm"), organizationName);
  await app.click(byRole('button', `Delete ${left} accounts`));
  await app.find(byRole('heading', 'Done, and checked with Microsoft'), { timeout: 120_000 });
  assert.match(await app.text(), /, 0 failed\./);
  await app.screenshot('finished');
});
