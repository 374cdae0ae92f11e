// The reminders banner at the top of every page once an organization is open: what is due now
// (each with its date, a plain sentence and Dismiss) and what comes next. Rust's watcher sends
// the OS notification when a date arrives and asks this banner to redraw.

import * as api from './api.js';
import { h, replace } from './dom.js';
import { formatDate, language, t } from './i18n.js';

let agenda = null;
let app = null;

const region = () => document.getElementById('reminders');

/** Starts the banner (and the notifications) after a sign-in or the silent resume. */
export async function startReminders(theApp) {
  app = theApp;
  try {
    agenda = await api.watchReminders(language(), () => loadReminders());
  } catch (error) {
    agenda = null;
    app.showError(error);
  }
  drawReminders();
}

/** Reads the agenda again (in the current language) and redraws. */
export async function loadReminders() {
  if (!app) return;
  try {
    agenda = await api.reminders(language());
  } catch (error) {
    app.showError(error);
  }
  drawReminders();
}

async function dismiss(reminder) {
  try {
    agenda = await api.dismissReminder(reminder.key, language());
  } catch (error) {
    app.showError(error);
  }
  drawReminders();
  // Focus stays in the banner: its heading, or its one line once nothing is due.
  region().querySelector('h2, #reminders-next')?.focus();
}

/** Practice only: moves the practice clock just past the next date, to see it arrive. */
async function skipTo(next) {
  const hours = Math.max(1, Math.ceil((new Date(next.starts) - new Date(agenda.now)) / 3_600_000));
  try {
    app.setPractice(await api.advancePracticeClock(hours));
  } catch (error) {
    app.showError(error);
  }
  await loadReminders();
}

function dueItem(reminder) {
  return h('li', { 'data-reminder': reminder.key },
    h('p', {}, h('strong', {}, t('reminders.due_item', { date: formatDate(reminder.starts), title: reminder.title }))),
    h('p', {}, reminder.description),
    h('button', {
      type: 'button',
      'aria-label': t('reminders.dismiss_label', { title: reminder.title }),
      onclick: () => dismiss(reminder),
    }, t('reminders.dismiss')));
}

/**
 * Due items stand out in a box with a heading; when nothing is due the banner is one quiet line
 * with what comes next. Hidden when there is neither (and after Closed: the core sends no dates
 * once Microsoft confirmed the organization is gone).
 */
function drawReminders() {
  const el = region();
  if (!el) return;
  const { due = [], next = null } = agenda ?? {};
  el.hidden = !due.length && !next;
  const quiet = !el.hidden && !due.length;
  el.className = quiet ? 'reminders quiet' : 'reminders';
  const skip = next && app?.data.practice && h('button', { type: 'button', onclick: () => skipTo(next) },
    t('reminders.practice_skip', { date: formatDate(next.starts) }));
  if (quiet) {
    el.setAttribute('aria-labelledby', 'reminders-next');
    replace(el, [
      h('p', { id: 'reminders-next', tabindex: '-1' }, t('reminders.next_quiet', { date: formatDate(next.starts), title: next.title })),
      skip,
    ]);
    return;
  }
  el.setAttribute('aria-labelledby', 'reminders-title');
  replace(el, el.hidden ? [] : [
    h('h2', { id: 'reminders-title', tabindex: '-1' }, t('reminders.title')),
    h('p', {}, t('reminders.due')),
    h('ul', { class: 'due' }, due.map(dueItem)),
    next && h('p', { id: 'reminders-next' }, t('reminders.next', { date: formatDate(next.starts), title: next.title })),
    skip,
  ]);
}

/** Hides the banner until the next sign-in. */
export function stopReminders() {
  agenda = null;
  drawReminders();
}

/** Redraws in the current language (texts come from Rust in that language). */
export function redrawReminders() {
  if (agenda) loadReminders();
}
