// Back up for 300 people in the real window (`--practice users-300`): before, one page 183,728 px
// tall with 605 items and 1,210 answer buttons. Now each person is one collapsed row with
// their totals, answered whole, by kind or all the rest in one command, with a filter for what
// is still open, usable from the keyboard; "Your organization" says "Next: Back up" until the
// checklist is settled. Screenshots: target/screenshots/backup_many/.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import { byCss, byLabel, byRole, launchApp } from './harness/index.mjs';
import { signInToPractice } from './lib/practice.mjs';

const BEFORE = { height: 183_728, buttons: 1_210 };
let app;
let organizationName;
before(async () => {
  app = await launchApp({ test: 'backup_many', locale: 'en-US', args: ['--practice', 'users-300'] });
  await app.find(byCss('body[data-ready="true"]'), { timeout: 30_000 });
});
after(async () => {
  await app?.screenshot('last').catch(() => {});
  await app?.quit();
});

const summary = () => app.text(byCss('#backup-summary'));
const answered = async () => Number((await summary()).match(/^(\d+) of /)[1]);
const measure = () => app.execute(`return {
  height: document.documentElement.scrollHeight,
  buttons: document.querySelectorAll('#page-body button').length,
  people: document.querySelectorAll('li[data-person]').length }`);

test('Your organization says Next: Back up while the checklist is open', async () => {
  organizationName = await signInToPractice(app);
  await app.click(byRole('button', 'Look at my organization'));
  await app.find(byCss('#next'), { timeout: 120_000 });
  assert.match(await app.text(byCss('#next')), /^Next: Back up: answer each item on the checklist\./);
  assert.doesNotMatch(await app.text(byCss('#next')), /1 Users|you can do this now/);
  await app.screenshot('organization-next');
});

test('300 people fit a page a person can scroll: an order of magnitude shorter, fewer buttons', async () => {
  await app.click(byRole('button', 'Continue to the backup'));
  await app.find(byCss('#backup-summary'), { timeout: 180_000 });
  const [, total] = (await summary()).match(/^0 of (\d+) answered/) ?? [];
  assert.ok(Number(total) > 600, `a mailbox and a OneDrive per person (${total})`);
  const now = await measure();
  assert.ok(now.height * 10 <= BEFORE.height, `page height ${now.height} px`);
  assert.ok(now.buttons * 10 <= BEFORE.buttons, `${now.buttons} buttons`);
  assert.equal(now.people, 20, 'a page of people at a time');
  assert.match(await app.text(), /Showing 20 of 300 people\./);
  await app.screenshot('collapsed');
});

test('the keyboard opens a person (aria-expanded) and answers their items together', async () => {
  const toggle = byCss('li[data-person]:first-of-type button.disclosure');
  await app.find(toggle);
  await app.execute('document.querySelector("li[data-person] button.disclosure").focus()');
  await app.press('Enter');
  await app.waitFor(async () => (await app.attribute(toggle, 'aria-expanded')) === 'true', { message: 'expanded' });
  assert.equal((await app.focused()).tag.toLowerCase(), 'button', 'the focus stays on the row');
  assert.equal((await app.findAll(byCss('li[data-person]:first-of-type li[data-item]'))).length, 2);
  await app.click(byCss('li[data-person]:first-of-type [data-bulk^="bulk-person-"] button:first-of-type'));
  await app.waitFor(async () => (await answered()) === 2, { message: 'the person\'s two items answered' });
  assert.match(await app.text(byCss('li[data-person]:first-of-type button.disclosure')), /2 of 2 answered$/);
});

test('a whole kind in one command, the still-open filter, and a search', async () => {
  await app.click(byCss('#bulk-one_drive-saved'));
  await app.waitFor(async () => (await answered()) === 301, { timeout: 30_000, message: 'every OneDrive: saved' });
  await app.click(byLabel('Show only what is still open'));
  await app.waitFor(async () => /Showing 20 of 299 people\./.test(await app.text()), { message: 'the answered person hidden' });
  const row = async (n) => app.text(byCss(`li[data-person]:nth-of-type(${n}) button.disclosure`));
  const name = (await row(7)).split(':')[0];
  await app.type(byLabel('Find a person'), name);
  await app.waitFor(async () => (await measure()).people < 20, { message: 'the search narrows the list' });
  const shown = await app.execute('return [...document.querySelectorAll("li[data-person] button.disclosure")].map((b) => b.innerText)');
  assert.ok(shown.length >= 1 && shown.every((t) => t.toLowerCase().includes(name.toLowerCase())), shown.join(' | '));
  assert.equal((await app.focused())?.id, 'people-search', 'the search field keeps the focus while typing');
  await app.screenshot('filtered');
});

test('"Unlock without finishing" stays below the bulk answers and then reads Skipped, never Done', async () => {
  const order = await app.execute(`const o = document.getElementById('override'); const b = document.getElementById('bulk-title');
    return b.compareDocumentPosition(o) & Node.DOCUMENT_POSITION_FOLLOWING ? 'below' : 'above'`);
  assert.equal(order, 'below');
  await app.type(byLabel("Type your organization's name to confirm"), organizationName);
  await app.click(byRole('button', 'Unlock without finishing the backup'));
  await app.find(byCss('#backup-skipped'), { timeout: 30_000 });
  const rail = await app.text(byCss('#rail-steps li[data-step="backup"] .state'));
  assert.match(rail, /^Skipped by \S+@\S+ on /);
  assert.doesNotMatch(rail, /Done/);
  await app.click(byCss('#rail-steps li[data-step="organization"] button'));
  await app.find(byCss('#backup-skipped'), { timeout: 120_000 });
  assert.match(await app.text(byCss('#backup-skipped')), /^Back up: skipped by \S+@\S+ on /);
  await app.screenshot('skipped');
});
