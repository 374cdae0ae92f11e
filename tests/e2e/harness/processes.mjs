/**
 * Process plumbing for the harness: free ports, waiting for a port, starting tauri-driver in its
 * own process group, and finding/ending every process one app launch left behind.
 *
 * Every launch gets a unique marker in its environment (`CLOSEOUT_E2E_ID`); tauri-driver,
 * WebKitWebDriver, the app and WebKit's helper processes all inherit it, so teardown can find
 * them by it (even ones that detached) and end them by PID.
 *
 * @module
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

/** @returns {Promise<number>} a TCP port on 127.0.0.1 that was free a moment ago */
export function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** Resolves once something accepts connections on 127.0.0.1:port, or rejects after timeoutMs. */
export async function waitForPort(port, timeoutMs, isAlive = () => true) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (!isAlive()) throw new Error(`the process meant to listen on port ${port} exited`);
    const open = await new Promise((resolve) => {
      const socket = net.connect(port, '127.0.0.1');
      socket.once('connect', () => { socket.destroy(); resolve(true); });
      socket.once('error', () => resolve(false));
    });
    if (open) return;
    await sleep(50);
  }
  throw new Error(`nothing listens on port ${port} after ${timeoutMs} ms`);
}

/** @param {number} ms */
export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Finds a program: an explicit env override, then PATH, then ~/.cargo/bin. */
export function findProgram(name, envVar) {
  if (envVar && process.env[envVar]) return process.env[envVar];
  const dirs = (process.env.PATH ?? '').split(path.delimiter).concat(path.join(os.homedir(), '.cargo', 'bin'));
  for (const dir of dirs) {
    const candidate = path.join(dir, name);
    try {
      fs.accessSync(candidate, fs.constants.X_OK);
      return candidate;
    } catch { /* keep looking */ }
  }
  throw new Error(`${name} not found on PATH or in ~/.cargo/bin; run scripts/setup.sh`);
}

/**
 * Starts tauri-driver in a new process group, its output appended to logFile.
 * @returns {{child: import('node:child_process').ChildProcess, exited: () => boolean}}
 */
export function startDriver({ port, nativePort, env, logFile }) {
  const log = fs.openSync(logFile, 'a');
  const child = spawn(
    findProgram('tauri-driver', 'CLOSEOUT_TAURI_DRIVER'),
    ['--port', String(port), '--native-port', String(nativePort)],
    { env, detached: true, stdio: ['ignore', log, log] },
  );
  fs.closeSync(log);
  let exited = false;
  child.once('exit', () => { exited = true; });
  child.once('error', () => { exited = true; });
  return { child, exited: () => exited };
}

/** PIDs of live processes whose environment holds `CLOSEOUT_E2E_ID=marker`. */
export function pidsWithMarker(marker) {
  const needle = Buffer.from(`\0CLOSEOUT_E2E_ID=${marker}\0`);
  const pids = [];
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue;
    try {
      const environ = Buffer.concat([Buffer.from([0]), fs.readFileSync(`/proc/${entry}/environ`)]);
      if (environ.includes(needle)) pids.push(Number(entry));
    } catch { /* gone or not ours */ }
  }
  return pids;
}

/** The command line of a PID (for finding the app among a launch's processes). */
export function commandLine(pid) {
  try {
    return fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean);
  } catch {
    return [];
  }
}

/** Sends signal to each pid, ignoring ones already gone. */
export function signalAll(pids, signal) {
  for (const pid of pids) {
    try { process.kill(pid, signal); } catch { /* already gone */ }
  }
}

/**
 * Ends every process of one launch: TERM to the driver's group and to every marked process,
 * then KILL whatever is still there after graceMs.
 */
export async function endLaunch({ driver, marker, graceMs = 3000 }) {
  if (driver && !driver.exited()) {
    try { process.kill(-driver.child.pid, 'SIGTERM'); } catch { /* gone */ }
  }
  signalAll(pidsWithMarker(marker), 'SIGTERM');
  const deadline = Date.now() + graceMs;
  while (Date.now() < deadline && (pidsWithMarker(marker).length > 0 || (driver && !driver.exited()))) {
    await sleep(50);
  }
  signalAll(pidsWithMarker(marker), 'SIGKILL');
  if (driver && !driver.exited()) {
    try { process.kill(-driver.child.pid, 'SIGKILL'); } catch { /* gone */ }
  }
}

/** Synchronous last resort for process exit: KILL everything a marker names. */
export function killMarkedNow(marker) {
  signalAll(pidsWithMarker(marker), 'SIGKILL');
}
