// The only module that talks to Tauri. Pages call these functions; errors always arrive as
// {code, message, details} so the UI can translate `code`.

const internals = () => window.__TAURI_INTERNALS__;

/** Normalises anything thrown into the app's error shape. */
export function toAppError(thrown) {
  if (thrown && typeof thrown === 'object' && typeof thrown.code === 'string') {
    return { code: thrown.code, message: thrown.message ?? '', details: thrown.details ?? null };
  }
  return { code: 'internal', message: String(thrown), details: null };
}

async function call(command, args = {}) {
  if (!internals()) throw toAppError({ code: 'internal', message: 'Not running inside Closeout' });
  try {
    return await internals().invoke(command, args);
  } catch (thrown) {
    throw toAppError(thrown);
  }
}

/**
 * A stream of messages from Rust (a Tauri channel): progress of long work.
 * Messages carry an index so they are delivered in order even if they arrive out of order.
 */
export class Channel {
  #next = 0;
  #pending = new Map();

  constructor(onMessage) {
    this.onMessage = onMessage;
    this.id = internals().transformCallback((raw) => this.#receive(raw));
  }

  #receive(raw) {
    if ('end' in raw) return;
    this.#pending.set(raw.index, raw.message);
    while (this.#pending.has(this.#next)) {
      const message = this.#pending.get(this.#next);
      this.#pending.delete(this.#next);
      this.#next += 1;
      try { this.onMessage(message); } catch (e) { queueMicrotask(() => { throw e; }); }
    }
  }

  toJSON() {
    return `__CHANNEL__:${this.id}`;
  }
}

export const appInfo = () => call('app_info');
export const rememberLanguage = (lang) => call('remember_language', { lang });
export const openUrl = (url) => call('open_url', { url });

export const startPractice = (scenario) => call('start_practice', { scenario });
export const advancePracticeClock = (hours) => call('advance_practice_clock', { hours });
export const signIn = (target, lang) => call('sign_in', { target, lang });
export const cancelSignIn = () => call('cancel_sign_in');
export const registration = () => call('registration');
export const saveRegistration = (clientId, tenant) => call('save_registration', { clientId, tenant });
export const forgetRegistration = () => call('forget_registration');
export const startDeviceCode = (target) => call('start_device_code', { target });
export const finishDeviceCode = () => call('finish_device_code');
export const organization = () => call('organization');
export const backupChecklist = (lang) => call('backup_checklist', { lang });
export const answerBackupItem = (id, choice, lang) => call('answer_backup_item', { id, choice, lang });
export const overrideBackup = (typed, lang) => call('override_backup', { typed, lang });
export const planStep = (step, options) => call('plan_step', { step, options });
export const applyStep = (step, options, confirmation, onProgress) =>
  call('apply_step', { step, options, confirmation, progress: new Channel(onProgress) });
export const cancelStep = () => call('cancel_step');
export const verifyStep = (step) => call('verify_step', { step });
export const stepStatus = () => call('step_status');
export const saveReport = (lang) => call('save_report', { lang });
export const resume = () => call('resume');
export const saveCalendar = (lang) => call('save_calendar', { lang });
export const reminders = (lang) => call('reminders', { lang });
export const dismissReminder = (key, lang) => call('dismiss_reminder', { key, lang });
/** Starts the reminder notifications; `onChange` runs when the banner should be redrawn. */
export const watchReminders = (lang, onChange) => call('watch_reminders', { lang, banner: new Channel(onChange) });
