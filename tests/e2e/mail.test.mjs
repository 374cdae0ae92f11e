// "Your email and domain" for the practice bakery in the real window, in English and Italian,
// before and after the practice registrar moves its email: the table says what still points
// at Microsoft, then Check again shows it done. While it waits, the reminders banner carries a
// "check your email records" day the owner can confirm with "Remind me"; once done, that
// reminder is gone. Screenshots: target/screenshots/mail/.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import { byCss, byLabel, byRole, launchApp } from './harness/index.mjs';
import { signInToPractice } from './lib/practice.mjs';

let app;
before(async () => {
  app = await launchApp({ test: 'mail', locale: 'en-US', args: ['--practice', 'bakery'] });
  await app.find(byCss('body[data-ready="true"]'), { timeout: 30_000 });
});
after(async () => {
  await app?.screenshot('last').catch(() => {});
  await app?.quit();
});

const domain = 'section.mail-domain[data-domain="crumbandco.com"]';
const row = (kind, name = 'crumbandco.com') => byCss(`${domain} tr[data-kind="${kind}"][data-name="${name}"]`);

test('before the move, the bakery\'s records still point at Microsoft, in English and Italian', async () => {
  await signInToPractice(app);
  await app.click(byRole('button', 'Look at my organization'));
  await app.find(byRole('button', 'Continue to the backup'), { timeout: 60_000 });
  await app.click(byRole('button', 'Your email and domain'));
  await app.find(byCss(`${domain}[data-state="waiting"]`), { timeout: 60_000 });
  const mx = await app.text(row('mx'));
  assert.match(mx, /Incoming email \(MX\)/);
  assert.match(mx, /0 crumbandco-com\.mail\.protection\.outlook\.com/);
  assert.match(mx, /Still points at Microsoft 365\.\s*Yes\s*Replace it with your new provider's value\./);
  assert.match(mx, /can take up to 1 hour/);
  assert.match(await app.text(row('cname', 'autodiscover.crumbandco.com')), /autodiscover\.outlook\.com[\s\S]*Delete this record/);
  assert.match(await app.text(byCss(`${domain} .mail-state`)), /^Waiting: 12 records to change\. Checked on \w+ \d+, \d{4}, /);
  assert.ok(await app.isVisible(byCss(`${domain} [data-warning="spf_names_microsoft"]`)));

  // Not now: a "check your email records" day a few days out, in the banner and the calendar.
  const followUp = byCss('#mail-follow-up');
  assert.match(await app.text(followUp), /Closeout reminds you to check again on \w+ \d+, \d{4} \(choose another day below\)/);
  await app.waitForText('Check your email records: Crumb & Co. Bakery', { timeout: 20_000 });
  assert.ok(await app.isVisible(byRole('button', 'Add the dates to my calendar')));
  await app.click(byRole('button', 'Remind me'));
  await app.waitFor(async () => /Closeout reminds you to check your email records on/.test(await app.text(followUp)),
    { message: 'the chosen day is confirmed' });

  // The new provider chosen from the short list: the values to paste appear where they go.
  await app.choose(byLabel('Your new email provider (to see the values to use)'), 'Fastmail');
  await app.waitFor(async () => /With Fastmail:\s*10 in1-smtp\.messagingengine\.com\s*20 in2-smtp\.messagingengine\.com/.test(await app.text(row('mx'))),
    { message: 'Fastmail\'s MX values in the MX row' });
  assert.match(await app.text(row('spf')), /With Fastmail:\s*v=spf1 include:spf\.messagingengine\.com \?all/);
  await app.screenshot('before-en');

  await app.click(byRole('button', 'Italiano'));
  await app.find(byRole('heading', 'La tua email e il dominio'));
  assert.match(await app.text(row('mx')), /Punta ancora a Microsoft 365\.\s*Sì\s*Sostituiscilo/);
  assert.match(await app.text(byCss(`${domain} .mail-state`)), /^In attesa: 12 record da cambiare\. Controllato (il|l')/);
  await app.screenshot('before-it');
});

test('after "Move email to another provider" on the practice registrar, Check again shows it done', async () => {
  const registrar = await app.attribute(byCss('#practice-registrar'), 'href');
  assert.match(registrar, /^http:\/\/127\.0\.0\.1:\d+\/portal\/registrar$/);
  const moved = await fetch(`${registrar}/move`, { method: 'POST', body: new URLSearchParams({ domain: 'crumbandco.com' }) });
  assert.equal(moved.status, 200);
  assert.match(await moved.text(), /now goes to Fastmail/);

  await app.click(byRole('button', 'Controlla di nuovo'));
  await app.find(byCss(`${domain}[data-state="done"]`), { timeout: 60_000 });
  assert.match(await app.text(byCss(`${domain} .mail-state`)), /^Fatto: niente punta a Microsoft/);
  assert.match(await app.text(row('mx')), /10 in1-smtp\.messagingengine\.com[\s\S]*Punta altrove, non a Microsoft\.\s*No\s*Niente da fare\./);
  await app.screenshot('after-it');

  await app.click(byRole('button', 'English'));
  await app.find(byRole('heading', 'Your email and domain'));
  assert.match(await app.text(byCss(`${domain} .mail-state`)), /^Done: nothing points at Microsoft/);
  assert.match(await app.text(row('cname', 'autodiscover.crumbandco.com')), /No record[\s\S]*No\s*Nothing to do\./);
  // Clean: no "remind me" and no "check your email records" reminder any more.
  assert.equal(await app.isVisible(byCss('#mail-follow-up')), false);
  await app.waitFor(async () => !(await app.text()).includes('Check your email records'),
    { timeout: 20_000, message: 'the mail reminder to leave the banner' });
  await app.screenshot('after-en');
});
