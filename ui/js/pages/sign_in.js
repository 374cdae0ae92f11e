// Sign in: to the practice company or the real organization; waiting (with Cancel) while the
// browser is open; the device-code fallback with the code shown large; and the result: who
// you are, which organization, and what it means if you are not a Global Administrator. For the
// real organization, an "Advanced" panel lets an organization use its own app registration.

import { h, replace } from '../dom.js';
import { language, t } from '../i18n.js';

// What the page shows: 'start' | 'waiting' | 'device' | 'result'.
let view = { phase: 'start' };

export function leave() {
  if (view.phase === 'waiting' || view.phase === 'device') view.app?.api.cancelSignIn();
  view = { phase: 'start', registration: view.registration };
}

const set = (app, next) => {
  view = { ...view, ...next, app };
  app.refresh();
};

// One start per scenario: the start page starts it (to name its organization and admin) and
// the sign-in button waits for that same start rather than starting a second company.
let starting = null;
let autoStarted = null;
async function ensurePractice(app, scenario) {
  if (app.data.practice?.scenario === scenario) return;
  if (starting?.scenario !== scenario) {
    const promise = app.api.startPractice(scenario).then((info) => {
      app.setPractice(info);
      app.stopReminders();
    }).finally(() => { if (starting?.promise === promise) starting = null; });
    starting = { scenario, promise };
  }
  await starting.promise;
}

// Who the practice sign-in signs in, and to which organization (once the company has started).
function practiceAccount(app, scenario) {
  const info = app.data.practice;
  if (info?.scenario === scenario) {
    return h('p', { id: 'practice-account' },
      t('sign_in.practice.account', { admin: info.adminName, upn: info.adminUpn, organization: info.organization }));
  }
  // Started once from here; if that fails the error shows and Sign in tries again.
  if (autoStarted !== scenario) {
    autoStarted = scenario;
    ensurePractice(app, scenario).then(() => app.refresh(), (error) => app.showError(error));
  }
  return null;
}

async function run(app, params, how) {
  const target = params.mode === 'practice' ? 'practice' : 'organization';
  try {
    app.clearNotice();
    if (target === 'practice') await ensurePractice(app, params.scenario ?? 'bakery');
    let result;
    if (how === 'device') {
      const code = await app.api.startDeviceCode(target);
      set(app, { phase: 'device', code });
      result = await app.api.finishDeviceCode();
    } else {
      set(app, { phase: 'waiting' });
      result = await app.api.signIn(target, language());
    }
    app.setSignedIn(result);
    app.setState('sign_in', 'done');
    if (result.canClose) {
      app.reach('organization');
      await app.syncSteps();
      await app.startReminders();
    }
    set(app, { phase: 'result', result });
    document.querySelector('#page-body h1')?.focus();
  } catch (error) {
    set(app, { phase: 'start' });
    app.showError(error);
  }
}

// Field names the core reports in an invalid registration's details, and their texts.
const FIELD_ERRORS = { clientId: 'sign_in.advanced.bad_client_id', tenant: 'sign_in.advanced.bad_tenant' };

// The panel is redrawn in place (not the whole page), so what else is on the page stays put.
let panel = null;
const redrawPanel = (app, next) => {
  view = { ...view, ...next };
  if (panel?.isConnected) replace(panel, advancedDetails(app));
};

// `draft` keeps what was typed, so a refused value is still there to correct.
async function changeRegistration(app, change, draft = null) {
  try {
    redrawPanel(app, { registration: await change(), registrationError: null, draft: null, advancedOpen: true });
  } catch (error) {
    const key = FIELD_ERRORS[error.details?.field];
    if (!key) { app.showError(error); return; }
    redrawPanel(app, { registrationError: key, draft, advancedOpen: true });
    document.getElementById(error.details.field === 'tenant' ? 'advanced-tenant' : 'advanced-client-id')?.focus();
  }
}

function field(id, label, hint, value, invalid) {
  return h('div', { class: 'field' },
    h('label', { for: id }, t(label)),
    h('input', { type: 'text', id, value, autocomplete: 'off', spellcheck: 'false', 'aria-describedby': `${id}-hint`, 'aria-invalid': invalid ? 'true' : null }),
    h('p', { class: 'hint', id: `${id}-hint` }, t(hint)));
}

/** The organization's own app registration: client id (a GUID) and tenant, remembered. */
function advancedPanel(app) {
  panel = h('div', { id: 'advanced-panel' });
  if (view.registration) replace(panel, advancedDetails(app));
  else app.api.registration().then((registration) => redrawPanel(app, { registration }), app.showError);
  return panel;
}

function advancedDetails(app) {
  const reg = view.registration;
  const error = view.registrationError;
  const shown = view.draft ?? { clientId: reg.own?.clientId ?? '', tenant: reg.own?.tenant ?? '' };
  const typed = () => ({
    clientId: document.getElementById('advanced-client-id').value,
    tenant: document.getElementById('advanced-tenant').value,
  });
  const save = (draft) => changeRegistration(app, () => app.api.saveRegistration(draft.clientId, draft.tenant), draft);
  const using = reg.own
    ? t('sign_in.advanced.using_own', { clientId: reg.own.clientId, tenant: reg.own.tenant ?? 'organizations' })
    : t(reg.builtIn ? 'sign_in.advanced.using_publisher' : 'sign_in.advanced.using_none');
  return h('details', { class: 'advanced card', open: Boolean(view.advancedOpen ?? reg.own),
    ontoggle: (event) => { view.advancedOpen = event.target.open; } },
    h('summary', {}, t('sign_in.advanced.title')),
    h('p', {}, t('sign_in.advanced.intro')),
    h('p', { role: 'status', id: 'advanced-using' }, using),
    field('advanced-client-id', 'sign_in.advanced.client_id', 'sign_in.advanced.client_id.hint', shown.clientId, error === FIELD_ERRORS.clientId),
    field('advanced-tenant', 'sign_in.advanced.tenant', 'sign_in.advanced.tenant.hint', shown.tenant, error === FIELD_ERRORS.tenant),
    error && h('p', { class: 'notice error', role: 'alert' }, t(error)),
    h('div', { class: 'actions' },
      h('button', { type: 'button', onclick: () => save(typed()) }, t('sign_in.advanced.save')),
      reg.own && h('button', { type: 'button', onclick: () => changeRegistration(app, () => app.api.forgetRegistration()) },
        t('sign_in.advanced.forget'))));
}

function startView(app, params) {
  const practice = params.mode === 'practice';
  const key = practice ? 'practice' : 'real';
  return [
    h('h1', {}, t(`sign_in.${key}.title`)),
    h('p', { class: 'lead' }, t(`sign_in.${key}.intro`)),
    practice && practiceAccount(app, params.scenario ?? 'bakery'),
    h('div', { class: 'actions' },
      h('button', { type: 'button', class: 'primary', onclick: () => run(app, params, 'browser') },
        t('sign_in.button')),
      h('button', { type: 'button', onclick: () => run(app, params, 'device') }, t('sign_in.device.button'))),
    h('p', { class: 'hint' }, t('sign_in.device.hint')),
    !practice && advancedPanel(app),
  ];
}

function waitingView(app) {
  return [
    h('h1', {}, t('sign_in.waiting.title')),
    h('p', { class: 'lead', role: 'status' }, t('sign_in.waiting.body')),
    h('div', { class: 'actions' },
      h('button', { type: 'button', onclick: () => app.api.cancelSignIn() }, t('sign_in.cancel'))),
  ];
}

function deviceView(app) {
  const { code } = view;
  const copy = h('button', { type: 'button' }, t('sign_in.device.copy'));
  copy.addEventListener('click', async () => {
    try { await navigator.clipboard.writeText(code.userCode); copy.textContent = t('error.copied'); } catch { /* the code stays selectable */ }
  });
  return [
    h('h1', {}, t('sign_in.device.title')),
    h('ol', {},
      h('li', {}, t('sign_in.device.step1'), ' ',
        h('a', { href: code.verificationUri }, code.verificationUri)),
      h('li', {}, t('sign_in.device.step2'))),
    h('p', { class: 'code-box', id: 'device-code', 'aria-label': t('sign_in.device.code_label') }, code.userCode),
    h('div', { class: 'actions' }, copy,
      h('button', { type: 'button', onclick: () => app.api.cancelSignIn() }, t('sign_in.cancel'))),
    h('p', { role: 'status' }, t('sign_in.waiting.body')),
  ];
}

function resultView(app) {
  const { identity, organization, canClose, keychainProblem } = view.result;
  const who = identity.displayName ? `${identity.displayName} (${identity.userPrincipalName})` : identity.userPrincipalName;
  return [
    h('h1', {}, t(canClose ? 'sign_in.result.title' : 'sign_in.not_admin.title')),
    h('dl', { class: 'card' },
      h('dt', {}, t('sign_in.result.who')), h('dd', {}, who),
      h('dt', {}, t('sign_in.result.organization')), h('dd', {}, organization ?? identity.tenantId)),
    canClose
      ? h('div', { class: 'actions' },
        h('button', { type: 'button', class: 'primary', onclick: () => app.go('organization') }, t('sign_in.result.continue')))
      : h('section', { class: 'notice info', 'aria-labelledby': 'not-admin' },
        h('h2', { id: 'not-admin' }, t('sign_in.not_admin.what')),
        h('p', {}, t('sign_in.not_admin.body')),
        h('p', {}, t('sign_in.not_admin.who'))),
    keychainProblem && h('p', { class: 'hint' }, t('sign_in.result.not_remembered')),
  ];
}

export function render(app, params) {
  view.app = app;
  const body = {
    waiting: () => waitingView(app),
    device: () => deviceView(app),
    result: () => resultView(app),
  }[view.phase]?.() ?? startView(app, params);
  return h('article', { class: 'page-sign-in' }, body);
}
