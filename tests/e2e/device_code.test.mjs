// The device-code fallback in the real window: the code shown large, copyable and labelled,
// Microsoft's page named, the code entered there on "another device", and the app signed in.
// Also: cancelling while the browser is open. Screenshots: target/screenshots/device-code/.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import { byCss, byRole, launchApp } from './harness/index.mjs';
import { seriousViolations } from './lib/a11y.mjs';
import { forms, submit } from './lib/browser.mjs';

let app;
before(async () => {
  app = await launchApp({ test: 'device-code', locale: 'en-US', args: ['--practice', 'bakery'] });
  await app.find(byCss('body[data-ready="true"]'), { timeout: 30_000 });
});
after(async () => {
  await app?.quit();
});

test('waiting for the browser can be cancelled, and the person is told nothing was done', async () => {
  await app.click(byRole('button', 'Sign in with Microsoft'));
  await app.find(byRole('heading', 'Finish signing in in your browser'), { timeout: 30_000 });
  await app.waitForOpenedUrl(/\/oauth2\/v2\.0\/authorize\?/);
  await app.click(byRole('button', 'Cancel sign-in'));
  await app.find(byRole('alert'), { timeout: 15_000 });
  assert.match(await app.text(byCss('[role="alert"] .error-text')), /The sign-in was cancelled/);
  await app.find(byRole('heading', 'Sign in to the practice company'));
  await app.screenshot('browser-cancelled');
  await app.click(byRole('button', 'Close this message'));
});

test('the code is shown large with the page to enter it on, and entering it there signs in', async () => {
  await app.click(byRole('button', 'Sign in with a code instead'));
  await app.find(byRole('heading', 'Sign in with a code'), { timeout: 30_000 });
  const code = (await app.text(byCss('#device-code'))).trim();
  assert.match(code, /^[A-Z0-9-]{6,}$/);
  const size = await app.execute('return parseFloat(getComputedStyle(document.getElementById("device-code")).fontSize)');
  assert.ok(size >= 28, `the code is large (${size}px)`);
  assert.equal(await app.attribute(byCss('#device-code'), 'aria-label'), 'Your sign-in code');
  assert.ok(await app.isVisible(byRole('button', 'Copy the code')));
  assert.ok(await app.isVisible(byRole('button', 'Cancel sign-in')));
  const page = await app.execute('return document.querySelector(".page-sign-in a").href');
  assert.match(page, /^http:\/\/127\.0\.0\.1:\d+\/devicelogin$/);
  await app.screenshot('code-en');
  assert.deepEqual(await seriousViolations(app), []);

  // On another device: type the code, press Next, then Continue.
  const asked = await submit(page, { code });
  const confirm = forms(asked.text, page).find((f) => f.buttons.some((b) => b.label === 'Continue'));
  assert.ok(confirm, asked.text);
  const button = confirm.buttons.find((b) => b.label === 'Continue');
  const approved = await submit(confirm.action, [...confirm.fields, [button.name, button.value]]);
  assert.match(approved.text, /You have signed in to Closeout/);

  await app.find(byRole('heading', 'You are signed in'), { timeout: 30_000 });
  assert.match(await app.text(), /Signed in as/);
});
