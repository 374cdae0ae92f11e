// The pages outside the window, for UI tests: just enough DOM, Tauri's public API answering
// with the samples the app's commands really answer (tests/ui/samples/views.json, written by
// tests/view_samples.rs) through a Proxy that fails on snake_case or unknown keys, and
// `mount(page)` on a stub of main.js's `app` with the real store. Import it before the pages:
// it sets the globals they use.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const UI = path.resolve(HERE, '../../ui');
export const samples = JSON.parse(fs.readFileSync(path.join(HERE, 'samples', 'views.json'), 'utf8'));

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
export class FakeElement extends FakeNode {
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
export const elements = (node) => (node instanceof FakeElement ? [node, ...node.children.flatMap(elements)] : []);
export const button = (root, text) => elements(root).find((e) => e.tagName === 'BUTTON' && e.textContent === text);

export const regions = new Map();
/** Every command the pages invoked, in order. */
export const invoked = [];
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
        invoked.push(command);
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
const { startReminders } = await import('../../ui/js/reminders.js');

export const settle = async () => { for (let i = 0; i < 20; i += 1) await new Promise((r) => setTimeout(r, 0)); };

/** A page on a stub of main.js's `app`; `shown` is what it rendered last. */
export function mount(page, params = {}) {
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

