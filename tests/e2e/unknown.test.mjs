// Microsoft refuses parts of the organization: the practice tenant (its own process, as a real
// organization) answers 403 Authorization_RequestDenied for security defaults and conditional
// access inside its 200 $batch. "Your organization" says it could not check security defaults;
// step 4, which must read the policies to tell whether one would stop you, says it could not
// check them (security defaults it only shows). Both offer "Check again"; neither shows a
// tick. Screenshots: target/screenshots/unknown/.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';

import { byCss, byRole, launchApp } from './harness/index.mjs';
import { press } from './lib/browser.mjs';
import { startSim } from './lib/sim.mjs';

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'closeout-e2e-unknown-'));
let sim;
let app;

before(async () => {
  sim = await startSim(['--scenario', 'bakery', '--fail', '/policies/identitySecurityDefaultsEnforcementPolicy=403',
    '--fail', '/identity/conditionalAccess/policies=403']);
  app = await launchApp({ test: 'unknown', locale: 'en-US', dataDir, env: sim.env });
  await app.find(byCss('body[data-ready="true"]'), { timeout: 30_000 });
});
after(async () => {
  await app?.screenshot('last').catch(() => {});
  await app?.quit();
  sim?.child.kill();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

/** The rail's state words for `step`. */
const railWords = (step) => app.execute(
  `return document.querySelector('#rail-steps li[data-step="${step}"] .state')?.innerText.trim() ?? ''`);

test('"Your organization" says security defaults could not be checked and does not tick itself', async () => {
  await app.click(byRole('button', 'Sign in to my organization'));
  await app.click(byRole('button', 'Sign in with Microsoft'));
  const authorize = await app.waitForOpenedUrl(`${sim.signIn}/oauth2/v2.0/authorize?`);
  assert.equal((await press(authorize, 'Sign in')).status, 200);
  await app.find(byRole('heading', 'You are signed in'), { timeout: 30_000 });
  await app.click(byRole('button', 'Look at my organization'));
  await app.find(byRole('button', 'Continue to the backup'), { timeout: 60_000 });
  const page = await app.text();
  assert.match(page, /Security defaults: couldn't check/);
  assert.doesNotMatch(page, /Security defaults off/, 'a refusal is never shown as "off"');
  assert.equal(await app.isVisible(byRole('button', 'Check again')), true);
  assert.equal(await railWords('organization'), "Couldn't check");
  await app.screenshot('organization');
});

test('step 4 shows "Couldn\'t check" with the reason and "Check again", never a tick', async () => {
  assert.equal(await railWords('mfa'), "Couldn't check", 'the rail, from the status of every step');
  await app.click(byCss('#rail-steps li[data-step="mfa"] button'));
  await app.find(byRole('heading', "Couldn't check"), { timeout: 60_000 });
  const notice = await app.text(byCss('#could-not-check'));
  assert.match(notice, /Microsoft did not let Closeout read the conditional access policies/);
  assert.doesNotMatch(notice, /security defaults/, 'step 4 does not rest on security defaults');
  assert.doesNotMatch(await app.text(), /Done, and checked with Microsoft/);
  await app.click(byRole('button', 'Check again'));
  await app.find(byRole('heading', "Couldn't check"), { timeout: 30_000 });
  assert.notEqual(await railWords('mfa'), 'Done');
  await app.screenshot('step-4');
});
