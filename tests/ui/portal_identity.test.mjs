// The wrong organization is never touched (issue 11): every portal hand-off shows the
// organization's name, tenant ID and initial domain to match on Microsoft's page; the Delete
// tenant hand-off warns that Switch directory starts the checks on the other organization; the
// cancel hand-off says which account to sign in with and never to "cancel" by an unpaid bill.
// Rendered from the practice company's real inventory and plan samples, in English and Italian.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const UI = path.resolve(HERE, '../../ui');
const samples = JSON.parse(fs.readFileSync(path.join(HERE, 'samples', 'views.json'), 'utf8'));

// Just enough DOM for h(): elements that keep their text and attributes.
class FakeNode {}
class FakeText extends FakeNode {
  constructor(text) { super(); this.textContent = text; }
}
class FakeElement extends FakeNode {
  constructor(tag) { super(); Object.assign(this, { tag, children: [], attributes: {} }); }
  setAttribute(name, value) { this.attributes[name] = value; }
  addEventListener() {}
  append(...nodes) { this.children.push(...nodes); }
  get textContent() { return this.children.map((c) => c.textContent).join(' '); }
}
globalThis.Node = FakeNode;
globalThis.fetch = async (url) => ({ json: async () => JSON.parse(fs.readFileSync(path.join(UI, url), 'utf8')) });
globalThis.document = {
  documentElement: {},
  querySelectorAll: () => [],
  createElement: (tag) => new FakeElement(tag),
  createTextNode: (text) => new FakeText(text),
};

const { setLanguage } = await import('../../ui/js/i18n.js');
const { portalSection } = await import('../../ui/js/pages/portal.js');

const inventory = samples.organization.inventory;
const org = inventory.organization;
const initial = inventory.domains.find((d) => d.isInitial).id;
const STEPS = ['cancel_subscriptions', 'delete_subscriptions', 'directory', 'domains'];

/** The step's hand-off as the page draws it, from the app's real plan of the step. */
function shown(step) {
  const app = { data: { organization: { inventory }, practice: null }, open() {} };
  const plan = samples[`plan-${step.replace(/_/g, '-')}`];
  assert.ok(plan?.portal, `a sample plan with a hand-off for ${step}`);
  return portalSection({ app, step, plan, verification: null, checking: false, primary: true, onCheck() {}, onSkip() {} }).textContent;
}

for (const language of ['en', 'it']) {
  test(`${language}: every hand-off names the organization, its tenant ID and its initial domain`, async () => {
    await setLanguage(language);
    for (const step of STEPS) {
      const text = shown(step);
      for (const part of [org.displayName, org.id, initial]) assert.ok(text.includes(part), `${step}: ${part} in "${text}"`);
    }
  });
}

test('English: Switch directory, the account to use, and never cancelling by an unpaid bill', async () => {
  await setLanguage('en');
  const directory = shown('directory');
  assert.match(directory, /Do not select Switch directory on the Delete tenant page: Microsoft then starts the deletion checks on the other organization/);
  const cancel = shown('cancel_subscriptions');
  assert.ok(cancel.includes(`Sign in with ${inventory.me.userPrincipalName}, the Global Administrator account you use in Closeout`), cancel);
  assert.match(cancel, /Never "cancel" by removing your card or letting a payment fail/);
  assert.doesNotMatch(shown('delete_subscriptions'), /Switch directory|removing your card/, 'each warning where it belongs');
});

test('Italian: the same warnings in Italian', async () => {
  await setLanguage('it');
  assert.match(shown('directory'), /Non selezionare Cambia directory nella pagina Elimina tenant/);
  const cancel = shown('cancel_subscriptions');
  assert.ok(cancel.includes(`Accedi con ${inventory.me.userPrincipalName}, l'account di Amministratore globale`), cancel);
  assert.match(cancel, /Non "annullare" mai togliendo la carta o lasciando fallire un pagamento/);
});
