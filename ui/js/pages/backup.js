// Back up: the checklist built from the organization's data. Each item says how to save it
// and links to Microsoft's instructions; the owner marks it saved or not needed, one at a
// time or many at once (backup_people.js). Destructive steps stay locked until every item is
// answered, or the owner types the name to go on: then the backup is "Skipped by <name> on
// <date>", never "Done".

import { h } from '../dom.js';
import { formatDate, formatBytes, language, t } from '../i18n.js';
import { confirmField } from './parts.js';
import { saveSection } from './backup_save.js';
import { bulkSection, orgSection, peopleSection, resetFilter } from './backup_people.js';

let view = { data: null, loading: false };

export function leave() {
  view = { data: null, loading: false };
  resetFilter();
}

/**
 * Shows where the backup stands on the rail: done, skipped by whom and when, or in progress.
 * `standing` is the core's `{state, by, at}`; a settled backup also unlocks step 1.
 */
export function showStanding(app, standing) {
  const skipped = standing.state === 'skipped';
  app.setState('backup', skipped ? 'skipped' : standing.state === 'done' ? 'done' : 'in_progress');
  app.setNote('backup', skipped ? t('backup.skipped', { by: standing.by, date: formatDate(standing.at) }) : null);
  if (standing.state !== 'open') app.reach('users');
}

/** After a restart: the rail says what the journal says about the backup, never a guess. */
export async function syncStanding(app) {
  try {
    showStanding(app, (await app.api.backupChecklist(language())).standing);
  } catch (error) {
    app.showError(error);
  }
}

async function act(app, work) {
  // The page is drawn again: the button pressed keeps the focus (keyboard and screen reader).
  const focused = document.activeElement?.id;
  try {
    app.clearNotice();
    view.data = await work();
    showStanding(app, view.data.standing);
  } catch (error) {
    app.showError(error);
  }
  app.refresh();
  if (focused) document.getElementById(focused)?.focus();
}

function load(app) {
  view.loading = true;
  act(app, () => app.api.backupChecklist(language())).finally(() => { view.loading = false; });
}

export function render(app) {
  if (!view.data && !view.loading) queueMicrotask(() => load(app));
  const parts = [h('h1', {}, t('backup.title')), h('p', { class: 'lead' }, t('backup.intro'))];
  if (!view.data) {
    parts.push(h('p', { role: 'status' }, t('backup.loading')));
    return h('article', {}, parts);
  }
  const { items, summary, namesConcealed, standing } = view.data;
  const choose = (id, choice) => act(app, () => app.api.answerBackupItem(id, choice, language()));
  const answerMany = (selection, choice) => act(app, () => app.api.answerBackupItems(selection, choice, language()));
  parts.push(
    h('p', { class: 'card', role: 'status', id: 'backup-summary' }, t('backup.summary', {
      answered: summary.answered, total: summary.total, size: formatBytes(summary.unsavedBytes),
    })),
    standing.state === 'skipped' ? h('div', { class: 'notice unknown', id: 'backup-skipped' },
      h('p', {}, h('strong', {}, t('backup.skipped', { by: standing.by, date: formatDate(standing.at) }))),
      h('p', {}, t('backup.skipped.body'))) : null,
    namesConcealed ? h('p', { class: 'notice info' }, t('backup.concealed')) : null,
    saveSection(app, (checklist) => act(app, async () => checklist)),
    bulkSection(items, answerMany),
    peopleSection(items, { choose, answerMany }),
    orgSection(items, choose));
  if (standing.state === 'done') parts.push(h('p', {}, t('backup.settled')));
  if (standing.state !== 'open') {
    parts.push(h('div', { class: 'actions' },
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
