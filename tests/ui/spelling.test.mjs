// One spelling of the words Microsoft's pages spell the US way, across the UI's English texts
// and the core's (plan lines such as "10 licenses" reach the window and the report): review
// #17 found "licences" in the core where the UI said "license".
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
/** British spellings and the US ones Microsoft uses. */
const BRITISH = [[/licenc(e|es|ed|ing)\b/i, 'license']];

function files(dir) {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    return e.isDirectory() ? files(full) : full.endsWith('.rs') ? [full] : [];
  });
}

test('the English texts and the core spell "license" as Microsoft does', () => {
  const sources = [path.join(ROOT, 'ui/i18n/en.json'), ...files(path.join(ROOT, 'src-tauri/core/src'))];
  const found = [];
  for (const file of sources) {
    fs.readFileSync(file, 'utf8').split('\n').forEach((line, i) => {
      for (const [pattern, us] of BRITISH) {
        if (pattern.test(line)) found.push(`${path.relative(ROOT, file)}:${i + 1}: write "${us}"`);
      }
    });
  }
  assert.deepEqual(found, []);
});
