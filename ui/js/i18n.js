// Text in the owner's language. Every visible string comes from ui/i18n/<lang>.json, keyed the
// same in every language (a test checks). The choice follows the OS, can change at any time,
// and is remembered (by the app, on disk: see main.js).

export const LANGUAGES = ['en', 'it'];

let current = 'en';
let strings = {};
const listeners = new Set();

/** The language to start with: the remembered choice, else the OS's, else English. */
export function initialLanguage(stored, os = globalThis.navigator?.language) {
  if (LANGUAGES.includes(stored)) return stored;
  const base = String(os || '').toLowerCase().split(/[-_]/)[0];
  return LANGUAGES.includes(base) ? base : 'en';
}

export function language() {
  return current;
}

/** Loads `lang` and tells every listener (they re-render). */
export async function setLanguage(lang) {
  const response = await fetch(`i18n/${lang}.json`);
  strings = await response.json();
  current = lang;
  document.documentElement.lang = lang;
  for (const el of document.querySelectorAll('[data-i18n]')) el.textContent = t(el.dataset.i18n);
  for (const listener of listeners) listener(lang);
}

export function onLanguageChange(listener) {
  listeners.add(listener);
}

/** The text for `key`, with `{name}` placeholders filled from `vars`. */
export function t(key, vars = {}) {
  const text = strings[key];
  if (text === undefined) {
    console.warn(`missing text: ${key}`);
    return key;
  }
  return text.replace(/\{(\w+)\}/g, (_, name) => (name in vars ? String(vars[name]) : `{${name}}`));
}

/**
 * The text for a counted thing: `key.one` or `key.other` as the language's plural rules pick,
 * with `{count}` formatted for the language.
 */
export function plural(key, count, vars = {}) {
  const form = new Intl.PluralRules(current).select(count);
  return t(has(`${key}.${form}`) ? `${key}.${form}` : `${key}.other`, { ...vars, count: formatNumber(count) });
}

/** Whether a key exists (for optional texts such as per-code explanations). */
export function has(key) {
  return key in strings;
}

/** A date in the owner's language, e.g. "3 March 2027". */
export function formatDate(value) {
  return new Intl.DateTimeFormat(current, { dateStyle: 'long' }).format(new Date(value));
}

export function formatNumber(value) {
  return new Intl.NumberFormat(current).format(value);
}

/** A size in bytes, e.g. "4.2 GB" / "4,2 GB". */
export function formatBytes(bytes) {
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let value = Number(bytes) || 0;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) { value /= 1000; unit += 1; }
  const digits = unit === 0 || value >= 100 ? 0 : 1;
  return `${new Intl.NumberFormat(current, { maximumFractionDigits: digits }).format(value)} ${units[unit]}`;
}
