/**
 * The practice tenant as a process of its own (`closeout-sim`), configured as the app's
 * sign-in authority the way a real organization is: it outlives the app, and its command-line
 * options (faults, scenarios) shape what "Microsoft" answers.
 * @module
 */
import { spawn } from 'node:child_process';
import path from 'node:path';

import { REPO_ROOT } from '../harness/index.mjs';

const simBinary = process.env.CLOSEOUT_E2E_SIM_BINARY
  ?? path.join(path.dirname(process.env.CLOSEOUT_E2E_BINARY ?? path.join(REPO_ROOT, 'target/debug/closeout')), 'closeout-sim');

/**
 * Starts `closeout-sim ARGS --port 0` and reads its addresses from what it prints. Returns the
 * child, its sign-in authority, Graph base and client id, and `env` for `launchApp`.
 */
export async function startSim(args) {
  const child = spawn(simBinary, [...args, '--port', '0'], { stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  await new Promise((resolve, reject) => {
    child.stdout.on('data', (chunk) => { out += chunk; if (out.includes('Client id:')) resolve(); });
    child.once('exit', (code) => reject(new Error(`closeout-sim exited (${code}): ${out}`)));
  });
  const field = (name) => out.match(new RegExp(`${name}:\\s+(\\S+)`))[1];
  const sim = { child, signIn: field('Sign-in'), graph: field('Graph').replace(/\/v1\.0$/, ''), clientId: field('Client id') };
  sim.env = { CLOSEOUT_CLIENT_ID: sim.clientId, CLOSEOUT_AUTHORITY: sim.signIn, CLOSEOUT_GRAPH_URL: sim.graph };
  return sim;
}
