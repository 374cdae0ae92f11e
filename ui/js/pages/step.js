// A step that Closeout does through Microsoft Graph (1 Users, Domains, 4 MFA): what it does and
// what cannot be undone, the live list of what will change, the typed confirmation, progress
// streamed from Rust with Cancel, the verified result and the undo window.

import { h } from '../dom.js';
import { formatNumber, t } from '../i18n.js';
import { STEPS } from '../journey.js';
import { errorText } from '../errors.js';
import { confirmField, findingItem } from './parts.js';

/** Names an action's target the way the owner knows it (a person, a domain...). */
function targetName(action, inventory) {
  const user = inventory?.users.find((u) => u.id === action.target_id);
  if (user) return user.displayName ? `${user.displayName} (${user.userPrincipalName})` : user.userPrincipalName;
  return action.description;
}

export function stepPage(step) {
  let view = { phase: 'loading' };
  const next = STEPS[STEPS.indexOf(step) + 1];

  async function load(app) {
    view = { phase: 'loading', busy: true };
    try {
      view.plan = await app.api.planStep(step, view.options ?? null);
      view.phase = 'ready';
    } catch (error) {
      view.phase = 'failed';
      app.showError(error, { onRetry: () => load(app).then(() => app.refresh()) });
    }
    view.busy = false;
  }

  async function apply(app, typed) {
    app.clearNotice();
    view.phase = 'running';
    view.progress = { done: 0, total: view.plan.actions.length, failed: 0 };
    app.setState(step, 'in_progress');
    app.refresh();
    try {
      const options = { purge_deleted_users: Boolean(view.purge) };
      view.applied = await app.api.applyStep(step, options, typed, (progress) => {
        view.progress = progress;
        updateProgress();
      });
      view.phase = 'result';
      const state = view.applied.verification.state;
      app.setState(step, state === 'to_do' ? 'in_progress' : state);
      if (state === 'done' && next) app.reachable.add(next);
    } catch (error) {
      view.phase = 'ready';
      app.showError(error);
    }
    app.refresh();
    document.querySelector('#page-body h2.result')?.focus();
  }

  function updateProgress() {
    const bar = document.getElementById('step-progress');
    const text = document.getElementById('step-progress-text');
    if (!bar || !text) return;
    bar.max = Math.max(view.progress.total, 1);
    bar.value = view.progress.done;
    text.textContent = t('steppage.progress', { done: formatNumber(view.progress.done), total: formatNumber(view.progress.total) });
  }

  function changes(app) {
    const { plan } = view;
    const inventory = app.data.organization?.inventory;
    const parts = [h('h2', {}, t('steppage.changes'))];
    if (plan.blockers.length) {
      parts.push(h('p', {}, t('steppage.blocked')), h('ul', { class: 'findings' }, plan.blockers.map(findingItem)));
    }
    parts.push(plan.actions.length
      ? h('ul', { class: 'changes' }, plan.actions.map((a) => h('li', {}, targetName(a, inventory))))
      : h('p', {}, t('steppage.nothing')));
    return parts;
  }

  function doIt(app) {
    const { plan } = view;
    if (!plan.actions.length || plan.blockers.length) return null;
    return h('section', { 'aria-labelledby': 'do-it' },
      h('h2', { id: 'do-it' }, t('steppage.do_it')),
      step === 'users' ? h('p', {}, h('label', {},
        h('input', { type: 'checkbox', id: 'purge', onchange: (e) => { view.purge = e.target.checked; } }),
        ' ', t('steppage.users.purge'))) : null,
      confirmField({
        id: `confirm-${step}`,
        org: app.data.signedIn?.organization ?? '',
        button: t(`steppage.${step}.button`, { count: formatNumber(plan.actions.length) }),
        onConfirm: (typed) => apply(app, typed),
      }));
  }

  function running(app) {
    return h('section', { 'aria-labelledby': 'running' },
      h('h2', { id: 'running' }, t('steppage.running')),
      h('progress', { id: 'step-progress', max: Math.max(view.progress.total, 1), value: view.progress.done, 'aria-labelledby': 'running' }),
      h('p', { id: 'step-progress-text', role: 'status' },
        t('steppage.progress', { done: formatNumber(view.progress.done), total: formatNumber(view.progress.total) })),
      h('div', { class: 'actions' },
        h('button', { type: 'button', onclick: () => app.api.cancelStep() }, t('steppage.cancel'))));
  }

  function result(app) {
    const { report, verification } = view.applied;
    return h('section', { 'aria-labelledby': 'result' },
      h('h2', { id: 'result', class: 'result', tabindex: '-1' }, t(`verify.${verification.state}`)),
      h('p', { role: 'status' }, t('steppage.report', {
        succeeded: formatNumber(report.succeeded), already: formatNumber(report.already_done),
        failed: formatNumber(report.failed.length),
      })),
      report.cancelled ? h('p', {}, t('steppage.cancelled')) : null,
      report.failed.length ? h('ul', { class: 'findings' }, report.failed.map((f) =>
        h('li', { class: 'blocker' }, f.description, ': ', errorText(f.error)))) : null,
      verification.remaining.length ? h('p', {}, t('steppage.remaining', { list: verification.remaining.join(', ') })) : null,
      h('div', { class: 'actions' },
        verification.state === 'done' && next
          ? h('button', { type: 'button', class: 'primary', onclick: () => app.go(next) }, t('steppage.next', { step: t(`step.${next}`) }))
          : h('button', { type: 'button', class: 'primary', onclick: () => load(app).then(() => app.refresh()) }, t('steppage.check_again'))));
  }

  return {
    leave() {
      view = { phase: 'loading' };
    },
    render(app) {
      if (view.phase === 'loading' && !view.busy) queueMicrotask(() => load(app).then(() => app.refresh()));
      const parts = [
        h('h1', {}, t(`steppage.${step}.title`)),
        h('section', { 'aria-labelledby': 'what' },
          h('h2', { id: 'what' }, t('steppage.what')),
          h('p', {}, t(`steppage.${step}.what`)),
          h('p', {}, h('strong', {}, t(`steppage.${step}.irreversible`)))),
      ];
      if (view.phase === 'loading') parts.push(h('p', { role: 'status' }, t('steppage.loading')));
      if (view.phase === 'ready') parts.push(...changes(app), doIt(app));
      if (view.phase === 'running') parts.push(running(app));
      if (view.phase === 'result') parts.push(result(app));
      parts.push(h('section', { 'aria-labelledby': 'undo' },
        h('h2', { id: 'undo' }, t('steppage.undo')),
        h('p', {}, t(`steppage.${step}.undo`))));
      return h('article', { class: `page-step page-${step}` }, parts);
    },
  };
}
