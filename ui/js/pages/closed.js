// Closed: the organization is gone. The closure report to save (HTML to keep or print, plus
// the same data as JSON), and what to keep.

import { h } from '../dom.js';
import { language, t } from '../i18n.js';

let saved = null;

export function leave() {
  saved = null;
}

async function save(app) {
  try {
    app.clearNotice();
    saved = await app.api.saveReport(language());
  } catch (error) {
    if (error.code !== 'cancelled') app.showError(error);
  }
  app.refresh();
  document.getElementById('report-saved')?.focus();
}

export function render(app) {
  const org = app.data.signedIn?.organization ?? '';
  return h('article', { class: 'page-closed' },
    h('h1', {}, t('closed.title')),
    h('p', { class: 'lead' }, t('closed.body', { name: org })),
    h('h2', {}, t('closed.report.title')),
    h('p', {}, t('closed.report.body')),
    h('div', { class: 'actions' },
      h('button', { type: 'button', class: 'primary', onclick: () => save(app) }, t('closed.report.save'))),
    saved ? h('p', { id: 'report-saved', role: 'status', tabindex: '-1' }, t('closed.report.saved', { path: saved.htmlPath })) : null,
    h('h2', {}, t('closed.keep.title')),
    h('ul', {},
      h('li', {}, t('closed.keep.1')),
      h('li', {}, t('closed.keep.2')),
      h('li', {}, t('closed.keep.3'))));
}
