// The foundation in the real window: it opens on Welcome in English, switches to Italian,
// works with the keyboard alone, keeps its Content Security Policy, refuses web addresses that
// are not Microsoft's, and passes an accessibility audit. Screenshots: target/screenshots/foundation/.
import assert from 'node:assert/strict';
import http from 'node:http';
import { after, before, test } from 'node:test';

import { byCss, byRole, byText, launchApp } from './harness/index.mjs';
import { seriousViolations } from './lib/a11y.mjs';

const JOURNEY = [
  'Welcome', 'Sign in', 'Your organization', 'Back up', '1 Users', 'Your email and domain', 'Domains',
  '2 Cancel subscriptions', '3 Delete subscriptions', '4 Multi-factor authentication',
  '5 Delete the organization', 'Closed',
];
const PRACTICE = 'Practice with a sample company';
const REAL = 'Sign in to my organization';

let app;
before(async () => {
  // No app registration configured: the real-organization sign-in must say so.
  const env = { CLOSEOUT_CLIENT_ID: undefined, CLOSEOUT_AUTHORITY: undefined };
  app = await launchApp({ test: 'foundation', locale: 'en-US', env });
  await app.find(byCss('body[data-ready="true"]'), { timeout: 30_000 });
});
after(async () => {
  await app?.quit();
});

const railNames = () => app.execute(`
  return [...document.querySelectorAll('#rail-steps li')].map((li) => ({
    name: li.querySelector('.step-name').innerText.trim(),
    state: li.querySelector('.state').innerText.trim(),
    icon: li.querySelector('.icon').innerText.trim(),
    current: li.getAttribute('aria-current'),
  }));`);

test('opens on Welcome in English, in a window titled Closeout, with the whole journey', async () => {
  assert.equal(await app.title(), 'Closeout');
  await app.find(byRole('heading', 'Close your Microsoft 365 account, safely'));
  const page = await app.text();
  for (const words of ['What Closeout does', 'What it does not do', 'How long it takes',
    'days to weeks', 'Global Administrator', 'Your phone', PRACTICE, REAL]) {
    assert.ok(page.includes(words), `Welcome shows "${words}"`);
  }
  const rail = await railNames();
  assert.deepEqual(rail.map((r) => r.name), JOURNEY);
  assert.equal(rail[0].current, 'step', 'the rail marks Welcome as the current step');
  assert.deepEqual([rail[0].state, rail[0].icon], ['In progress', '◐'], 'state shown in words and an icon');
  assert.deepEqual([rail[4].state, rail[4].icon], ['Not started', '○']);
  assert.deepEqual(rail.filter((r) => r.current).length, 1, 'exactly one current step');
  await app.screenshot('welcome-en', { settleMs: 1500 });
});

test('the language can be switched to Italian and back, and the visible text changes', async () => {
  await app.click(byRole('button', 'Italiano'));
  await app.find(byRole('heading', 'Chiudi in sicurezza il tuo account Microsoft 365'));
  const page = await app.text();
  assert.ok(page.includes("Fai pratica con un'azienda di esempio"));
  assert.ok(page.includes('Il tuo percorso'));
  assert.ok(!page.includes('What Closeout does'), 'no English left on the page');
  assert.equal(await app.execute('return document.documentElement.lang'), 'it');
  assert.equal(await app.attribute(byRole('button', 'Italiano'), 'aria-pressed'), 'true');
  await app.screenshot('welcome-it');
  assert.ok(await seriousViolations(app).then((v) => v.length === 0 || assert.fail(v.join('\n'))));
  await app.click(byRole('button', 'English'));
  await app.find(byRole('heading', 'Close your Microsoft 365 account, safely'));
});

test('axe-core finds no serious or critical accessibility problem on Welcome', async () => {
  assert.deepEqual(await seriousViolations(app), []);
});

test('Tab reaches both choices, focus is visible, and Enter activates one', async () => {
  await app.execute('document.activeElement?.blur(); window.scrollTo(0, 0);');
  const reached = [];
  let outline = null;
  for (let i = 0; i < 30 && !(reached.includes(PRACTICE) && reached.includes(REAL)); i++) {
    await app.press('Tab');
    const focused = await app.focused();
    reached.push(focused?.name ?? focused?.text);
    if (focused?.name === PRACTICE) {
      outline = await app.execute('return getComputedStyle(document.activeElement).outlineStyle');
      await app.screenshot('welcome-focus-practice');
    }
  }
  assert.ok(reached.includes(PRACTICE), `Tab reached "${PRACTICE}": ${reached.join(' | ')}`);
  assert.ok(reached.includes(REAL), `Tab reached "${REAL}"`);
  assert.notEqual(outline, 'none', 'the focused choice shows a focus outline');
  assert.equal((await app.focused()).name, REAL);
  await app.press('Enter');
  await app.find(byRole('heading', 'Sign in to your organization'));
  const rail = await railNames();
  assert.equal(rail[1].current, 'step', 'the rail now marks Sign in as current');
  assert.equal(rail[0].state, 'Done', 'Welcome is done');
  await app.screenshot('sign-in-after-enter');
});

test('signing in to a real organization without an app registration says what is missing', async () => {
  await app.click(byRole('button', 'Sign in with Microsoft'));
  await app.find(byRole('alert'));
  const alert = await app.text(byCss('[role="alert"] .error-text'));
  assert.match(alert, /This copy of Closeout is not set up to sign in to a real organization/);
  assert.doesNotMatch(alert, /CLOSEOUT_CLIENT_ID/, 'nothing technical unless asked');
  assert.equal(await app.property(byCss('[role="alert"] details'), 'open'), false, 'the details stay folded');
  await app.click(byCss('[role="alert"] summary'));
  assert.match(await app.text(byRole('alert')), /"code": "config"/);
  assert.deepEqual(app.openedUrls(), [], 'no browser was opened');
  await app.screenshot('sign-in-not-configured');
  await app.click(byRole('button', 'Close this message'));
});

test('the Content Security Policy refuses remote scripts and eval in the real window', async () => {
  // A script server on loopback: reachable, so only the policy can stop the script.
  const server = http.createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/javascript' });
    res.end('window.__remoteScriptRan = true;');
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const remote = `http://127.0.0.1:${server.address().port}/x.js`;
  try {
    const outcome = await app.executeAsync(`
      const [src, done] = arguments;
      const violations = [];
      document.addEventListener('securitypolicyviolation', (e) =>
        violations.push({ directive: e.effectiveDirective, blocked: e.blockedURI }));
      let evalOutcome = 'ran';
      try { eval('window.__evalRan = true'); } catch (e) { evalOutcome = e.name; }
      let functionOutcome = 'ran';
      try { new Function('return 1')(); } catch (e) { functionOutcome = e.name; }
      const inline = document.createElement('script');
      inline.textContent = 'window.__inlineRan = true;';
      document.head.append(inline);
      const remote = document.createElement('script');
      remote.src = src;
      const finish = (loaded) => setTimeout(() => done({
        loaded, evalOutcome, functionOutcome, violations,
        remoteRan: window.__remoteScriptRan === true,
        inlineRan: window.__inlineRan === true,
        evalRan: window.__evalRan === true,
      }), 300);
      remote.onload = () => finish('loaded');
      remote.onerror = () => finish('refused');
      document.head.append(remote);
    `, remote);
    assert.equal(outcome.remoteRan, false, 'the remote script did not run');
    assert.equal(outcome.loaded, 'refused');
    assert.equal(outcome.inlineRan, false, 'an injected inline script did not run');
    assert.equal(outcome.evalRan, false, 'eval did not run');
    assert.equal(outcome.evalOutcome, 'EvalError');
    assert.equal(outcome.functionOutcome, 'EvalError');
    const directives = outcome.violations.map((v) => `${v.directive} ${v.blocked}`).join('\n');
    assert.match(directives, /script-src(-elem)? http:\/\/127\.0\.0\.1:\d+/, 'a violation reported for the remote script');
    assert.match(directives, /script-src eval/, 'a violation reported for eval');
  } finally {
    server.close();
  }
});

test('a web address that is not Microsoft\'s is refused, and the person is told why', async () => {
  await app.execute(`
    const a = document.createElement('a');
    a.href = 'https://example.com/sign-in';
    a.textContent = 'A look-alike sign-in page';
    document.getElementById('page-body').prepend(a);`);
  await app.click(byRole('link', 'A look-alike sign-in page'));
  const alert = await app.find(byRole('alert'));
  assert.ok(alert);
  const text = await app.text(byRole('alert'));
  assert.match(text, /Closeout did not open this web address/);
  assert.match(text, /only opens Microsoft's sign-in and admin pages/);
  assert.deepEqual(app.openedUrls(), [], 'nothing was opened');
  await app.screenshot('url-refused');
  await app.click(byRole('button', 'Close this message'));
  await app.waitForGone(byRole('alert'));
});

test('a Microsoft help link is opened in the browser', async () => {
  await app.click(byRole('button', 'Welcome'));
  await app.click(byRole('link', "Microsoft's own guide to closing your account"));
  const opened = await app.waitForOpenedUrl('https://learn.microsoft.com/');
  assert.equal(opened, 'https://learn.microsoft.com/microsoft-365/commerce/close-your-account');
  assert.equal(await app.isVisible(byText(/Closeout did not open/, { exact: false })), false);
});

test('the page holds no permission beyond the app\'s own commands', async () => {
  const outcome = await app.executeAsync(`
    const done = arguments[arguments.length - 1];
    const { invoke } = window.__TAURI__.core;
    const attempt = (cmd, args) => invoke(cmd, args).then(() => 'allowed', (e) => (typeof e === 'string' ? e : JSON.stringify(e)));
    Promise.all([
      attempt('plugin:window|set_title', { label: 'main', value: 'Not Closeout' }),
      attempt('plugin:opener|open_url', { url: 'https://example.com/' }),
      attempt('plugin:event|emit', { event: 'x', payload: null }),
      attempt('app_info', {}),
      attempt('delete_everything', {}),
    ]).then(done);`);
  const [windowCall, openerCall, eventCall, ownCall, undeclared] = outcome;
  for (const refused of [windowCall, openerCall, eventCall]) assert.notEqual(refused, 'allowed', outcome.join('\n'));
  assert.equal(ownCall, 'allowed');
  // A command without a permission (none in commands/list.rs) is refused by Tauri's ACL before
  // any handler is looked for.
  assert.match(undeclared, /not allowed/, outcome.join('\n'));
  assert.equal(await app.title(), 'Closeout');
  assert.deepEqual(app.openedUrls().filter((u) => u.includes('example.com')), []);
});

test('at 200% zoom everything still fits the window width and both choices stay usable', async () => {
  await app.click(byRole('button', 'Welcome')).catch(() => {});
  await app.find(byRole('heading', 'Close your Microsoft 365 account, safely'));
  await app.execute('document.documentElement.style.zoom = "2"; window.scrollTo(0, 0);');
  try {
    const overflow = await app.execute('return document.documentElement.scrollWidth - document.documentElement.clientWidth');
    assert.ok(overflow <= 1, `no sideways scrolling at 200% (${overflow}px too wide)`);
    const clipped = await app.execute(`
      return [...document.querySelectorAll('button, h1, h2, p, li')]
        .filter((el) => el.scrollWidth > el.clientWidth + 1 && getComputedStyle(el).overflowX === 'visible' && el.clientWidth > 0)
        .map((el) => el.innerText.slice(0, 40));`);
    assert.deepEqual(clipped, [], 'no text spills out of its box');
    await app.execute('document.getElementById("choice-practice").scrollIntoView()');
    await app.screenshot('welcome-zoom-200');
    assert.ok(await app.isVisible(byRole('button', 'Practice with a sample company')));
  } finally {
    await app.execute('document.documentElement.style.zoom = "";');
  }
});
