// One casing rule at the UI boundary: the pages read only camelCase keys, and only keys the
// view types have. The samples are real answers of the app's commands on the practice company
// (written by tests/view_samples.rs); every object the pages get is a Proxy that throws on a
// snake_case key or on a key the sample does not have, and what the pages send must be
// camelCase too. Pages catch errors and show them, so every showError is a failure too.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { beforeEach, test } from 'node:test';
import { fileURLToPath } from 'node:url';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const UI = path.resolve(HERE, '../../ui');
const samples = JSON.parse(fs.readFileSync(path.join(HERE, 'samples', 'views.json'), 'utf8'));

/** `value`, read through a Proxy that fails on snake_case or unknown keys. */
function strict(value, at = 'answer') {
  if (value === null || typeof value !== 'object') return value;
  return new Proxy(value, {
    get(target, key, receiver) {
      if (typeof key !== 'string' || key === 'then' || key === 'toJSON') return Reflect.get(target, key, receiver);
      if (key.includes('_')) throw new Error(`snake_case key read: ${at}.${key}`);
      const known = key in target || (Array.isArray(target) && /^\d+$/.test(key));
      if (!known) throw new Error(`key the view does not have read: ${at}.${key}`);
      return strict(Reflect.get(target, key, receiver), `${at}.${key}`);
    },
  });
}

// Just enough DOM for the pages: elements with attributes, children, text and listeners.
class FakeNode {}
class FakeText extends FakeNode {
  constructor(text) { super(); this.textContent = text; }
}
class FakeElement extends FakeNode {
  constructor(tag) {
    super();
    Object.assign(this, { tagName: tag.toUpperCase(), children: [], attributes: {}, listeners: {}, dataset: {}, own: '' });
  }
  setAttribute(name, value) { this.attributes[name] = String(value); }
  getAttribute(name) { return this.attributes[name] ?? null; }
  removeAttribute(name) { delete this.attributes[name]; }
  addEventListener(type, fn) { (this.listeners[type] ??= []).push(fn); }
  append(...children) { this.children.push(...children.map((c) => (c instanceof FakeNode ? c : new FakeText(String(c))))); }
  replaceChildren(...children) { this.children = []; this.append(...children); }
  get textContent() { return this.own + this.children.map((c) => c.textContent).join(''); }
  set textContent(text) { this.own = String(text); this.children = []; }
  querySelector() { return null; }
  querySelectorAll() { return []; }
  focus() {}
  click() { for (const fn of this.listeners.click ?? []) fn({ target: this, preventDefault() {} }); }
}
const elements = (node) => (node instanceof FakeElement ? [node, ...node.children.flatMap(elements)] : []);
const button = (root, text) => elements(root).find((e) => e.tagName === 'BUTTON' && e.textContent === text);

const regions = new Map();
globalThis.Node = FakeNode;
globalThis.fetch = async (url) => ({ json: async () => JSON.parse(fs.readFileSync(path.join(UI, url), 'utf8')) });
globalThis.document = {
  documentElement: {},
  createElement: (tag) => new FakeElement(tag),
  createTextNode: (text) => new FakeText(text),
  querySelector: () => null,
  querySelectorAll: () => [],
  getElementById: (id) => regions.get(id) ?? null,
};

/** The command answers, as Tauri would give them to api.js. */
const answers = {
  app_info: 'appInfo', start_practice: 'practice', sign_in: 'signedIn', start_device_code: 'deviceCode',
  finish_device_code: 'signedIn', whoami: 'whoami', organization: 'organization',
  backup_checklist: 'backup', answer_backup_item: 'backup', override_backup: 'backupOverridden',
  reminders: 'reminders', watch_reminders: 'reminders', step_status: 'stepStatus',
  mail_handover: 'mail',
};
globalThis.window = {
  __TAURI__: {
    core: {
      Channel: class { constructor(onmessage) { this.onmessage = onmessage; } },
      invoke: async (command, args) => {
        const sent = [...Object.keys(args ?? {}), ...Object.keys(args?.options ?? {})];
        const snake = sent.find((key) => key.includes('_'));
        if (snake) throw { code: 'internal', message: `${command} was sent a snake_case key: ${snake}` };
        const step = args?.step?.replace(/_/g, '-');
        const name = {
          plan_step: `plan-${step}`, verify_step: `verify-${step}`, apply_step: `applied-${step}`,
        }[command] ?? answers[command];
        if (!(name in samples)) throw { code: 'internal', message: `no sample for ${command}` };
        return strict(structuredClone(samples[name]), name);
      },
    },
  },
};

await import('./rust_lists.mjs');
const api = await import('../../ui/js/api.js');
const store = await import('../../ui/js/store.js');
const { setLanguage } = await import('../../ui/js/i18n.js');
const { startReminders } = await import('../../ui/js/reminders.js');
const organization = await import('../../ui/js/pages/organization.js');
const backup = await import('../../ui/js/pages/backup.js');
const signIn = await import('../../ui/js/pages/sign_in.js');
const { stepPage } = await import('../../ui/js/pages/step.js');
const mail = await import('../../ui/js/pages/mail.js');

const settle = async () => { for (let i = 0; i < 20; i += 1) await new Promise((r) => setTimeout(r, 0)); };

/** A page on a stub of main.js's `app`; `shown` is what it rendered last. */
function mount(page, params = {}) {
  const errors = [];
  // The real store: a page writing `app.data` instead of calling a writer throws.
  const app = {
    api, data: store.data, setPractice: store.setPractice, setSignedIn: store.setSignedIn,
    setOrganization: store.setOrganization, setState: store.setState, setNote: store.setNote, reach: store.reach,
    clearNotice() {}, go() {}, stopReminders() {},
    async syncSteps() { for (const v of await api.stepStatus()) store.setState(v.step, v.state); },
    startReminders: () => startReminders(app),
    showError: (error) => errors.push(error),
    refresh() {
      try { mounted.shown = page.render(app, params); } catch (thrown) { errors.push(thrown); }
    },
  };
  const mounted = { app, errors, shown: null };
  app.refresh();
  return mounted;
}

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
