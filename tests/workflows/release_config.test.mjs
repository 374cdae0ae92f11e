// scripts/release-config.mjs, the release workflow's gate, run as the workflow runs it: with
// everything set it prints the Tauri configuration each platform is built with; with anything
// missing or malformed it names what is missing, prints no secret, and exits 1 (fail closed).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';

import { REPO_ROOT } from '../e2e/harness/index.mjs';

const SCRIPT = path.join(REPO_ROOT, 'scripts/release-config.mjs');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'closeout-release-config-'));
const p8 = path.join(tmp, 'AuthKey_ABCDE12345.p8');
fs.writeFileSync(p8, 'not a real key\n');
after(() => fs.rmSync(tmp, { recursive: true, force: true }));

const PRIVATE_KEY = 'dW50cnVzdGVkIGNvbW1lbnQ6IHByaXZhdGUta2V5LW9mLXRoZS10ZXN0';
const COMMON = {
  CLOSEOUT_CLIENT_ID: '0e8a4a5c-3d1f-4c8b-9f1e-2a6b7c8d9e0f',
  CLOSEOUT_UPDATER_PUBKEY: 'dW50cnVzdGVkIGNvbW1lbnQ6IG1pbmlzaWduIHB1YmxpYyBrZXk=\n',
  CLOSEOUT_UPDATE_URL: 'https://github.com/example/closeout/releases/latest/download/latest.json',
  TAURI_SIGNING_PRIVATE_KEY: PRIVATE_KEY,
  TAURI_SIGNING_PRIVATE_KEY_PASSWORD: 'correct horse battery staple',
};
const TRUSTED = {
  AZURE_CLIENT_ID: '11111111-2222-3333-4444-555555555555',
  AZURE_CLIENT_SECRET: 'azure-secret-value',
  AZURE_TENANT_ID: '66666666-7777-8888-9999-000000000000',
  TRUSTED_SIGNING_ENDPOINT: 'https://wus2.codesigning.azure.net',
  TRUSTED_SIGNING_ACCOUNT: 'closeout-signing',
  TRUSTED_SIGNING_PROFILE: 'closeout-public',
};
const APPLE = {
  APPLE_CERTIFICATE: 'MIIK-base64-p12',
  APPLE_CERTIFICATE_PASSWORD: 'p12-password-value',
  APPLE_SIGNING_IDENTITY: 'Developer ID Application: Closeout Ltd (ABCDE12345)',
  APPLE_API_ISSUER: '57246542-96fe-1a63-e053-0824d011072a',
  APPLE_API_KEY: 'ABCDE12345',
  APPLE_API_KEY_PATH: p8,
};

/** Runs the script for `platform` with exactly `vars` (plus PATH) in the environment. */
function run(platform, vars) {
  const result = spawnSync(process.execPath, [SCRIPT, platform], { env: { PATH: process.env.PATH, ...vars }, encoding: 'utf8' });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

function assertNoSecretPrinted(result, vars) {
  for (const name of ['TAURI_SIGNING_PRIVATE_KEY', 'TAURI_SIGNING_PRIVATE_KEY_PASSWORD', 'AZURE_CLIENT_SECRET', 'APPLE_CERTIFICATE', 'APPLE_CERTIFICATE_PASSWORD']) {
    if (vars[name]) assert.ok(!`${result.stdout}${result.stderr}`.includes(vars[name]), `${name}'s value was printed`);
  }
}

test('Linux: the updater key and feed, updater artefacts, nothing else', () => {
  const result = run('linux', COMMON);
  assert.equal(result.status, 0, result.stderr);
  const config = JSON.parse(result.stdout);
  assert.equal(config.bundle.createUpdaterArtifacts, true);
  assert.equal(config.plugins.updater.pubkey, COMMON.CLOSEOUT_UPDATER_PUBKEY.trim());
  assert.deepEqual(config.plugins.updater.endpoints, [COMMON.CLOSEOUT_UPDATE_URL]);
  assert.equal(config.bundle.windows, undefined);
  assertNoSecretPrinted(result, COMMON);
});

test('Windows with a .pfx: signtool signs with its thumbprint, sha256 and a timestamp', () => {
  const vars = { ...COMMON, WINDOWS_CERTIFICATE_THUMBPRINT: 'A1B1A2B2A3B3A4B4A5B5A6B6A7B7A8B8A9B9A0B0' };
  const result = run('windows', vars);
  assert.equal(result.status, 0, result.stderr);
  assert.deepEqual(JSON.parse(result.stdout).bundle.windows, {
    certificateThumbprint: vars.WINDOWS_CERTIFICATE_THUMBPRINT,
    digestAlgorithm: 'sha256',
    timestampUrl: 'http://timestamp.digicert.com',
  });
});

test('Windows with Azure Trusted Signing: the signCommand names endpoint, account and profile, not the secret', () => {
  const vars = { ...COMMON, ...TRUSTED };
  const result = run('windows', vars);
  assert.equal(result.status, 0, result.stderr);
  assert.equal(JSON.parse(result.stdout).bundle.windows.signCommand,
    'trusted-signing-cli -e https://wus2.codesigning.azure.net -a closeout-signing -c closeout-public %1');
  assertNoSecretPrinted(result, vars);
});

test('Windows with no way to sign is refused', () => {
  const result = run('windows', COMMON);
  assert.equal(result.status, 1);
  assert.equal(result.stdout, '');
  assert.match(result.stderr, /refusing to build an unsigned or unupdatable windows release/);
  assert.match(result.stderr, /WINDOWS_CERTIFICATE_THUMBPRINT/);
  assert.match(result.stderr, /AZURE_CLIENT_SECRET/);
});

test('a command-line-unsafe Trusted Signing account name is refused', () => {
  const result = run('windows', { ...COMMON, ...TRUSTED, TRUSTED_SIGNING_ACCOUNT: 'x & del *' });
  assert.equal(result.status, 1);
  assert.match(result.stderr, /TRUSTED_SIGNING_ACCOUNT/);
});

test('macOS with Developer ID and an App Store Connect key is accepted', () => {
  const vars = { ...COMMON, ...APPLE };
  const result = run('macos', vars);
  assert.equal(result.status, 0, result.stderr);
  assertNoSecretPrinted(result, vars);
});

test('macOS without notarization credentials is refused, naming each one', () => {
  const vars = { ...COMMON, ...APPLE, APPLE_API_KEY_PATH: path.join(tmp, 'missing.p8') };
  delete vars.APPLE_API_ISSUER;
  const result = run('macos', vars);
  assert.equal(result.status, 1);
  assert.match(result.stderr, /APPLE_API_ISSUER/);
  assert.match(result.stderr, /APPLE_API_KEY_PATH/);
});

test('a missing or malformed client id, key or feed is refused on every platform, secrets unprinted', () => {
  for (const platform of ['linux', 'windows', 'macos']) {
    const vars = { ...COMMON, ...TRUSTED, ...APPLE, CLOSEOUT_CLIENT_ID: 'not-a-guid', CLOSEOUT_UPDATE_URL: 'http://plain.example/latest.json' };
    delete vars.TAURI_SIGNING_PRIVATE_KEY_PASSWORD;
    const result = run(platform, vars);
    assert.equal(result.status, 1, platform);
    for (const name of ['CLOSEOUT_CLIENT_ID', 'CLOSEOUT_UPDATE_URL', 'TAURI_SIGNING_PRIVATE_KEY_PASSWORD']) {
      assert.match(result.stderr, new RegExp(name), `${platform}: ${name}`);
    }
    assertNoSecretPrinted(result, vars);
  }
});

test('an unknown platform is refused', () => {
  assert.equal(run('solaris', COMMON).status, 1);
});
