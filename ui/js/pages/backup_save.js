// "Save with Closeout" on the Back up page: the folder, Save / Pause, progress people can read
// ("Saving Anna Rossi's mail: Inbox/Clients, 1,240 of 4,212", the speed and the time left), and
// afterwards each person's, site's and Team's totals and what is left for the owner to grant. The checklist items the backup proves saved mark
// themselves (the core settles them); the page only shows the checklist it gets back.

import { h } from '../dom.js';
import { formatBytes, language, plural, t } from '../i18n.js';

const state = { dir: null, running: false, progress: null, result: null, paused: false, asked: false };

export function resetSave() {
  Object.assign(state, { dir: null, running: false, progress: null, result: null, paused: false, asked: false });
}

const count = (n) => new Intl.NumberFormat(language()).format(n ?? 0);

function timeLeft(secs) {
  if (secs < 60) return t('export.time.seconds', { n: secs });
  if (secs < 3600) return t('export.time.minutes', { n: Math.ceil(secs / 60) });
  return t('export.time.hours', { h: Math.floor(secs / 3600), m: Math.floor((secs % 3600) / 60) });
}

/** The lines under the bar: what it is doing now, the totals, and the pace with time left. */
function progressLines(p) {
  if (p.phase === 'listing') return [t('export.listing', { person: p.person })];
  const lines = [];
  if (p.person) {
    lines.push(t('export.now', {
      person: p.person, what: t(`export.what.${p.kind ?? 'mail'}`), folder: p.folder,
      done: count(p.personDone), total: count(p.personTotal),
    }));
  }
  // Messages have no size until saved, and places are saved while others are still listed:
  // until both are done, the totals can only grow.
  const overall = p.placesLeft > 0 ? 'export.overall_listing' : p.mailLeft > 0 ? 'export.overall_at_least' : 'export.overall';
  lines.push(t(overall, {
    done: count(p.itemsDone), total: count(p.itemsTotal),
    bytes: formatBytes(p.bytesDone), totalBytes: formatBytes(p.bytesTotal),
  }));
  const pace = [];
  if (p.bytesPerSecond != null) pace.push(t('export.speed', { speed: formatBytes(p.bytesPerSecond), items: count(p.itemsPerMinute) }));
  if (p.secondsLeft != null && p.secondsLeft > 0) pace.push(t('export.time_left', { time: timeLeft(p.secondsLeft) }));
  if (pace.length) lines.push(pace.join(' · '));
  return lines;
}

function progressLine(p) {
  return progressLines(p).join('\n');
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

function place(p) {
  return t('export.place', { person: p.name || p.person, files: p.filesSaved, filesTotal: p.filesTotal ?? '?' });
}

function results(r) {
  const places = r.places ?? [];
  const names = Object.fromEntries([...r.people, ...places].map((p) => [p.person, p.name || p.person]));
  return h('div', { id: 'save-result' },
    h('p', { role: 'status' }, t('export.done', { dir: r.dir, saved: r.savedNow, already: r.alreadySaved })),
    r.complete ? h('p', { class: 'notice ok' }, t('export.complete')) : null,
    h('ul', {}, r.people.map((p) => h('li', {}, person(p)))),
    places.length ? [h('h3', {}, t('export.places')), h('ul', { id: 'save-places' }, places.map((p) => h('li', {}, place(p))))] : null,
    r.removedAtSource ? h('p', { class: 'hint' }, plural('export.removed', r.removedAtSource)) : null,
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
      h('p', { id: 'save-status', role: 'status', 'aria-live': 'polite', class: 'lines' }, state.progress ? progressLine(state.progress) : ''),
    ] : null,
    state.paused ? h('p', { role: 'status' }, t('export.paused')) : null,
    state.result ? results(state.result) : null);
}
