// The update banner's words, as the owner reads them in each language: a good update is
// offered with "Install and restart" and "Later"; a download the updater refused (its signature
// is not the publisher's: see tests/updater.rs, where the real plugin refuses a tampered
// artefact) is told in plain words with no install button; every state Rust's updater can
// report has its banner, or none.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

import { setLanguage } from '../../ui/js/i18n.js';
import { bannerModel } from '../../ui/js/update.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const UI = path.join(ROOT, 'ui');
// Just enough of a page for i18n.js: it reads its texts with fetch and sets <html lang>.
globalThis.fetch = async (url) => ({ json: async () => JSON.parse(fs.readFileSync(path.join(UI, url), 'utf8')) });
globalThis.document = { documentElement: {}, querySelectorAll: () => [] };

const refused = {
  state: 'refused', version: '2.0.0', notes: null,
  error: { code: 'update_refused', message: "the update's signature does not match the publisher's key: ..." },
};
const available = { state: 'available', version: '2.0.0', notes: 'Fixes the domains step', error: null };
const ids = (model) => model.actions.map((a) => a.id);

test('English: a refused update is told in plain words, with nothing to install', async () => {
  await setLanguage('en');
  const model = bannerModel(refused);
  assert.equal(model.title, 'Update refused');
  assert.deepEqual(model.lines, [
    "Closeout refused this update: the download is not signed by Closeout's publisher, so it may have been changed on its way to you. Nothing was installed and Closeout works as before.",
  ]);
  assert.deepEqual(ids(model), ['later']);
  assert.ok(!model.lines.join(' ').includes('signature does not match'), 'the technical message is not the owner\'s text');
});

test('Italian: the same refusal in Italian', async () => {
  await setLanguage('it');
  const model = bannerModel(refused);
  assert.equal(model.title, 'Aggiornamento rifiutato');
  assert.match(model.lines[0], /^Closeout ha rifiutato questo aggiornamento: il file scaricato non è firmato dall'editore di Closeout/);
  assert.deepEqual(ids(model), ['later']);
});

test('a good update is offered with its version and notes, and waits for the owner\'s yes', async () => {
  await setLanguage('en');
  const model = bannerModel(available);
  assert.equal(model.title, 'A new version of Closeout');
  assert.deepEqual(model.lines, [
    'Version 2.0.0 is ready to install.',
    'What changes: Fixes the domains step',
    'Closeout closes for a moment and opens again where you left off: nothing you have done is lost.',
  ]);
  assert.deepEqual(model.actions, [{ id: 'install', label: 'Install and restart' }, { id: 'later', label: 'Later' }]);
});

test('asked to install while a step runs, the banner says to wait and keeps the offer', async () => {
  await setLanguage('en');
  const model = bannerModel(available, { code: 'update_wait_for_step', message: '' });
  assert.match(model.lines.at(-1), /^A closure step is running\. Install the update once it has finished/);
  assert.deepEqual(ids(model), ['install', 'later']);
});

test('a failed install says so and offers to try again; installing has no buttons', async () => {
  await setLanguage('it');
  const failed = bannerModel({ ...available, state: 'failed', error: { code: 'update_failed', message: 'network' } });
  assert.match(failed.lines.at(-1), /^Non è stato possibile scaricare o installare l'aggiornamento/);
  assert.deepEqual(failed.actions.map((a) => a.label), ['Riprova', 'Più tardi']);
  assert.deepEqual(bannerModel({ ...available, state: 'installing' }).actions, []);
});

test('every state of Rust\'s updater has a banner, except off and none', async () => {
  await setLanguage('en');
  const source = fs.readFileSync(path.join(ROOT, 'src-tauri/app/updater.rs'), 'utf8');
  const states = [...source.matchAll(/UpdateState::(\w+) => "(\w+)"/g)].map((m) => m[2]);
  assert.deepEqual(states, ['off', 'none', 'available', 'installing', 'refused', 'failed']);
  for (const state of states) {
    const model = bannerModel({ ...available, state });
    assert.equal(model === null, ['off', 'none'].includes(state), state);
  }
  assert.equal(bannerModel(null), null);
});
