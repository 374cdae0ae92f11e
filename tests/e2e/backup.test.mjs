// The backup checklist of the practice "agency" in the real window: items built from the
// organization's data, marked saved / not needed with who and when, the lock on the steps that
// delete while items are open, and its typed override ("Skipped by <name> on <date>", never
// "Done"). Each person is one collapsed row. Screenshots: target/screenshots/backup/.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import { byCss, byLabel, byRole, launchApp } from './harness/index.mjs';
import { signInToPractice } from './lib/practice.mjs';

let app;
before(async () => {
  app = await launchApp({ test: 'backup', locale: 'en-US', args: ['--practice', 'agency'] });
  await app.find(byCss('body[data-ready="true"]'), { timeout: 30_000 });
});
after(async () => {
  await app?.screenshot('last').catch(() => {});
  await app?.quit();
});

const summary = () => app.text(byCss('#backup-summary'));
let organizationName;

test('the agency\'s checklist lists each person\'s data and what every owner must keep', async () => {
  organizationName = await signInToPractice(app);
  await app.click(byRole('button', 'Look at my organization'));
  await app.click(byRole('button', 'Continue to the backup'), { timeout: 60_000 });
  await app.find(byCss('#backup-summary'), { timeout: 120_000 });
  const [, total] = (await summary()).match(/^0 of (\d+) answered · [\d.,]+ [KMGT]B not saved yet$/) ?? [];
  assert.ok(Number(total) > 45, `an item per mailbox and OneDrive, plus the common ones (${total})`);
  // Each person is one collapsed row with their totals; opening it shows their items.
  const first = byCss('li[data-person]:first-of-type button.disclosure');
  assert.match(await app.text(first), /^.+: [\d.,]+ [KMGT]?B, 0 of \d+ answered$/);
  assert.equal(await app.attribute(first, 'aria-expanded'), 'false');
  assert.equal((await app.findAll(byCss('li[data-person] li[data-item]'))).length, 0, 'collapsed: no items drawn');
  await app.click(first);
  assert.equal(await app.attribute(first, 'aria-expanded'), 'true');
  const titles = await app.execute('return [...document.querySelectorAll("li[data-person] li[data-item] h3")].map((h) => h.innerText)');
  assert.ok(titles.some((t) => /^Email of /.test(t)) && titles.some((t) => /^OneDrive of /.test(t)), titles.slice(0, 4).join(' | '));
  assert.ok(await app.isVisible(byRole('link', "Microsoft's instructions")));
  assert.equal(await app.isVisible(byRole('button', 'Continue to step 1')), false, 'locked while items are open');
  await app.screenshot('checklist');
});

/** "4.2 GB" -> { bytes: 4.2e9, slack: 0.05e9 } (decimal units, as the page writes them; slack:
 * half its last digit, what its rounding may hide). */
function size(number, unit) {
  const scale = 1000 ** ['B', 'KB', 'MB', 'GB', 'TB'].indexOf(unit);
  const decimals = number.includes('.') ? number.split('.')[1].length : 0;
  return { bytes: Number(number.replace(/,/g, '')) * scale, slack: scale * 0.5 * 10 ** -decimals };
}

/** "2 of 50 answered · 4.2 GB not saved yet" -> the size not saved yet. */
function unsaved(text) {
  const [, number, unit] = text.match(/· ([\d.,]+) ([KMGT]?B) not saved yet$/) ?? [];
  assert.ok(number, text);
  return size(number, unit);
}

/** "Email of Anna Rossi: 2.3 GB, 4,212 messages, ..." -> that item's size. */
function itemSize(text) {
  const [, number, unit] = text.match(/: ([\d.,]+) ([KMGT]?B),/) ?? [];
  assert.ok(number, text);
  return size(number, unit);
}

test('marking items records who and when and lowers what is left to save', async () => {
  const before = await summary();
  const marked = [
    itemSize(await app.text(byCss('li[data-item]:nth-of-type(1)'))),
    itemSize(await app.text(byCss('li[data-item]:nth-of-type(2)'))),
  ];
  await app.click(byCss('li[data-item]:nth-of-type(1) button:first-of-type'));
  await app.waitFor(async () => /^1 of /.test(await summary()), { message: 'one answered' });
  await app.click(byCss('li[data-item]:nth-of-type(2) button:nth-of-type(2)'));
  await app.waitFor(async () => /^2 of /.test(await summary()), { message: 'two answered' });
  const after = await summary();
  // What is left drops by the two items' sizes, and by nothing else: every figure on the page
  // is rounded (the agency's 1.4 TB to a tenth of a terabyte), so within what the roundings
  // of the four figures can hide.
  const [was, now] = [unsaved(before), unsaved(after)];
  const expected = was.bytes - marked[0].bytes - marked[1].bytes;
  const slack = was.slack + now.slack + marked[0].slack + marked[1].slack;
  assert.ok(Math.abs(now.bytes - expected) <= slack,
    `the unsaved size went down by the two items: ${before} -> ${after}, items ${marked.map((m) => m.bytes)}`);
  const first = await app.text(byCss('li[data-item]:nth-of-type(1)'));
  assert.match(first, /Marked saved by \S+@\S+ on /);
  assert.match(await app.text(byCss('li[data-item]:nth-of-type(2)')), /Marked not needed by /);
  assert.equal(await app.attribute(byCss('li[data-item]:nth-of-type(1) button:first-of-type'), 'aria-pressed'), 'true');
  await app.screenshot('two-marked');
});

test('the lock can be lifted only by typing the organization\'s name, and then step 1 opens', async () => {
  await app.find(byRole('heading', 'Go on without finishing the backup'));
  await app.type(byLabel("Type your organization's name to confirm"), 'Another company');
  await app.click(byRole('button', 'Unlock without finishing the backup'));
  assert.match(await app.text(byRole('alert')), /does not match your organization's name/);
  assert.equal(await app.isVisible(byRole('button', 'Continue to step 1')), false);
  await app.type(byLabel("Type your organization's name to confirm"), organizationName, { clear: true });
  await app.click(byRole('button', 'Unlock without finishing the backup'));
  await app.find(byCss('#backup-skipped'));
  assert.match(await app.text(byCss('#backup-skipped')), /^Skipped by \S+@\S+ on \w+ \d+, \d{4}|^Skipped by \S+@\S+ on \d+ \w+ \d{4}/);
  assert.match(await app.text(byCss('#rail-steps li[data-step="backup"] .state')), /^Skipped by \S+@\S+ on /, 'never "Done"');
  assert.equal(await app.attribute(byCss('#rail-steps li[data-step="backup"]'), 'data-state'), 'skipped');
  await app.screenshot('overridden');
  await app.click(byRole('button', 'Continue to step 1'));
  await app.find(byRole('heading', 'Do it'), { timeout: 60_000 });
  assert.ok(await app.isVisible(byLabel("Type your organization's name to confirm")), 'step 1 can now be confirmed');
});
