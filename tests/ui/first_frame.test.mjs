// The first frame: what index.html paints before any script runs. It holds no form controls
// (WebKitGTK spends ~50 ms on a page's first one before that frame; the footprint benchmark
// in the README measured it) and its one script is a module at the end of the body, so the
// page is parsed and painted without waiting for it.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

const UI = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../ui');
const html = fs.readFileSync(path.join(UI, 'index.html'), 'utf8').replace(/<!--[\s\S]*?-->/g, '');

test('the first frame has no form controls: main.js adds them once they can answer', () => {
  assert.deepEqual(html.match(/<(button|input|select|textarea)\b/g) ?? [], []);
  // Called at start-up, not merely defined: a call is the name not preceded by `function`.
  const main = fs.readFileSync(path.join(UI, 'js', 'main.js'), 'utf8');
  const calls = main.match(/(?<!function\s+)\brenderLanguageSwitch\(\)/g) ?? [];
  assert.ok(calls.length >= 1, 'main.js calls renderLanguageSwitch()');
  assert.match(main, /function renderLanguageSwitch\(\)[\s\S]*?h\('button'/, 'and it draws the buttons');
});

test('the page\'s one script is a module at the very end of the body', () => {
  const scripts = html.match(/<script\b[^>]*>/g) ?? [];
  assert.deepEqual(scripts, ['<script type="module" src="js/main.js">']);
  assert.match(html, /<script type="module" src="js\/main.js"><\/script>\s*<\/body>/);
});
