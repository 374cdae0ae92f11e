// Back up: the checklist built from the organization's data. Each item says how to save it
// and links to Microsoft's instructions; the owner marks it saved or not needed. Destructive
// steps stay locked until every item is answered, or the owner types the name to go on.

import { h } from '../dom.js';
import { formatBytes, formatDate, language, t } from '../i18n.js';
import { confirmField } from './parts.js';
import { saveSection } from './backup_save.js';

let view = { data: null, loading: false };

export function leave() {
  view = { data: null, loading: false };
}

async function act(app, work) {
  try {
    app.clearNotice();
    view.data = await work();
    const settled = view.data.summary.settled || view.data.overridden;
    app.setState('backup', settled ? 'done' : 'in_progress');
    if (settled) app.reach('users');
  } catch (error) {
    app.showError(error);
  }
  app.refresh();
}

function load(app) {
  view.loading = true;
  act(app, () => app.api.backupChecklist(language())).finally(() => { view.loading = false; });
}

function item(app, entry) {
  const choose = (choice) => act(app, () => app.api.answerBackupItem(entry.id, choice, language()));
  const chosen = entry.answer?.choice;
  const titleId = `item-${entry.id.replace(/[^a-z0-9]/gi, '-')}`;
  return h('li', { class: 'card', 'aria-labelledby': titleId, 'data-item': entry.id },
    h('h3', { id: titleId }, entry.title),
    h('ol', {}, entry.steps.map((s) => h('li', {}, s))),
    h('p', {},
      h('a', { href: entry.helpUrl }, t('backup.help')),
      entry.adminUrl ? [' · ', h('a', { href: entry.adminUrl }, t('backup.admin'))] : null),
    h('div', { class: 'actions', role: 'group', 'aria-label': entry.title },
      h('button', { type: 'button', 'aria-pressed': String(chosen === 'saved'), onclick: () => choose('saved') }, t('backup.saved')),
      h('button', { type: 'button', 'aria-pressed': String(chosen === 'not_needed'), onclick: () => choose('not_needed') }, t('backup.not_needed'))),
    entry.answer ? h('p', { class: 'hint' }, t(`backup.answered.${entry.answer.choice}`, {
      by: entry.answer.by, date: formatDate(entry.answer.at),
    })) : null);
}

export function render(app) {
  if (!view.data && !view.loading) queueMicrotask(() => load(app));
  const parts = [h('h1', {}, t('backup.title')), h('p', { class: 'lead' }, t('backup.intro'))];
  if (!view.data) {
    parts.push(h('p', { role: 'status' }, t('backup.loading')));
    return h('article', {}, parts);
  }
  const { items, summary, namesConcealed, overridden } = view.data;
  const settled = summary.settled || overridden;
  parts.push(
    h('p', { class: 'card', role: 'status', id: 'backup-summary' }, t('backup.summary', {
      answered: summary.answered, total: summary.total, size: formatBytes(summary.unsavedBytes),
    })),
    namesConcealed ? h('p', { class: 'notice info' }, t('backup.concealed')) : null,
    saveSection(app, (checklist) => act(app, async () => checklist)),
    h('ul', { class: 'plain' }, items.map((entry) => item(app, entry))));
  if (settled) {
    parts.push(
      h('p', {}, t(overridden && summary.answered < summary.total ? 'backup.overridden' : 'backup.settled')),
      h('div', { class: 'actions' },
        h('button', { type: 'button', class: 'primary', onclick: () => app.go('users') }, t('backup.continue'))));
  } else {
    const org = app.data.signedIn?.organization ?? '';
    parts.push(h('section', { class: 'card', 'aria-labelledby': 'override' },
      h('h2', { id: 'override' }, t('backup.override.title')),
      h('p', {}, t('backup.override.body')),
      confirmField({
        id: 'backup-override', org, button: t('backup.override.button'),
        onConfirm: (typed) => act(app, () => app.api.overrideBackup(typed, language())),
      })));
  }
  return h('article', { class: 'page-backup' }, parts);
}
