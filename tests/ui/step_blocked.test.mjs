// Step 5 while Closeout still sees blockers (issue 11): the page lists them with what to do, and
// also offers Microsoft's own Delete tenant page, which runs the same checks, with the
// organization to match and the Switch directory trap, but not the instructions that end in
// Delete. Rendered from the bakery's real blocked plan, in English and Italian.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { button, elements, mount, samples, settle } from './pages_harness.mjs';

const { setLanguage, t } = await import('../../ui/js/i18n.js');
const { stepPage } = await import('../../ui/js/pages/step.js');

const plan = samples['plan-directory'];
const org = samples.organization.inventory.organization;

for (const language of ['en', 'it']) {
  test(`${language}: blocked step 5 opens Microsoft's Delete tenant checks, with the organization to match`, async () => {
    await setLanguage(language);
    assert.ok(plan.blockers.length > 0, 'the sample plan is blocked');
    const page = stepPage('directory');
    const mounted = mount(page);
    await settle();
    mounted.app.refresh();
    assert.deepEqual(mounted.errors, []);
    const text = mounted.shown.textContent;

    for (const blocker of plan.blockers) assert.ok(text.includes(t(`finding.${blocker.code}`)), `${blocker.code} listed`);
    assert.ok(text.includes(t('portal.directory.blocked')), 'says Microsoft runs the same checks');
    assert.ok(text.includes(org.id), 'the tenant ID to match');
    assert.ok(text.includes(t('portal.directory.switch_directory')), 'the Switch directory warning');
    assert.ok(!text.includes(t('portal.directory.6')), 'no "select Delete again" while blocked');

    const open = button(mounted.shown, t('portal.open_entra'));
    assert.ok(open, `a button "${t('portal.open_entra')}"`);
    const opened = [];
    mounted.app.open = (url) => opened.push(url);
    open.click();
    assert.deepEqual(opened, [plan.portal.url]);
    assert.ok(!elements(mounted.shown).some((e) => e.attributes?.id === 'portal-status'), 'no automatic check while blocked');
    page.leave();
  });
}
