// The IPC module: it talks to Tauri only through the public `window.__TAURI__.core` API, errors
// always come out as {code, message, details}, and progress arrives through Tauri's Channel.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { beforeEach, test } from 'node:test';

import { applyStep, appInfo, openUrl, toAppError } from '../../ui/js/api.js';

let calls;
class FakeChannel {
  constructor(onmessage) { this.onmessage = onmessage; }
}
beforeEach(() => {
  calls = [];
  globalThis.window = {
    __TAURI__: {
      core: {
        Channel: FakeChannel,
        invoke: async (cmd, args) => {
          calls.push({ cmd, args });
          if (cmd === 'open_url') throw { code: 'url_not_allowed', message: 'no', details: { host: 'example.com' } };
          if (cmd === 'app_info') return { name: 'Closeout' };
          if (cmd === 'apply_step') return { step: args.step };
          throw 'command not found';
        },
      },
    },
  };
});

test('a command error keeps its code, message and details', async () => {
  await assert.rejects(openUrl('https://example.com'), {
    code: 'url_not_allowed', message: 'no', details: { host: 'example.com' },
  });
  assert.deepEqual(calls, [{ cmd: 'open_url', args: { url: 'https://example.com' } }]);
});

test('anything else thrown becomes an internal error', () => {
  assert.deepEqual(toAppError('boom'), { code: 'internal', message: 'boom', details: null });
  assert.deepEqual(toAppError({ code: 'network', message: 'x' }), { code: 'network', message: 'x', details: null });
});

test('a successful command returns its value', async () => {
  assert.deepEqual(await appInfo(), { name: 'Closeout' });
});

test('outside Closeout a command fails with an internal error instead of hanging', async () => {
  globalThis.window = {};
  await assert.rejects(appInfo(), { code: 'internal', message: 'Not running inside Closeout' });
});

test("progress is handed to Tauri's own Channel, which calls back the page", async () => {
  const got = [];
  await applyStep('users', {}, 'Contoso', (m) => got.push(m));
  const { progress } = calls[0].args;
  assert.ok(progress instanceof FakeChannel, 'a core.Channel, not a hand-made one');
  progress.onmessage({ done: 1 });
  assert.deepEqual(got, [{ done: 1 }]);
});

/** Every file under `dir`, recursively. */
function files(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : [path];
  });
}

test("Closeout's own front end never uses Tauri's private internals", () => {
  const ui = new URL('../../ui', import.meta.url).pathname;
  const vendor = join(ui, 'vendor');
  const offenders = files(ui)
    .filter((path) => !path.startsWith(vendor + '/') && /\.(js|mjs|html|css|json)$/.test(path))
    .filter((path) => readFileSync(path, 'utf8').includes('__TAURI_INTERNALS__'));
  assert.deepEqual(offenders, []);
});
