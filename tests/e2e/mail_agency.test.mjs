// "Your email and domain" for the practice agency in the real window: its domain is on
// Microsoft-hosted name servers and was bought through Microsoft 365 (the practice registrar
// page shows when). The page warns to move the zone before the Domains step, lists the
// website's records to recreate, and asks whether the domain was bought through Microsoft
// 365 with the 60-day rule; the purchase date typed in gives the first day a transfer is
// possible, and the answer is kept for another day. In English and Italian. Screenshots:
// target/screenshots/mail/.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import { byCss, byLabel, byRole, launchApp } from './harness/index.mjs';
import { signInToPractice } from './lib/practice.mjs';

let app;
before(async () => {
  app = await launchApp({ test: 'mail', locale: 'en-US', args: ['--practice', 'agency'] });
  await app.find(byCss('body[data-ready="true"]'), { timeout: 30_000 });
});
after(async () => {
  await app?.screenshot('agency-last').catch(() => {});
  await app?.quit();
});

const domain = 'section.mail-domain[data-domain="northwindcreative.com"]';
const hosted = byCss(`${domain} [data-warning="microsoft_hosts_dns"]`);
const bought = byCss(`${domain} [data-warning="microsoft_purchased_domain"]`);

test('the agency\'s Microsoft-hosted zone: move it first, with the website\'s records to recreate', async () => {
  await signInToPractice(app);
  await app.click(byRole('button', 'Look at my organization'));
  await app.find(byRole('button', 'Continue to the backup'), { timeout: 60_000 });
  await app.click(byRole('button', 'Your email and domain'));
  await app.find(byCss(`${domain}[data-state="waiting"]`), { timeout: 60_000 });

  const ns = await app.text(byCss(`${domain} tr[data-kind="ns"]`));
  assert.match(ns, /ns1\.bdm\.microsoftonline\.com[\s\S]*Microsoft hosts your DNS\.\s*Yes\s*Move your DNS to your registrar or another DNS host before the Domains step\./);
  const warning = await app.text(hosted);
  assert.match(warning, /^Microsoft hosts the DNS of northwindcreative\.com: the whole zone, website included, may go with Microsoft 365\./);
  assert.match(warning, /Records to recreate at the new DNS host:\s*northwindcreative\.com A 203\.0\.113\.80\s*www\.northwindcreative\.com A 203\.0\.113\.80/);
  assert.doesNotMatch(warning, /outlook\.com|lync\.com/, 'Microsoft\'s own records are not "to recreate"');

  const question = await app.text(bought);
  assert.match(question, /^Was northwindcreative\.com bought through Microsoft 365\? Microsoft does not tell Closeout\./);
  assert.match(question, /no transfer in the 60 days after the purchase/);
  assert.match(question, /Settings > Domains > northwindcreative\.com/);
  await app.screenshot('agency-before-en');

  await app.click(byRole('button', 'Italiano'));
  await app.find(byRole('heading', 'La tua email e il dominio'));
  assert.match(await app.text(hosted), /^Il DNS di northwindcreative\.com è ospitato da Microsoft[\s\S]*Record da ricreare presso il nuovo gestore DNS:\s*northwindcreative\.com A 203\.0\.113\.80/);
  assert.match(await app.text(bought), /^northwindcreative\.com è stato acquistato tramite Microsoft 365\?[\s\S]*nei 60 giorni dopo l'acquisto/);
  await app.screenshot('agency-before-it');
  await app.click(byRole('button', 'English'));
  await app.find(byRole('heading', 'Your email and domain'));
});

test('the practice registrar page shows when the domain was bought and when it can be transferred', async () => {
  const registrar = await app.attribute(byCss('#practice-registrar'), 'href');
  const page = await (await fetch(registrar)).text();
  const [, on, from] = page.match(/Bought through Microsoft 365 on (\d{4}-\d{2}-\d{2}): Microsoft is its registrar\. It can be transferred to another registrar from (\d{4}-\d{2}-\d{2})/) ?? [];
  assert.ok(on, 'the purchase date is shown');
  const days = (new Date(from) - new Date(on)) / 86_400_000;
  assert.equal(days, 60, 'Microsoft\'s 60 days');
  const ago = (Date.now() - new Date(on)) / 86_400_000;
  assert.ok(ago > 39 && ago < 42, `bought about 40 days before the practice started (${ago})`);

  // The owner types that date into the question: the page says when a transfer is possible.
  // The field shows month/day/year in English (US): typed that way, as a person would.
  const [year, month, dayOfMonth] = on.split('-');
  await app.type(byLabel('If it was: the purchase date the admin center shows'), `${month}/${dayOfMonth}/${year}`);
  await app.press('Tab');
  const expected = new Intl.DateTimeFormat('en', { dateStyle: 'long' }).format(new Date(`${from}T12:00:00`));
  await app.waitFor(async () => (await app.text(bought)).includes(`Microsoft allows the transfer from ${expected}: the Domains step has to wait`),
    { message: `the first transfer day, ${expected}` });
  await app.screenshot('agency-bought-en');

  // The answer is kept: away to Your organization and back, the page shows it again.
  await app.click(byRole('button', 'Your organization'));
  await app.find(byRole('button', 'Continue to the backup'), { timeout: 60_000 });
  await app.click(byRole('button', 'Your email and domain'));
  await app.find(byCss(`${domain}[data-state="waiting"]`), { timeout: 60_000 });
  assert.equal(await app.property(byLabel('If it was: the purchase date the admin center shows'), 'value'), on);
  assert.match(await app.text(bought), new RegExp(`Microsoft allows the transfer from ${expected}`));
});
