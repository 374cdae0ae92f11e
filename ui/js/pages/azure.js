// "Check for Azure subscriptions" on Your organization. Microsoft Graph cannot see Azure
// subscriptions, so Closeout asks for one more permission (Azure Resource Manager) only when
// the owner presses the button, says why first, and offers the elevation as a separate yes.
// Each subscription found gets the Azure portal hand-off in exact words, with the tenant id to
// match on Microsoft's page; "Check again" verifies.

import { h } from '../dom.js';
import { has, language, plural, t } from '../i18n.js';

let state = { busy: false, result: null, elevate: false };

export function leaveAzure() {
  state = { busy: false, result: null, elevate: false };
}

async function check(app, onChecked) {
  state.busy = true;
  app.refresh();
  try {
    state.result = await app.api.checkAzure(state.elevate, language());
    onChecked();
  } catch (error) {
    app.showError(error, { onRetry: () => check(app, onChecked) });
  }
  state.busy = false;
  app.refresh();
}

function handOff(app, sub, org) {
  const cancelled = sub.state === 'Disabled';
  return h('li', { 'data-azure-subscription': sub.id },
    h('p', {}, h('strong', {}, sub.name), ' ', has(`azure.state.${sub.state}`) ? t(`azure.state.${sub.state}`) : sub.state),
    h('p', { class: 'hint' }, t('azure.id', { id: sub.id })),
    sub.blocks ? h('ol', { class: 'portal-steps' },
      h('li', {}, t('azure.steps.open', { user: org.admin, org: org.name, tenant: org.tenant })),
      h('li', {}, t('azure.steps.switch')),
      h('li', {}, t(cancelled ? 'azure.steps.delete' : 'azure.steps.cancel', { name: sub.name })),
      cancelled ? null : h('li', {}, t('azure.steps.later', { name: sub.name })),
      h('li', {}, t('azure.steps.money')),
      h('li', {}, t('azure.steps.back'))) : null,
    sub.blocks ? h('button', { type: 'button', onclick: () => app.open(sub.portalUrl) },
      t('azure.open', { name: sub.name })) : null);
}

function result(app, org) {
  const r = state.result;
  if (!r) return null;
  const blocking = r.subscriptions.filter((s) => s.blocks);
  return h('div', { role: 'status' },
    h('p', {}, blocking.length ? plural('azure.found', blocking.length) : t('azure.none')),
    r.elevation === 'not_elevated' ? h('p', { class: 'hint' }, t('azure.not_elevated')) : null,
    r.elevation === 'by_closeout' ? h('p', { class: 'hint' }, t('azure.elevated')) : null,
    r.elevation === 'removed' ? h('p', { class: 'hint' }, t('azure.removed')) : null,
    r.subscriptions.length
      ? h('ul', { class: 'azure-subscriptions' }, r.subscriptions.map((s) => handOff(app, s, { ...org, tenant: r.tenantId })))
      : null);
}

/** The Azure section; `onChecked` reloads the findings once a check has answered. */
export function azureSection(app, onChecked) {
  const inv = app.data.organization?.inventory;
  const org = {
    name: inv?.organization?.displayName ?? '',
    admin: inv?.me?.userPrincipalName ?? '',
  };
  const box = h('input', { type: 'checkbox', id: 'azure-elevate' });
  box.checked = state.elevate;
  box.addEventListener('change', () => { state.elevate = box.checked; });
  return h('section', { class: 'azure', 'aria-labelledby': 'azure-title' },
    h('h2', { id: 'azure-title' }, t('azure.title')),
    h('p', {}, t('azure.why')),
    h('p', {}, t('azure.consent')),
    h('div', { class: 'field checkbox' },
      box,
      h('label', { for: 'azure-elevate' }, t('azure.elevate')),
      h('p', { class: 'hint' }, t('azure.elevate_hint'))),
    h('div', { class: 'actions' },
      h('button', { type: 'button', disabled: state.busy, onclick: () => check(app, onChecked) },
        state.result ? t('azure.check_again') : t('azure.check'))),
    state.busy ? h('p', { role: 'status' }, t('azure.checking')) : null,
    result(app, org));
}
