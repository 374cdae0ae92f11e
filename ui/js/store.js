// What the window knows, in one place, and the one function that writes each part of it. Pages
// read it through `app.data` (read-only: assigning to it throws) and change it only through
// the writers below, so a field has one writer and a search for it finds every change.
//
// The journey's state (which station is open, each station's state, what the owner may go
// back to) is the router's to read; pages change it with `setState` and `reach`.

const initial = () => ({
  /** `app_info`: name, version, how the app started, the journey and the languages. */
  info: null,
  /** The practice company while the owner practises (`start_practice`, clock moves). */
  practice: null,
  /** The signed-in person and organization (`sign_in`, `resume`). */
  signedIn: null,
  /** The organization's summary and findings (`organization`). */
  organization: null,
});

const journeyStart = () => ({
  states: { welcome: 'in_progress' },
  reachable: new Set(['welcome']),
  /** Words the rail says instead of a step's state (backup: "Skipped by … on …"). */
  notes: {},
});

const state = initial();
let journey = journeyStart();

/** A read-only view of `state`: pages read, never write. */
export const data = new Proxy(state, {
  set(target, key) {
    throw new Error(`app.data.${String(key)} is read-only: use the store's writer`);
  },
});

export const setInfo = (info) => { state.info = info; };
export const setPractice = (practice) => { state.practice = practice; };
export const setSignedIn = (signedIn) => { state.signedIn = signedIn; };
export const setOrganization = (organization) => { state.organization = organization; };

/** Where `step` stands on the rail: not_started, in_progress, waiting, done, blocked, unknown. */
export const stepState = (step) => journey.states[step];
export const setState = (step, value) => { journey.states[step] = value; };

/** Whether the owner may open `step` from the rail. */
export const isReachable = (step) => journey.reachable.has(step);
export const reach = (step) => { journey.reachable.add(step); };

/** What the rail says for `step` instead of its state, or null to show the state. */
export const setNote = (step, note) => { journey.notes[step] = note; };

/** The rail as it stands (the router draws it). */
export const rail = () => ({
  states: { ...journey.states },
  reachable: new Set(journey.reachable),
  notes: { ...journey.notes },
});

/** Signed out: the journey starts again from Welcome, with nothing signed in. */
export function resetJourney() {
  journey = journeyStart();
  state.signedIn = null;
}
