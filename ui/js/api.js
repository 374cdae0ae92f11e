// The only module that talks to Tauri, through its public API (`window.__TAURI__.core`, from
// `withGlobalTauri`). Pages call these functions; errors always arrive as {code, message,
// details} so the UI can translate `code`.
//
// Casing rule at this boundary: every key the UI receives is camelCase. Rust hands the UI view
// types of the app crate (`#[serde(rename_all = "camelCase")]`, converted from the core's types
// with `From`); the core's persisted, versioned shapes (journal, report JSON) keep their
// on-disk names and never reach the UI as they are. Values (step ids, states, codes) are
// snake_case strings; keys never are, in what the UI sends either (`{ purgeDeletedUsers }`).
// tests/view_samples.rs and tests/ui/view_casing.test.mjs hold both sides to it.

const core = () => window.__TAURI__?.core;

/** Normalises anything thrown into the app's error shape. */
export function toAppError(thrown) {
  if (thrown && typeof thrown === 'object' && typeof thrown.code === 'string') {
    return { code: thrown.code, message: thrown.message ?? '', details: thrown.details ?? null };
  }
  return { code: 'internal', message: String(thrown), details: null };
}

async function call(command, args = {}) {
  const tauri = core();
  if (!tauri) throw toAppError({ code: 'internal', message: 'Not running inside Closeout' });
  try {
    return await tauri.invoke(command, args);
  } catch (thrown) {
    throw toAppError(thrown);
  }
}

/**
 * A stream of messages from Rust (Tauri's channel: it delivers in order, and a throwing
 * `onMessage` does not stop the stream).
 */
const channel = (onMessage) => new (core().Channel)(onMessage);

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
export const checkAzure = (elevate, lang) => call('check_azure', { elevate, lang });
export const backupChecklist = (lang) => call('backup_checklist', { lang });
export const answerBackupItem = (id, choice, lang) => call('answer_backup_item', { id, choice, lang });
export const overrideBackup = (typed, lang) => call('override_backup', { typed, lang });
/** `selection`: { person: id } | { kind: 'one_drive' } | 'open'. */
export const answerBackupItems = (selection, choice, lang) => call('answer_backup_items', { selection, choice, lang });
export const defaultBackupDir = () => call('default_backup_dir');
export const startBackup = (dir, lang, onProgress) =>
  call('start_backup', { dir, lang, progress: channel(onProgress) });
export const pauseBackup = () => call('pause_backup');
export const planStep = (step, options) => call('plan_step', { step, options });
export const applyStep = (step, options, confirmation, onProgress) =>
  call('apply_step', { step, options, confirmation, progress: channel(onProgress) });
export const cancelStep = () => call('cancel_step');
export const verifyStep = (step) => call('verify_step', { step });
export const stepStatus = () => call('step_status');
export const saveReport = (lang) => call('save_report', { lang });
export const resume = () => call('resume');
export const signOutAndForget = () => call('sign_out_and_forget');
export const saveCalendar = (lang) => call('save_calendar', { lang });
export const reminders = (lang) => call('reminders', { lang });
export const dismissReminder = (key, lang) => call('dismiss_reminder', { key, lang });
/** Starts the reminder notifications; `onChange` runs when the banner should be redrawn. */
export const watchReminders = (lang, onChange) => call('watch_reminders', { lang, banner: channel(onChange) });
export const updateStatus = () => call('update_status');
export const installUpdate = () => call('install_update');
/** Where updates stand; `onChange` runs when the update banner should be redrawn. */
export const watchUpdates = (onChange) => call('watch_updates', { banner: channel(onChange) });
/** The mail handover: each domain's DNS records now, against what Microsoft 365 put there. */
export const mailHandover = () => call('mail_handover');
/** "Remind me to check my email records on `on`" (`YYYY-MM-DD`): the reminders and calendar carry it. */
export const remindMailCheck = (on) => call('remind_mail_check', { on });
export const rememberDomainPurchase = (domain, on) => call('remember_domain_purchase', { domain, on });
