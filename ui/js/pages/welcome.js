// Welcome: what Closeout does and does not do, how long it takes, what you need, and the two
// ways to start (practice on a sample company, or sign in to the real organization).

import { h } from '../dom.js';
import { t } from '../i18n.js';

const GUIDE = 'https://learn.microsoft.com/microsoft-365/commerce/close-your-account';

const list = (prefix, count) =>
  h('ul', {}, Array.from({ length: count }, (_, i) => h('li', {}, t(`${prefix}.${i + 1}`))));

function choice(id, className, onclick) {
  return h('div', { class: 'choice card' },
    h('button', { type: 'button', id: `choice-${id}`, class: className, 'aria-describedby': `choice-${id}-hint`, onclick },
      t(`welcome.${id}`)),
    h('p', { id: `choice-${id}-hint` }, t(`welcome.${id}.hint`)));
}

export function render(app) {
  return h('article', { class: 'page-welcome' },
    h('h1', {}, t('welcome.title')),
    h('p', { class: 'lead' }, t('welcome.intro')),
    h('div', { class: 'columns' },
      h('section', { class: 'card', 'aria-labelledby': 'does' },
        h('h2', { id: 'does' }, t('welcome.does.title')), list('welcome.does', 4)),
      h('section', { class: 'card', 'aria-labelledby': 'doesnot' },
        h('h2', { id: 'doesnot' }, t('welcome.doesnot.title')), list('welcome.doesnot', 3))),
    h('section', { 'aria-labelledby': 'time' },
      h('h2', { id: 'time' }, t('welcome.time.title')),
      h('p', {}, t('welcome.time.body'))),
    h('section', { 'aria-labelledby': 'need' },
      h('h2', { id: 'need' }, t('welcome.need.title')), list('welcome.need', 3)),
    h('section', { 'aria-labelledby': 'choose' },
      h('h2', { id: 'choose' }, t('welcome.choose.title')),
      h('div', { class: 'choices' },
        choice('practice', 'primary', () => {
          app.setState('welcome', 'done');
          app.go('sign_in', { mode: 'practice', scenario: 'bakery' });
        }),
        choice('real', '', () => {
          app.setState('welcome', 'done');
          app.go('sign_in', { mode: 'organization' });
        }))),
    h('p', {}, h('a', { href: GUIDE }, t('welcome.guide'))));
}
