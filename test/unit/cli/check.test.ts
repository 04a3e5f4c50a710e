/**
 * `check`'s command line: several paths in one run (as the pre-commit
 * framework passes them), `--quiet`, `--format github`, and `--help` as the
 * README shows it.
 */
import { strict as assert } from 'node:assert';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { cacheDirectory } from '../../../src/cli/main';
import { CATALOG_FILE, UNIT_SRC } from '../helpers';
import { runCli } from './run';

const WORKSPACE = path.join(UNIT_SRC, 'fixtures/cli-workspace');
const README = path.resolve(UNIT_SRC, '../../README.md');

interface JsonDoc {
  projects: { root: string }[];
  findings: { ruleId: string; file: string; fingerprint: string; fixes: { edits: { file: string }[] }[] }[];
}

describe('astro-sr check PATH... , --quiet, --format github', () => {
  let tmp: string;
  let tree: string;
  let cwd: string;
  beforeEach(() => {
    tmp = mkdtempSync(path.join(os.tmpdir(), 'asr-check-'));
    tree = path.join(tmp, 'repo');
    cpSync(WORKSPACE, tree, { recursive: true });
    writeFileSync(path.join(tree, 'analytics', 'requirements.txt'), 'pandas\n');
    cwd = process.cwd();
  });
  afterEach(() => {
    process.chdir(cwd);
    rmSync(tmp, { recursive: true, force: true });
  });

  const run = (args: string[], env: NodeJS.ProcessEnv = {}) =>
    runCli([...args, '--catalog', CATALOG_FILE, '--today', '2026-03-01', '--offline'], { XDG_CACHE_HOME: path.join(tmp, 'cache'), ...env });
  const json = async (...args: string[]): Promise<JsonDoc> => {
    const r = await run(['check', ...args, '--format', 'json', '--fail-on', 'none']);
    assert.equal(r.err, '');
    return JSON.parse(r.out) as JsonDoc;
  };

  it('as the pre-commit framework calls it (the folder, then changed files in it): exactly the check of the folder', async () => {
    process.chdir(tree);
    const alone = await run(['check', '.', '--fail-on', 'warning']);
    const withFiles = await run(['check', '--fail-on', 'warning', '.', 'analytics/Dockerfile', 'analytics/requirements.txt', 'teams/ml/Dockerfile']);
    assert.equal(withFiles.code, alone.code);
    assert.equal(alone.code, 1);
    assert.equal(withFiles.out, alone.out);
    assert.equal(withFiles.err, '');
  });

  it('a file stands for the Astro project holding it, checked as that folder is', async () => {
    const byFile = await json(path.join(tree, 'analytics', 'requirements.txt'));
    assert.deepEqual(byFile, await json(path.join(tree, 'analytics')));
    assert.deepEqual(
      byFile.projects.map((p) => p.root),
      [''],
    );
    // Two files of two projects: both projects, once each.
    process.chdir(tree);
    const two = await json('analytics/requirements.txt', 'teams/ml/Dockerfile', 'analytics/Dockerfile');
    assert.deepEqual(
      two.projects.map((p) => p.root),
      ['analytics', 'teams/ml'],
    );
    // A file no project holds: its folder (here the whole tree).
    writeFileSync(path.join(tree, 'NOTES.md'), 'notes\n');
    assert.deepEqual(await json('NOTES.md'), await json('.'));
  });

  it('several folders: each once, merged without duplicates, paths from the current folder, the same fingerprints as the whole tree', async () => {
    process.chdir(tree);
    const whole = await json('.');
    const some = await json('teams/ml', 'analytics', 'teams');
    assert.deepEqual(
      some.projects.map((p) => p.root),
      ['analytics', 'teams/ml'],
    );
    assert.deepEqual(
      some.findings,
      whole.findings.filter((f) => !f.file.startsWith('platform/')),
    );
    assert.ok(some.findings.some((f) => f.fixes.some((x) => x.edits.some((e) => e.file === 'teams/ml/Dockerfile'))));
    // From a folder that holds neither: paths from the folder that holds both.
    process.chdir(path.join(tree, 'platform'));
    const outside = await json('../teams/ml', '../analytics');
    assert.deepEqual(
      outside.findings.map((f) => f.file),
      some.findings.map((f) => f.file),
    );
  });

  it('one folder named twice, or with a folder inside it, is the check of that folder alone', async () => {
    const once = await run(['check', tree]);
    const twice = await run(['check', tree, tree, path.join(tree, 'analytics')]);
    assert.equal(twice.out, once.out);
    assert.equal(twice.code, once.code);
  });

  it('--quiet: the summary line alone in text; other formats unchanged', async () => {
    const quiet = await run(['check', tree, '--quiet']);
    assert.equal(quiet.out, '4 findings: 1 error, 2 warnings, 1 info.');
    assert.equal(quiet.code, 1);
    assert.equal(quiet.err, '');
    const loud = await run(['check', tree]);
    assert.ok(loud.out.endsWith(`\n${quiet.out}`));
    for (const format of ['json', 'sarif']) {
      const [a, b] = [await run(['check', tree, '--format', format, '-q']), await run(['check', tree, '--format', format])];
      assert.equal(a.out, b.out, format);
      assert.equal(a.err, '');
    }
  });

  it('--format github writes workflow commands, paths from GITHUB_WORKSPACE, and exits as --fail-on says', async () => {
    const r = await run(['check', path.join(tree, 'teams'), '--format', 'github'], { GITHUB_WORKSPACE: tree });
    assert.equal(r.code, 1);
    assert.match(r.out, /^::error file=teams\/ml\/Dockerfile,line=2,col=6,endLine=2,endColumn=\d+,title=ASR102::Astro Runtime 11\.2\.0 /m);
    assert.equal((await run(['check', path.join(tree, 'teams'), '--format', 'github', '--fail-on', 'none'])).code, 0);
    assert.match((await run(['--help'])).out, /--format FORMAT +text \(default\), json, sarif \(SARIF 2\.1\.0, for code scanning\) or github\n/);
  });
});

describe('the README', () => {
  it("shows --help's output as it is (the cache folder written as ~/.cache/astro-sr)", async () => {
    const help = await runCli(['--help'], {});
    const readme = readFileSync(README, 'utf8');
    const block = /## Command line\n\n```text\n([\s\S]*?)\n```/.exec(readme);
    assert.ok(block, 'no help block under "## Command line"');
    assert.equal(block[1], help.out.split(cacheDirectory(process.env)).join('~/.cache/astro-sr'));
  });
});
