// The Linux package as a person would get it: the .deb the Tauri CLI built (scripts/test.sh's
// package stage builds it first) carries the right name, version, description, icon, desktop
// entry and WebKitGTK dependencies; unpacked into a throwaway root with `dpkg -x`, its own
// binary starts in the throwaway desktop and paints the Welcome page. Screenshot:
// target/screenshots/package/welcome.png.
//
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';

import { byCss, byRole, launchApp } from '../e2e/harness/index.mjs';
import { PACKAGE, config, deb, field, install, installedBinary, run } from './deb.mjs';

/** Paths inside the package, without the leading "./". */
const contents = () => run('dpkg-deb', '--contents', deb).split('\n').filter(Boolean)
  .map((line) => line.split(/\s+/).slice(5).join(' ').replace(/^\.\//, '').split(' -> ')[0]);
/** A desktop entry's [Desktop Entry] keys. */
const desktopKeys = (text) => Object.fromEntries(text.split('\n')
  .map((line) => line.match(/^([A-Za-z]+)=(.*)$/)).filter(Boolean).map((m) => [m[1], m[2]]));

let root;
let app;
before(() => {
  root = install();
});
after(async () => {
  await app?.quit();
  if (root) fs.rmSync(root, { recursive: true, force: true });
});

test('the package is named closeout, at the app version, with a description', () => {
  assert.equal(field('Package'), PACKAGE);
  assert.equal(field('Version'), config.version);
  assert.match(field('Architecture'), /^(amd64|arm64)$/);
  const [summary, ...long] = field('Description').split('\n');
  assert.equal(summary, config.bundle.shortDescription);
  assert.match(long.join(' ').replace(/\s+/g, ' '), /closing a Microsoft 365 business account/);
  assert.equal(field('Maintainer'), config.bundle.publisher);
  assert.equal(field('Section'), 'utils');
});

test('the package depends on WebKitGTK 4.1 and GTK 3, and this machine has them', () => {
  const depends = field('Depends').split(',').map((d) => d.trim().split(/\s/)[0]);
  for (const needed of ['libwebkit2gtk-4.1-0', 'libgtk-3-0']) {
    assert.ok(depends.includes(needed), `Depends (${depends.join(', ')}) lacks ${needed}`);
  }
  for (const dependency of depends) {
    const status = run('dpkg-query', '-W', '-f=${Status}', dependency);
    assert.match(status, /install ok installed/, `${dependency} is declared but not installed here`);
  }
});

test('the package holds the binary, a desktop entry and the icon at every size', () => {
  const files = contents();
  assert.ok(files.includes(`usr/bin/${PACKAGE}`), 'usr/bin/closeout');
  assert.ok(files.includes('usr/share/applications/Closeout.desktop'), 'the desktop entry');
  const icons = files.filter((f) => /^usr\/share\/icons\/hicolor\/[^/]+\/apps\/closeout\.png$/.test(f));
  assert.ok(icons.some((f) => f.includes('/32x32/')) && icons.some((f) => f.includes('/128x128/')), `icons: ${icons.join(', ')}`);
});

test('the desktop entry launches closeout with its icon, in the Utility menu', () => {
  const entry = desktopKeys(fs.readFileSync(path.join(root, 'usr/share/applications/Closeout.desktop'), 'utf8'));
  assert.equal(entry.Name, config.productName);
  assert.equal(entry.Exec, PACKAGE);
  assert.equal(entry.Icon, PACKAGE);
  assert.equal(entry.Type, 'Application');
  assert.match(entry.Categories, /Utility/);
  const icon = fs.readFileSync(path.join(root, 'usr/share/icons/hicolor/128x128/apps/closeout.png'));
  assert.deepEqual([...icon.subarray(1, 4)], [...Buffer.from('PNG')]);
});

/** Every installed package the given ones need, themselves included (Depends, Pre-Depends, Provides). */
function dependencyClosure(roots) {
  const needs = new Map();
  const providers = new Map();
  const names = (field) => field.split(/[,|]/).map((d) => d.trim().split(/[\s:(]/)[0]).filter(Boolean);
  const table = run('dpkg-query', '-W', '-f=${Package}\t${Pre-Depends}, ${Depends}\t${Provides}\t${Status}\n');
  for (const [name, depends, provides, status] of table.split('\n').filter(Boolean).map((l) => l.split('\t'))) {
    if (!status.endsWith(' installed')) continue;
    needs.set(name, names(depends));
    for (const virtual of names(provides)) providers.set(virtual, [...(providers.get(virtual) ?? []), name]);
  }
  const seen = new Set();
  const queue = [...roots];
  while (queue.length) {
    const name = queue.pop();
    for (const real of needs.has(name) ? [name] : providers.get(name) ?? []) {
      if (seen.has(real)) continue;
      seen.add(real);
      queue.push(...needs.get(real));
    }
  }
  return seen;
}

/** The installed package that owns a file (merged /usr: tried with and without the /usr prefix). */
function owner(file) {
  const real = fs.realpathSync(file);
  for (const candidate of new Set([file, real, real.replace(/^\/usr/, ''), `/usr${real}`])) {
    try {
      return execFileSync('dpkg-query', ['-S', candidate], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).split(':')[0];
    } catch { /* not under this name */ }
  }
  return null;
}

test('every library the installed binary links is found and comes with its declared Depends', () => {
  const binary = installedBinary(root);
  const ldd = run('ldd', binary);
  assert.deepEqual(ldd.split('\n').filter((l) => l.includes('not found')), []);
  const where = new Map([...ldd.matchAll(/^\s*(\S+) => (\/\S+)/gm)].map((m) => [m[1], m[2]]));
  const needed = [...run('objdump', '-p', binary).matchAll(/^\s+NEEDED\s+(\S+)$/gm)].map((m) => m[1]);
  assert.ok(needed.includes('libwebkit2gtk-4.1.so.0'), needed.join(' '));
  // The C library and the compiler's runtime come with every Debian system.
  const closure = dependencyClosure([...field('Depends').split(',').map((d) => d.trim().split(/\s/)[0]), 'libc6', 'libgcc-s1']);
  for (const lib of needed.filter((l) => !l.startsWith('ld-linux'))) {
    const pkg = owner(where.get(lib));
    assert.ok(pkg && closure.has(pkg), `${lib} (from ${pkg}) is not brought by Depends: ${field('Depends')}`);
  }
});

test('the installed binary opens on the Welcome page', async () => {
  const binary = installedBinary(root);
  app = await launchApp({ test: 'package', binary, env: { CLOSEOUT_CLIENT_ID: undefined } });
  await app.find(byCss('body[data-ready="true"]'), { timeout: 30_000 });
  await app.find(byRole('heading', 'Close your Microsoft 365 account, safely'));
  await app.find(byRole('button', 'Practice with a sample company'));
  assert.equal(await app.title(), 'Closeout');
  // A painted page has text, buttons and antialiasing: hundreds of colours; a blank window one.
  const colours = Number(run('identify', '-format', '%k', await app.screenshot('welcome')));
  assert.ok(colours > 50, `the screenshot has only ${colours} colours: the window did not paint`);
});
