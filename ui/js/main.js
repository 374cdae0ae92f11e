// The wizard frame: start-up, the language switch, sign-out, the practice badge and web links.
// The journey (the rail's stations) and the languages come from Rust at start-up; the store
// (store.js) holds what the window knows, the router (router.js) shows pages. A new page is
// one line in `PAGES` below (and its station in src-tauri/app/journey.rs).

import * as api from './api.js';
import { h, replace } from './dom.js';
import { LANGUAGES, initialLanguage, language, onLanguageChange, setLanguage, setLanguages, t } from './i18n.js';
import { CLOSURE_STEPS, railState, setJourney } from './journey.js';
import { clearNotice, showError } from './errors.js';
import { redrawReminders, startReminders, stopReminders } from './reminders.js';
import { go, refresh, startRouter } from './router.js';
import * as store from './store.js';
import { startUpdates } from './update.js';
import * as welcome from './pages/welcome.js';
import * as signIn from './pages/sign_in.js';
import * as organization from './pages/organization.js';
import * as backup from './pages/backup.js';
import { stepPage } from './pages/step.js';
import * as closed from './pages/closed.js';
import * as mail from './pages/mail.js';

/** The pages with a module of their own, by station id; closure steps use `stepPage`. */
const PAGES = {
  welcome,
  sign_in: signIn,
  organization,
  backup,
  mail,
  closed,
};

/**
 * What every page receives as `app`: the API, the store to read (`data`, read-only) and its
 * writers, and the router's `go` / `refresh`. Pages get nothing else from the frame.
 */
const app = {
  api,
  data: store.data,
  go,
  refresh,
  setState: store.setState,
  setNote: store.setNote,
  reach: store.reach,
  setPractice: store.setPractice,
  setSignedIn: store.setSignedIn,
  setOrganization: store.setOrganization,
  showError,
  clearNotice,

  /**
   * Reads where every closure step stands from Microsoft (and the journal) and shows it on
   * the rail: after a sign-in, the owner sees the progress of earlier days.
   */
  async syncSteps() {
    try {
      for (const v of await api.stepStatus()) {
        if (v.state !== 'to_do' || store.stepState(v.step) === undefined) store.setState(v.step, railState(v.state, 'not_started'));
        if (v.state !== 'to_do') store.reach(v.step);
      }
    } catch (error) {
      showError(error);
    }
    refresh();
  },

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
  const { practice, signedIn, info } = store.data;
  const badge = document.getElementById('practice-badge');
  badge.hidden = !practice;
  badge.textContent = practice ? t('app.practice_badge') : '';
  const signOut = document.getElementById('sign-out');
  if (signOut) signOut.hidden = !signedIn;
  const version = info?.version ?? '';
  document.getElementById('footer-text').textContent = t('app.footer', { version });
  for (const button of document.querySelectorAll('button.lang')) {
    button.setAttribute('aria-pressed', String(button.dataset.lang === language()));
  }
}

/** Each language by its own name ("English", "Italiano"), from Rust's list (see i18n.js). */
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
    stopReminders();
    store.resetJourney();
    go('welcome');
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
    refresh();
    showError(error);
    return true;
  }
  if (!signedIn) return false;
  store.setSignedIn(signedIn);
  for (const step of ['welcome', 'sign_in']) store.setState(step, 'done');
  for (const step of ['organization', 'backup']) store.reach(step);
  await app.syncSteps();
  await app.startReminders();
  // The mail page never gates a step: resuming goes to the first closure step not done.
  const next = CLOSURE_STEPS.find((step) => store.stepState(step) !== 'done');
  const started = CLOSURE_STEPS.some((step) => store.stepState(step) === 'done');
  if (started) {
    store.reach('mail');
    store.setState('organization', 'done');
    await backup.syncStanding(app);
    store.reach(next ?? 'closed');
  }
  go(started ? next ?? 'closed' : 'organization');
  return true;
}

async function start() {
  let infoError = null;
  try {
    store.setInfo(await api.appInfo());
  } catch (error) {
    infoError = error;
  }
  const { info } = store.data;
  setJourney(info?.journey ?? []);
  setLanguages(info?.languages);
  startRouter({ modules: PAGES, makeStepPage: stepPage, context: app, onRender: renderChrome });
  await setLanguage(initialLanguage(info?.language, info?.startup?.osLanguage ?? navigator.language));
  if (infoError) showError(infoError);
  renderLanguageSwitch();
  renderSignOut();
  onLanguageChange(() => {
    refresh();
    redrawReminders();
  });
  const scenario = info?.startup?.practiceScenario;
  if (scenario) {
    store.setState('welcome', 'done'); // started straight into practice: Welcome is behind
    go('sign_in', { mode: 'practice', scenario });
  } else if (!(await resume())) {
    refresh();
  }
  document.body.dataset.ready = 'true';
  startUpdates();
}

start();
