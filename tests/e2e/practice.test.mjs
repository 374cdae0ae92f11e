// The practice company in the real window, the way a person goes through it: Welcome ->
// practice sign-in (the practice sign-in page answered in "the browser") -> Your organization
// -> Back up (every item marked) -> 1 Users (typed confirmation, progress, verified result).
// Each page is screenshotted in English and Italian and audited with axe-core.
// Screenshots: target/screenshots/practice/.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import { byCss, byLabel, byRole, byText, launchApp } from './harness/index.mjs';
import { seriousViolations } from './lib/a11y.mjs';
import { press } from './lib/browser.mjs';

let app;
before(async () => {
  app = await launchApp({ test: 'practice', locale: 'en-US' });
  await app.find(byCss('body[data-ready="true"]'), { timeout: 30_000 });
});
after(async () => {
  await app?.screenshot('last').catch(() => {});
  await app?.quit();
});

/** Screenshots the page in English and Italian, audits both, and comes back to English. */
async function review(name, englishHeading, italianHeading) {
  await app.find(byRole('heading', englishHeading));
  await app.screenshot(`${name}-en`);
  assert.deepEqual(await seriousViolations(app), [], `${name} in English`);
  await app.click(byRole('button', 'Italiano'));
  await app.find(byRole('heading', italianHeading));
  await app.screenshot(`${name}-it`);
  assert.deepEqual(await seriousViolations(app), [], `${name} in Italian`);
  await app.click(byRole('button', 'English'));
  await app.find(byRole('heading', englishHeading));
}

const railState = (name) => app.execute(`
  const li = [...document.querySelectorAll('#rail-steps li')].find((l) => l.querySelector('.step-name').innerText.trim() === arguments[0]);
  return li && { state: li.querySelector('.state').innerText.trim(), current: li.getAttribute('aria-current') };`, name);

let organizationName;

test('practice sign-in: the browser page is answered and the result says who and where', async () => {
  await app.click(byRole('button', 'Practice with a sample company'));
  await review('sign-in', 'Sign in to the practice company', "Accedi all'azienda di prova");
  await app.click(byRole('button', 'Sign in with Microsoft'));
  await app.find(byRole('heading', 'Finish signing in in your browser'));
  assert.ok(await app.isVisible(byRole('button', 'Cancel sign-in')), 'waiting offers Cancel');
  await app.screenshot('sign-in-waiting');
  const authorize = await app.waitForOpenedUrl(/^http:\/\/127\.0\.0\.1:\d+\/.*\/oauth2\/v2\.0\/authorize\?/);
  const answer = await press(authorize, 'Sign in');
  assert.equal(answer.status, 200, 'the browser lands on the app\'s "you can close this page"');
  await review('signed-in', 'You are signed in', "Hai effettuato l'accesso");
  const page = await app.text();
  assert.match(page, /Signed in as/);
  organizationName = await app.execute(`
    const dts = [...document.querySelectorAll('dl dt')];
    return dts.find((d) => d.innerText.trim() === 'Organization').nextElementSibling.innerText.trim();`);
  assert.ok(organizationName.length > 0);
  assert.deepEqual(await railState('Sign in'), { state: 'Done', current: 'step' });
});

test('Your organization shows the summary, the findings and the plan', async () => {
  await app.click(byRole('button', 'Look at my organization'));
  await app.find(byRole('heading', 'What Closeout found'), { timeout: 30_000 });
  const page = await app.text();
  assert.match(page, /People\s+8 accounts, including yours/);
  assert.match(page, /Subscriptions/);
  assert.match(page, /What to do:/);
  assert.match(page, /The plan/);
  await review('organization', 'Your organization', 'La tua organizzazione');
});

test('Back up: every item marked saved unlocks the steps that delete', async () => {
  await app.click(byRole('button', 'Continue to the backup'));
  await app.find(byCss('#backup-summary'), { timeout: 60_000 });
  assert.match(await app.text(byCss('#backup-summary')), /^0 of \d+ answered/);
  await review('backup', 'Back up what matters', 'Salva ciò che conta');
  for (let i = 0; i < 100; i++) {
    const open = await app.findAll(byCss('li[data-item] button[aria-pressed="false"]:first-of-type'));
    const unanswered = await app.execute(`return [...document.querySelectorAll('li[data-item]')]
      .filter((li) => ![...li.querySelectorAll('button')].some((b) => b.getAttribute('aria-pressed') === 'true')).length`);
    if (!unanswered || !open.length) break;
    await app.click(byCss('li[data-item]:not(:has(button[aria-pressed="true"])) button:first-of-type'));
    await app.waitFor(async () => (await app.execute(`return [...document.querySelectorAll('li[data-item]')]
      .filter((li) => ![...li.querySelectorAll('button')].some((b) => b.getAttribute('aria-pressed') === 'true')).length`)) < unanswered,
    { message: 'the answer to be recorded' });
  }
  await app.waitForText('Every item is answered. The steps that delete are unlocked.');
  assert.match(await app.text(byCss('#backup-summary')), /^(\d+) of \1 answered · 0 B not saved yet/);
  assert.match(await app.text(), /Marked saved by /);
  await app.screenshot('backup-settled');
});

test('1 Users: the list, the typed confirmation, progress, and a result checked with Microsoft', async () => {
  await app.click(byRole('button', 'Continue to step 1'));
  await app.find(byRole('heading', 'What will change'), { timeout: 30_000 });
  const people = await app.execute('return [...document.querySelectorAll("ul.changes li")].map((li) => li.innerText)');
  assert.equal(people.length, 7, `everyone but you: ${people.join(', ')}`);
  assert.ok(people.every((p) => /\(.+@.+\)$/.test(p)), 'each person by name and address');
  await review('users', 'Step 1: delete everyone except you', 'Passo 1: elimina tutti tranne te');
  const button = byRole('button', 'Delete 7 accounts');
  assert.equal(await app.property(button, 'disabled'), true, 'nothing happens before the name is typed');
  await app.type(byLabel("Type your organization's name to confirm"), 'Not the name');
  await app.click(button);
  await app.find(byRole('alert'));
  assert.match(await app.text(byRole('alert')), /does not match your organization's name/);
  await app.screenshot('users-mismatch');
  await app.type(byLabel("Type your organization's name to confirm"), organizationName, { clear: true });
  await app.click(button);
  await app.find(byRole('heading', 'Done, and checked with Microsoft'), { timeout: 60_000 });
  assert.match(await app.text(), /7 done, 0 were already done, 0 failed\./);
  assert.deepEqual(await railState('1 Users'), { state: 'Done', current: 'step' });
  await review('users-done', 'Step 1: delete everyone except you', 'Passo 1: elimina tutti tranne te');
});
