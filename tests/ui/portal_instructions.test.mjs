// One set of portal instructions: the app shows `portal.<step>.<n>` from ui/i18n/<lang>.json,
// the command line prints the core's English lines (`instructions: vec![...]` in the step's
// plan). They must say the same thing, so this reads the core's source and compares the two:
// changing one without the other, or adding a line to one only, fails here.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const en = JSON.parse(fs.readFileSync(path.join(ROOT, 'ui/i18n/en.json'), 'utf8'));
// `domains` hands distribution lists to the Exchange admin center (the rest it does itself).
const PORTAL_STEPS = ['cancel_subscriptions', 'delete_subscriptions', 'directory', 'domains'];

/** The value of a Rust string literal's body: escapes and `\`-newline continuations. */
function rustString(body) {
  return body
    .replace(/\\\n\s*/g, '')
    .replace(/\\(["\\nt])/g, (_, c) => ({ n: '\n', t: '\t' }[c] ?? c));
}

/** The string literals of `instructions: vec![...]` in a step's plan, in order. */
function coreInstructions(step) {
  const source = fs.readFileSync(path.join(ROOT, `src-tauri/core/src/closure/steps/${step}.rs`), 'utf8');
  const block = source.match(/instructions: vec!\[([\s\S]*?)\n\s*\],/)?.[1];
  assert.ok(block, `${step}.rs has instructions: vec![...]`);
  const code = block.replace(/"(?:[^"\\]|\\[\s\S])*"/g, '');
  assert.doesNotMatch(code, /format!|concat!/,
    `${step}.rs: the instructions are plain literals, so this test can read them`);
  return [...block.matchAll(/"((?:[^"\\]|\\[\s\S])*)"/g)].map((m) => rustString(m[1]));
}

function appInstructions(step) {
  const lines = [];
  for (let n = 1; `portal.${step}.${n}` in en; n++) lines.push(en[`portal.${step}.${n}`]);
  return lines;
}

for (const step of PORTAL_STEPS) {
  test(`${step}: the CLI's portal instructions are the app's English ones`, () => {
    const core = coreInstructions(step);
    assert.ok(core.length >= 3, `${step}: found the core's lines`);
    assert.deepEqual(core, appInstructions(step));
  });
}

test('only portal-only steps carry portal instructions in the core', () => {
  const dir = path.join(ROOT, 'src-tauri/core/src/closure/steps');
  const withInstructions = fs.readdirSync(dir)
    .filter((f) => /instructions: vec!\[/.test(fs.readFileSync(path.join(dir, f), 'utf8')))
    .map((f) => f.replace(/\.rs$/, ''))
    .sort();
  assert.deepEqual(withInstructions, [...PORTAL_STEPS].sort());
});

test('the continuation rule reads a wrapped literal as one line', () => {
  assert.equal(rustString('Go to Billing > Your \\\n             products, \\"All\\".'), 'Go to Billing > Your products, "All".');
});

test('the Open button names the admin center the instructions send the owner to', async () => {
  const { openLabel } = await import('../../ui/js/pages/portal.js');
  for (const step of PORTAL_STEPS) {
    const button = en[openLabel(step)];
    const center = button.replace(/^Open the /, '');
    assert.ok(en[`portal.${step}.1`].includes(center), `${step}: the button says "${button}", the first instruction "${en[`portal.${step}.1`]}"`);
  }
});
