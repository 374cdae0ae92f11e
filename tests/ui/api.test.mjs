// The IPC module: errors always come out as {code, message, details}, and channel messages are
// delivered in order even when they arrive out of order.
import assert from 'node:assert/strict';
import { beforeEach, test } from 'node:test';

import { Channel, appInfo, openUrl, toAppError } from '../../ui/js/api.js';

let calls;
let callbacks;
beforeEach(() => {
  calls = [];
  callbacks = new Map();
  globalThis.window = {
    __TAURI_INTERNALS__: {
      invoke: async (cmd, args) => {
        calls.push({ cmd, args });
        if (cmd === 'open_url') throw { code: 'url_not_allowed', message: 'no', details: { host: 'example.com' } };
        if (cmd === 'app_info') return { name: 'Closeout' };
        throw 'command not found';
      },
      transformCallback: (fn) => { const id = callbacks.size + 1; callbacks.set(id, fn); return id; },
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

test('a channel serializes as a channel reference and delivers messages in order', () => {
  const got = [];
  const channel = new Channel((m) => got.push(m));
  assert.equal(JSON.stringify({ progress: channel }), `{"progress":"__CHANNEL__:${channel.id}"}`);
  const deliver = callbacks.get(channel.id);
  deliver({ index: 1, message: 'second' });
  assert.deepEqual(got, []);
  deliver({ index: 0, message: 'first' });
  deliver({ index: 2, message: 'third' });
  deliver({ index: 3, end: true });
  assert.deepEqual(got, ['first', 'second', 'third']);
});
