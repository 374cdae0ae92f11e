// Reminders in the real window: after signing in to the practice bakery, the banner at the top
// says what comes next (a subscription's date, from the journal); moving the practice clock
// past it makes it due: the banner lists it with its date and a plain sentence, in English and
// Italian, the watcher tries an OS notification (none under Xvfb: logged, no crash), and
// Dismiss removes it. Screenshots: target/screenshots/reminders/.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { after, before, test } from 'node:test';

import { byCss, byRole, launchApp } from './harness/index.mjs';
import { seriousViolations } from './lib/a11y.mjs';
import { signInToPractice } from './lib/practice.mjs';

let app;
let logStart;
before(async () => {
  app = await launchApp({ test: 'reminders', locale: 'en-US', args: ['--practice', 'bakery'] });
  logStart = fs.statSync(app.logFile).size;
  await app.find(byCss('body[data-ready="true"]'), { timeout: 30_000 });
});
after(async () => {
  await app?.screenshot('last').catch(() => {});
  await app?.quit();
});

const banner = byCss('#reminders');
const dueItems = () => app.execute('return [...document.querySelectorAll("#reminders li[data-reminder]")].map((li) => li.innerText)');
let nextTitle;

/** The banner when nothing is due: one quiet line, no heading, no box. */
async function assertQuiet() {
  const shape = await app.execute(`const el = document.querySelector('#reminders');
    const line = parseFloat(getComputedStyle(el.querySelector('#reminders-next')).lineHeight);
    return { headings: el.querySelectorAll('h2').length, border: getComputedStyle(el).borderTopWidth,
      lines: Math.round(el.querySelector('#reminders-next').getBoundingClientRect().height / line) };`);
  assert.deepEqual(shape, { headings: 0, border: '0px', lines: 1 }, 'one quiet line');
}

test('after signing in, nothing is due: the banner is one quiet line saying what comes next', async () => {
  await signInToPractice(app);
  await app.find(byCss('#reminders-next'));
  const strayText = await app.execute(
    'return [...document.querySelector("#reminders").childNodes].filter((n) => n.nodeType === 3 && n.textContent.trim()).map((n) => n.textContent)');
  assert.deepEqual(strayText, [], 'no stray text (such as a count) in the banner');
  const next = await app.text(byCss('#reminders-next'));
  const [, date, title] = next.match(/^Next: (\w+ \d{1,2}, \d{4}), (.+)$/) ?? [];
  assert.ok(date && title, next);
  nextTitle = title.trim();
  assert.deepEqual(await dueItems(), []);
  await assertQuiet();
  await app.screenshot('next');
});

test('when the practice clock passes the date, it is due, in English and Italian', async () => {
  await app.click(byRole('button', /^Practice: move the clock to /));
  await app.waitFor(async () => (await dueItems()).length > 0, { message: 'the reminder to be due' });
  const [item] = await dueItems();
  assert.match(item, new RegExp(`^Since .+\\d{4}: ${nextTitle.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\n`));
  assert.match(item, /renews or ends on .+: cancel it before then \(step 2\) so you are not charged again\./);
  assert.ok(await app.isVisible(byRole('button', `Dismiss: ${nextTitle}`)));
  assert.ok(await app.isVisible(byRole('heading', 'Reminders')), 'a due item stands out, in a box with a heading');
  await app.screenshot('due-en');
  assert.deepEqual(await seriousViolations(app), [], 'the banner in English');

  await app.click(byRole('button', 'Italiano'));
  await app.find(byRole('heading', 'Promemoria'));
  await app.waitFor(async () => /^Dal(l'| ).+\d{4}: /.test((await dueItems())[0] ?? ''), { message: 'the Italian banner' });
  assert.match((await dueItems())[0], /si rinnova o termina il .+: annullalo prima di allora \(passo 2\) per non ricevere altri addebiti\./);
  assert.match(await app.text(banner), /Prossima scadenza, il .+\d{4}: /);
  await app.screenshot('due-it');
  assert.deepEqual(await seriousViolations(app), [], 'the banner in Italian');
  await app.click(byRole('button', 'English'));
  await app.find(byRole('heading', 'Reminders'));
});

test('the arrival is notified from Rust; without a notification service it is only logged', async () => {
  const log = () => fs.readFileSync(app.logFile).subarray(logStart).toString('utf8');
  await app.waitFor(() => /reminder arrived/.test(log()), { message: 'the watcher to notice the date' });
  await app.waitFor(() => /(notification shown|the notification could not be shown)/.test(log()), { message: 'the notification attempt' });
  assert.ok(await app.isVisible(banner), 'the app is still there and shows the banner');
});

test('Dismiss removes the due item and keeps what comes next', async () => {
  await app.click(byRole('button', `Dismiss: ${nextTitle}`));
  await app.waitFor(async () => (await dueItems()).length === 0, { message: 'the item to go' });
  assert.match(await app.text(banner), /^Next: /);
  await assertQuiet();
  assert.match((await app.focused())?.text ?? '', /^Next: /, 'focus stays in the banner');
  await app.screenshot('dismissed');
});
