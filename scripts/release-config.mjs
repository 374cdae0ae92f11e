#!/usr/bin/env node
// The release configuration of one platform's installers, checked before anything is built.
//
//   node scripts/release-config.mjs windows|macos|linux > release.json
//   npx tauri build --config release.json ...
//
// The release workflow (.github/workflows/release.yml) runs it on each runner. It fails closed:
// when any setting a signed, updatable release needs is missing or malformed it prints the
// names (never the values) and exits 1, so no unsigned or unupdatable installer is ever built.
// On success it prints the Tauri configuration merged over tauri.conf.json: the updater's public
// key and feed, the updater artefacts, and on Windows how the installers are signed. Nothing here
// is a secret; the secrets themselves (the updater's private key, certificates, Apple's API key)
// reach the Tauri CLI only through the environment.
//
// Kept in one place, and a pure function of the environment, so it is tested on Linux
// (tests/workflows/release_config.test.mjs) although the Windows and macOS runs cannot be.
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** Timestamping keeps an Authenticode signature valid after the certificate expires. */
const TIMESTAMP_URL = 'http://timestamp.digicert.com';

/** Settings every platform needs: the built-in sign-in and a signed update feed. */
const COMMON = [
  ['CLOSEOUT_CLIENT_ID', 'the publisher\'s app registration (Application (client) id, a GUID)', (v) => GUID.test(v)],
  ['CLOSEOUT_UPDATER_PUBKEY', 'the updater\'s public key (the .pub file `tauri signer generate` writes)', nonEmpty],
  ['CLOSEOUT_UPDATE_URL', 'the update feed (an https:// URL of latest.json)', (v) => /^https:\/\/\S+$/.test(v)],
  ['TAURI_SIGNING_PRIVATE_KEY', 'the updater\'s private key', nonEmpty],
  ['TAURI_SIGNING_PRIVATE_KEY_PASSWORD', 'the updater private key\'s password', nonEmpty],
];
/** Windows: a code-signing certificate (.pfx, imported by the workflow) ... */
const WINDOWS_CERTIFICATE = [
  ['WINDOWS_CERTIFICATE_THUMBPRINT', 'the imported certificate\'s SHA-1 thumbprint', (v) => /^[0-9A-F]{40}$/i.test(v)],
];
/** ... or Azure Trusted Signing through `bundle.windows.signCommand`. */
const WINDOWS_TRUSTED_SIGNING = [
  ['AZURE_CLIENT_ID', 'the signing identity\'s client id', (v) => GUID.test(v)],
  ['AZURE_CLIENT_SECRET', 'the signing identity\'s secret', nonEmpty],
  ['AZURE_TENANT_ID', 'the signing identity\'s tenant', (v) => GUID.test(v)],
  ['TRUSTED_SIGNING_ENDPOINT', 'the Trusted Signing endpoint (https://<region>.codesigning.azure.net)', (v) => /^https:\/\/\S+$/.test(v)],
  ['TRUSTED_SIGNING_ACCOUNT', 'the Trusted Signing account name', plainName],
  ['TRUSTED_SIGNING_PROFILE', 'the certificate profile name', plainName],
];
/** macOS: Developer ID signing and notarization with an App Store Connect API key. */
const MACOS = [
  ['APPLE_CERTIFICATE', 'the Developer ID Application certificate (.p12, base64)', nonEmpty],
  ['APPLE_CERTIFICATE_PASSWORD', 'the .p12 password', nonEmpty],
  ['APPLE_SIGNING_IDENTITY', 'the signing identity ("Developer ID Application: ...")', (v) => v.startsWith('Developer ID Application:')],
  ['APPLE_API_ISSUER', 'the App Store Connect issuer id', (v) => GUID.test(v)],
  ['APPLE_API_KEY', 'the App Store Connect key id', (v) => /^[A-Z0-9]{10}$/.test(v)],
  ['APPLE_API_KEY_PATH', 'the path of the App Store Connect private key (.p8)', (v) => fs.existsSync(v)],
];

function nonEmpty(value) {
  return value.trim().length > 0;
}

/** Account and profile names go into a command line: letters, digits and dashes only. */
function plainName(value) {
  return /^[A-Za-z0-9-]+$/.test(value);
}

/** The names in `rules` whose value is missing or malformed in `env`. */
function problems(rules, env) {
  return rules.filter(([name, , valid]) => !env[name] || !valid(env[name]))
    .map(([name, what]) => `${name} (${what})`);
}

/**
 * The Tauri configuration for `platform`'s release, or the list of what is missing.
 * @param {'windows'|'macos'|'linux'} platform
 * @param {Record<string, string|undefined>} env
 * @returns {{config?: object, missing: string[]}}
 */
export function releaseConfig(platform, env) {
  if (!['windows', 'macos', 'linux'].includes(platform)) {
    return { missing: [`a platform: windows, macos or linux (not ${platform})`] };
  }
  const missing = problems(COMMON, env);
  const config = {
    bundle: { createUpdaterArtifacts: true },
    plugins: {
      updater: {
        pubkey: env.CLOSEOUT_UPDATER_PUBKEY?.trim(),
        endpoints: [env.CLOSEOUT_UPDATE_URL],
        // The owner has said yes in the app; the installer shows its progress, asks nothing more.
        windows: { installMode: 'passive' },
      },
    },
  };
  if (platform === 'windows') {
    if (env.WINDOWS_CERTIFICATE_THUMBPRINT) {
      missing.push(...problems(WINDOWS_CERTIFICATE, env));
      config.bundle.windows = {
        certificateThumbprint: env.WINDOWS_CERTIFICATE_THUMBPRINT,
        digestAlgorithm: 'sha256',
        timestampUrl: TIMESTAMP_URL,
      };
    } else {
      const trusted = problems(WINDOWS_TRUSTED_SIGNING, env);
      if (trusted.length) {
        missing.push(`either WINDOWS_CERTIFICATE_THUMBPRINT (a .pfx certificate) or all of: ${trusted.join(', ')}`);
      } else {
        // trusted-signing-cli reads AZURE_CLIENT_ID/SECRET/TENANT_ID from the environment.
        config.bundle.windows = {
          signCommand: `trusted-signing-cli -e ${env.TRUSTED_SIGNING_ENDPOINT} -a ${env.TRUSTED_SIGNING_ACCOUNT} -c ${env.TRUSTED_SIGNING_PROFILE} %1`,
        };
      }
    }
  }
  if (platform === 'macos') missing.push(...problems(MACOS, env));
  return missing.length ? { missing } : { config, missing };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { config, missing } = releaseConfig(process.argv[2], process.env);
  if (missing.length) {
    console.error(`release-config: refusing to build an unsigned or unupdatable ${process.argv[2]} release; missing or malformed:`);
    for (const line of missing) console.error(`  - ${line}`);
    process.exit(1);
  }
  process.stdout.write(`${JSON.stringify(config, null, 2)}\n`);
}
