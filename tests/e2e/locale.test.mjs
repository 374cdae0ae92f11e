// The language follows the OS: with an Italian locale the app opens in Italian, and a choice
// made in the app is remembered over the OS's on the next start. Screenshots: target/screenshots/locale/.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';

import { byCss, byRole, launchApp } from './harness/index.mjs';

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'closeout-e2e-locale-'));
let app;
after(async () => {
  await app?.quit();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

test('an Italian OS gets Italian, and the owner\'s own choice wins the next time', async () => {
  app = await launchApp({ test: 'locale', locale: 'it-IT', dataDir });
  await app.find(byCss('body[data-ready="true"]'), { timeout: 30_000 });
  await app.find(byRole('heading', 'Chiudi in sicurezza il tuo account Microsoft 365'));
  assert.equal(await app.execute('return document.documentElement.lang'), 'it');
  await app.screenshot('italian-os');
  await app.click(byRole('button', 'English'));
  await app.find(byRole('heading', 'Close your Microsoft 365 account, safely'));
  await app.quit();

  app = await launchApp({ test: 'locale', locale: 'it-IT', dataDir });
  await app.find(byCss('body[data-ready="true"]'), { timeout: 30_000 });
  await app.find(byRole('heading', 'Close your Microsoft 365 account, safely'));
  await app.screenshot('remembered-english');
});
