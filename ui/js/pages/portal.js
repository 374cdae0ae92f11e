// The owner's part of a portal-only step: numbered instructions naming Microsoft's buttons,
// "Open the Microsoft 365 admin center", a check every few seconds while the page is open plus a
// "Check now" button, and when Microsoft is making us wait, the date to come back.

import { h } from '../dom.js';
import { formatDate, has, t } from '../i18n.js';
import { fileActions } from './parts.js';

/** How often the page asks Microsoft whether the owner's part is done. */
export const RECHECK_MS = 4000;

/** The signed-in owner's current sign-in name, from the inventory. */
export function signInName(inventory) {
  const me = inventory?.me;
  return me?.userPrincipalName ?? null;
}

/**
 * "Sign in as name@….onmicrosoft.com": after the Domains step the owner's sign-in name is on
 * the initial domain, and Microsoft's portals ask for that name, not the old one.
 */
function signInAs(inventory) {
  const name = signInName(inventory);
  const initial = (inventory?.domains ?? []).find((d) => d.isInitial)?.id;
  const domain = name?.split('@')[1]?.toLowerCase();
  if (!name || !initial || domain !== initial.toLowerCase()) return null;
  return h('p', { class: 'note' }, h('strong', {}, t('portal.sign_in_as', { name })));
}

/**
 * What to match on Microsoft's page before pressing anything (the wrong organization is never
 * touched): the organization's name, tenant ID and initial domain, from the inventory.
 */
export function identityBox(inventory) {
  const org = inventory?.organization;
  const domain = (inventory?.domains ?? []).find((d) => d.isInitial)?.id;
  if (!org?.id || !domain) return null;
  return h('p', { class: 'note', id: 'portal-identity' },
    t('portal.identity', { name: org.displayName ?? '', id: org.id, domain }));
}

/**
 * The warnings the step's plan says its hand-off carries (which account to sign in with, never
 * cancelling by an unpaid bill, Entra's Switch directory trap): keys of the text catalogue,
 * chosen in Rust so the command line prints the same ones.
 */
function cautions(portal, inventory) {
  const name = signInName(inventory) ?? '';
  return (portal.cautions ?? []).map((key) => h('p', { class: 'note', role: 'note' }, h('strong', {}, t(key, { name }))));
}

function instructions(step) {
  const items = [];
  for (let i = 1; has(`portal.${step}.${i}`); i++) items.push(h('li', {}, t(`portal.${step}.${i}`)));
  return h('ol', { class: 'instructions' }, items);
}

/** Hours from the practice clock's now to `until`, rounded up, plus one for good measure. */
function hoursUntil(until, now) {
  return Math.max(1, Math.ceil((new Date(until) - new Date(now)) / 3_600_000) + 1);
}

/** The key of the "Open ..." button: it names the admin center the step's page is in. */
export function openLabel(step) {
  return { directory: 'portal.open_entra', domains: 'portal.open_exchange' }[step] ?? 'portal.open_admin';
}

/**
 * While Closeout still sees blockers, a step whose Microsoft page lists them too (Entra's
 * Delete tenant checks, each with a link) can be opened to compare, with the organization to
 * match and the page's traps, but without the steps that end in Delete. Only steps with a
 * `portal.<step>.blocked` text have one.
 */
export function blockedSection({ app, step, plan }) {
  if (!plan.portal || !has(`portal.${step}.blocked`)) return null;
  return h('section', { 'aria-labelledby': 'portal-blocked' },
    h('h2', { id: 'portal-blocked' }, t(`portal.${step}.title`)),
    h('p', {}, t(`portal.${step}.blocked`)),
    ...toMatch(plan.portal, app.data.organization?.inventory),
    h('div', { class: 'actions' }, openButton(app, step, plan, false)));
}

/** What to check on Microsoft's page before pressing anything: the organization, the traps. */
function toMatch(portal, inventory) {
  return [identityBox(inventory), ...cautions(portal, inventory)];
}

/** "Open the … admin center", at the step's Microsoft page. */
function openButton(app, step, plan, primary) {
  return h('button', { type: 'button', class: primary ? 'primary' : '', onclick: () => app.open(plan.portal.url) },
    t(openLabel(step)));
}

/**
 * The portal section. `verification` is the latest check; `primary` says whether "Open" is
 * the page's primary action; `onCheck` re-checks now; `onSkip(hours)` moves the practice clock.
 */
export function portalSection({ app, step, plan, verification, checking, primary, onCheck, onSkip }) {
  const waiting = verification?.state === 'waiting' && verification.until;
  const practice = app.data.practice;
  return h('section', { 'aria-labelledby': 'portal' },
    h('h2', { id: 'portal' }, t(`portal.${step}.title`)),
    signInAs(app.data.organization?.inventory),
    ...toMatch(plan.portal, app.data.organization?.inventory),
    instructions(step),
    h('div', { class: 'actions' },
      openButton(app, step, plan, primary),
      h('button', { type: 'button', onclick: onCheck, disabled: checking }, t('portal.check_now'))),
    h('p', { role: 'status', id: 'portal-status' },
      waiting
        ? t('portal.waiting', { date: formatDate(verification.until) })
        : t(checking ? 'portal.checking' : 'portal.auto_check')),
    waiting ? fileActions(app, ['calendar']) : null,
    waiting && practice
      ? h('div', { class: 'card' },
        h('p', {}, t('portal.practice_skip_hint')),
        h('button', { type: 'button', onclick: () => onSkip(hoursUntil(verification.until, practice.now)) },
          t('portal.practice_skip', { date: formatDate(verification.until) })))
      : null);
}
