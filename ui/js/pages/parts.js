// Pieces several pages share: a finding (what is the matter, what to do), and the notice that
// a step is locked until the backup checklist is settled.

import { h } from '../dom.js';
import { has, t } from '../i18n.js';

/** One finding from the checks, in the owner's language, blockers marked in words. */
export function findingItem(finding) {
  const key = `finding.${finding.code}`;
  const known = has(key);
  return h('li', { class: finding.severity, 'data-finding': finding.code },
    h('p', {},
      h('span', { class: 'tag' }, t(`finding.severity.${finding.severity}`)), ' ',
      known ? t(key) : finding.message),
    finding.subjects.length ? h('p', { class: 'hint' }, finding.subjects.join(', ')) : null,
    h('p', {}, h('strong', {}, t('finding.what_to_do')), ' ', known ? t(`${key}.todo`) : finding.what_to_do));
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
