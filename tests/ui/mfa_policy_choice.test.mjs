// Step 4's offer for a conditional access policy that would keep the owner out of Microsoft's
// admin portals (issue 11). While the license conditional access needs is there, the offer
// turns it off; once it has ended Microsoft refuses changes and allows deletion only, so the
// core plans a DELETE and the page says why and asks to delete, in English and Italian.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { mount, samples, settle } from './pages_harness.mjs';

const { setLanguage, t } = await import('../../ui/js/i18n.js');
const { stepPage } = await import('../../ui/js/pages/step.js');

const POLICY = { id: 'a1b2c3d4-0000-4000-8000-000000000001', displayName: 'Block admin portals', state: 'enabled' };
samples.organization.inventory.conditionalAccess.push(POLICY);

/** The app's real plan for step 4, offering the policy with `method`. */
function offer(method) {
  const [verb, code] = method === 'DELETE' ? ['delete', 'Delete'] : ['update', 'Turn off'];
  samples['plan-mfa'].choices = [{
    after: null,
    description: `${code} the conditional access policy "${POLICY.displayName}"`,
    key: `mfa:${verb}:${POLICY.id}`,
    method,
    newSignInName: null,
    phase: 1,
    target: 'conditional_access_policy',
    targetId: POLICY.id,
  }];
}

async function shown(method) {
  offer(method);
  const page = stepPage('mfa');
  const mounted = mount(page);
  await settle();
  mounted.app.refresh();
  assert.deepEqual(mounted.errors, []);
  page.leave();
  return mounted.shown.textContent;
}

for (const language of ['en', 'it']) {
  test(`${language}: a licensed policy is offered to turn off, an unlicensed one to delete, saying why`, async () => {
    await setLanguage(language);
    const licensed = await shown('PATCH');
    assert.ok(licensed.includes(t('steppage.mfa.policy_stops', { name: POLICY.displayName })));
    assert.ok(licensed.includes(t('steppage.mfa.policy_choice.one')));
    assert.ok(!licensed.includes(t('steppage.mfa.policy_unlicensed')));

    const lapsed = await shown('DELETE');
    assert.ok(lapsed.includes(t('steppage.mfa.policy_unlicensed')), 'says Microsoft allows deletion only');
    assert.ok(lapsed.includes(t('steppage.mfa.policy_delete_choice.one')));
    assert.ok(!lapsed.includes(t('steppage.mfa.policy_choice.one')));
  });
}
