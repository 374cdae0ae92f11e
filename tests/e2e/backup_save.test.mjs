// "Save with Closeout" in the real window, on the practice bakery: Back up, the folder, Save
// now, progress, then each person's totals (the owner's mail and files saved; the others' left
// until the owner grants access, with the Exchange steps in words), and the owner's checklist
// items marked saved by the backup itself. Screenshots in English and Italian:
// target/screenshots/backup_save/.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';

import { byCss, byLabel, byRole, launchApp } from './harness/index.mjs';
import { signInToPractice } from './lib/practice.mjs';

let app;
const folder = join(mkdtempSync(join(tmpdir(), 'closeout-save-')), 'backup');
before(async () => {
  app = await launchApp({ test: 'backup_save', locale: 'en-US', args: ['--practice', 'bakery'] });
  await app.find(byCss('body[data-ready="true"]'), { timeout: 30_000 });
});
after(async () => {
  await app?.screenshot('last').catch(() => {});
  await app?.quit();
});

test('the owner saves what is reachable, sees it per person, and the checklist settles from it', async () => {
  await signInToPractice(app);
  await app.click(byRole('button', 'Look at my organization'));
  await app.click(byRole('button', 'Continue to the backup'), { timeout: 60_000 });
  await app.find(byRole('heading', 'Save with Closeout'), { timeout: 120_000 });
  await app.waitFor(async () => (await app.property(byCss('#save-dir'), 'value')).includes('Closeout backup'),
    { message: 'a default folder in Documents is offered' });
  await app.screenshot('before');
  await app.type(byLabel('Folder for the backup'), folder, { clear: true });
  await app.click(byRole('button', 'Save now'));
  await app.find(byCss('#save-result'), { timeout: 120_000 });
  const result = await app.text(byCss('#save-result'));
  assert.match(result, /Backup saved in .*backup: \d+ items saved now, 0 saved before\./);
  assert.match(result, /Maria Rossi: 16 of 16 messages, 8 of 8 files/);
  assert.match(result, /Aisha Khan: not reachable yet/);
  assert.match(result, /give yourself Full Access in the Exchange admin center/);
  await app.screenshot('saved');

  // The bakery's three SharePoint sites (one is the Kitchen team's), 8 files each.
  const places = await app.text(byCss('#save-places'));
  for (const site of ['All Company', 'Kitchen', 'Shared Documents']) assert.match(places, new RegExp(`${site}: 8 of 8 files`));

  const manifest = JSON.parse(readFileSync(join(folder, 'manifest.json'), 'utf8'));
  assert.equal(manifest.items.length, 16 + 8 + 3 * 8, 'what the page says is what the folder holds');
  // Each person is one collapsed row: open Maria's to see her items.
  await app.click(byCss('li[data-person^="maria"] button.disclosure'));
  const owner = await app.text(byCss('li[data-item^="mailbox:maria"]'));
  assert.match(owner, /Marked saved by Closeout backup on /);
  assert.equal(await app.attribute(byCss('li[data-item^="onedrive:maria"] button:first-of-type'), 'aria-pressed'), 'true');

  await app.click(byCss('button.lang[data-lang="it"]'));
  await app.find(byRole('heading', 'Salva con Closeout'));
  await app.screenshot('saved-it');
});
