/**
 * Shared steps through the practice company: signing in on the practice sign-in page (answered
 * in "the browser") and reading the organization's name from the result.
 * @module
 */
import assert from 'node:assert/strict';

import { byRole } from '../harness/index.mjs';
import { press } from './browser.mjs';

/** The "Organization" value of the signed-in result page. */
export function shownOrganizationName(app) {
  return app.execute(`
    return [...document.querySelectorAll('dl dt')].find((d) => d.innerText.trim() === 'Organization').nextElementSibling.innerText.trim();`);
}

/**
 * From the practice sign-in page: presses "Sign in with Microsoft", signs in on the practice
 * page the app opened, and waits for "You are signed in". Returns the organization's name.
 */
export async function signInToPractice(app) {
  await app.click(byRole('button', 'Sign in with Microsoft'));
  const authorize = await app.waitForOpenedUrl(/^http:\/\/127\.0\.0\.1:\d+\/.*\/oauth2\/v2\.0\/authorize\?/);
  assert.equal((await press(authorize, 'Sign in')).status, 200, 'the browser lands on the app\'s "you can close this page"');
  await app.find(byRole('heading', 'You are signed in'), { timeout: 30_000 });
  return shownOrganizationName(app);
}
