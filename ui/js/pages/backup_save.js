// "Save with Closeout" on the Back up page: the folder, Save / Pause, progress people can read
// ("Saving Anna Rossi's mail: Inbox, 12 of 40 items"), and afterwards each person's totals and
// what is left for the owner to grant. The checklist items the backup proves saved mark
// themselves (the core settles them); the page only shows the checklist it gets back.

import { h } from '../dom.js';
import { formatBytes, language, t } from '../i18n.js';

const state = { dir: null, running: false, progress: null, result: null, paused: false, asked: false };

export function resetSave() {
  Object.assign(state, { dir: null, running: false, progress: null, result: null, paused: false, asked: false });
}

function progressLine(p) {
  const what = t(`export.what.${p.kind ?? 'mail'}`);
  if (p.phase === 'listing') return t('export.listing', { person: p.person });
  return t('export.saving', {
    person: p.person, what, folder: p.folder, done: p.itemsDone, total: p.itemsTotal,
    bytes: formatBytes(p.bytesDone), totalBytes: formatBytes(p.bytesTotal),
  });
}

async function start(app, onChecklist) {
  state.running = true;
  state.paused = false;
  state.result = null;
  app.clearNotice();
  app.refresh();
  try {
    state.result = await app.api.startBackup(state.dir, language(), (p) => {
      state.progress = p;
      const status = document.getElementById('save-status');
      const bar = document.getElementById('save-bar');
      if (status) status.textContent = progressLine(p);
      if (bar && p.itemsTotal) { bar.max = p.itemsTotal; bar.value = p.itemsDone; }
    });
    onChecklist(state.result.checklist);
  } catch (error) {
    if (error.code === 'cancelled') state.paused = true;
    else app.showError(error);
  }
  state.running = false;
  app.refresh();
}

function person(p) {
  if (p.mailTotal === null && p.filesTotal === null) return t('export.person.unreachable', { person: p.name || p.person });
  return t('export.person', {
    person: p.name || p.person, mail: p.mailSaved, mailTotal: p.mailTotal ?? '?',
    files: p.filesSaved, filesTotal: p.filesTotal ?? '?',
  });
}

function results(r) {
  const names = Object.fromEntries(r.people.map((p) => [p.person, p.name || p.person]));
  return h('div', { id: 'save-result' },
    h('p', { role: 'status' }, t('export.done', { dir: r.dir, saved: r.savedNow, already: r.alreadySaved })),
    r.complete ? h('p', { class: 'notice ok' }, t('export.complete')) : null,
    h('ul', {}, r.people.map((p) => h('li', {}, person(p)))),
    r.left.length ? h('ul', { class: 'left' }, r.left.map((l) => h('li', {},
      t(`export.left.${l.reason}`, { person: names[l.person] ?? l.person, what: l.what, message: l.message })))) : null,
    h('p', { class: 'hint' }, t('export.archive')));
}

/** The section; `onChecklist(view)` takes the checklist as it stands after a run. */
export function saveSection(app, onChecklist) {
  if (!state.asked) {
    state.asked = true;
    app.api.defaultBackupDir().then((dir) => {
      if (state.dir) return;
      state.dir = dir;
      // In place, not a redraw: a redraw would drop what the owner is typing on this page
      // (the organization's name in the unlock field, say).
      const input = document.getElementById('save-dir');
      if (input && !input.value) input.value = dir;
      const go = document.getElementById('save-start');
      if (go) go.disabled = false;
    }).catch(() => {});
  }
  const started = state.paused || state.result;
  return h('section', { class: 'card', 'aria-labelledby': 'save-title' },
    h('h2', { id: 'save-title' }, t('export.title')),
    h('p', {}, t('export.intro')),
    h('label', { for: 'save-dir' }, t('export.folder')),
    h('input', {
      id: 'save-dir', type: 'text', value: state.dir ?? '', disabled: state.running, size: 60,
      oninput: (e) => { state.dir = e.target.value; },
    }),
    h('div', { class: 'actions' },
      state.running
        ? h('button', { type: 'button', id: 'save-pause', onclick: () => app.api.pauseBackup() }, t('export.pause'))
        : h('button', { type: 'button', class: 'primary', id: 'save-start', disabled: !state.dir, onclick: () => start(app, onChecklist) },
          t(started ? 'export.resume' : 'export.start'))),
    state.running ? [
      h('progress', { id: 'save-bar', max: state.progress?.itemsTotal || 1, value: state.progress?.itemsDone ?? 0, 'aria-labelledby': 'save-status' }),
      h('p', { id: 'save-status', role: 'status', 'aria-live': 'polite' }, state.progress ? progressLine(state.progress) : ''),
    ] : null,
    state.paused ? h('p', { role: 'status' }, t('export.paused')) : null,
    state.result ? results(state.result) : null);
}
