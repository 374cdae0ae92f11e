// A closure step page. Every step has the same parts: what it does and what cannot be undone;
// the live list of what will change; the action behind a typed confirmation with progress
// streamed from Rust (cancellable), or for portal-only work the owner's instructions with an
// automatic check; the result verified with Microsoft; and the undo window.

import { h } from '../dom.js';
import { formatDate, formatNumber, plural, t } from '../i18n.js';
import { STEPS, railState } from '../journey.js';
import { errorText } from '../errors.js';
import { confirmField, findingItem, subscriptionLine } from './parts.js';
import { RECHECK_MS, blockedSection, portalSection, signInName } from './portal.js';
import { deletionStarts } from './users_clocks.js';

/** A person as the owner knows them: "Name (address)". */
function person(user) {
  if (!user) return null;
  const upn = user.userPrincipalName ?? '';
  return user.displayName ? `${user.displayName} (${upn})` : upn;
}

/**
 * "Anna Rossi (anna@…)" with what the account is when it is not a person: a shared, room or
 * equipment mailbox (its mailbox's purpose) or a guest, so the owner decides knowing it.
 */
function account(user, inventory) {
  const name = person(user);
  if (!name) return name;
  const purpose = (inventory?.mailboxPurposes ?? []).find((m) => m.userId === user.id)?.purpose;
  const kind = user.userType === 'Guest' ? 'guest' : ['shared', 'room', 'equipment'].includes(purpose) ? purpose : null;
  return kind ? t('target.user_kind', { name, kind: t(`account.${kind}`) }) : name;
}

/** Says what an action does to what, in the owner's language, else in Microsoft's words. */
function describeAction(action, inventory) {
  const byId = (list) => (list ?? []).find((item) => item.id === action.targetId);
  const name = {
    user: () => (action.method === 'DELETE' ? account(byId(inventory?.users), inventory) : person(byId(inventory?.users))),
    group: () => byId(inventory?.groups)?.displayName || null,
    deleted_item: () => person(byId(inventory?.deletedUsers)) ?? byId(inventory?.deletedUsers)?.displayName ?? byId(inventory?.groups)?.displayName,
    domain: () => action.targetId,
    security_defaults: () => '',
    conditional_access_policy: () => byId(inventory?.conditionalAccess)?.displayName,
    per_user_mfa: () => person(byId(inventory?.users)),
    application: () => byId(inventory?.applications)?.displayName,
    // An app without a name (Microsoft allows it) keeps the core's words, which give its id.
    service_principal: () => byId(inventory?.servicePrincipals)?.displayName || null,
  }[action.target]?.();
  if (name === null || name === undefined) return action.description;
  const verb = {
    user: action.method !== 'DELETE' ? 'user_rename' : 'user',
    conditional_access_policy: action.method === 'DELETE' ? 'conditional_access_policy_delete' : action.target,
  }[action.target] ?? action.target;
  return t(`target.${verb}`, { name });
}

/**
 * What the plan's notes say, in the owner's language (the core's notes are English, for the
 * CLI): the Domains step's new sign-in name before it runs, and the name in use once done.
 */
function notes(step, plan, inventory, done, renamedBefore) {
  if (step === 'mfa') return mfaNotes(inventory);
  if (step !== 'domains') return [];
  const renamed = plan.actions.find((a) => a.newSignInName)?.newSignInName ?? renamedBefore;
  if (renamed && !done) return [t('steppage.domains.new_name', { name: renamed, old: signInName(inventory) ?? '' })];
  // Done: the plan was made before the rename, the inventory may be older still.
  const name = renamed ?? signInName(inventory);
  return done && name ? [t('steppage.domains.now_named', { name })] : [];
}

/**
 * Step 4: what it leaves as it is (security defaults, conditional access), and that the owner
 * keeps their own second factor for Microsoft's admin portals.
 */
function mfaNotes(inventory) {
  if (!inventory) return [];
  const defaults = inventory.unreadable.some((u) => u.part === 'securityDefaults') ? 'unknown'
    : inventory.securityDefaults?.isEnabled ? 'on' : 'off';
  const enforced = inventory.conditionalAccess.filter((p) => p.state !== 'disabled').length;
  return [
    t(`steppage.mfa.defaults_${defaults}`),
    enforced ? plural('steppage.mfa.policies_left', enforced) : null,
    t('steppage.mfa.keep_authenticator'),
  ].filter(Boolean);
}

/**
 * Step 4's offer: the conditional access policies that would keep the owner out of the admin
 * portals, each explained, turned off only if the owner ticks the box.
 */
function policyChoice(view, app) {
  const choices = view.plan.choices ?? [];
  if (!choices.length) return null;
  const policies = app.data.organization?.inventory?.conditionalAccess ?? [];
  const names = choices.map((c) => policies.find((p) => p.id === c.targetId)?.displayName || c.description);
  // Without the license conditional access needs, Microsoft lets a policy be deleted only.
  const deletes = choices.some((c) => c.method === 'DELETE');
  return [
    ...names.map((name) => h('p', { class: 'note' }, t('steppage.mfa.policy_stops', { name }))),
    deletes ? h('p', { class: 'note' }, t('steppage.mfa.policy_unlicensed')) : null,
    h('p', {}, h('label', {},
      h('input', { type: 'checkbox', id: 'turn-off-policies', checked: Boolean(view.policies),
        onchange: (e) => { view.policies = e.target.checked; app.refresh(); } }),
      ' ', plural(deletes ? 'steppage.mfa.policy_delete_choice' : 'steppage.mfa.policy_choice', choices.length))),
  ];
}

/** A portal item in the owner's language: subscriptions from the inventory, else as given. */
function portalItemText(item, inventory) {
  const sub = inventory?.subscriptions?.find((s) => s.id === item.id);
  return sub ? subscriptionLine(sub) : item.text;
}

/**
 * Step 2: the date each active subscription runs, and is paid for, until when Microsoft only
 * lets the owner turn off recurring billing (its next lifecycle date, as the admin center shows).
 */
function paidUntil(step, inventory) {
  if (step !== 'cancel_subscriptions') return null;
  const dated = (inventory?.subscriptions ?? []).filter((s) => s.status === 'Enabled' && s.nextLifecycleDateTime);
  if (!dated.length) return null;
  const list = dated.map((s) => `${s.productName ?? s.skuPartNumber}: ${formatDate(s.nextLifecycleDateTime)}`).join('; ');
  return h('p', { class: 'hint' }, t('steppage.cancel_subscriptions.paid_until', { list }));
}


/**
 * "Couldn't check": which parts Microsoft did not let Closeout read (and the objects set aside,
 * as Microsoft named them), what to do, and the button that reads them again. Never a tick.
 */
function couldNotCheck(verification, checking, onCheck) {
  const parts = verification.unreadable.map((u) => t(`part.${u.part}`)).join(', ');
  const objects = verification.unreadable.flatMap((u) => u.objects);
  return h('div', { class: 'notice unknown', id: 'could-not-check' },
    h('p', {}, t('verify.unknown.why', { parts })),
    objects.length ? h('ul', {}, objects.map((o) => h('li', {}, o))) : null,
    h('p', {}, t('verify.unknown.todo')),
    h('div', { class: 'actions' },
      h('button', { type: 'button', class: 'primary', disabled: checking, onclick: onCheck }, t('steppage.check_again'))));
}

export function stepPage(step) {
  let view = {};
  let timer = null;
  const next = STEPS[STEPS.indexOf(step) + 1];

  const stopTimer = () => { clearInterval(timer); timer = null; };

  function settle(app, verification) {
    view.verification = verification;
    app.setState(step, railState(verification.state));
    if (verification.state === 'done') {
      stopTimer();
      if (next) app.reach(next);
      if (next === 'closed') app.setState('closed', 'done');
    }
  }

  async function load(app) {
    view = { phase: 'loading', busy: true };
    try {
      app.setOrganization(await app.api.organization());
      view.plan = await app.api.planStep(step, null);
      settle(app, await app.api.verifyStep(step));
      view.phase = 'ready';
    } catch (error) {
      view.phase = 'failed';
      app.showError(error, { onRetry: () => load(app) });
    }
    view.busy = false;
    app.refresh();
  }

  async function check(app) {
    if (view.checking) return;
    view.checking = true;
    try {
      const verification = await app.api.verifyStep(step);
      // A hand-off beside Closeout's own changes (Domains: the lists in Exchange) can open
      // new work once done: the domains themselves, behind the typed confirmation again.
      if (view.plan.portal && view.plan.actions.length && verification.state !== 'done') {
        const plan = await app.api.planStep(step, null);
        if (!plan.portal && plan.actions.length) {
          // The sign-in name moved with the first changes: keep saying what it became.
          view.renamed = view.plan.actions.find((a) => a.newSignInName)?.newSignInName;
          view.plan = plan;
          view.applied = null;
          stopTimer();
        }
      }
      settle(app, verification);
    } catch (error) {
      app.showError(error);
    }
    view.checking = false;
    if (document.querySelector(`.page-${step}`)) app.refresh();
  }

  async function skip(app, hours) {
    try {
      app.setPractice(await app.api.advancePracticeClock(hours));
      await check(app);
    } catch (error) {
      app.showError(error);
    }
  }

  async function apply(app, typed) {
    app.clearNotice();
    view.phase = 'running';
    view.progress = { done: 0, total: view.plan.actions.length, failed: 0 };
    app.setState(step, 'in_progress');
    app.refresh();
    try {
      const options = {
        domains: { purgeDeletedGroups: Boolean(view.purge), domainsNotBoughtFromMicrosoft: Boolean(view.boughtElsewhere) },
        directory: { noUnpaidInvoices: Boolean(view.billsPaid), selfServiceProductsDeleted: Boolean(view.signUpsDeleted) },
        mfa: { turnOffPoliciesStoppingMe: Boolean(view.policies) },
      }[step] ?? { purgeDeletedUsers: Boolean(view.purge) };
      view.applied = await app.api.applyStep(step, options, typed, (progress) => {
        view.progress = progress;
        updateProgress();
      });
      settle(app, view.applied.verification);
    } catch (error) {
      app.showError(error);
    }
    view.phase = 'ready';
    app.refresh();
    document.querySelector('#page-body #result')?.focus();
  }

  function progressText() {
    return t('steppage.progress', { done: formatNumber(view.progress.done), total: formatNumber(view.progress.total) });
  }

  function updateProgress() {
    const bar = document.getElementById('step-progress');
    if (!bar) return;
    bar.max = Math.max(view.progress.total, 1);
    bar.value = view.progress.done;
    document.getElementById('step-progress-text').textContent = progressText();
  }

  /** What the button would do: the plan's actions, and the offered ones if the owner chose them. */
  const chosen = () => view.plan.actions.length + (view.policies ? (view.plan.choices ?? []).length : 0);
  const actionsPending = () => !view.applied
    && ((view.plan.actions.length > 0 && view.verification?.state !== 'done') || (view.plan.choices ?? []).length > 0);

  function changes(app) {
    const { plan } = view;
    const inventory = app.data.organization?.inventory;
    const list = plan.actions.length
      ? plan.actions.map((a) => describeAction(a, inventory))
      : (plan.portal?.items ?? []).map((item) => portalItemText(item, inventory));
    return [
      h('h2', {}, t('steppage.changes')),
      plan.blockers.length ? [h('p', {}, t('steppage.blocked')), h('ul', { class: 'findings' }, plan.blockers.map(findingItem))] : null,
      list.length ? h('ul', { class: 'changes' }, list.map((name) => h('li', {}, name))) : h('p', {}, t('steppage.nothing')),
      paidUntil(step, inventory),
    ];
  }

  /** The organization's checks still ask the owner this question (a finding `code`). */
  function asks(app, code) {
    return (app.data.organization?.findings ?? []).some((f) => f.code === code);
  }

  /** Only self-service sign-up products Graph still lists block: the owner may say they are deleted. */
  const onlySignUpsBlock = () => view.plan.blockers.length > 0
    && view.plan.blockers.every((b) => b.code === 'self_service_products');

  function doIt(app) {
    return h('section', { 'aria-labelledby': 'do-it' },
      h('h2', { id: 'do-it' }, t('steppage.do_it')),
      step === 'users' || (step === 'domains' && view.plan.actions.some((a) => a.target === 'group')) ? h('p', {}, h('label', {},
        h('input', { type: 'checkbox', id: 'purge', onchange: (e) => { view.purge = e.target.checked; } }),
        ' ', t(`steppage.${step}.purge`))) : null,
      step === 'directory' && asks(app, 'unpaid_invoice_check') ? h('p', {}, h('label', {},
        h('input', { type: 'checkbox', id: 'bills-paid', onchange: (e) => { view.billsPaid = e.target.checked; } }),
        ' ', t('steppage.directory.bills_paid'))) : null,
      step === 'directory' && onlySignUpsBlock() ? h('p', {}, h('label', {},
        h('input', { type: 'checkbox', id: 'sign-ups-deleted', onchange: (e) => { view.signUpsDeleted = e.target.checked; } }),
        ' ', t('steppage.directory.sign_ups_deleted'))) : null,
      step === 'domains' && asks(app, 'microsoft_purchased_domain') ? h('p', {}, h('label', {},
        h('input', { type: 'checkbox', id: 'bought-elsewhere', onchange: (e) => { view.boughtElsewhere = e.target.checked; } }),
        ' ', t('steppage.domains.bought_elsewhere'))) : null,
      step === 'mfa' ? policyChoice(view, app) : null,
      chosen() ? confirmField({
        id: `confirm-${step}`,
        org: app.data.signedIn?.organization ?? '',
        button: plural(`steppage.${step}.button`, chosen()),
        onConfirm: (typed) => apply(app, typed),
      }) : null);
  }

  function running(app) {
    return h('section', { 'aria-labelledby': 'running' },
      h('h2', { id: 'running' }, t('steppage.running')),
      h('progress', { id: 'step-progress', max: Math.max(view.progress.total, 1), value: view.progress.done, 'aria-labelledby': 'running' }),
      h('p', { id: 'step-progress-text', role: 'status' }, progressText()),
      h('div', { class: 'actions' },
        h('button', { type: 'button', onclick: () => app.api.cancelStep() }, t('steppage.cancel'))));
  }

  function report() {
    const { report: r } = view.applied;
    return [
      h('p', {}, t('steppage.report', {
        succeeded: plural('steppage.report.done', r.succeeded),
        already: plural('steppage.report.already', r.alreadyDone),
        failed: plural('steppage.report.failed', r.failed.length),
      })),
      r.cancelled ? h('p', {}, t('steppage.cancelled')) : null,
      r.failed.length ? h('ul', { class: 'findings' }, r.failed.map((f) => h('li', { class: 'blocker' }, f.description, ': ', errorText(f.error)))) : null,
    ];
  }

  function result(app) {
    const { verification } = view;
    const done = verification.state === 'done';
    const unknown = verification.state === 'unknown';
    return h('section', { 'aria-labelledby': 'result' },
      h('h2', { id: 'result', tabindex: '-1' }, t(`verify.${verification.state}`)),
      view.applied ? report() : null,
      unknown ? couldNotCheck(verification, view.checking, () => check(app)) : null,
      notes(step, view.plan, app.data.organization?.inventory, done, view.renamed).map((note) => h('p', { class: 'note' }, h('strong', {}, note))),
      !done && verification.remaining.length ? h('p', {}, t('steppage.remaining', { list: verification.remaining.join(', ') })) : null,
      done && next
        ? h('div', { class: 'actions' },
          h('button', { type: 'button', class: 'primary', onclick: () => app.go(next) }, t('steppage.next', { step: t(`step.${next}`) })))
        : null);
  }

  function body(app) {
    if (view.phase === 'loading') return [h('p', { role: 'status' }, t('steppage.loading'))];
    if (view.phase === 'failed') return [h('button', { type: 'button', onclick: () => load(app) }, t('steppage.check_again'))];
    if (view.phase === 'running') return [...changes(app), running(app)];
    const done = view.verification?.state === 'done';
    const portal = view.plan.portal && !done && !actionsPending() && !view.plan.blockers.length;
    if (portal && !timer) timer = setInterval(() => check(app), RECHECK_MS);
    return [
      ...changes(app),
      actionsPending() && (!view.plan.blockers.length || onlySignUpsBlock()) ? doIt(app) : null,
      portal ? portalSection({
        app, step, plan: view.plan, verification: view.verification, checking: view.checking,
        primary: true, onCheck: () => check(app), onSkip: (hours) => skip(app, hours),
      }) : null,
      !done && view.plan.blockers.length ? blockedSection({ app, step, plan: view.plan }) : null,
      view.verification && (done || view.applied || view.verification.state === 'unknown') ? result(app) : null,
    ];
  }

  return {
    leave() {
      stopTimer();
      view = {};
    },
    render(app) {
      if (!view.phase) {
        view.phase = 'loading';
        queueMicrotask(() => load(app));
      }
      return h('article', { class: `page-step page-${step}` },
        h('h1', {}, t(`steppage.${step}.title`)),
        h('section', { 'aria-labelledby': 'what' },
          h('h2', { id: 'what' }, t('steppage.what')),
          h('p', {}, t(`steppage.${step}.what`)),
          h('p', {}, h('strong', {}, t(`steppage.${step}.irreversible`))),
          view.plan && view.verification?.state !== 'done'
            ? notes(step, view.plan, app.data.organization?.inventory, false).map((note) => h('p', { class: 'note' }, note))
            : null),
        deletionStarts(step),
        body(app),
        h('section', { 'aria-labelledby': 'undo' },
          h('h2', { id: 'undo' }, t('steppage.undo')),
          h('p', {}, t(`steppage.${step}.undo`))));
    },
  };
}
