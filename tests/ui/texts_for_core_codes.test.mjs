// Texts the pages build from the core's codes (finding codes, step ids, step states, timeline
// kinds, backup answers) exist in every language, read from the core's own source so a new
// code without words fails here.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

import { LANGUAGES } from '../../ui/js/i18n.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const texts = Object.fromEntries(LANGUAGES.map((l) => [l, JSON.parse(fs.readFileSync(path.join(ROOT, `ui/i18n/${l}.json`), 'utf8'))]));
const snake = (name) => name.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase();

/** The variant names of `pub enum <name>` in a core source file, in snake_case. */
function variants(file, name) {
  const source = fs.readFileSync(path.join(ROOT, 'src-tauri/core/src', file), 'utf8');
  const body = source.match(new RegExp(`pub enum ${name} \\{([\\s\\S]*?)\\n\\}`))?.[1];
  assert.ok(body, `enum ${name} in ${file}`);
  return [...body.matchAll(/^\s+([A-Z][A-Za-z0-9]*)\s*[,({]/gm)].map((m) => snake(m[1]));
}

function missing(keys) {
  return LANGUAGES.flatMap((l) => keys.filter((k) => !(k in texts[l])).map((k) => `${l}:${k}`));
}

test('every finding code has what it means and what to do', () => {
  const codes = variants('closure/checks/mod.rs', 'FindingCode');
  assert.ok(codes.length >= 10, codes.join());
  assert.deepEqual(missing(codes.flatMap((c) => [`finding.${c}`, `finding.${c}.todo`])), []);
  assert.deepEqual(missing(variants('closure/checks/mod.rs', 'Severity').map((s) => `finding.severity.${s}`)), []);
});

test('every step has its page texts, and portal-only steps their instructions', () => {
  const steps = variants('closure/step_id.rs', 'StepId');
  assert.deepEqual(steps, ['users', 'domains', 'cancel_subscriptions', 'delete_subscriptions', 'mfa', 'directory']);
  const parts = ['title', 'what', 'irreversible', 'undo'];
  assert.deepEqual(missing(steps.flatMap((s) => [`step.${s}`, ...parts.map((p) => `steppage.${s}.${p}`)])), []);
  const portal = ['cancel_subscriptions', 'delete_subscriptions', 'directory'];
  // Steps Closeout acts in have a counted button; the owner acts in the portal for the others.
  const acting = steps.filter((s) => !portal.includes(s));
  assert.deepEqual(missing(acting.flatMap((s) => [`steppage.${s}.button.one`, `steppage.${s}.button.other`])), []);
  assert.deepEqual(missing(portal.flatMap((s) => [`portal.${s}.title`, `portal.${s}.1`, `portal.${s}.2`])), []);
});

test('every verification state, timeline kind and backup answer has words', () => {
  assert.deepEqual(missing(variants('closure/steps/mod.rs', 'StepState').map((s) => `verify.${s}`)), []);
  assert.deepEqual(missing(variants('journal/timeline.rs', 'EntryKind').map((k) => `org.plan.${k}`)), []);
  assert.deepEqual(missing(variants('backup/checklist.rs', 'Choice').map((c) => `backup.answered.${c}`)), []);
});
