// Every text exists in every language, with the same placeholders, and every key the UI uses
// exists: a missing translation fails here, not in front of an owner.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

import { LANGUAGES, PLACEHOLDER, initialLanguage } from '../../ui/js/i18n.js';
import './rust_lists.mjs';
import { STATES, STEPS } from '../../ui/js/journey.js';

const UI = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../ui');
const load = (lang) => JSON.parse(fs.readFileSync(path.join(UI, 'i18n', `${lang}.json`), 'utf8'));
const texts = Object.fromEntries(LANGUAGES.map((lang) => [lang, load(lang)]));
// `{date:dal}` is `{date}` with an Italian preposition: the same placeholder.
const placeholders = (s) => [...s.matchAll(PLACEHOLDER)].map((m) => m[1]).sort();

function sourceFiles(dir) {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return /\.(js|html)$/.test(entry.name) ? [full] : [];
  });
}

test('every language has exactly the same keys', () => {
  const [first, ...others] = LANGUAGES;
  for (const lang of others) {
    const missingHere = Object.keys(texts[first]).filter((k) => !(k in texts[lang]));
    const missingThere = Object.keys(texts[lang]).filter((k) => !(k in texts[first]));
    assert.deepEqual(missingHere, [], `missing in ${lang}.json`);
    assert.deepEqual(missingThere, [], `missing in ${first}.json`);
  }
});

test('no text is empty and placeholders agree across languages', () => {
  for (const [key, english] of Object.entries(texts.en)) {
    for (const lang of LANGUAGES) {
      const text = texts[lang][key];
      assert.equal(typeof text, 'string', `${lang}:${key}`);
      assert.ok(text.trim().length > 0, `${lang}:${key} is empty`);
      assert.deepEqual(placeholders(text), placeholders(english), `${lang}:${key} placeholders`);
    }
  }
});

test('the Italian text is a translation, not a copy of the English', () => {
  // Pure layout such as "{name}, {licenses}, {status}" has no words to translate.
  const words = (s) => s.replace(/\{\w+\}/g, '').replace(/[^\p{L}]/gu, '');
  const same = Object.keys(texts.en).filter((k) => texts.en[k] === texts.it[k] && words(texts.en[k]).length > 12);
  assert.deepEqual(same, []);
});

test('every key written literally in the UI exists', () => {
  const used = new Set();
  for (const file of sourceFiles(UI)) {
    const source = fs.readFileSync(file, 'utf8');
    for (const m of source.matchAll(/\bt\(\s*'([a-z0-9_.]+)'/g)) used.add(m[1]);
    for (const m of source.matchAll(/\bplural\(\s*'([a-z0-9_.]+)'/g)) used.add(`${m[1]}.other`);
    for (const m of source.matchAll(/data-i18n="([a-z0-9_.]+)"/g)) used.add(m[1]);
  }
  assert.ok(used.size > 10, 'the scan found the UI texts');
  const missing = [...used].filter((k) => !(k in texts.en));
  assert.deepEqual(missing, []);
});

test('every step and every state of the rail has a name', () => {
  const keys = [...STEPS.map((s) => `step.${s}`), ...Object.keys(STATES).map((s) => `state.${s}`)];
  for (const lang of LANGUAGES) {
    assert.deepEqual(keys.filter((k) => !(k in texts[lang])), [], lang);
  }
});

test('the journey lists the twelve stops in Microsoft\'s order', () => {
  assert.deepEqual(STEPS.map((s) => texts.en[`step.${s}`]), [
    'Welcome', 'Sign in', 'Your organization', 'Back up', '1 Users', 'Your email and domain', 'Domains',
    '2 Cancel subscriptions', '3 Delete subscriptions', '4 Multi-factor authentication',
    '5 Delete the organization', 'Closed',
  ]);
});

test('the language follows the remembered choice, else the OS, else English', () => {
  assert.equal(initialLanguage('it', 'en-US'), 'it');
  assert.equal(initialLanguage(null, 'it-IT'), 'it');
  assert.equal(initialLanguage(null, 'it'), 'it');
  assert.equal(initialLanguage(null, 'de-DE'), 'en');
  assert.equal(initialLanguage('xx', 'en-GB'), 'en');
  assert.equal(initialLanguage(null, undefined), 'en');
});
