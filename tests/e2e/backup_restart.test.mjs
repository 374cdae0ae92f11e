// "Save with Closeout" for the whole bakery in the real window, with a restart in the middle:
// the owner grants themselves access in the practice Exchange admin center (Full Access) and
// admin center (Create link to files), starts the backup, sees its progress, the app is killed
// mid-way, started again with the same data folder, and the backup finishes from where it
// stopped: what was saved before is not saved again, every mailbox and OneDrive ends saved and
// verified, and their checklist items mark themselves saved.
//
// The bakery runs as its own process (it outlives the app, and the grants with it), with
// Graph latency so the kill lands mid-way. Screenshots (English and Italian):
// target/screenshots/backup/restart-*.png.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';

import { byCss, byLabel, byRole, launchApp } from './harness/index.mjs';
import { buttons, open, press } from './lib/browser.mjs';
import { startSim } from './lib/sim.mjs';

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'closeout-e2e-backup-restart-'));
const folder = path.join(dataDir, 'bakery backup');
let sim;
let app;

before(async () => {
  sim = await startSim(['--scenario', 'bakery', '--latency-ms', '500']);
});
after(async () => {
  await app?.screenshot('restart-last').catch(() => {});
  await app?.quit();
  sim?.child.kill();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

const launch = () => launchApp({ test: 'backup', dataDir, env: sim.env });

/** Presses `label` for every person on the practice portal page at `url`, one at a time. */
async function grantAll(url, label) {
  for (let i = 0; i < 50 && (await buttons(url)).some((b) => label.test(b)); i += 1) {
    assert.equal((await press(url, label)).status, 200);
  }
  assert.ok(!(await buttons(url)).some((b) => label.test(b)), `every ${label} pressed`);
}

/** To Back up (after a restart the app reopens on Your organization by itself). */
async function openBackup({ fromSignIn }) {
  if (fromSignIn) await app.click(byRole('button', 'Look at my organization'), { timeout: 60_000 });
  await app.click(byRole('button', 'Continue to the backup'), { timeout: 60_000 });
  await app.find(byRole('heading', 'Save with Closeout'), { timeout: 120_000 });
  await app.waitFor(async () => (await app.property(byCss('#save-dir'), 'value')) !== '', { message: 'the folder field filled' });
  await app.type(byLabel('Folder for the backup'), folder, { clear: true });
}

test('the owner grants access in the practice portals, starts, sees progress, and the app is killed mid-way', async () => {
  app = await launch();
  await app.click(byRole('button', 'Sign in to my organization'));
  await app.click(byRole('button', 'Sign in with Microsoft'));
  const authorize = await app.waitForOpenedUrl(`${sim.signIn}/oauth2/v2.0/authorize?`);
  assert.equal((await press(authorize, 'Sign in')).status, 200);
  await app.find(byRole('heading', 'You are signed in'), { timeout: 30_000 });

  const mailboxes = `${sim.graph}/portal/exchange/mailboxes`;
  const drives = `${sim.graph}/portal/admin/users`;
  await grantAll(mailboxes, /Read and manage \(Full Access\)/);
  await grantAll(drives, /Create link to files/);
  // Microsoft can take up to an hour; the practice tenant applies a grant after its delay.
  for (const url of [mailboxes, drives]) {
    await app.waitFor(async () => !/Access granted;|No access/.test(await open(url)),
      { timeout: 180_000, interval: 2_000, message: `the grants on ${url} applied` });
  }

  await openBackup({ fromSignIn: true });
  await app.click(byRole('button', 'Save now'));
  const status = byCss('#save-status');
  const done = await app.waitFor(async () => {
    const text = (await app.isVisible(status)) ? await app.text(status) : '';
    const m = text.match(/(?:^|\s)(\d+) of (?:at least )?(\d+) items · /);
    return m && Number(m[1]) >= 3 && Number(m[1]) < Number(m[2]) ? text : null;
  }, { timeout: 120_000, interval: 50, message: 'a few items saved' });
  assert.match(done, /^Saving .+'s (mail|files): .+, \d+ of \d+\s+\d+ of (at least )?\d+ items · .+ of (at least )?.+/);
  assert.equal(await app.attribute(byCss('#save-bar'), 'aria-labelledby'), 'save-status');
  await app.screenshot('restart-progress', { settleMs: 0 });
  await app.killApp();
  await app.quit();
  app = null;
  const manifest = path.join(folder, 'manifest.json');
  assert.ok(!fs.existsSync(manifest), 'killed before the end: no manifest presented as complete');
});

test('started again, the backup goes on from where it stopped and finishes, verified', async () => {
  app = await launch();
  await app.find(byRole('heading', 'Your organization'), { timeout: 60_000 });
  await openBackup({ fromSignIn: false });
  await app.screenshot('restart-reopened');
  await app.click(byRole('button', 'Save now'));
  await app.find(byCss('#save-result'), { timeout: 300_000 });
  const result = await app.text(byCss('#save-result'));
  const [, now, before] = result.match(/: (\d+) items saved now, (\d+) saved before\./) ?? [];
  assert.ok(Number(before) > 0, `what the first run saved is kept: ${result}`);
  assert.ok(Number(now) > 0, result);
  assert.match(result, /Everything reachable is saved and checked\./);
  assert.doesNotMatch(result, /not reachable yet|Full Access in the Exchange admin center/);

  const manifest = JSON.parse(fs.readFileSync(path.join(folder, 'manifest.json'), 'utf8'));
  assert.equal(manifest.items.length, Number(now) + Number(before), 'each item saved once');
  for (const person of manifest.people) {
    assert.equal(person.mailSaved, person.mailTotal, `${person.person}: mail`);
    assert.equal(person.filesSaved, person.filesTotal, `${person.person}: files`);
  }
  // Every mailbox and OneDrive settled itself from the verified backup.
  await app.click(byLabel('Show only what is still open'));
  await app.waitFor(async () => /No one matches\./.test(await app.text()), { message: 'no person left open' });
  await app.screenshot('restart-done');
  await app.click(byCss('button.lang[data-lang="it"]'));
  await app.find(byRole('heading', 'Salva con Closeout'));
  assert.match(await app.text(), /Nessuna persona corrisponde\./);
  await app.screenshot('restart-done-it');
});
