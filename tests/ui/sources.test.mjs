// The sources table beside the catalogues (ui/i18n/sources.json): every text that names a
// Microsoft portal label or says how Microsoft behaves says which Microsoft page it comes from,
// when that page was checked, and whether its Italian label is verified. The next review starts
// from this table instead of from scratch.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

const I18N = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../ui/i18n');
const read = (name) => JSON.parse(fs.readFileSync(path.join(I18N, name), 'utf8'));
const en = read('en.json');
const { pages, keys } = read('sources.json');

/** Keys that always need an entry: instructions in portals, findings, and what a step does. */
const MUST = /^(portal\.|finding\.|steppage\.[a-z_]+\.(what|irreversible|undo)$)/;

test('every portal, finding and step-page key has a source entry', () => {
  const missing = Object.keys(en).filter((k) => MUST.test(k) && !(k in keys));
  assert.deepEqual(missing, [], 'add these to ui/i18n/sources.json');
});

test('every entry names a text that exists', () => {
  const stale = Object.keys(keys).filter((k) => !k.startsWith('core:') && !(k in en));
  assert.deepEqual(stale, [], 'entries for keys the catalogues no longer have');
});

test('every entry says its kind, its Microsoft pages, and for labels whether the Italian is verified', () => {
  for (const [key, entry] of Object.entries(keys)) {
    assert.ok(['portal', 'claim', 'none'].includes(entry.kind), `${key}: kind`);
    if (entry.kind === 'none') {
      assert.ok(entry.note, `${key}: say why no Microsoft page applies`);
      continue;
    }
    assert.ok(entry.pages?.length, `${key}: pages`);
    for (const tag of entry.pages) assert.ok(tag in pages, `${key}: unknown page ${tag}`);
    if (entry.kind === 'portal') assert.ok(['verified', 'unverified'].includes(entry.it), `${key}: it`);
  }
});

test('every page says where it is and when it was checked', () => {
  for (const [tag, page] of Object.entries(pages)) {
    assert.ok(page.source, `${tag}: source`);
    assert.match(page.checked ?? '', /^\d{4}-\d{2}-\d{2}/, `${tag}: checked`);
    if (tag.endsWith('-it')) assert.ok(page.translation, `${tag}: human or machine translation`);
  }
});

test('the core texts named in the table exist', () => {
  const root = path.resolve(I18N, '../../src-tauri/core/src');
  for (const key of Object.keys(keys).filter((k) => k.startsWith('core:'))) {
    const [, file, item] = key.match(/^core:(\S+) (\w+)$/) ?? [];
    assert.ok(file, `${key}: "core:<file> <item>"`);
    const source = fs.readFileSync(path.join(root, file), 'utf8');
    assert.match(source, new RegExp(`\\b${item}\\b`), `${key}: ${item} in ${file}`);
  }
});
