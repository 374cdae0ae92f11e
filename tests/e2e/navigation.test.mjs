// The window's navigation guard in the real window (security review L9): a page script that
// sets `location` to another origin (here a server of the test's own on loopback, standing
// for a look-alike page) is refused by the app, the server never hears from the window, and
// the app's own page stays on screen.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { after, before, test } from 'node:test';

import { REPO_ROOT, byCss, launchApp } from './harness/index.mjs';

let app;
before(async () => {
  app = await launchApp({ test: 'navigation', locale: 'en-US' });
  await app.find(byCss('body[data-ready="true"]'), { timeout: 30_000 });
});
after(async () => {
  await app?.quit();
});

test('the window cannot be navigated away from the app', async () => {
  const requests = [];
  const server = http.createServer((req, res) => {
    requests.push(req.url);
    res.writeHead(200, { 'content-type': 'text/html' });
    res.end('<title>Look-alike</title><h1>Sign in to Microsoft</h1>');
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const elsewhere = `http://127.0.0.1:${server.address().port}/portal`;
  try {
    const before = await app.execute('return location.href');
    assert.match(before, /^(tauri:\/\/localhost|https?:\/\/tauri\.localhost)(\/|$)/);
    await app.execute('setTimeout(() => { location.href = arguments[0]; }, 0); return true;', elsewhere);
    // Long enough for a loopback page to load many times over.
    await new Promise((resolve) => setTimeout(resolve, 2000));
    assert.deepEqual(requests, [], 'the other origin was never asked for a page');
    assert.equal(await app.execute('return location.href'), before);
    assert.notEqual(await app.title(), 'Look-alike');
    assert.ok(await app.isVisible(byCss('body[data-ready="true"]')), "the app's page is still shown");
    // It was the app's guard that refused it (the log names the host, never the path).
    const log = readFileSync(path.join(REPO_ROOT, 'target/e2e-logs/navigation.log'), 'utf8');
    assert.match(log, /refused to navigate the window away from Closeout/);
    assert.doesNotMatch(log, /\/portal/);
    await app.screenshot('after-refused-navigation');
  } finally {
    server.close();
  }
});
