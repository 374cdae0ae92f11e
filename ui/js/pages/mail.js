// Your email and domain: for each domain, what its DNS records say now, whether they still
// point at Microsoft 365 and what to change, with the new provider's values to paste. It
// comes before Domains (moving a Microsoft-hosted zone or a Microsoft-bought domain must
// happen first), stays reachable until Closed, never gates a step, and checks again by
// itself while open, because DNS changes take time to show. While it says "waiting", the
// reminders and the calendar file carry a "check your email records" day the owner may move.

import { h } from '../dom.js';
import { formatDate, has, plural, t } from '../i18n.js';
import { loadReminders } from '../reminders.js';
import { fileActions } from './parts.js';

let view = { loading: false, data: null, timer: null, provider: {}, bought: {}, checkedOnce: false };

export function leave() {
  if (view.timer) clearInterval(view.timer);
  view = { loading: false, data: null, timer: null, provider: {}, bought: {}, checkedOnce: false };
}

async function load(app) {
  if (view.loading) return;
  view.loading = true;
  app.refresh();
  try {
    view.data = await app.api.mailHandover();
    const states = view.data.domains.map((d) => d.state);
    const done = states.length > 0 && states.every((s) => s === 'done');
    app.setState('mail', done ? 'done' : states.includes('could_not_check') && !states.includes('waiting') ? 'unknown' : 'waiting');
    if (!view.timer) view.timer = setInterval(() => load(app), view.data.recheckSeconds * 1000);
    loadReminders();
  } catch (error) {
    app.showError(error, { onRetry: () => load(app) });
  }
  view.checkedOnce = true;
  view.loading = false;
  app.refresh();
}

const MICROSOFT = new Set(['still_microsoft', 'spf_names_microsoft', 'microsoft_name_servers']);
const UNANSWERED = new Set(['timeout', 'servfail', 'nxdomain', 'refused', 'lookup_failed']);

/** Yes / no / couldn't check: whether the record still points at Microsoft. */
function pointsAtMicrosoft(row) {
  if (UNANSWERED.has(row.verdict)) return t('mail.points.unknown');
  const named = row.verdict === 'two_spf' && row.now.some((v) => /outlook\.com/i.test(v));
  return t(MICROSOFT.has(row.verdict) || named ? 'mail.points.yes' : 'mail.points.no');
}

/** What the record is for, in words: by its first label for CNAME and SRV records. */
function recordName(row, domain) {
  const label = row.name === domain ? '' : row.name.slice(0, -(domain.length + 1));
  const first = label.split('.')[0].replace(/^_/, '');
  const key = { cname: `mail.record.${first}`, srv: `mail.record.srv.${first}` }[row.kind] ?? `mail.kind.${row.kind}`;
  return h('span', {}, t(has(key) ? key : `mail.kind.${row.kind}`), h('br'), h('code', {}, row.name));
}

/** "can take up to N hours" from a TTL in seconds (at least one hour). */
function ttlText(ttl) {
  return plural('mail.ttl_hours', Math.max(1, Math.ceil(ttl / 3600)));
}

function todo(row, provider) {
  const parts = [t(`mail.action.${row.action}`)];
  if (provider && (row.kind === 'mx' || row.kind === 'spf') && ['replace', 'add', 'edit_spf', 'keep_one_spf'].includes(row.action)) {
    const values = row.kind === 'mx' ? provider.mx.map((m) => `${m.preference} ${m.host}`) : [provider.spf];
    parts.push(h('br'), t('mail.new_value', { provider: provider.name }), ' ', values.map((v) => h('code', {}, v, ' ')));
  }
  if (row.ttl && row.action !== 'nothing' && row.action !== 'check_again') parts.push(h('br'), h('span', { class: 'hint' }, ttlText(row.ttl)));
  return parts;
}

function table(check, provider) {
  return h('table', { class: 'mail-records', 'data-domain': check.domain },
    h('caption', { class: 'visually-hidden' }, t('mail.table.caption', { domain: check.domain })),
    h('thead', {}, h('tr', {},
      h('th', { scope: 'col' }, t('mail.table.record')),
      h('th', { scope: 'col' }, t('mail.table.now')),
      h('th', { scope: 'col' }, t('mail.table.microsoft')),
      h('th', { scope: 'col' }, t('mail.table.todo')))),
    h('tbody', {}, check.rows.map((row) => h('tr', { 'data-kind': row.kind, 'data-name': row.name, 'data-verdict': row.verdict },
      h('th', { scope: 'row' }, recordName(row, check.domain)),
      h('td', {}, row.now.length ? row.now.map((v) => h('code', {}, v, ' ')) : t('mail.none'), h('br'), h('span', { class: 'hint' }, t(`mail.verdict.${row.verdict}`))),
      h('td', {}, pointsAtMicrosoft(row)),
      h('td', {}, todo(row, provider))))));
}

/** Microsoft allows no transfer to another registrar in the days after a purchase. */
const NO_TRANSFER_DAYS = 60;

/** When Microsoft allows the transfer of a domain bought on `on` (`YYYY-MM-DD`), in words. */
function transferLine(on) {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(on)) return '';
  const from = new Date(`${on}T12:00:00`);
  from.setDate(from.getDate() + NO_TRANSFER_DAYS);
  return t(from <= new Date() ? 'mail.bought.transfer_now' : 'mail.bought.transfer_from', { date: formatDate(from) });
}

// For a domain that may have been bought through Microsoft 365: the owner may type the purchase
// date the admin center shows (Graph does not say), and sees the first day a transfer is
// possible. Only the answer line changes as the date does: redrawing the page would move the owner out
// of the date field's day/month/year parts while they type. The answer is kept in the journal
// (an earlier day's answer is shown again), and a cleared field forgets it.
function purchaseDate(check, app) {
  const id = `bought-on-${check.domain}`;
  const key = check.domain.toLowerCase();
  const saved = view.data?.boughtOn ?? {};
  const on = view.bought[key] ?? (Object.hasOwn(saved, key) ? saved[key] : '');
  const answer = h('p', { role: 'status', class: 'mail-transfer-from' }, transferLine(on));
  const input = h('input', {
    type: 'date', id, value: on,
    onchange: async (e) => {
      const value = e.target.value;
      view.bought[key] = value;
      answer.textContent = transferLine(value);
      try {
        await app.api.rememberDomainPurchase(check.domain, value || null);
      } catch (error) {
        app.showError(error);
      }
    },
  });
  return [h('p', { class: 'field' }, h('label', { for: id }, t('mail.bought.label')), ' ', input), answer];
}

function warning(w, check, app) {
  const extra = w.records?.length ? h('ul', {}, w.records.map((r) => h('li', {}, h('code', {}, r)))) : null;
  return h('div', { class: 'notice', 'data-warning': w.code },
    h('p', {}, t(`mail.warning.${w.code}`, { domain: check.domain })),
    extra ? [h('p', {}, t('mail.warning.recreate')), extra] : null,
    w.code === 'microsoft_purchased_domain' ? purchaseDate(check, app) : null);
}

function providerChoice(check, app) {
  const id = `provider-${check.domain}`;
  const select = h('select', { id, onchange: (e) => { view.provider[check.domain] = e.target.value; app.refresh(); } },
    h('option', { value: '' }, t('mail.provider.none')),
    check.providers.map((p) => h('option', { value: p.id, selected: view.provider[check.domain] === p.id }, p.name)));
  return h('p', {}, h('label', { for: id }, t('mail.provider.label')), select);
}

function domainBlock(check, app) {
  const provider = check.providers.find((p) => p.id === view.provider[check.domain]);
  const changes = check.rows.filter((r) => !['nothing', 'check_again'].includes(r.action)).length;
  return h('section', { class: 'mail-domain', 'data-domain': check.domain, 'data-state': check.state },
    h('h2', {}, check.domain),
    h('p', { class: 'mail-state', role: 'status' },
      check.state === 'waiting' ? plural('mail.state.waiting', changes) : t(`mail.state.${check.state}`), ' ',
      `${t('mail.checked_at', { date: formatDate(check.checkedAt) })}, ${new Date(check.checkedAt).toLocaleTimeString()}.`,
      check.longestTtl && changes ? [' ', ttlText(check.longestTtl)] : null),
    check.inOrganization ? null : h('p', { class: 'hint' }, t('mail.removed_from_microsoft')),
    check.warnings.map((w) => warning(w, check, app)),
    check.state === 'done' ? null : providerChoice(check, app),
    provider?.confirmWithProvider ? h('p', { class: 'hint' }, t('mail.provider.confirm')) : null,
    table(check, provider));
}

/** A `YYYY-MM-DD` day as the owner reads it (noon, so no time zone moves it a day). */
const day = (iso) => formatDate(`${iso}T12:00:00`);

async function remind(app, on) {
  try {
    app.clearNotice();
    view.data.followUp = await app.api.remindMailCheck(on);
    await loadReminders();
  } catch (error) {
    app.showError(error);
  }
  app.refresh();
}

/** "Remind me to check again on ..." while something is waiting: the day and the calendar file. */
function followUp(app) {
  const next = view.data.followUp;
  if (!next) return null;
  const input = h('input', { type: 'date', id: 'mail-remind-on', value: next.chosen ? next.on : view.data.defaultRemindOn });
  return h('section', { class: 'mail-follow-up', id: 'mail-follow-up', 'data-on': next.on },
    h('p', { role: 'status' }, t(next.chosen ? 'mail.remind.set' : 'mail.remind.set_default', { date: day(next.on) })),
    h('p', { class: 'field' }, h('label', { for: 'mail-remind-on' }, t('mail.remind.label')), ' ', input, ' ',
      h('button', { type: 'button', id: 'mail-remind', onclick: () => remind(app, input.value) }, t('mail.remind.button'))),
    fileActions(app, ['calendar']));
}

export function render(app) {
  if (!view.data && !view.loading && !view.checkedOnce) queueMicrotask(() => load(app));
  const parts = [h('h1', {}, t('mail.title')), h('p', { class: 'lead' }, t('mail.intro')), h('p', {}, t('mail.never_gates'))];
  if (!view.data) {
    parts.push(h('p', { role: 'status' }, t(view.loading ? 'mail.loading' : 'mail.none_yet')));
    return h('article', { class: 'page-mail' }, parts);
  }
  if (!view.data.domains.length) parts.push(h('p', {}, t('mail.no_domains')));
  parts.push(view.data.domains.map((d) => domainBlock(d, app)));
  parts.push(followUp(app));
  parts.push(h('p', { class: 'hint', id: 'mail-recheck' }, plural('mail.recheck_every', Math.round(view.data.recheckSeconds / 60))));
  parts.push(h('div', { class: 'actions' },
    h('button', { type: 'button', class: 'primary', onclick: () => app.go('domains') }, t('steppage.next', { step: t('step.domains') })),
    h('button', { type: 'button', id: 'mail-check-again', disabled: view.loading, onclick: () => load(app) }, t(view.loading ? 'mail.checking' : 'mail.check_again')),
    view.data.registrarUrl ? h('a', { href: view.data.registrarUrl, id: 'practice-registrar' }, t('mail.practice_registrar')) : null));
  return h('article', { class: 'page-mail' }, parts);
}
