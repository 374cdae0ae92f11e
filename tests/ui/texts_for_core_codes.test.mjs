// Texts the pages build from the core's codes (finding codes, step ids, step states, timeline
// kinds, backup answers) exist in every language. The codes are Rust's own lists, exported as
// data (samples/lists.json), so a new code without words fails here.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

import { LANGUAGES } from '../../ui/js/i18n.js';
import { CLOSURE_STEPS } from '../../ui/js/journey.js';
import { lists } from './rust_lists.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const texts = Object.fromEntries(LANGUAGES.map((l) => [l, JSON.parse(fs.readFileSync(path.join(ROOT, `ui/i18n/${l}.json`), 'utf8'))]));

function missing(keys) {
  return LANGUAGES.flatMap((l) => keys.filter((k) => !(k in texts[l])).map((k) => `${l}:${k}`));
}

test('every finding code has what it means and what to do', () => {
  const codes = lists.findingCodes;
  assert.ok(codes.length >= 10, codes.join());
  assert.deepEqual(missing(codes.flatMap((c) => [`finding.${c}`, `finding.${c}.todo`])), []);
  assert.deepEqual(missing(lists.severities.map((s) => `finding.severity.${s}`)), []);
});

test('every step has its page texts, and portal-only steps their instructions', () => {
  const steps = CLOSURE_STEPS;
  assert.ok(steps.includes('users') && steps.includes('directory'), steps.join());
  const parts = ['title', 'what', 'irreversible', 'undo'];
  assert.deepEqual(missing(steps.flatMap((s) => [`step.${s}`, ...parts.map((p) => `steppage.${s}.${p}`)])), []);
  const portal = ['cancel_subscriptions', 'delete_subscriptions', 'directory'];
  // Steps Closeout acts in have a counted button; the owner acts in the portal for the others.
  const acting = steps.filter((s) => !portal.includes(s));
  assert.deepEqual(missing(acting.flatMap((s) => [`steppage.${s}.button.one`, `steppage.${s}.button.other`])), []);
  assert.deepEqual(missing(portal.flatMap((s) => [`portal.${s}.title`, `portal.${s}.1`, `portal.${s}.2`])), []);
});

test('every verification state, timeline kind and backup answer has words', () => {
  assert.deepEqual(missing(lists.stepStates.map((s) => `verify.${s}`)), []);
  assert.deepEqual(missing(lists.timelineKinds.map((k) => `org.plan.${k}`)), []);
  assert.deepEqual(missing(lists.backupChoices.map((c) => `backup.answered.${c}`)), []);
});
