// Opens and closes N app sessions in a row (default 20) and checks nothing is left running:
// proof that the keep-alive client does not trip tauri-driver's `Connection: close` bug.
//   scripts/desktop-env.sh node tests/e2e/harness/stability.mjs 20
import { launchApp } from './index.mjs';
import { pidsWithMarker } from './processes.mjs';

const rounds = Number(process.argv[2] ?? 20);
const started = Date.now();
for (let i = 1; i <= rounds; i += 1) {
  const app = await launchApp({ test: 'stability' });
  if ((await app.title()) !== 'Closeout') throw new Error(`round ${i}: wrong title`);
  await app.text();
  await app.quit();
  const left = pidsWithMarker(app.marker);
  if (left.length) throw new Error(`round ${i}: processes left: ${left.join(' ')}`);
}
console.log(`${rounds} sessions in a row, none failed, nothing left running (${((Date.now() - started) / 1000).toFixed(1)} s)`);
