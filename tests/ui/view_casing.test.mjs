// One casing rule at the UI boundary: the pages read only camelCase keys, and only keys the
// view types have. The samples are real answers of the app's commands on the practice company
// (written by tests/view_samples.rs); every object the pages get is a Proxy that throws on a
// snake_case key or on a key the sample does not have, and what the pages send must be
// camelCase too. Pages catch errors and show them, so every showError is a failure too.
import assert from 'node:assert/strict';
import { beforeEach, test } from 'node:test';

import { FakeElement, button, elements, mount, regions, samples, settle } from './pages_harness.mjs';

const { setLanguage } = await import('../../ui/js/i18n.js');
const organization = await import('../../ui/js/pages/organization.js');
const backup = await import('../../ui/js/pages/backup.js');
const signIn = await import('../../ui/js/pages/sign_in.js');
const { stepPage } = await import('../../ui/js/pages/step.js');
const mail = await import('../../ui/js/pages/mail.js');

beforeEach(async () => {
  await setLanguage('en');
  regions.set('reminders', new FakeElement('section'));
});

test('Your organization reads only camelCase keys the view has', async () => {
  const page = mount(organization);
  await settle();
  assert.deepEqual(page.errors, []);
  assert.match(page.shown.textContent, /Crumb & Co/);
  assert.match(page.shown.textContent, /Security defaults|security defaults/i);
  organization.leave();
});

test('Back up reads only camelCase keys the view has', async () => {
  const page = mount(backup);
  await settle();
  assert.deepEqual(page.errors, []);
  assert.ok(elements(page.shown).some((e) => e.tagName === 'LI' && e.attributes['data-item']), 'the items are shown');
  backup.leave();
});

test('Sign-in, by browser and by device code, reads only camelCase keys the views have', async () => {
  for (const how of ['Sign in with Microsoft', 'Sign in with a code instead']) {
    const page = mount(signIn, { mode: 'practice', scenario: 'bakery' });
    button(page.shown, how).click();
    await settle();
    assert.deepEqual(page.errors, [], how);
    assert.match(page.shown.textContent, new RegExp(samples.signedIn.identity.userPrincipalName), how);
    assert.match(regions.get('reminders').textContent, /\S/, 'the reminders banner is drawn');
    signIn.leave();
  }
});

test('each closure step page reads only camelCase keys: plan, verification and the report', async () => {
  for (const step of ['users', 'domains', 'cancel_subscriptions', 'mfa']) {
    const page = stepPage(step);
    const mounted = mount(page);
    await settle();
    assert.deepEqual(mounted.errors, [], step);
    const confirm = elements(mounted.shown).find((e) => e.tagName === 'BUTTON' && e.getAttribute('class') === 'danger');
    if (step === 'users') {
      assert.ok(confirm, 'the users step has changes to confirm');
      confirm.click();
      await settle();
      assert.deepEqual(mounted.errors, [], `${step} applied`);
      assert.match(mounted.shown.textContent, /8 done, 0 were already done/, 'the report counts what was done');
    }
    page.leave();
  }
});

test('Your email and domain reads only camelCase keys the view has', async () => {
  const page = mount(mail);
  await settle();
  assert.deepEqual(page.errors, []);
  const tables = elements(page.shown).filter((e) => e.tagName === 'TABLE');
  assert.ok(tables.length > 0, 'a table per domain');
  assert.match(page.shown.textContent, /Incoming email \(MX\)/);
  assert.match(page.shown.textContent, /Closeout reminds you to check again on/, 'the follow-up day is shown');
  mail.leave();
});
