// Pieces several pages share: a finding (what is the matter, what to do), and the notice that
// a step is locked until the backup checklist is settled.

import { h } from '../dom.js';
import { has, plural, t } from '../i18n.js';

/**
 * A subscription as the admin center would describe it, in the owner's language:
 * "Microsoft 365 Business Standard, 10 licenses, active (trial)". Graph's status words map to
 * the admin center's (Enabled is Active, Warning is Expired, Suspended or LockedOut is Disabled).
 */
export function subscriptionLine(sub) {
  const status = has(`subscription.status.${sub.status}`) ? t(`subscription.status.${sub.status}`) : sub.status;
  return t(sub.isTrial ? 'subscription.line_trial' : 'subscription.line', {
    name: sub.productName ?? sub.skuPartNumber,
    licenses: plural('subscription.licenses', sub.totalLicenses ?? 0),
    status,
  });
}

/** One finding from the checks, in the owner's language, blockers marked in words. */
export function findingItem(finding) {
  const key = `finding.${finding.code}`;
  const known = has(key);
  return h('li', { class: finding.severity, 'data-finding': finding.code },
    h('p', {},
      h('span', { class: 'tag' }, t(`finding.severity.${finding.severity}`)), ' ',
      known ? t(key) : finding.message),
    finding.subjects.length ? h('p', { class: 'hint' }, finding.subjects.join(', ')) : null,
    h('p', {}, h('strong', {}, t('finding.what_to_do')), ' ', known ? t(`${key}.todo`) : finding.whatToDo));
}

/**
 * The typed confirmation for anything destructive: a labelled box for the organization's
 * name and a destructive button, which stays disabled until something is typed (the core
 * checks the name itself).
 */
export function confirmField({ id, org, button, onConfirm }) {
  const input = h('input', { type: 'text', id, autocomplete: 'off', spellcheck: 'false', 'aria-describedby': `${id}-hint` });
  const go = h('button', { type: 'button', class: 'danger', disabled: true }, button);
  input.addEventListener('input', () => { go.disabled = input.value.trim() === ''; });
  input.addEventListener('keydown', (e) => { if (e.key === 'Enter' && !go.disabled) go.click(); });
  go.addEventListener('click', () => onConfirm(input.value));
  return h('div', { class: 'confirm' },
    h('div', { class: 'field' },
      h('label', { for: id }, t('confirm.label')),
      h('p', { class: 'hint', id: `${id}-hint` }, t('confirm.hint', { name: org })),
      input),
    h('div', { class: 'actions' }, go));
}

let savedMessage = null;

/** Forgets the "saved to ..." line (a new page starts without it). */
export function clearSaved() {
  savedMessage = null;
}

/**
 * "Add the dates to my calendar" and "Save a progress report": files the owner keeps, saved
 * where they choose. `which` lists the buttons to show.
 */
export function fileActions(app, which = ['calendar', 'report']) {
  const save = async (kind) => {
    try {
      app.clearNotice();
      const lang = document.documentElement.lang;
      savedMessage = kind === 'calendar'
        ? t('files.calendar_saved', { path: await app.api.saveCalendar(lang) })
        : t('files.report_saved', { path: (await app.api.saveReport(lang)).htmlPath });
    } catch (error) {
      if (error.code !== 'cancelled') app.showError(error);
    }
    app.refresh();
  };
  return h('div', {},
    h('div', { class: 'actions' },
      which.includes('calendar') ? h('button', { type: 'button', onclick: () => save('calendar') }, t('files.calendar')) : null,
      which.includes('report') ? h('button', { type: 'button', onclick: () => save('report') }, t('files.report')) : null),
    savedMessage ? h('p', { role: 'status', class: 'saved' }, savedMessage) : null);
}
