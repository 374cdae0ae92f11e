// The built app given a practice company that does not exist (`--practice bakeryy`, or the
// same through CLOSEOUT_PRACTICE) exits at once with the names that exist, before any window
// opens: no window, no practice tenant, exit status 2. Runs the real binary directly.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const BINARY = path.resolve(process.env.CLOSEOUT_E2E_BINARY ?? path.join(ROOT, 'target/debug/closeout'));
// The sim's one list of named scenarios (`NAMES` in src-tauri/sim/src/scenarios/mod.rs).
const source = fs.readFileSync(path.join(ROOT, 'src-tauri/sim/src/scenarios/mod.rs'), 'utf8');
const NAMES = [...source.match(/pub const NAMES: &\[&str\] = &\[([^\]]*)\]/)[1].matchAll(/"([^"]+)"/g)].map((m) => m[1]);

function launch(args, env = {}) {
  // No display at all: had the app tried to open a window, it would fail differently.
  const environment = { ...process.env, ...env };
  delete environment.DISPLAY;
  delete environment.WAYLAND_DISPLAY;
  return spawnSync(BINARY, args, { env: environment, encoding: 'utf8', timeout: 20_000 });
}

for (const [how, args, env] of [
  ['--practice bakeryy', ['--practice', 'bakeryy'], {}],
  ['CLOSEOUT_PRACTICE=bakeryy', [], { CLOSEOUT_PRACTICE: 'bakeryy' }],
]) {
  test(`${how}: refused before a window opens, with the names that exist`, () => {
    const run = launch(args, env);
    assert.equal(run.error, undefined, `${run.error}`);
    assert.equal(run.status, 2, `exit status; stderr: ${run.stderr}`);
    assert.match(run.stderr, /unknown scenario 'bakeryy'/);
    for (const name of NAMES) assert.ok(run.stderr.includes(name), `${name} offered: ${run.stderr}`);
    assert.match(run.stderr, /users-N/);
  });
}
