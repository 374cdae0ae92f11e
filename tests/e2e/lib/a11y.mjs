/**
 * Accessibility audit of the real window: axe-core (npm) injected into the page, run there,
 * and only its serious and critical findings returned, each as a readable line.
 * @module
 */
import fs from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const AXE_SOURCE = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

/** Runs axe on the current page of `app`; returns ["rule: help (target)", ...] for serious/critical. */
export async function seriousViolations(app) {
  await app.execute(`if (!window.axe) { ${AXE_SOURCE}\n window.axe = axe; }`);
  const violations = await app.executeAsync(`
    const done = arguments[arguments.length - 1];
    window.axe.run(document, { resultTypes: ['violations'] })
      .then((r) => done(r.violations.map((v) => ({
        id: v.id, impact: v.impact, help: v.help,
        targets: v.nodes.map((n) => n.target.join(' ')).slice(0, 5),
      }))))
      .catch((e) => done([{ id: 'axe-failed', impact: 'critical', help: String(e), targets: [] }]));
  `);
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.help} at ${v.targets.join(', ')}`);
}
