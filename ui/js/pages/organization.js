// Your organization: a one-screen summary (people, subscriptions, domains, security, apps),
// the findings from the checks with blockers first and what to do, and the plan ahead with
// the dates from the timeline.

import { h } from '../dom.js';
import { formatDate, has, plural, t } from '../i18n.js';
import { fileActions, findingItem, subscriptionLine } from './parts.js';
import { azureSection, leaveAzure } from './azure.js';
import { showStanding } from './backup.js';

let view = { loading: false, data: null };

export function leave() {
  view = { loading: false, data: null };
  leaveAzure();
}

async function load(app) {
  view.loading = true;
  app.refresh();
  try {
    view.data = await app.api.organization();
    app.setOrganization(view.data);
    const blocked = view.data.findings.some((f) => f.severity === 'blocker' && !f.step);
    // A part that could not be read leaves the checks unfinished: no tick until it is read.
    const unread = view.data.inventory.unreadable.length > 0;
    app.setState('organization', blocked ? 'blocked' : unread ? 'unknown' : 'done');
    app.reach('backup');
    if (view.data.backup.state !== 'open') showStanding(app, view.data.backup);
    // The mail handover's warnings must be seen before anything is removed.
    app.reach('mail');
  } catch (error) {
    app.showError(error, { onRetry: () => load(app) });
  }
  view.loading = false;
  app.refresh();
}

/** Security defaults on, off, or not known: a part Microsoft refused is never shown as off. */
function defaultsKey(inv) {
  if (inv.unreadable.some((u) => u.part === 'securityDefaults')) return 'org.summary.defaults_unknown';
  return inv.securityDefaults?.isEnabled ? 'org.summary.defaults_on' : 'org.summary.defaults_off';
}

function summary(inv) {
  const active = inv.subscriptions.filter((s) => s.status !== 'Deleted');
  const custom = inv.domains.filter((d) => !d.isInitial);
  const enabledPolicies = inv.conditionalAccess.filter((p) => p.state !== 'disabled');
  const row = (label, value) => h('tr', {}, h('th', { scope: 'row' }, label), h('td', {}, value));
  return h('table', { class: 'summary' },
    h('caption', { class: 'visually-hidden' }, t('org.summary.caption')),
    h('tbody', {},
      row(t('org.summary.people'), plural('org.summary.people_value', inv.users.length)),
      row(t('org.summary.subscriptions'), active.length
        ? active.map(subscriptionLine).join('; ')
        : t('org.summary.none')),
      row(t('org.summary.domains'), custom.length ? custom.map((d) => d.id).join(', ') : t('org.summary.none')),
      row(t('org.summary.security'), [
        t(defaultsKey(inv)),
        plural('org.summary.policies', enabledPolicies.length),
      ].join(' · ')),
      row(t('org.summary.apps'), t('org.summary.apps_value', {
        registrations: plural('org.summary.app_registrations', inv.applications.length),
        enterprise: plural('org.summary.enterprise_apps', inv.servicePrincipals.length),
      }))));
}

function entryText(entry) {
  const what = entry.step ? t(`step.${entry.step}`) : '';
  const key = `org.plan.${entry.kind}`;
  if (!entry.date && has(`${key}.now`)) return t(`${key}.now`, { step: what });
  const when = entry.date ? formatDate(entry.date) : t('org.plan.now');
  return t(key, { step: what, date: when, person: entry.person ?? '' });
}

function timelineList(timeline) {
  if (!timeline.entries.length) return h('p', {}, t('org.plan.empty'));
  return h('ol', { class: 'timeline' }, timeline.entries.map((entry) => h('li', {}, entryText(entry))));
}

export function render(app) {
  if (!view.data && !view.loading) queueMicrotask(() => load(app));
  const parts = [h('h1', {}, t('org.title'))];
  if (!view.data) {
    parts.push(h('p', { role: 'status' }, t('org.loading')));
    return h('article', {}, parts);
  }
  const { inventory, findings, timeline } = view.data;
  const blockers = findings.filter((f) => f.severity === 'blocker');
  parts.push(
    h('p', { class: 'lead' }, t('org.intro', { name: inventory.organization.displayName })),
    timeline.next ? h('p', { class: 'notice info', id: 'next' }, h('strong', {}, t('org.next')), ' ', entryText(timeline.next)) : null,
    view.data.backup.state === 'skipped' ? h('p', { class: 'notice unknown', id: 'backup-skipped' }, t('org.backup.skipped', {
      by: view.data.backup.by, date: formatDate(view.data.backup.at),
    })) : null,
    summary(inventory),
    h('h2', {}, t('org.findings.title')),
    findings.length
      ? h('ul', { class: 'findings' }, findings.map(findingItem))
      : h('p', {}, t('org.findings.none')),
    azureSection(app, () => { view.data = null; load(app); }),
    h('h2', {}, t('org.plan.title')),
    timelineList(timeline),
    h('div', { class: 'actions' },
      h('button', { type: 'button', class: 'primary', onclick: () => app.go('backup') }, t('org.continue')),
      h('button', { type: 'button', onclick: () => { view.data = null; load(app); } }, t('org.refresh'))),
    blockers.length ? h('p', { class: 'hint' }, plural('org.blockers_note', blockers.length)) : null,
    h('h2', {}, t('files.title')),
    h('p', {}, t('files.body')),
    fileActions(app),
  );
  return h('article', { class: 'page-organization' }, parts);
}
