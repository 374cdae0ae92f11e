// Smoke test of the e2e harness: the real app binary opens a real window titled "Closeout"
// under Xvfb, WebDriver reads and drives its page like a person (find by text, role and label,
// click, type, Tab and Enter), URLs the app opens are recorded, and a screenshot is saved.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { after, before, test } from 'node:test';

import { byCss, byLabel, byRole, byText, launchApp } from './harness/index.mjs';

let app;
before(async () => {
  app = await launchApp({ test: 'smoke' });
});
after(async () => {
  await app?.quit();
});

/** Adds a small form to the real page, so the harness is proven on real WebKit events. */
async function addFixture() {
  await app.execute(`
    document.getElementById('harness-fixture')?.remove();
    const section = document.createElement('section');
    section.id = 'harness-fixture';
    section.innerHTML = '<label for="hf-name">Organization name</label><input id="hf-name">' +
      '<button type="button" id="hf-first">First choice</button>' +
      '<button type="button" id="hf-second" aria-label="Second choice">2</button>' +
      '<p id="hf-out" hidden>nothing yet</p><p hidden>Hidden text</p>';
    document.body.append(section);
    const out = section.querySelector('#hf-out');
    for (const b of section.querySelectorAll('button')) {
      b.addEventListener('click', () => { out.hidden = false; out.textContent = 'Chose ' + b.id + ' with ' + section.querySelector('input').value; });
    }
  `);
}

test('the app opens a window titled "Closeout"', async () => {
  assert.equal(await app.title(), 'Closeout');
  await app.waitFor(() => app.windowTitles().includes('Closeout'), { message: 'a native window titled Closeout' });
});

test('the page shows content a person can read, drawn by the app\'s scripts, not just the HTML', async () => {
  // index.html alone says only "Loading…": the heading, its words from the catalogue and the
  // language buttons exist only once main.js has run and asked Rust for its start-up facts.
  await app.find(byCss('body[data-ready="true"]'), { timeout: 30_000 });
  await app.find(byRole('heading', 'Close your Microsoft 365 account, safely'));
  assert.ok(await app.isVisible(byRole('button', 'Italiano')), 'the language switch');
  assert.doesNotMatch(await app.text(byCss('#page-body')), /Loading…/);
});

test('a full-window screenshot is saved as a PNG', async () => {
  const file = await app.screenshot('opened');
  const png = fs.readFileSync(file);
  assert.deepEqual([...png.subarray(1, 4)], [...Buffer.from('PNG')]);
  assert.ok(png.length > 1000, 'a real image, not an empty one');
});

test('finds by text, role and label; hidden text is not found', async () => {
  await addFixture();
  assert.equal((await app.findAll(byText('First choice'))).length, 1);
  assert.equal((await app.findAll(byRole('button', 'Second choice'))).length, 1);
  assert.equal((await app.findAll(byLabel('Organization name'))).length, 1);
  assert.equal((await app.findAll(byText('Hidden text'))).length, 0);
  await assert.rejects(app.find(byText('No such text'), { timeout: 300 }), /timed out/);
});

test('typing and clicking work like a person', async () => {
  await addFixture();
  await app.type(byLabel('Organization name'), 'Contoso Bakery');
  await app.click(byText('First choice'));
  assert.equal(await app.text(byCss('#hf-out')), 'Chose hf-first with Contoso Bakery');
});

test('Tab moves focus and Enter activates the focused button', async () => {
  await addFixture();
  await app.click(byLabel('Organization name'));
  await app.press('Tab');
  assert.equal((await app.focused())?.name, 'First choice');
  await app.press('Tab');
  assert.equal((await app.focused())?.name, 'Second choice');
  await app.press('Shift+Tab', 'Tab', 'Enter');
  await app.waitFor(async () => (await app.text(byCss('#hf-out'))).startsWith('Chose hf-second'), { message: 'Enter to click' });
  await app.screenshot('fixture-after-enter');
});
