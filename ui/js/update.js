// The quiet update banner: when Rust's updater has found a newer signed version (it looks at
// start-up and once a day, never while practising) the owner reads one short note with
// "Install and restart" and "Later". Nothing installs without that click, and Rust refuses it
// while a step runs. A download that fails the publisher's signature is refused by the updater
// itself; the banner then says so in plain words. Builds without an updater show nothing.

import * as api from './api.js';
import { h, replace } from './dom.js';
import { errorText } from './errors.js';
import { onLanguageChange, t } from './i18n.js';

let view = null;
/** An answer to the owner's click that leaves the offer standing (a step is running). */
let notice = null;
/** "Later": hidden until Rust has something new to say. */
let later = false;

/**
 * What the banner says for Rust's update `view`, or `null` for no banner: a title, its lines
 * and its buttons (`install`, `later`). A pure function of the view, so tests can read it.
 */
export function bannerModel(current, lastNotice = null) {
  if (!current) return null;
  const version = current.version ?? '';
  const offer = [t('update.available', { version }), current.notes && t('update.notes', { notes: current.notes })];
  switch (current.state) {
    case 'available':
      return {
        title: t('update.title'),
        lines: [...offer, lastNotice ? errorText(lastNotice) : t('update.restart')].filter(Boolean),
        actions: [{ id: 'install', label: t('update.install') }, { id: 'later', label: t('update.later') }],
      };
    case 'failed':
      return {
        title: t('update.title'),
        lines: [...offer, errorText(current.error ?? { code: 'update_failed' })].filter(Boolean),
        actions: [{ id: 'install', label: t('error.retry') }, { id: 'later', label: t('update.later') }],
      };
    case 'installing':
      return { title: t('update.title'), lines: [t('update.installing', { version })], actions: [] };
    case 'refused':
      return {
        title: t('update.refused_title'),
        lines: [errorText(current.error ?? { code: 'update_refused' })],
        actions: [{ id: 'later', label: t('error.dismiss') }],
      };
    default:
      return null;
  }
}

function region() {
  let el = document.getElementById('update');
  if (!el) {
    el = h('section', { id: 'update', class: 'update', role: 'status', 'aria-labelledby': 'update-title', hidden: true });
    document.getElementById('page').prepend(el);
  }
  return el;
}

async function install() {
  notice = null;
  try {
    await api.installUpdate();
  } catch (error) {
    // A refusal or failure changed Rust's state (it tells us to redraw); "not now" did not.
    if (error.code === 'update_wait_for_step' || error.code === 'update_not_in_practice') notice = error;
  }
  await load();
}

const ACTIONS = {
  install,
  later: () => {
    later = true;
    draw();
  },
};

function draw() {
  const el = region();
  const model = later ? null : bannerModel(view, notice);
  el.hidden = !model;
  el.dataset.state = view?.state ?? 'off';
  replace(el, model ? [
    h('h2', { id: 'update-title' }, model.title),
    model.lines.map((line) => h('p', {}, line)),
    model.actions.length > 0 && h('div', { class: 'actions' }, model.actions.map((action) => h('button', {
      type: 'button', class: action.id === 'install' ? 'primary' : null, 'data-action': action.id, onclick: ACTIONS[action.id],
    }, action.label))),
  ] : []);
}

async function load() {
  try {
    view = await api.updateStatus();
  } catch {
    view = null; // an app without the updater's commands: no banner
  }
  draw();
}

/** Starts the banner once the app has started: Rust says when to redraw. */
export async function startUpdates() {
  try {
    view = await api.watchUpdates(() => {
      later = false;
      load();
    });
  } catch {
    view = null;
  }
  onLanguageChange(draw);
  // Opening or leaving the practice company hides or shows the banner: ask again now and then
  // (a local question to Rust; the feed itself is read once a day).
  setInterval(load, 60_000);
  draw();
}
