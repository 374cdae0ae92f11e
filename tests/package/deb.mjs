/**
 * The .deb under test and how to look into it, shared by tests/package/*.test.mjs.
 *
 *   CLOSEOUT_DEB=path/to.deb       the package (default: the newest .deb under target/debug/bundle/deb/)
 *   CLOSEOUT_BUILT_IN_CLIENT_ID    the client id scripts/test.sh built the package with
 *
 * @module
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { REPO_ROOT } from '../e2e/harness/index.mjs';

export const config = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'tauri.conf.json'), 'utf8'));
export const PACKAGE = 'closeout';

/** The .deb to check: CLOSEOUT_DEB, or the newest one `tauri build --debug` left. */
function debFile() {
  if (process.env.CLOSEOUT_DEB) return path.resolve(process.env.CLOSEOUT_DEB);
  const dir = path.join(REPO_ROOT, 'target/debug/bundle/deb');
  const debs = fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => f.endsWith('.deb')) : [];
  assert.ok(debs.length, `no .deb in ${dir}: build it with npx tauri build --debug --bundles deb`);
  return debs.map((f) => path.join(dir, f)).sort((a, b) => fs.statSync(b).mtimeMs - fs.statSync(a).mtimeMs)[0];
}

export const deb = debFile();
export const run = (cmd, ...args) => execFileSync(cmd, args, { encoding: 'utf8' });
/** One field of the package's control file. */
export const field = (name) => run('dpkg-deb', '--field', deb, name).trim();

/** Unpacks the package into a new throwaway root (`dpkg -x`) and returns it; remove it after. */
export function install() {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'closeout-deb-root-'));
  run('dpkg', '-x', deb, root);
  return root;
}

/** The installed binary inside a root made by {@link install}. */
export const installedBinary = (root) => path.join(root, 'usr/bin', PACKAGE);
