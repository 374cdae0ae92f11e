// The window's CSP allows style sheets from the app only (style-src 'self'), so a style
// attribute set by a page is silently ignored: the pages style through classes in app.css.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

const UI = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../ui');
const scripts = (dir) => fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
  const full = path.join(dir, e.name);
  if (e.isDirectory()) return e.name === 'vendor' ? [] : scripts(full);
  return e.name.endsWith('.js') ? [full] : [];
});

test('no page sets a style attribute the CSP would drop', () => {
  const conf = JSON.parse(fs.readFileSync(path.join(UI, '..', 'tauri.conf.json'), 'utf8'));
  assert.equal(conf.app.security.csp['style-src'], "'self'", 'the rule this test stands for');
  const found = scripts(path.join(UI, 'js')).flatMap((file) => fs.readFileSync(file, 'utf8').split('\n')
    .map((line, i) => [line, i])
    .filter(([line]) => /\bstyle\s*:\s*['"`]|setAttribute\(\s*['"]style['"]|\.style\.cssText/.test(line))
    .map(([line, i]) => `${path.relative(UI, file)}:${i + 1}: ${line.trim()}`));
  assert.deepEqual(found, []);
});
