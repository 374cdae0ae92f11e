// Someone who is not a Global Administrator signs in (the practice "not-admin" company, opened
// directly with `--practice not-admin`): Closeout explains what that means and who can close
// the organization, and offers nothing that changes it. Screenshots: target/screenshots/not-admin/.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import { byCss, byRole, launchApp } from './harness/index.mjs';
import { seriousViolations } from './lib/a11y.mjs';
import { press } from './lib/browser.mjs';

let app;
before(async () => {
  app = await launchApp({ test: 'not-admin', locale: 'en-US', args: ['--practice', 'not-admin'] });
  await app.find(byCss('body[data-ready="true"]'), { timeout: 30_000 });
});
after(async () => {
  await app?.quit();
});

test('the app opens on the practice sign-in when started with --practice', async () => {
  await app.find(byRole('heading', 'Sign in to the practice company'));
  const current = await app.execute('return document.querySelector("#rail-steps li[aria-current]").dataset.step');
  assert.equal(current, 'sign_in');
});

test('a signed-in person who is not a Global Administrator is told why and offered nothing destructive', async () => {
  await app.click(byRole('button', 'Sign in with Microsoft'));
  const authorize = await app.waitForOpenedUrl(/\/oauth2\/v2\.0\/authorize\?/);
  assert.equal((await press(authorize, 'Sign in')).status, 200);
  await app.find(byRole('heading', 'This account cannot close the organization'), { timeout: 30_000 });
  const page = await app.text();
  assert.match(page, /You are not a Global Administrator/);
  assert.match(page, /Ask a Global Administrator of your organization to sign in to Closeout/);
  assert.equal(await app.isVisible(byRole('button', 'Look at my organization')), false);
  assert.equal(await app.execute('return document.querySelectorAll("button.danger, input[type=text]").length'), 0,
    'no destructive button and no confirmation box');
  const reachable = await app.execute('return [...document.querySelectorAll("#rail-steps button")].map((b) => b.innerText.trim())');
  assert.deepEqual(reachable, ['Welcome'], 'no later step can be opened from the rail');
  await app.screenshot('not-admin-en');
  assert.deepEqual(await seriousViolations(app), []);
  await app.click(byRole('button', 'Italiano'));
  await app.find(byRole('heading', "Questo account non può chiudere l'organizzazione"));
  await app.screenshot('not-admin-it');
});

test('"Sign out and forget this computer" ends the sign-in: back to Welcome, nothing left to open', async () => {
  await app.click(byRole('button', 'English'));
  await app.click(byRole('button', 'Sign out and forget this computer'));
  await app.find(byRole('heading', 'Close your Microsoft 365 account, safely'), { timeout: 15_000 });
  assert.equal(await app.isVisible(byRole('button', 'Sign out and forget this computer')), false);
  // Rust has no session any more: a command that needs one answers not_signed_in.
  const code = await app.executeAsync(
    'const done = arguments[arguments.length - 1];'
    + 'window.__TAURI__.core.invoke("whoami").then(() => done("signed in"), (e) => done(e.code));');
  assert.equal(code, 'not_signed_in');
  await app.screenshot('signed-out');
});
