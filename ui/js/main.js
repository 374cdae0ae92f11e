// The wizard frame: language, the step rail, page switching and web links. Pages are modules
// under pages/; each exports `render(app, params)` returning an element, and may export
// `leave()` to stop timers when the owner moves on.

import * as api from './api.js';
import { h, replace } from './dom.js';
import { LANGUAGES, initialLanguage, language, onLanguageChange, setLanguage, t } from './i18n.js';
import { STEPS, railState, renderRail } from './journey.js';
import { clearNotice, redrawNotice, showError } from './errors.js';
import { clearSaved } from './pages/parts.js';
import { redrawReminders, startReminders, stopReminders } from './reminders.js';
import { startUpdates } from './update.js';
import * as welcome from './pages/welcome.js';
import * as signIn from './pages/sign_in.js';
import * as organization from './pages/organization.js';
import * as backup from './pages/backup.js';
import { stepPage } from './pages/step.js';
import * as closed from './pages/closed.js';
import * as mail from './pages/mail.js';

const pages = {
  welcome,
  sign_in: signIn,
  organization,
  backup,
  users: stepPage('users'),
  mail,
  domains: stepPage('domains'),
  cancel_subscriptions: stepPage('cancel_subscriptions'),
  delete_subscriptions: stepPage('delete_subscriptions'),
  mfa: stepPage('mfa'),
  directory: stepPage('directory'),
  closed,
};

const app = {
  api,
  info: null,
  current: 'welcome',
  params: {},
  states: { welcome: 'in_progress' },
  reachable: new Set(['welcome']),
  /** Shared between pages: the practice scenario, the signed-in session, the inventory... */
  data: {},

  /** Shows `step`'s page and moves focus to its heading for screen readers. */
  go(step, params = {}) {
    pages[app.current]?.leave?.();
    clearSaved();
    app.current = step;
    app.params = params;
    app.reachable.add(step);
    // The journey has ended, and with it the reminders (the core sends none once closed).
    if (step === 'closed') stopReminders();
    if ((app.states[step] ?? 'not_started') === 'not_started') app.states[step] = 'in_progress';
    clearNotice();
    app.refresh();
    document.querySelector('#page-body h1')?.focus();
  },

  /** Redraws the rail and the current page (after new data or a language change). */
  refresh() {
    renderRail(document.getElementById('rail-steps'), {
      current: app.current,
      states: app.states,
      reachable: app.reachable,
      onGo: (step) => app.go(step),
    });
    const page = pages[app.current];
    const body = document.getElementById('page-body');
    try {
      replace(body, page ? page.render(app, app.params) : h('p', {}, t('app.loading')));
    } catch (thrown) {
      showError({ code: 'internal', message: `showing ${app.current}: ${thrown}`, details: null });
    }
    body.querySelector('h1')?.setAttribute('tabindex', '-1');
    renderChrome();
    redrawNotice();
  },

  setState(step, state) {
    app.states[step] = state;
  },

  /**
   * Reads where every closure step stands from Microsoft (and the journal) and shows it on
   * the rail: after a sign-in, the owner sees the progress of earlier days.
   */
  async syncSteps() {
    try {
      for (const v of await api.stepStatus()) {
        if (v.state !== 'to_do' || app.states[v.step] === undefined) app.states[v.step] = railState(v.state, 'not_started');
        if (v.state !== 'to_do') app.reachable.add(v.step);
      }
    } catch (error) {
      showError(error);
    }
    app.refresh();
  },

  showError,
  clearNotice,

  /** Shows what is due and what comes next, once an organization is open. */
  startReminders: () => startReminders(app),
  /** A new practice company: the last one's reminders no longer apply. */
  stopReminders,

  /** Opens a web page through Rust's allowlist; a refusal is shown to the person. */
  async open(url) {
    try {
      await api.openUrl(url);
    } catch (error) {
      showError(error);
    }
  },
};

function renderChrome() {
  const badge = document.getElementById('practice-badge');
  badge.hidden = !app.data.practice;
  badge.textContent = app.data.practice ? t('app.practice_badge') : '';
  const signOut = document.getElementById('sign-out');
  if (signOut) signOut.hidden = !app.data.signedIn;
  const version = app.info?.version ?? '';
  document.getElementById('footer-text').textContent = t('app.footer', { version });
  for (const button of document.querySelectorAll('button.lang')) {
    button.setAttribute('aria-pressed', String(button.dataset.lang === language()));
  }
}

/** Each language named in itself. */
/** Each language by its own name ("English", "Italiano"), from the one list in i18n.js. */
const languageName = (lang) => {
  const name = new Intl.DisplayNames([lang], { type: 'language' }).of(lang);
  return name[0].toLocaleUpperCase(lang) + name.slice(1);
};

/** The language switch (marked with each button's language for screen readers). */
function renderLanguageSwitch() {
  const choose = async (lang) => {
    await setLanguage(lang);
    api.rememberLanguage(lang).catch(showError);
  };
  const group = document.getElementById('language');
  replace(group,
    h('span', { id: 'language-label', 'data-i18n': 'app.language' }, t('app.language')),
    LANGUAGES.map((lang) => [lang, languageName(lang)]).map(([lang, name]) => h('button', {
      type: 'button', class: 'lang', 'data-lang': lang, lang, 'aria-pressed': String(lang === language()), onclick: () => choose(lang),
    }, name)));
  group.hidden = false;
}

/**
 * "Sign out and forget this computer" in the top bar, while someone is signed in: Rust drops
 * the session and the saved sign-in; the journey starts again from Welcome.
 */
function renderSignOut() {
  const button = h('button', { type: 'button', id: 'sign-out', class: 'sign-out', hidden: true, 'data-i18n': 'app.sign_out' }, t('app.sign_out'));
  button.addEventListener('click', async () => {
    try {
      await api.signOutAndForget();
    } catch (error) {
      showError(error);
      return;
    }
    app.data.signedIn = null;
    app.stopReminders();
    app.states = { welcome: 'in_progress' };
    app.reachable = new Set(['welcome']);
    app.go('welcome');
  });
  document.querySelector('.topbar').append(button);
}

// Every web link goes through Rust: the web view never navigates away or opens windows.
document.addEventListener('click', (event) => {
  const link = event.target.closest?.('a[href]');
  if (!link) return;
  const href = link.getAttribute('href');
  if (href.startsWith('#')) return;
  event.preventDefault();
  app.open(link.href);
});

/** Reopens the organization being closed where the owner left off, days later. */
async function resume() {
  let signedIn = null;
  try {
    signedIn = await api.resume();
  } catch (error) {
    app.refresh();
    showError(error);
    return true;
  }
  if (!signedIn) return false;
  app.data.signedIn = signedIn;
  for (const step of ['welcome', 'sign_in']) app.states[step] = 'done';
  for (const step of ['organization', 'backup']) app.reachable.add(step);
  await app.syncSteps();
  await app.startReminders();
  // The mail page never gates a step: resuming goes to the first closure step not done.
  const closure = STEPS.slice(STEPS.indexOf('users'), STEPS.indexOf('closed')).filter((step) => step !== 'mail');
  const next = closure.find((step) => app.states[step] !== 'done');
  const started = closure.some((step) => app.states[step] === 'done');
  if (started) {
    app.reachable.add('mail');
    app.states.organization = 'done';
    app.states.backup = 'done';
    app.reachable.add(next ?? 'closed');
  }
  app.go(started ? next ?? 'closed' : 'organization');
  return true;
}

async function start() {
  let infoError = null;
  try {
    app.info = await api.appInfo();
  } catch (error) {
    infoError = error;
  }
  await setLanguage(initialLanguage(app.info?.language, app.info?.startup?.osLanguage ?? navigator.language));
  if (infoError) showError(infoError);
  renderLanguageSwitch();
  renderSignOut();
  onLanguageChange(() => {
    app.refresh();
    redrawReminders();
  });
  const scenario = app.info?.startup?.practiceScenario;
  if (scenario) {
    app.setState('welcome', 'done'); // started straight into practice: Welcome is behind
    app.go('sign_in', { mode: 'practice', scenario });
  } else if (!(await resume())) {
    app.refresh();
  }
  document.body.dataset.ready = 'true';
  startUpdates();
}

start();
