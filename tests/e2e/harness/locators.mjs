/**
 * Locators: how a test names what a person sees, and the in-page code that finds it.
 *
 * A locator is a plain object; the helpers below build them:
 *   byText('Practice with a sample company')      visible text (exact after trimming/collapsing spaces)
 *   byText(/practice/i)                           ...or a RegExp
 *   byRole('button', 'Sign in')                   ARIA role (explicit or implicit) + accessible name
 *   byLabel('Organization name')                  a form control by its label / aria-label
 *   byCss('#page h1')                             a CSS selector
 * A bare string is taken as CSS. Only visible elements match (laid out, not `visibility:hidden`,
 * not inside `hidden`/`aria-hidden="true"`/`inert`).
 *
 * @module
 */

/**
 * @typedef {{css?: string, text?: string|RegExp, role?: string, name?: string|RegExp, label?: string|RegExp, exact?: boolean}} Locator
 */

/** @param {string|RegExp} text @param {{exact?: boolean}} [opts] exact=false matches a substring @returns {Locator} */
export const byText = (text, opts = {}) => ({ text, ...opts });
/** @param {string} role e.g. "button", "link", "heading", "textbox", "checkbox" @param {string|RegExp} [name] @returns {Locator} */
export const byRole = (role, name, opts = {}) => ({ role, name, ...opts });
/** @param {string|RegExp} label @returns {Locator} */
export const byLabel = (label, opts = {}) => ({ label, ...opts });
/** @param {string} css @returns {Locator} */
export const byCss = (css) => ({ css });

/** Makes a locator JSON-safe (RegExps become `{source, flags}`) for the in-page script. */
export function serialize(locator) {
  const spec = typeof locator === 'string' ? { css: locator } : { ...locator };
  for (const key of ['text', 'name', 'label']) {
    if (spec[key] instanceof RegExp) spec[key] = { source: spec[key].source, flags: spec[key].flags };
  }
  return spec;
}

/** Human-readable form of a locator for error messages. */
export function describe(locator) {
  const spec = typeof locator === 'string' ? { css: locator } : locator;
  return Object.entries(spec)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => `${k}=${v instanceof RegExp ? v : JSON.stringify(v)}`)
    .join(' ');
}

/**
 * Runs in the page: returns every visible element matching `spec` (innermost first for text).
 * Kept self-contained because WebDriver sends it as source text.
 */
function findAllInPage(spec) {
  const norm = (s) => (s ?? '').replace(/\s+/g, ' ').trim();
  const matches = (want, got) => {
    got = norm(got);
    if (want && typeof want === 'object') return new RegExp(want.source, want.flags).test(got);
    return spec.exact === false ? got.includes(norm(want)) : got === norm(want);
  };
  const visible = (el) => {
    if (!el.isConnected || el.getClientRects().length === 0) return false;
    if (el.closest('[hidden],[aria-hidden="true"],[inert]')) return false;
    const style = getComputedStyle(el);
    return style.visibility !== 'hidden' && style.visibility !== 'collapse';
  };
  const implicitRole = (el) => {
    const tag = el.tagName.toLowerCase();
    const type = (el.getAttribute('type') || 'text').toLowerCase();
    if (tag === 'a') return el.hasAttribute('href') ? 'link' : null;
    if (tag === 'button' || (tag === 'input' && ['button', 'submit', 'reset'].includes(type))) return 'button';
    if (tag === 'input') {
      return { checkbox: 'checkbox', radio: 'radio', range: 'slider', search: 'searchbox' }[type] ?? 'textbox';
    }
    if (/^h[1-6]$/.test(tag)) return 'heading';
    return {
      textarea: 'textbox', select: 'combobox', nav: 'navigation', main: 'main', ul: 'list', ol: 'list',
      li: 'listitem', dialog: 'dialog', progress: 'progressbar', img: 'img', table: 'table',
      header: 'banner', footer: 'contentinfo', aside: 'complementary', form: 'form', option: 'option',
    }[tag] ?? null;
  };
  const role = (el) => (el.getAttribute('role') || '').split(' ')[0] || implicitRole(el);
  const labelText = (el) => {
    const ids = el.getAttribute('aria-labelledby');
    if (ids) return ids.split(/\s+/).map((id) => document.getElementById(id)?.innerText ?? '').join(' ');
    if (el.getAttribute('aria-label')) return el.getAttribute('aria-label');
    if (el.labels && el.labels.length) return [...el.labels].map((l) => l.innerText).join(' ');
    return null;
  };
  const accessibleName = (el) =>
    labelText(el) ?? el.getAttribute('alt') ?? (el.value && el.type === 'submit' ? el.value : null) ??
    (['input', 'textarea', 'select'].includes(el.tagName.toLowerCase()) ? el.getAttribute('title') ?? el.getAttribute('placeholder') : null) ??
    el.innerText ?? el.getAttribute('title') ?? '';

  let found;
  if (spec.css) {
    found = [...document.querySelectorAll(spec.css)].filter(visible);
  } else if (spec.role) {
    found = [...document.querySelectorAll('*')].filter(
      (el) => role(el) === spec.role && visible(el) && (spec.name === undefined || matches(spec.name, accessibleName(el))),
    );
  } else if (spec.label) {
    found = [...document.querySelectorAll('input,textarea,select,[role=textbox],[role=checkbox],[role=radio],[role=combobox],[role=switch],[contenteditable=true]')]
      .filter((el) => visible(el) && matches(spec.label, labelText(el) ?? el.getAttribute('placeholder') ?? ''));
  } else if (spec.text !== undefined) {
    const all = [...document.body.querySelectorAll('*')].filter(
      (el) => !['SCRIPT', 'STYLE'].includes(el.tagName) && matches(spec.text, el.innerText) && visible(el),
    );
    // Keep the innermost: a button whose label is the text, not every ancestor that contains it.
    found = all.filter((el) => !all.some((other) => other !== el && el.contains(other)));
  } else {
    throw new Error('empty locator');
  }
  return found;
}

/** Source of the script for WebDriver's `execute/sync`: `arguments[0]` is the serialized locator. */
export const FIND_ALL_SCRIPT = `return (${findAllInPage.toString()})(arguments[0]);`;

/** Runs in the page: a short description of the focused element (what a screen reader announces). */
function describeFocusInPage() {
  const el = document.activeElement;
  if (!el || el === document.body) return null;
  const norm = (s) => (s ?? '').replace(/\s+/g, ' ').trim();
  const name = el.getAttribute('aria-label') || (el.labels && el.labels[0]?.innerText) || el.innerText || el.value || '';
  return { tag: el.tagName.toLowerCase(), id: el.id || null, role: el.getAttribute('role'), name: norm(name), text: norm(el.innerText) };
}

/** Source of the script that describes the focused element. */
export const FOCUS_SCRIPT = `return (${describeFocusInPage.toString()})();`;
