// Back up for a company of any size: each person's items under one collapsed row with their
// totals, answers for a whole person, a whole kind or everything still open (one command each:
// the core answers them in one journal write), a filter for what is still open and a search.
// Only a page of people is drawn at a time, so 300 people stay a page a person can scroll.

import { h, replace } from '../dom.js';
import { formatBytes, formatDate, plural, t } from '../i18n.js';

/** People drawn at first and added by "Show more". */
export const PAGE = 20;

/** The page's filter and which people are open; kept across redraws, reset on leave. */
export const filter = { onlyOpen: false, query: '', shown: PAGE, expanded: new Set() };

export function resetFilter() {
  Object.assign(filter, { onlyOpen: false, query: '', shown: PAGE, expanded: new Set() });
}

const isOpen = (entry) => !entry.answer;

/** Items grouped by person, in the checklist's order, with each person's totals. */
export function people(items) {
  const byPerson = new Map();
  for (const entry of items.filter((i) => i.person)) {
    if (!byPerson.has(entry.person)) {
      byPerson.set(entry.person, { id: entry.person, name: entry.personName, items: [] });
    }
    byPerson.get(entry.person).items.push(entry);
  }
  return [...byPerson.values()].map((p, index) => ({
    ...p,
    index,
    bytes: p.items.reduce((sum, i) => sum + (i.bytes ?? 0), 0),
    open: p.items.filter(isOpen).length,
  }));
}

/** One item: Microsoft's steps, its links, and its own two answers. */
export function itemCard(entry, choose) {
  const chosen = entry.answer?.choice;
  const safe = entry.id.replace(/[^a-z0-9]/gi, '-');
  const titleId = `item-${safe}`;
  return h('li', { class: 'card', 'aria-labelledby': titleId, 'data-item': entry.id },
    h('h3', { id: titleId }, entry.title),
    h('ol', {}, entry.steps.map((s) => h('li', {}, s))),
    h('p', {},
      h('a', { href: entry.helpUrl }, t('backup.help')),
      entry.adminUrl ? [' · ', h('a', { href: entry.adminUrl }, t('backup.admin'))] : null),
    h('div', { class: 'actions', role: 'group', 'aria-label': entry.title },
      ['saved', 'not_needed'].map((choice) => h('button', {
        type: 'button', id: `answer-${choice}-${safe}`, 'aria-pressed': String(chosen === choice),
        onclick: () => choose(entry.id, choice),
      }, t(`backup.${choice}`)))),
    entry.answer ? h('p', { class: 'hint' }, t(`backup.answered.${entry.answer.choice}`, {
      by: entry.answer.by, date: formatDate(entry.answer.at),
    })) : null);
}

/** "Saved" / "Not needed" for many items, labelled by what they are for. */
function bulkGroup(id, label, selection, answerMany) {
  return h('div', { class: 'bulk', role: 'group', 'aria-labelledby': `${id}-label`, 'data-bulk': id },
    h('span', { id: `${id}-label` }, label),
    ' ',
    ['saved', 'not_needed'].map((choice) => h('button', {
      type: 'button', id: `${id}-${choice}`, onclick: () => answerMany(selection, choice),
    }, t(`backup.${choice}`))));
}

/** The bulk answers: each kind of personal item, then everything still open. */
export function bulkSection(items, answerMany) {
  const open = items.filter(isOpen);
  if (!open.length) return null;
  const kinds = ['mailbox', 'one_drive']
    .map((kind) => [kind, open.filter((i) => i.kind === kind).length])
    .filter(([, count]) => count > 0);
  return h('section', { class: 'card', 'aria-labelledby': 'bulk-title' },
    h('h2', { id: 'bulk-title' }, t('backup.bulk.title')),
    h('p', { class: 'hint' }, t('backup.bulk.intro')),
    kinds.map(([kind, count]) => bulkGroup(`bulk-${kind}`, t(`backup.bulk.kind.${kind}`, { open: count }), { kind }, answerMany)),
    bulkGroup('bulk-open', t('backup.bulk.open', { open: open.length }), 'open', answerMany));
}

function personRow(person, { choose, answerMany }) {
  const expanded = filter.expanded.has(person.id);
  const panelId = `person-panel-${person.index}`;
  const shownItems = filter.onlyOpen ? person.items.filter(isOpen) : person.items;
  const toggle = h('button', {
    type: 'button', class: 'disclosure', id: `person-${person.index}`,
    'aria-expanded': String(expanded), 'aria-controls': panelId,
    onclick: () => {
      if (filter.expanded.has(person.id)) filter.expanded.delete(person.id);
      else filter.expanded.add(person.id);
      redrawPeople();
      document.getElementById(`person-${person.index}`)?.focus();
    },
  }, t('backup.person.summary', {
    name: person.name, size: formatBytes(person.bytes),
    answered: person.items.length - person.open, total: person.items.length,
  }));
  return h('li', { class: 'person', 'data-person': person.id },
    h('h3', {}, toggle),
    h('div', { id: panelId, hidden: !expanded },
      expanded ? [
        person.open ? bulkGroup(`bulk-person-${person.index}`, t('backup.person.all', { name: person.name }), { person: person.id }, answerMany) : null,
        h('ul', { class: 'plain' }, shownItems.map((entry) => itemCard(entry, choose))),
      ] : null));
}

let drawn = null;

/** Redraws the list of people in place (the search field keeps its focus and its text). */
function redrawPeople() {
  const list = document.getElementById('backup-people');
  if (list && drawn) replace(list, peopleList(drawn.all, drawn.handlers));
}

function peopleList(all, handlers) {
  const query = filter.query.trim().toLowerCase();
  const matching = all.filter((p) => (!filter.onlyOpen || p.open > 0)
    && (!query || p.name.toLowerCase().includes(query) || p.id.includes(query)));
  const page = matching.slice(0, filter.shown);
  const left = matching.length - page.length;
  return [
    matching.length ? null : h('p', {}, t('backup.filter.none')),
    h('ul', { class: 'plain people' }, page.map((p) => personRow(p, handlers))),
    h('p', { class: 'hint', role: 'status' }, t('backup.people.shown', { shown: page.length, total: matching.length })),
    left > 0 ? h('button', {
      type: 'button', id: 'people-more',
      onclick: () => { filter.shown += PAGE; redrawPeople(); document.getElementById('people-more')?.focus(); },
    }, plural('backup.people.more', Math.min(PAGE, left))) : null,
  ];
}

/** The people section: the filter, the search and a page of people. */
export function peopleSection(items, handlers) {
  const all = people(items);
  if (!all.length) return null;
  drawn = { all, handlers };
  const refilter = () => { filter.shown = PAGE; redrawPeople(); };
  return h('section', { 'aria-labelledby': 'people-title' },
    h('h2', { id: 'people-title' }, t('backup.people.title')),
    h('div', { class: 'filters' },
      h('label', {},
        h('input', {
          type: 'checkbox', id: 'only-open', checked: filter.onlyOpen,
          onchange: (e) => { filter.onlyOpen = e.target.checked; refilter(); },
        }),
        ' ', t('backup.filter.open')),
      ' ',
      h('label', { for: 'people-search' }, t('backup.filter.search')),
      ' ',
      h('input', {
        type: 'search', id: 'people-search', value: filter.query, autocomplete: 'off',
        oninput: (e) => { filter.query = e.target.value; refilter(); },
      })),
    h('div', { id: 'backup-people' }, peopleList(all, handlers)));
}

/** The organization's own items (invoices, domains, sites, apps), filtered like the rest. */
export function orgSection(items, choose) {
  const own = items.filter((i) => !i.person);
  const shown = filter.onlyOpen ? own.filter(isOpen) : own;
  return h('section', { 'aria-labelledby': 'org-items-title' },
    h('h2', { id: 'org-items-title' }, t('backup.org.title')),
    shown.length
      ? h('ul', { class: 'plain' }, shown.map((entry) => itemCard(entry, choose)))
      : h('p', {}, t('backup.org.none_open')));
}
