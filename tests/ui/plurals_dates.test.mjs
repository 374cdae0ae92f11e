// Counts and dates read as a person writes them, in English and Italian: every count goes
// through plural() ("Delete 1 account", "Rimuovi l'ultimo elemento", never "1 accounts" or
// "gli ultimi 1 elementi"), every date through formatDate() with the article Italian needs
// ("l'8 maggio", "dall'11", "il 1º").
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

import { LANGUAGES, PLACEHOLDER, formatDate, plural, setLanguage, t, withArticle } from '../../ui/js/i18n.js';
import './rust_lists.mjs';

const UI = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../ui');
globalThis.fetch = async (url) => ({ json: async () => JSON.parse(fs.readFileSync(path.join(UI, url), 'utf8')) });
globalThis.document = { documentElement: {}, querySelectorAll: () => [] };
const catalogue = (lang) => JSON.parse(fs.readFileSync(path.join(UI, 'i18n', `${lang}.json`), 'utf8'));
const en = catalogue('en');

const countedBases = [...new Set(Object.keys(en).filter((k) => /\.(one|other)$/.test(k)).map((k) => k.replace(/\.(one|other)$/, '')))];
const datedKeys = Object.keys(en).filter((k) => [...en[k].matchAll(PLACEHOLDER)].some((m) => m[1] === 'date'));
const DAYS = ['2027-03-01T12:00:00Z', '2027-03-08T12:00:00Z', '2027-03-11T12:00:00Z'];

function sourceFiles(dir) {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    return e.isDirectory() ? sourceFiles(full) : /\.js$/.test(e.name) ? [full] : [];
  });
}

test('a count only ever appears in a .one/.other text', () => {
  for (const lang of LANGUAGES) {
    const texts = catalogue(lang);
    const loose = Object.keys(texts).filter((k) => /\{count\}/.test(texts[k]) && !/\.(one|other)$/.test(k));
    assert.deepEqual(loose, [], `${lang}: counted texts without plural forms`);
    for (const base of countedBases) assert.ok(`${base}.other` in texts, `${lang}:${base}.other`);
  }
});

test('the pages pass counts to plural(), never straight to t()', () => {
  const offenders = sourceFiles(path.join(UI, 'js')).flatMap((file) => {
    const source = fs.readFileSync(file, 'utf8');
    return [...source.matchAll(/\bt\([^()]*\{[^}]*\bcount\s*:/g)].map((m) => `${path.basename(file)}: ${m[0]}`);
  });
  assert.deepEqual(offenders, []);
});

for (const lang of LANGUAGES) {
  test(`${lang}: every counted text reads right with 1 and with 2`, async () => {
    await setLanguage(lang);
    for (const base of countedBases) {
      const one = plural(base, 1, { name: 'X' });
      const two = plural(base, 2, { name: 'X' });
      assert.doesNotMatch(one + two, /\{/, `${lang}:${base} leaves a placeholder`);
      assert.doesNotMatch(one, /\b1 (?!was\b)\w+s\b/, `${lang}:${base} with 1: "${one}"`);
      assert.match(two, /2/, `${lang}:${base} with 2 shows the count: "${two}"`);
    }
  });
}

/** The counts the review found wrong, as they read now: [language, key, count, text]. */
const REVIEWED = [
  ['en', 'steppage.users.button', 1, 'Delete 1 account'],
  ['en', 'steppage.users.button', 7, 'Delete 7 accounts'],
  ['en', 'steppage.domains.button', 1, 'Make 1 change to your domains'],
  ['en', 'org.summary.policies', 1, '1 conditional access policy on'],
  ['en', 'steppage.directory.button', 1, 'Remove the last item'],
  ['en', 'steppage.report.already', 1, '1 was already done'],
  ['it', 'steppage.directory.button', 1, "Rimuovi l'ultimo elemento"],
  ['it', 'steppage.directory.button', 3, 'Rimuovi gli ultimi 3 elementi'],
  ['it', 'org.summary.policies', 1, '1 criterio di accesso condizionale attivo'],
  ['it', 'steppage.domains.button', 1, 'Esegui 1 modifica ai domini'],
  ['it', 'steppage.report.already', 1, '1 era già fatto'],
];

test('the counts the review found wrong now read right', async () => {
  for (const [lang, key, count, text] of REVIEWED) {
    await setLanguage(lang);
    assert.equal(plural(key, count), text, `${lang}:${key} with ${count}`);
  }
});

test('Italian dates: the first is "1º", and the article elides before 8 and 11', async () => {
  await setLanguage('it');
  assert.equal(formatDate('2027-03-01T12:00:00Z'), '1º marzo 2027');
  assert.equal(formatDate('2027-03-08T12:00:00Z'), '8 marzo 2027');
  assert.equal(withArticle('8 marzo 2027', 'il'), "l'8 marzo 2027");
  assert.equal(withArticle('11 marzo 2027', 'dal'), "dall'11 marzo 2027");
  assert.equal(withArticle('1º marzo 2027', 'al'), 'al 1º marzo 2027');
  assert.equal(withArticle('12 marzo 2027', 'Dal'), 'Dal 12 marzo 2027');
  assert.equal(t('portal.waiting', { date: formatDate('2027-03-08T12:00:00Z') }).split('.')[0], "Microsoft lo completa da sola l'8 marzo 2027");
  await setLanguage('en');
  assert.match(formatDate('2027-03-01T12:00:00Z'), /^(1 March|March 1,) 2027$/);
});

test('no Italian text puts its own article or preposition before a date', () => {
  const it = catalogue('it');
  const bare = datedKeys.filter((k) => /\b(il|l'|dal|al|del|nel|fino al)\s*\{date\}/i.test(it[k]));
  assert.deepEqual(bare, [], 'write {date:il}, {date:dal}, … so the formatter picks the article');
});

for (const lang of LANGUAGES) {
  test(`${lang}: every dated text reads right on the 1st, the 8th and the 11th`, async () => {
    await setLanguage(lang);
    assert.ok(datedKeys.length >= 8, datedKeys.join());
    for (const key of datedKeys) {
      for (const day of DAYS) {
        const text = t(key, { date: formatDate(day), step: 'S', title: 'T', by: 'B', person: 'P' });
        assert.doesNotMatch(text, /\{/, `${lang}:${key}`);
        if (lang === 'it') {
          assert.doesNotMatch(text, /\b(il|dal|al|del|nel) (8|11)\b/i, `${lang}:${key}: "${text}"`);
          assert.doesNotMatch(text, /\b1 marzo/, `${lang}:${key}: "${text}" (the 1st is 1º)`);
          assert.doesNotMatch(text, /\b(l'|dall'|all'|dell'|nell')1º/, `${lang}:${key}: "${text}"`);
        } else {
          assert.doesNotMatch(text, /\b(this|do) \d/, `${lang}:${key}: "${text}" (a preposition is missing)`);
        }
      }
    }
  });
}
