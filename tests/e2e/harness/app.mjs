/**
 * One launch of the real Closeout binary under tauri-driver, with person-like helpers.
 *
 * `launchApp()` starts a private tauri-driver (which starts WebKitWebDriver, which starts the
 * app), opens a WebDriver session, and returns an {@link App}. Everything the launch starts is
 * ended by `app.quit()` (also on test-process exit). See README.md beside this file.
 *
 * @module
 */
import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { FIND_ALL_SCRIPT, FOCUS_SCRIPT, describe, serialize } from './locators.mjs';
import { commandLine, endLaunch, freePort, killMarkedNow, pidsWithMarker, signalAll, sleep, startDriver, waitForPort } from './processes.mjs';
import { ELEMENT_KEY, WebDriverClient, WebDriverError } from './webdriver.mjs';

/** The repository root (three levels above this file). */
export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

/** WebDriver key codes for {@link App#press}. */
export const Keys = {
  Tab: '\uE004', Enter: '\uE007', Escape: '\uE00C', Space: '\uE00D', Backspace: '\uE003',
  ArrowLeft: '\uE012', ArrowUp: '\uE013', ArrowRight: '\uE014', ArrowDown: '\uE015',
  Home: '\uE011', End: '\uE010', PageUp: '\uE00E', PageDown: '\uE00F', Shift: '\uE008', Control: '\uE009', Alt: '\uE00A',
};

const launched = new Set();
process.once('exit', () => { for (const app of launched) killMarkedNow(app.marker); });
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.once(signal, () => { for (const app of launched) killMarkedNow(app.marker); process.exit(128 + os.constants.signals[signal]); });
}

/** Makes a name safe as one path segment. */
const slug = (s) => String(s).replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 80) || 'unnamed';

/**
 * @typedef {object} LaunchOptions
 * @property {string} test        name for screenshots and logs: target/screenshots/<test>/, target/e2e-logs/<test>.log
 * @property {string[]} [args]    arguments for the app (e.g. ['--practice', 'bakery'])
 * @property {Record<string,string|undefined>} [env] extra environment for the app (undefined removes a variable)
 * @property {string} [locale]    OS locale the app sees, e.g. 'en-US' (default) or 'it-IT'
 * @property {string} [dataDir]   the app's XDG home (config/data/cache/state); pass the same one to relaunch
 *                                "days later" with the same journal. Default: a fresh temp dir, removed on quit.
 * @property {string} [binary]    app binary; default env CLOSEOUT_E2E_BINARY or <repo>/target/debug/closeout
 * @property {number} [startTimeoutMs] time for the session and first page (default 60000)
 */

/**
 * Launches the app and waits until its page has loaded.
 * @param {LaunchOptions} options
 * @returns {Promise<App>}
 */
export async function launchApp(options) {
  const test = slug(options.test ?? 'unnamed');
  const binary = path.resolve(options.binary ?? process.env.CLOSEOUT_E2E_BINARY ?? path.join(REPO_ROOT, 'target/debug/closeout'));
  if (!fs.existsSync(binary)) throw new Error(`app binary ${binary} is missing: run cargo build first`);
  const ownsDataDir = !options.dataDir;
  const dataDir = options.dataDir ?? fs.mkdtempSync(path.join(os.tmpdir(), `closeout-e2e-${test}-`));
  const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'closeout-e2e-run-'));
  const logDir = path.join(REPO_ROOT, 'target/e2e-logs');
  fs.mkdirSync(logDir, { recursive: true });
  const logFile = path.join(logDir, `${test}.log`);
  const marker = randomUUID();
  const openedFile = path.join(workDir, 'opened-urls.txt');
  const browser = path.join(workDir, 'record-url.sh');
  fs.writeFileSync(openedFile, '');
  fs.writeFileSync(browser, `#!/bin/sh\nprintf '%s\\n' "$1" >> '${openedFile}'\n`, { mode: 0o755 });

  const [lang, region] = (options.locale ?? 'en-US').split(/[-_]/);
  const posixLocale = `${lang}_${region ?? lang.toUpperCase()}.UTF-8`;
  const env = { ...process.env };
  delete env.LC_ALL;
  delete env.LC_MESSAGES;
  Object.assign(env, {
    CLOSEOUT_E2E_ID: marker,
    CLOSEOUT_BROWSER: browser,
    LANG: posixLocale,
    LANGUAGE: `${lang}_${region ?? lang.toUpperCase()}:${lang}`,
    XDG_CONFIG_HOME: path.join(dataDir, 'config'),
    XDG_DATA_HOME: path.join(dataDir, 'data'),
    XDG_CACHE_HOME: path.join(dataDir, 'cache'),
    XDG_STATE_HOME: path.join(dataDir, 'state'),
  });
  for (const [key, value] of Object.entries(options.env ?? {})) {
    if (value === undefined) delete env[key];
    else env[key] = value;
  }
  if (!env.DISPLAY) throw new Error('no DISPLAY: run the tests inside scripts/desktop-env.sh');

  const port = await freePort();
  let nativePort = await freePort();
  while (nativePort === port) nativePort = await freePort();
  fs.appendFileSync(logFile, `\n=== launch ${new Date().toISOString()} ${binary} ${JSON.stringify(options.args ?? [])}\n`);
  const driver = startDriver({ port, nativePort, env, logFile });
  const app = new App({ test, marker, driver, client: new WebDriverClient(port), dataDir, ownsDataDir, workDir, openedFile, logFile });
  launched.add(app);
  try {
    // tauri-driver listens at once but starts WebKitWebDriver in the background: wait for both.
    await waitForPort(port, 15_000, () => !driver.exited());
    await waitForPort(nativePort, 15_000, () => !driver.exited());
    const caps = { alwaysMatch: { 'tauri:options': { application: binary, args: options.args ?? [] } } };
    const session = await app.client.command('POST', '/session', { capabilities: caps }, options.startTimeoutMs ?? 60_000);
    app.sessionId = session.sessionId;
    await app.waitFor(() => app.execute('return document.readyState === "complete"'), { timeout: options.startTimeoutMs ?? 60_000, message: 'page load' });
  } catch (err) {
    await app.quit();
    throw new Error(`launching ${binary} failed: ${err.message}\n${app.logTail(30)}`);
  }
  return app;
}

/** A running app with one WebDriver session. Create it with {@link launchApp}. */
export class App {
  /** @hideconstructor */
  constructor(fields) {
    Object.assign(this, fields);
    /** @type {string|null} */
    this.sessionId = null;
  }

  /** Sends a raw WebDriver command for this session (`path` is relative to /session/{id}). */
  command(method, pathInSession, body) {
    return this.client.command(method, `/session/${this.sessionId}${pathInSession}`, body);
  }

  /** Runs `script` (a function body; use `arguments[i]`) in the page and returns its result. */
  execute(script, ...args) {
    return this.command('POST', '/execute/sync', { script, args });
  }

  /** Runs async `script`; it must call `arguments[arguments.length - 1](result)`. */
  executeAsync(script, ...args) {
    return this.command('POST', '/execute/async', { script, args });
  }

  /** Every visible element matching the locator (element references). */
  async findAll(locator) {
    return (await this.execute(FIND_ALL_SCRIPT, serialize(locator))) ?? [];
  }

  /**
   * Waits (default 10 s) until a visible element matches; with several matches, the first in
   * document order.
   * @returns {Promise<object>} a WebDriver element reference
   */
  async find(locator, { timeout = 10_000 } = {}) {
    const [first] = await this.waitFor(async () => {
      const all = await this.findAll(locator);
      return all.length ? all : null;
    }, { timeout, message: `visible element ${describe(locator)}` });
    return first;
  }

  /** True when a visible element matches now (no waiting). */
  async isVisible(locator) {
    return (await this.findAll(locator)).length > 0;
  }

  /** Waits until no visible element matches the locator. */
  async waitForGone(locator, { timeout = 10_000 } = {}) {
    await this.waitFor(async () => (await this.findAll(locator)).length === 0, { timeout, message: `${describe(locator)} to disappear` });
  }

  /**
   * Clicks the element (a real pointer click through WebDriver) after waiting for it. A page
   * that re-renders between the find and the click (the portal pages re-check every few
   * seconds) leaves a stale element: the same button is found again and clicked, as a person
   * would.
   */
  async click(locator, opts) {
    for (let attempt = 1; ; attempt++) {
      const el = await this.find(locator, opts);
      try {
        await this.command('POST', `/element/${el[ELEMENT_KEY]}/click`);
        return;
      } catch (error) {
        if (attempt >= 3 || !/stale element reference/.test(String(error?.message))) throw error;
      }
    }
  }

  /** Types text into the element (focuses it first). `clear: true` empties it before. */
  async type(locator, text, { clear = false, ...opts } = {}) {
    for (let attempt = 1; ; attempt++) {
      const el = await this.find(locator, opts);
      try {
        if (clear) await this.command('POST', `/element/${el[ELEMENT_KEY]}/clear`);
        await this.command('POST', `/element/${el[ELEMENT_KEY]}/value`, { text });
        return;
      } catch (error) {
        // Redrawn between finding and typing: find the field again, as a person would.
        if (attempt >= 3 || !/stale element reference/.test(String(error?.message))) throw error;
      }
    }
  }

  /**
   * Picks the option labelled `label` in a visible `<select>` with WebDriver's click on that
   * option, which selects it and fires `change` as a person's pick does. (An option of a closed
   * list is never visible, so `click()` could not find it.)
   */
  async choose(locator, label) {
    const select = await this.find(locator);
    const option = await this.execute(
      'return [...arguments[0].options].find((o) => o.text.trim() === arguments[1]) ?? null', select, label);
    if (!option) throw new Error(`no option "${label}" in ${describe(locator)}`);
    await this.command('POST', `/element/${option[ELEMENT_KEY]}/click`);
  }

  /**
   * Presses keys on whatever has focus, like a keyboard: `press('Tab')`, `press('Shift+Tab')`,
   * `press('Enter')`, or several in turn: `press('Tab', 'Tab', 'Enter')`. Names are {@link Keys};
   * anything else is typed as characters.
   */
  async press(...keys) {
    const actions = [];
    for (const key of keys) {
      const parts = key in Keys ? [key] : key.split('+');
      const codes = parts.map((p) => Keys[p] ?? p);
      for (const code of codes) actions.push({ type: 'keyDown', value: code });
      for (const code of [...codes].reverse()) actions.push({ type: 'keyUp', value: code });
    }
    await this.command('POST', '/actions', { actions: [{ type: 'key', id: 'keyboard', actions }] });
    await this.command('DELETE', '/actions');
  }

  /** Visible text of the element, or of the whole page without a locator. */
  async text(locator) {
    if (!locator) return this.execute('return document.body.innerText');
    const el = await this.find(locator);
    return this.command('GET', `/element/${el[ELEMENT_KEY]}/text`);
  }

  /** A DOM property of the element (e.g. 'value', 'checked', 'disabled'). */
  async property(locator, name) {
    const el = await this.find(locator);
    return this.command('GET', `/element/${el[ELEMENT_KEY]}/property/${encodeURIComponent(name)}`);
  }

  /** An attribute of the element (e.g. 'aria-current', 'aria-disabled'); null when absent. */
  async attribute(locator, name) {
    const el = await this.find(locator);
    return this.command('GET', `/element/${el[ELEMENT_KEY]}/attribute/${encodeURIComponent(name)}`);
  }

  /** What has keyboard focus: `{tag, id, role, name, text}` or null (body). */
  focused() {
    return this.execute(FOCUS_SCRIPT);
  }

  /** The document title (WebDriver's "title"). */
  title() {
    return this.command('GET', '/title');
  }

  /** Names of the top-level X11 windows on the display (the title bar a person reads). */
  windowTitles() {
    const tree = execFileSync('xwininfo', ['-root', '-children'], { encoding: 'utf8' });
    return [...tree.matchAll(/^\s+0x[0-9a-f]+ "([^"]*)"/gm)].map((m) => m[1]);
  }

  /**
   * Polls `condition` (sync or async) every `interval` ms until it returns a truthy value,
   * which is returned. Throws after `timeout` ms with `message` and the last error, if any.
   */
  async waitFor(condition, { timeout = 10_000, interval = 100, message = 'condition' } = {}) {
    const deadline = Date.now() + timeout;
    let lastError;
    for (;;) {
      try {
        const value = await condition();
        if (value) return value;
        lastError = undefined;
      } catch (err) {
        lastError = err;
        // The session is gone (the app exited or crashed): waiting longer cannot help, and
        // what the app printed last is the only clue a CI log will carry.
        if (err instanceof WebDriverError && err.error === 'invalid session id') {
          throw new Error(`the app's session ended while waiting for ${message} (app process ${this.appPid() ?? 'gone'}): ${err.message}\n${this.logTail()}`);
        }
      }
      if (Date.now() >= deadline) {
        throw new Error(`timed out after ${timeout} ms waiting for ${message}${lastError ? `: ${lastError.message}` : ''}`);
      }
      await sleep(interval);
    }
  }

  /** The last lines the app and its driver printed (target/e2e-logs/<test>.log), for failures. */
  logTail(lines = 40) {
    const printed = fs.readFileSync(this.logFile, 'utf8').split('\n').filter((l) => !/DEBUG/.test(l));
    return `--- ${this.logFile} (tail, DEBUG lines left out) ---\n${printed.slice(-lines).join('\n')}`;
  }

  /** Waits until visible text matching `text` (string, substring, or RegExp) is on the page. */
  async waitForText(text, { timeout = 10_000 } = {}) {
    return this.waitFor(async () => {
      const body = await this.text();
      return text instanceof RegExp ? text.test(body) : body.includes(text);
    }, { timeout, message: `text ${text}` });
  }

  /**
   * Saves a PNG of the whole window to target/screenshots/<test>/<name>.png, after `settleMs`
   * (default 500) so the frame shows the state the test just waited for. Returns the path.
   */
  async screenshot(name, { settleMs = 500 } = {}) {
    await sleep(settleMs);
    const png = Buffer.from(await this.command('GET', '/screenshot'), 'base64');
    const dir = path.join(REPO_ROOT, 'target/screenshots', this.test);
    fs.mkdirSync(dir, { recursive: true });
    const file = path.join(dir, `${slug(name)}.png`);
    fs.writeFileSync(file, png);
    return file;
  }

  /** URLs the app asked the system browser to open (through CLOSEOUT_BROWSER), oldest first. */
  openedUrls() {
    return fs.readFileSync(this.openedFile, 'utf8').split('\n').filter(Boolean);
  }

  /** Waits until the app opened a URL matching `match` (RegExp, prefix string, or predicate); returns it. */
  async waitForOpenedUrl(match, { timeout = 10_000 } = {}) {
    const test = typeof match === 'function' ? match : match instanceof RegExp ? (u) => match.test(u) : (u) => u.startsWith(match);
    return this.waitFor(() => this.openedUrls().find(test), { timeout, message: `the app to open a URL matching ${match}` });
  }

  /** PID of the app process itself (not WebKit's helpers), or null when it is not running. */
  appPid() {
    const binaryName = 'closeout';
    const pid = pidsWithMarker(this.marker).find((p) => path.basename(commandLine(p)[0] ?? '') === binaryName);
    return pid ?? null;
  }

  /** Kills the app abruptly (SIGKILL), like a crash or a power cut; the session is dead after. */
  async killApp() {
    const pid = this.appPid();
    if (pid) signalAll([pid], 'SIGKILL');
    await this.waitFor(() => this.appPid() === null, { timeout: 5_000, message: 'the app to die' });
  }

  /**
   * Closes the window (the app exits by itself, as when a person closes it), ends the session
   * and every process this launch started; removes the temp data dir unless it was passed in.
   * Safe to call twice.
   */
  async quit() {
    if (this.sessionId) {
      const id = this.sessionId;
      this.sessionId = null;
      // Close the window as a person would, so the app exits on its own (its normal shutdown
      // path), then end the session; teardown below only mops up what is still running.
      await this.client.command('DELETE', `/session/${id}/window`, undefined, 10_000).catch(() => {});
      await this.waitFor(() => this.appPid() === null, { timeout: 5_000, message: 'the app to exit' }).catch(() => {});
      await this.client.command('DELETE', `/session/${id}`, undefined, 10_000).catch(() => {});
    }
    this.client.close();
    await endLaunch({ driver: this.driver, marker: this.marker });
    launched.delete(this);
    fs.rmSync(this.workDir, { recursive: true, force: true });
    if (this.ownsDataDir) fs.rmSync(this.dataDir, { recursive: true, force: true });
  }
}

export { WebDriverError };
