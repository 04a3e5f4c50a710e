import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parse } from 'yaml';
import { installedBin, REPO } from './packed';

interface Hook {
  id: string;
  language: string;
  entry: string;
  args?: string[];
  files: string;
  require_serial?: boolean;
  minimum_pre_commit_version?: string;
}

const HOOKS: Hook[] = parse(readFileSync(path.join(REPO, '.pre-commit-hooks.yaml'), 'utf8'));
const HOOK = HOOKS.find((h) => h.id === 'astro-sr')!;

/**
 * The `files` pattern as pre-commit applies it: Python's `re.search` on each
 * path relative to the repository, with `/`. The pattern keeps to syntax
 * that Python and JavaScript read alike, which the first test checks.
 */
const filesPattern = () => new RegExp(HOOK.files);

/** Paths the hook must run for, and paths it must not. */
const MATCH = [
  'Dockerfile',
  'projects/sales/Dockerfile',
  'requirements.txt',
  'requirements-dev.txt',
  'dev-requirements.txt',
  'requirements.in',
  'requirements/base.txt',
  'ml/constraints.txt',
  'packages.txt',
  '.env',
  'ml/.env.local',
  'prod.env',
  'airflow_settings.yaml',
  'deployments/production.yaml',
  'platform/deployments/eu/staging.yml',
  'ml/dev-deployment.yaml',
  'docker-compose.override.yml',
  'dags/export_orders.py',
  'platform/ingest/dags/partners/orders.py',
  'include/helpers/db.py',
  'plugins/operators.py',
  'tests/dags/test_dag_integrity.py',
  '.astro/config.yaml',
  'ml/.astro-sr.yaml',
  '.gitignore',
  '.dockerignore',
];
const NO_MATCH = [
  'README.md',
  'Dockerfile.md',
  'docs/Dockerfile-guide.txt',
  'MANIFEST.in',
  'setup.py',
  'scripts/release.py',
  'dags/README.md',
  'dags/sql/orders.sql',
  'include/data.csv',
  'mydags/x.py',
  'packages.txt.bak',
  'environment.yaml',
  '.envrc',
  'requirements.txt.orig',
  'node_modules/x/package.json',
  '.github/workflows/ci.yml',
];

describe('the pre-commit hook (.pre-commit-hooks.yaml)', function () {
  this.timeout(180_000);

  it('is one node hook named astro-sr that checks at warning, once for all the files, on a pre-commit that installs it', () => {
    assert.deepEqual(HOOKS.map((h) => h.id), ['astro-sr']);
    assert.equal(HOOK.language, 'node');
    assert.match(HOOK.entry, /^astro-sr check --fail-on warning$/);
    assert.equal(HOOK.require_serial, true);
    assert.equal(HOOK.minimum_pre_commit_version, '4.6.2');
    // Python-only syntax (named groups, \A, \Z, inline flags) or JavaScript-only syntax would make this test's reading differ from pre-commit's.
    assert.doesNotMatch(HOOK.files, /\(\?[P<aiLmsux]|\\[AZ]/);
  });

  it('runs for the files the rules read, and for nothing else', () => {
    const re = filesPattern();
    assert.deepEqual(MATCH.filter((f) => !re.test(f)), [], 'should match');
    assert.deepEqual(NO_MATCH.filter((f) => re.test(f)), [], 'should not match');
  });

  describe('run as the framework runs it: entry split on spaces, then args, then the changed files', () => {
    let project: string;
    before(() => {
      installedBin();
      project = mkdtempSync(path.join(os.tmpdir(), 'asr-precommit-'));
    });
    after(() => rmSync(project, { recursive: true, force: true }));

    /** Writes a repository holding one Astro project; the Runtime rules are off, so that the verdict does not move with the date. */
    function writeProject(files: Record<string, string>): void {
      rmSync(project, { recursive: true, force: true });
      const all: Record<string, string> = {
        '.git/HEAD': 'ref: refs/heads/main\n',
        '.astro/config.yaml': 'project:\n  name: orders\n',
        Dockerfile: 'FROM astrocrpublic.azurecr.io/runtime:3.1-12\n',
        '.astro-sr.yaml': 'rules:\n' + ['ASR101', 'ASR102', 'ASR103', 'ASR104', 'ASR105', 'ASR106', 'ASR107'].map((id) => `  ${id}: off\n`).join(''),
        'README.md': '# Orders\n',
        ...files,
      };
      for (const [name, text] of Object.entries(all)) {
        mkdirSync(path.dirname(path.join(project, name)), { recursive: true });
        writeFileSync(path.join(project, name), text);
      }
    }

    /** The hook's command with the staged files its `files` pattern selects, run from the repository's root with the installed `astro-sr` on PATH. */
    function runHook(staged: string[], args = HOOK.args ?? []): { status: number | null; out: string; passed: string[] } {
      const passed = staged.filter((f) => filesPattern().test(f));
      const [command, ...entryArgs] = HOOK.entry.split(' ');
      const r = spawnSync(command, [...entryArgs, ...args, ...passed], {
        cwd: project,
        encoding: 'utf8',
        env: { ...process.env, PATH: `${installedBin()}${path.delimiter}${process.env.PATH}`, XDG_CACHE_HOME: path.join(project, '.git', 'cache'), NO_COLOR: '1' },
      });
      return { status: r.status, out: r.stdout + r.stderr, passed };
    }

    it('blocks the commit (exit 1) on a finding at the threshold: a requirement without a version is a warning', () => {
      writeProject({ 'requirements.txt': 'requests\n', 'dags/orders.py': 'print("orders")\n' });
      const run = runHook(['README.md', 'requirements.txt', 'dags/orders.py']);
      assert.deepEqual(run.passed, ['requirements.txt', 'dags/orders.py']);
      assert.equal(run.status, 1, run.out);
      assert.match(run.out, /requirements\.txt\n\s+1:1\s+warning .*ASR301 requirement-unpinned/);
    });

    it("runs with the README's args: a baseline and --fail-on error let a baselined warning through, not a new error", () => {
      const readme = readFileSync(path.join(REPO, 'README.md'), 'utf8');
      const configs = [...readme.matchAll(/```yaml\n([\s\S]*?)```/g)].map((m) => m[1]).filter((b) => b.includes('- id: astro-sr'));
      assert.equal(parse(configs[0]).repos[0].hooks[0].id, HOOK.id);
      const args: string[] = parse(configs[1])[0].args;
      assert.ok(args.includes('--baseline'), 'the README shows a baseline in args');
      writeProject({ 'requirements.txt': 'requests\n' });
      assert.equal(runHook(['requirements.txt']).status, 1, 'the warning blocks without the baseline');
      const baseline = spawnSync(path.join(installedBin(), 'astro-sr'), ['baseline', '.', '--offline'], { cwd: project, env: { ...process.env, XDG_CACHE_HOME: path.join(project, '.git', 'cache') } });
      assert.equal(baseline.status, 0);
      assert.equal(runHook(['requirements.txt'], args).status, 0);
      writeFileSync(path.join(project, 'requirements.txt'), 'requests\napache-airflow==2.10.2\n');
      const added = runHook(['requirements.txt'], args);
      assert.equal(added.status, 1, added.out);
      assert.match(added.out, /error .*ASR303 airflow-reinstalled/);
      assert.doesNotMatch(added.out, /ASR301/);
    });

    it('lets the commit through (exit 0) on a finding below it: a password in a .env file kept out of git and the image is info', () => {
      writeProject({ 'requirements.txt': 'requests==2.32.3\n', '.env': 'ORDERS_DB_PASSWORD=Wq3ZkT9vLp2Rx7Hd\n', '.gitignore': '.env\n', '.dockerignore': '.env\n' });
      const run = runHook(['.env', 'requirements.txt']);
      assert.equal(run.status, 0, run.out);
      assert.match(run.out, /\.env\n\s+1:\d+\s+info .*ASR202 secret-in-env-file/);
      assert.doesNotMatch(run.out, /Wq3ZkT9vLp2Rx7Hd|\s(error|warning)\s/);
    });
  });
});
