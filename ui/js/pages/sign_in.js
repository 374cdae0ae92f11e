// Sign in: practice company or the real organization. (Wired to the core's sign-in once the
// auth façade lands; until then this page only shows the choice.)

import { h } from '../dom.js';
import { t } from '../i18n.js';

export function render(app, params) {
  const practice = params.mode === 'practice';
  return h('article', { class: 'page-sign-in' },
    h('h1', {}, t(practice ? 'sign_in.practice.title' : 'sign_in.real.title')),
    h('p', { class: 'lead' }, t(practice ? 'sign_in.practice.intro' : 'sign_in.real.intro')));
}
