/**
 * The Closeout end-to-end harness: drive the real app window like a person.
 *
 *   import { launchApp, byText, byRole, byLabel } from './harness/index.mjs';
 *   const app = await launchApp({ test: 'welcome' });
 *   await app.click(byRole('button', 'Practice with a sample company'));
 *   await app.screenshot('practice');
 *   await app.quit();
 *
 * API reference: README.md beside this file, and the JSDoc in app.mjs / locators.mjs.
 * @module
 */
export { App, Keys, REPO_ROOT, WebDriverError, launchApp } from './app.mjs';
export { byCss, byLabel, byRole, byText } from './locators.mjs';
export { sleep } from './processes.mjs';
