// Which page is open, and drawing it: the rail (from the journey Rust sent) and the page body.
// Pages are modules under pages/ that export `render(app, params)` returning an element, and
// may export `leave()` to stop timers when the owner moves on. A closure step (Rust's
// `kind: 'step'`) that has no module of its own is drawn by the one step page.

import { h, replace } from './dom.js';
import { t } from './i18n.js';
import { CLOSURE_STEPS, renderRail } from './journey.js';
import { clearNotice, redrawNotice, showError } from './errors.js';
import { clearSaved } from './pages/parts.js';
import { stopReminders } from './reminders.js';
import * as store from './store.js';

let pages = {};
let stepPage = null;
let app = null;
let afterRender = () => {};
let current = 'welcome';
let params = {};

/**
 * Starts routing: `modules` maps a page id to its module, `makeStepPage(step)` draws a closure
 * step, `context` is what every page receives as `app`, `onRender` redraws the frame around.
 */
export function startRouter({ modules, makeStepPage, context, onRender }) {
  pages = { ...modules };
  stepPage = makeStepPage;
  app = context;
  afterRender = onRender;
}

/** The module for `step`, made on first use for closure steps (after the journey arrived). */
function pageFor(step) {
  if (!pages[step] && CLOSURE_STEPS.includes(step)) pages[step] = stepPage(step);
  return pages[step];
}

export const currentPage = () => current;

/** Shows `step`'s page and moves focus to its heading for screen readers. */
export function go(step, nextParams = {}) {
  pageFor(current)?.leave?.();
  clearSaved();
  current = step;
  params = nextParams;
  store.reach(step);
  // The journey has ended, and with it the reminders (the core sends none once closed).
  if (step === 'closed') stopReminders();
  if ((store.stepState(step) ?? 'not_started') === 'not_started') store.setState(step, 'in_progress');
  clearNotice();
  refresh();
  document.querySelector('#page-body h1')?.focus();
}

/** Redraws the rail and the current page (after new data or a language change). */
export function refresh() {
  renderRail(document.getElementById('rail-steps'), { current, ...store.rail(), onGo: (step) => go(step) });
  const page = pageFor(current);
  const body = document.getElementById('page-body');
  try {
    replace(body, page ? page.render(app, params) : h('p', {}, t('app.loading')));
  } catch (thrown) {
    showError({ code: 'internal', message: `showing ${current}: ${thrown}`, details: null });
  }
  body.querySelector('h1')?.setAttribute('tabindex', '-1');
  afterRender();
  redrawNotice();
}
