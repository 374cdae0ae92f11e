// Text in the owner's language. Every visible string comes from ui/i18n/<lang>.json, keyed the
// same in every language (a test checks). The choice follows the OS, can change at any time,
// and is remembered (by the app, on disk: see main.js). The languages are Rust's (`Lang::ALL`,
// handed over at start-up in `app_info`); until then only English, the fallback, is known.

/** Every language the UI speaks (filled at start-up by `setLanguages`). */
export const LANGUAGES = ['en'];

export function setLanguages(languages) {
  if (languages?.length) LANGUAGES.splice(0, LANGUAGES.length, ...languages);
}

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

/**
 * The text for `key`, with `{name}` placeholders filled from `vars`. `{name:dal}` puts an
 * Italian preposition with its article before a date ("dal 12", "dall'8", "il 1º", "l'11"):
 * see `withArticle`. The catalogue, not the code, says which preposition a sentence needs.
 */
export function t(key, vars = {}) {
  const text = strings[key];
  if (text === undefined) {
    console.warn(`missing text: ${key}`);
    return key;
  }
  return text.replace(PLACEHOLDER, (whole, name, preposition) => {
    if (!(name in vars)) return whole;
    const value = String(vars[name]);
    return preposition ? withArticle(value, preposition) : value;
  });
}

/** `{name}` or `{name:preposition}`. */
export const PLACEHOLDER = /\{(\w+)(?::(\w+))?\}/g;

/** Italian articled prepositions before a day number: elided before "8", "11" (and 80-89). */
const ARTICLED = {
  il: ['il ', "l'"], dal: ['dal ', "dall'"], al: ['al ', "all'"], del: ['del ', "dell'"], nel: ['nel ', "nell'"],
};

/**
 * `date` ("8 maggio 2026") after the Italian `preposition` ("il", "dal", "al", "del", "nel";
 * capitalised, "Dal", at the start of a sentence): "l'8 maggio 2026", "Dall'11 maggio 2026".
 */
export function withArticle(date, preposition) {
  const forms = ARTICLED[preposition.toLowerCase()];
  if (!forms) throw new Error(`unknown preposition {…:${preposition}}`);
  const elided = /^(8|11|8\d)(?!\d)/.test(date);
  const words = forms[elided ? 1 : 0];
  const capital = preposition[0] !== preposition[0].toLowerCase();
  return (capital ? words[0].toUpperCase() + words.slice(1) : words) + date;
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

/**
 * A date in the owner's language, e.g. "3 March 2027", "1º marzo 2027" (Italian writes the
 * first of the month as an ordinal). Texts put it after a preposition with `{date:il}` etc.
 */
export function formatDate(value) {
  const parts = new Intl.DateTimeFormat(current, { dateStyle: 'long' }).formatToParts(new Date(value));
  return parts.map((p) => (p.type === 'day' && current === 'it' && Number(p.value) === 1 ? '1º' : p.value)).join('');
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
