// Showing an error to a person: plain words for the code (what happened, what to do), and the
// technical part only on request, ready to copy for support.

import { h, replace } from './dom.js';
import { has, t } from './i18n.js';

/** The plain-language text for an error code, falling back to the generic one. */
export function errorText(error) {
  const key = `error.${error.code}`;
  return has(key) ? t(key) : t('error.internal');
}

/** What support needs, with nothing secret (the core never puts secrets in errors). */
export function supportText(error) {
  return JSON.stringify({ code: error.code, message: error.message, details: error.details ?? null }, null, 2);
}

async function copy(text, button) {
  try {
    await navigator.clipboard.writeText(text);
  } catch {
    const area = h('textarea', { class: 'visually-hidden', 'aria-hidden': 'true' }, text);
    document.body.append(area);
    area.select();
    document.execCommand('copy');
    area.remove();
  }
  button.textContent = t('error.copied');
}

/** An error panel; `onRetry` adds a "Try again" button. */
export function errorPanel(error, { onRetry, onDismiss } = {}) {
  const support = supportText(error);
  const copyButton = h('button', { type: 'button' }, t('error.copy'));
  copyButton.addEventListener('click', () => copy(support, copyButton));
  return h('section', { class: 'notice', role: 'alert', 'data-error-code': error.code },
    h('h2', {}, t('error.title')),
    h('p', { class: 'error-text' }, errorText(error)),
    h('div', { class: 'actions' },
      onRetry && h('button', { type: 'button', class: 'primary', onclick: onRetry }, t('error.retry')),
      onDismiss && h('button', { type: 'button', onclick: onDismiss }, t('error.dismiss'))),
    h('details', {},
      h('summary', {}, t('error.details')),
      h('pre', {}, support),
      copyButton));
}

let shown = null;

function draw() {
  const area = document.getElementById('notice');
  if (!shown) {
    replace(area);
    return null;
  }
  const panel = errorPanel(shown.error, { ...shown.options, onDismiss: clearNotice });
  panel.setAttribute('tabindex', '-1');
  replace(area, panel);
  return panel;
}

/** Shows `error` in the page's notice area and moves focus to it. */
export function showError(error, options = {}) {
  shown = { error, options };
  draw()?.focus();
}

/** Draws the notice again (after a language change), without moving focus. */
export function redrawNotice() {
  if (shown) draw();
}

export function clearNotice() {
  shown = null;
  draw();
}
