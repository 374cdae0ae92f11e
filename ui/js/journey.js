// The whole journey and the step rail that shows it. The list is Rust's (`app_info`'s
// `journey`, from src-tauri/app/journey.rs): the core's closure steps (`StepId`: users,
// domains, cancel_subscriptions...) with the app's own pages around them. Nothing here lists
// them again; main.js hands the list over at start-up with `setJourney`.

import { h, replace } from './dom.js';
import { t } from './i18n.js';

/** Every station's id, in order (filled at start-up). */
export const STEPS = [];
/** The ids of the closure steps (the stations Rust marks `kind: 'step'`), in order. */
export const CLOSURE_STEPS = [];

/** Takes Rust's journey: `[{ id, kind: 'page' | 'step' }]`. */
export function setJourney(stations) {
  STEPS.splice(0, STEPS.length, ...stations.map((s) => s.id));
  CLOSURE_STEPS.splice(0, CLOSURE_STEPS.length, ...stations.filter((s) => s.kind === 'step').map((s) => s.id));
}

/** The station after `step`, if any. */
export const nextStep = (step) => STEPS[STEPS.indexOf(step) + 1];

/** Each state has an icon and words: never colour alone. */
export const STATES = {
  not_started: '○',
  in_progress: '◐',
  waiting: '◷',
  done: '✓',
  blocked: '⊘',
  unknown: '?',
  skipped: '↷',
};

/**
 * The rail state for a step's verification state from the core (`to_do`, `waiting`,
 * `blocked`, `unknown`, `done`); `toDo` is how a step with work left is shown.
 */
export function railState(state, toDo = 'in_progress') {
  return { to_do: toDo, waiting: 'waiting', blocked: 'blocked', unknown: 'unknown', done: 'done' }[state];
}

/**
 * Draws the rail into `list`. `states` maps step id -> state (default not_started);
 * `current` gets aria-current; steps in `reachable` are buttons calling `onGo(step)`;
 * `notes` maps step id -> words said instead of the state's ("Skipped by … on …").
 */
export function renderRail(list, { current, states = {}, reachable = new Set(), onGo, notes = {} }) {
  replace(list, STEPS.map((step) => {
    const state = states[step] ?? 'not_started';
    const label = t(`step.${step}`);
    const name = reachable.has(step) && step !== current
      ? h('button', { type: 'button', class: 'step-link step-name', onclick: () => onGo(step) }, label)
      : h('span', { class: 'step-name' }, label);
    return h('li', {
      class: `state-${state}`,
      'aria-current': step === current ? 'step' : false,
      'data-step': step,
      'data-state': state,
    },
    h('span', { class: 'icon', 'aria-hidden': 'true' }, STATES[state]),
    h('span', {}, name, h('span', { class: 'state' }, notes[step] ?? t(`state.${state}`))));
  }));
}
