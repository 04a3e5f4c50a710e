import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { builtinModules } from 'node:module';
import * as os from 'node:os';
import * as path from 'node:path';
import { RULES } from '../../../src/engine/rules';
import { makeProjectsTree } from '../helpers';
import { installedBin, npm, npmEnv, packOnce, PACKAGE_JSON, REPO, repoCli } from './packed';

/** What the tarball may weigh: today about 380 KB packed and 1.6 MB unpacked, mostly dist/cli.js. Tests or sources packed by mistake weigh several MB. */
const BUDGET = { packed: 640 * 1024, unpacked: 2.5 * 1024 * 1024 };

const EXAMPLES = path.join(REPO, 'examples');
const TODAY = '2026-12-01';

describe('the npm package (npm pack)', function () {
  // npm pack builds dist/ and writes the tarball; installs take a second or two each.
  this.timeout(180_000);
  let scratch: string;
  before(() => {
    installedBin();
    scratch = mkdtempSync(path.join(os.tmpdir(), 'asr-pack-test-'));
  });
  after(() => rmSync(scratch, { recursive: true, force: true }));

  /** Runs a CLI file or command with a cache of its own and advisory lookups pointed at a closed local port. */
  function run(command: string, args: string[], cwd = scratch): { status: number | null; stdout: string; stderr: string } {
    const [file, first] = command.endsWith('.js') ? [process.execPath, [command]] : [command, []];
    return spawnSync(file, [...first, ...args], {
      cwd,
      encoding: 'utf8',
      env: { ...npmEnv(), XDG_CACHE_HOME: path.join(scratch, 'cache'), ASTRO_SR_OSV_URL: 'http://127.0.0.1:9', ASTRO_SR_PYPI_URL: 'http://127.0.0.1:9', NO_COLOR: '1' },
    });
  }
  const installedCli = () => path.join(installedBin(), 'astro-sr');

  it('holds only what the CLI runs: the bundle, the rule pages, the Runtime catalog, README, LICENSE, CHANGELOG', () => {
    const pages = readdirSync(path.join(REPO, 'docs/rules')).map((f) => `docs/rules/${f}`);
    const expected = ['CHANGELOG.md', 'LICENSE', 'README.md', 'dist/cli.js', 'package.json', 'resources/runtime-catalog.json', ...pages].sort();
    assert.deepEqual(packOnce().files.map((f) => f.path).sort(), expected);
    for (const r of RULES) assert.ok(pages.includes(`docs/rules/${r.id}.md`), `the page of ${r.id} is packed`);
  });

  it('is built afresh by npm pack (the prepare script), so it never packs an old dist/', () => {
    packOnce();
    const started = Date.now() - process.uptime() * 1000;
    assert.ok(statSync(repoCli()).mtimeMs >= started, 'dist/cli.js was written during this test run');
  });

  it(`stays within its size budget (${BUDGET.packed / 1024} KB packed, ${BUDGET.unpacked / 1024 / 1024} MB unpacked)`, () => {
    const { size, unpackedSize } = packOnce();
    assert.ok(size <= BUDGET.packed, `the tarball is ${size} bytes`);
    assert.ok(unpackedSize <= BUDGET.unpacked, `the package unpacks to ${unpackedSize} bytes`);
  });

  it('needs nothing at install: no dependencies, no install scripts, a bin that is the bundle', () => {
    const manifest = JSON.parse(readFileSync(path.join(installedBin(), '..', PACKAGE_JSON.name, 'package.json'), 'utf8'));
    assert.equal(manifest.dependencies, undefined);
    assert.equal(manifest.optionalDependencies, undefined);
    for (const script of ['preinstall', 'install', 'postinstall']) assert.equal(manifest.scripts?.[script], undefined, script);
    assert.deepEqual(manifest.bin, { 'astro-sr': './dist/cli.js' });
    assert.equal(manifest.engines.node, '>=20');
  });

  it("bundles every module it loads: dist/cli.js requires only Node's own", () => {
    const required = [...readFileSync(repoCli(), 'utf8').matchAll(/\brequire\("([^"]+)"\)/g)].map((m) => m[1]);
    assert.ok(required.includes('node:worker_threads'), 'the scan sees the requires');
    const builtin = new Set(builtinModules.flatMap((m) => [m, `node:${m}`]));
    assert.deepEqual([...new Set(required.filter((m) => !builtin.has(m)))], []);
  });

  it("`astro-sr --version` prints package.json's version", () => {
    const r = run(installedCli(), ['--version']);
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stdout.trim(), PACKAGE_JSON.version);
  });

  it('`astro-sr check examples --offline` from the installed package finds what dist/cli.js finds', () => {
    const args = ['check', EXAMPLES, '--offline', '--fail-on', 'none', '--today', TODAY];
    const installed = run(installedCli(), [...args, '--format', 'json']);
    assert.equal(installed.status, 0, installed.stderr);
    const report = JSON.parse(installed.stdout);
    assert.equal(report.tool.version, PACKAGE_JSON.version);
    assert.equal(report.catalog.source, 'bundled', 'the Runtime catalog shipped in the package');
    assert.ok(report.findings.length >= 5, `${report.findings.length} findings`);
    assert.deepEqual(report, JSON.parse(run(repoCli(), [...args, '--format', 'json']).stdout));
    const text = run(installedCli(), args);
    assert.match(text.stdout, /^Runtime catalog: bundled copy/);
    assert.match(text.stdout, new RegExp(`\\n${report.findings.length} findings: `));
  });

  it('`astro-sr rules ASR301` prints the page shipped in the package', () => {
    const r = run(installedCli(), ['rules', 'ASR301']);
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stdout, readFileSync(path.join(REPO, 'docs/rules/ASR301.md'), 'utf8').replace(/\n$/, '') + '\n');
  });

  it('checks a tree of 24 projects on worker threads from the installed file, as dist/cli.js does', function () {
    // Workers start only with two cores or more (src/cli/parallel.ts).
    if (os.availableParallelism() < 2) this.skip();
    const tree = makeProjectsTree(24, 'asr-pack-tree-');
    try {
      const args = ['check', tree, '--offline', '--fail-on', 'none', '--today', TODAY, '--format', 'json'];
      const installed = run(installedCli(), args);
      assert.equal(installed.status, 0, installed.stderr);
      const report = JSON.parse(installed.stdout);
      assert.equal(report.projects.length, 25);
      assert.deepEqual(report, JSON.parse(run(repoCli(), args).stdout));
    } finally {
      rmSync(tree, { recursive: true, force: true });
    }
  });

  it('runs with `npx --yes ./TARBALL` in an empty folder, offline', () => {
    const dir = path.join(scratch, 'npx');
    mkdirSync(dir);
    const tarball = path.basename(packOnce().tarball);
    copyFileSync(packOnce().tarball, path.join(dir, tarball));
    // --prefix: npm would otherwise resolve ./TARBALL against the nearest folder above holding a package.json.
    const r = npm(['exec', '--yes', '--offline', '--prefix', '.', `./${tarball}`, '--', 'check', EXAMPLES, '--offline', '--fail-on', 'error'], dir);
    assert.equal(r.status, 1, 'the examples hold errors');
    assert.match(r.stdout, /\n\d+ findings: \d+ errors?, /);
    assert.deepEqual(readdirSync(dir), [tarball], 'npx leaves the folder as it was');
  });

  it('runs after `npm install -g ./TARBALL`', () => {
    const prefix = path.join(scratch, 'global');
    const r = npm(['install', '-g', '--prefix', prefix, '--offline', '--no-audit', '--no-fund', '--ignore-scripts', packOnce().tarball], scratch);
    assert.equal(r.status, 0, r.stderr);
    const v = run(path.join(prefix, 'bin', 'astro-sr'), ['--version']);
    assert.equal(v.stdout.trim(), PACKAGE_JSON.version);
  });
});
