// "Your email and domain" checks the DNS again by itself while it is open (DNS changes take
// time to show), every `recheckSeconds` the command answers, and stops when the owner leaves
// the page. Timers are Node's mock timers; the commands are the app's real answers.
import assert from 'node:assert/strict';
import { mock, test } from 'node:test';

import { FakeElement, invoked, mount, regions, samples, settle } from './pages_harness.mjs';

const { setLanguage } = await import('../../ui/js/i18n.js');
const mail = await import('../../ui/js/pages/mail.js');

const checks = () => invoked.filter((command) => command === 'mail_handover').length;

test('while open, the page checks again every recheckSeconds; once left, never', async () => {
  mock.timers.enable({ apis: ['setInterval'] });
  try {
    await setLanguage('en');
    regions.set('reminders', new FakeElement('section'));
    const every = samples.mail.recheckSeconds * 1000;
    assert.ok(every > 0);
    const page = mount(mail);
    await settle();
    assert.deepEqual(page.errors, []);
    assert.equal(checks(), 1, 'checked on opening');

    mock.timers.tick(every - 1);
    await settle();
    assert.equal(checks(), 1, 'not before the interval');
    mock.timers.tick(1);
    await settle();
    assert.equal(checks(), 2, 'again after it');
    mock.timers.tick(every);
    await settle();
    assert.equal(checks(), 3, 'and again');

    mail.leave();
    mock.timers.tick(10 * every);
    await settle();
    assert.equal(checks(), 3, 'no check after leaving the page');
  } finally {
    mock.timers.reset();
  }
});
