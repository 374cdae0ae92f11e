// Back up for 300 people, drawn by the real page module on a minimal DOM: one collapsed row
// per person (a real button with aria-expanded), a page of people at a time, bulk answers sent
// as ONE command each (never a loop of per-item invokes), and a backup unlocked with items open
// shown as "Skipped by <name> on <date>" on the rail and the page, never "Done".
// The real window runs the same flows: tests/e2e/backup_many.test.mjs.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

const UI = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../ui');

/** Elements as plain records: tag, attributes, children, listeners; enough for h() and replace(). */
class Leaf { constructor(text) { this.text = String(text); } get textContent() { return this.text; } }
class Box extends Leaf {
  constructor(tag) { super(''); Object.assign(this, { tag: tag.toLowerCase(), attrs: {}, kids: [], on: {} }); }
  setAttribute(k, v) { this.attrs[k] = String(v); }
  getAttribute(k) { return this.attrs[k] ?? null; }
  addEventListener(type, fn) { (this.on[type] ??= []).push(fn); }
  append(...nodes) { for (const n of nodes) this.kids.push(n instanceof Leaf ? n : new Leaf(n)); }
  replaceChildren(...nodes) { this.kids = []; this.append(...nodes); }
  get textContent() { return this.kids.map((k) => k.textContent).join(''); }
  focus() {}
  fire(type) { for (const fn of this.on[type] ?? []) fn({ target: this }); }
}
const all = (n) => (n instanceof Box ? [n, ...n.kids.flatMap(all)] : []);
let root = null;
globalThis.Node = Leaf;
globalThis.document = {
  documentElement: {},
  querySelectorAll: () => [],
  createElement: (tag) => new Box(tag),
  createTextNode: (text) => new Leaf(text),
  getElementById: (id) => (root ? all(root).find((e) => e.attrs.id === id) ?? null : null),
  get activeElement() { return null; },
};
globalThis.fetch = async (url) => ({ json: async () => JSON.parse(fs.readFileSync(path.join(UI, url), 'utf8')) });

const { setLanguage } = await import('../../ui/js/i18n.js');
const backup = await import('../../ui/js/pages/backup.js');
await setLanguage('en');

const PEOPLE = 300;
function checklist(standing = { state: 'open' }) {
  const items = [];
  for (let i = 0; i < PEOPLE; i += 1) {
    const upn = `p${i}@bench.example`;
    for (const kind of ['mailbox', 'one_drive']) {
      items.push({
        id: `${kind === 'mailbox' ? 'mailbox' : 'onedrive'}:${upn}`, kind, title: `${kind} of Person ${i}`,
        steps: ['one', 'two'], bytes: 1_000_000, helpUrl: 'https://learn.microsoft.com/x', adminUrl: null,
        answer: null, person: upn, personName: `Person ${i}`,
      });
    }
  }
  for (const id of ['invoices', 'calendars_contacts']) {
    items.push({ id, kind: id, title: id, steps: [], bytes: null, helpUrl: 'https://learn.microsoft.com/y', adminUrl: null, answer: null, person: null, personName: null });
  }
  const summary = { total: items.length, answered: 0, unsavedBytes: 600_000_000, openUnknownSize: 0, settled: standing.state !== 'open' };
  return { items, summary, namesConcealed: false, overridden: standing.state === 'skipped', standing };
}

/** The page on a stub of main.js's `app`; `sent` records every command the page invoked. */
async function mount(view) {
  const sent = [];
  const answer = (name) => async (...args) => { sent.push([name, ...args]); return view; };
  const app = {
    data: { signedIn: { organization: 'Benchmark Company' } }, states: {}, notes: {}, reachable: new Set(), errors: [],
    api: {
      backupChecklist: answer('backup_checklist'), answerBackupItem: answer('answer_backup_item'),
      answerBackupItems: answer('answer_backup_items'), overrideBackup: answer('override_backup'),
      defaultBackupDir: async () => '/tmp/x',
    },
    setState(step, state) { app.states[step] = state; }, setNote(step, note) { app.notes[step] = note; },
    reach(step) { app.reachable.add(step); }, clearNotice() {}, go() {},
    showError: (e) => app.errors.push(e),
    refresh() { root = backup.render(app); },
  };
  app.refresh();
  for (let i = 0; i < 20; i += 1) await new Promise((r) => setTimeout(r, 0));
  return { app, sent };
}
const buttons = () => all(root).filter((e) => e.tag === 'button');
const byId = (id) => document.getElementById(id);
const settle = async () => { for (let i = 0; i < 20; i += 1) await new Promise((r) => setTimeout(r, 0)); };

test('300 people are 20 collapsed rows and a few dozen buttons, not 1,210', async () => {
  const { app } = await mount(checklist());
  assert.deepEqual(app.errors, []);
  const rows = all(root).filter((e) => e.attrs['data-person']);
  assert.equal(rows.length, 20);
  assert.ok(buttons().length * 10 <= 1_210, `${buttons().length} buttons`);
  assert.equal(all(root).filter((e) => e.attrs['data-item'] && e.attrs['data-item'].includes('@')).length, 0, 'no person item drawn while collapsed');
  const toggle = byId('person-0');
  assert.equal(toggle.tag, 'button');
  assert.equal(toggle.attrs['aria-expanded'], 'false');
  assert.equal(toggle.attrs['aria-controls'], 'person-panel-0');
  assert.match(toggle.textContent, /^Person 0: 2 MB, 0 of 2 answered$/);

  toggle.fire('click');
  assert.equal(byId('person-0').attrs['aria-expanded'], 'true');
  assert.equal(all(byId('person-panel-0')).filter((e) => e.attrs['data-item']).length, 2);
  byId('people-more').fire('click');
  assert.equal(all(root).filter((e) => e.attrs['data-person']).length, 40);
  backup.leave();
});

test('a kind, a person and the rest are each one command, never a loop of item answers', async () => {
  const { sent } = await mount(checklist());
  sent.length = 0;
  byId('bulk-one_drive-saved').fire('click');
  await settle();
  byId('person-3').fire('click');
  byId('bulk-person-3-not_needed').fire('click');
  await settle();
  byId('bulk-open-saved').fire('click');
  await settle();
  assert.deepEqual(sent, [
    ['answer_backup_items', { kind: 'one_drive' }, 'saved', 'en'],
    ['answer_backup_items', { person: 'p3@bench.example' }, 'not_needed', 'en'],
    ['answer_backup_items', 'open', 'saved', 'en'],
  ]);
  assert.ok(all(root).some((e) => e.attrs.id === 'override'), 'the unlock stays while items are open');
  backup.leave();
});

test('unlocked with items open: "Skipped by <name> on <date>" on the rail and the page, never Done', async () => {
  const at = '2026-12-02T09:00:00Z';
  const { app } = await mount(checklist({ state: 'skipped', by: 'admin@bench.example', at }));
  assert.equal(app.states.backup, 'skipped');
  assert.equal(app.notes.backup, 'Skipped by admin@bench.example on December 2, 2026');
  assert.match(byId('backup-skipped').textContent, /^Skipped by admin@bench\.example on December 2, 2026/);
  assert.doesNotMatch(root.textContent, /Every item is answered/);
  assert.ok(app.reachable.has('users'), 'step 1 is unlocked');
  backup.leave();
});
