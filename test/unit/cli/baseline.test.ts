/**
 * Baselines: `astro-sr baseline` writes `.astro-sr-baseline.json` (sorted;
 * fingerprints, rule ids and paths only), `check --baseline` reports only
 * the findings not in it and says what it held back and what no longer
 * matches, `--prune` removes that; paths work from a sub-folder and from
 * another current folder. And how the editor shows baselined findings.
 */
import { strict as assert } from 'node:assert';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { BASELINE_FILE_NAME, baselineShowOf, parseBaseline, shownSeverity, splitByBaseline } from '../../../src/engine/policy/baseline';
import type { Finding } from '../../../src/engine/types';
import { CATALOG_FILE, UNIT_SRC } from '../helpers';
import { FAKE } from '../secrets/project';
import { runCli } from './run';

const WORKSPACE = path.join(UNIT_SRC, 'fixtures/cli-workspace');

interface JsonFinding {
  ruleId: string;
  file: string;
  fingerprint: string;
  message: string;
}

describe('astro-sr baseline and check --baseline', () => {
  let tmp: string;
  /** A copy of the CLI workspace with more findings: a credential and an unpinned requirement. */
  let tree: string;
  const write = (rel: string, text: string) => {
    mkdirSync(path.dirname(path.join(tree, rel)), { recursive: true });
    writeFileSync(path.join(tree, rel), text);
  };
  const read = (rel: string) => readFileSync(path.join(tree, rel), 'utf8');

  beforeEach(() => {
    tmp = mkdtempSync(path.join(os.tmpdir(), 'asr-baseline-'));
    tree = path.join(tmp, 'repo');
    cpSync(WORKSPACE, tree, { recursive: true });
    write('analytics/dags/etl.py', `import os\n\nDB_PASSWORD = "${FAKE.password}"\n`);
    write('analytics/requirements.txt', 'pandas\n');
  });
  afterEach(() => rmSync(tmp, { recursive: true, force: true }));

  const run = (args: string[]) => runCli(args, { XDG_CACHE_HOME: path.join(tmp, 'cache') });
  const TEST_FLAGS = ['--catalog', CATALOG_FILE, '--today', '2026-03-01', '--offline'];
  const baseline = (...args: string[]) => run(['baseline', ...args, ...TEST_FLAGS]);
  const check = (...args: string[]) => run(['check', ...args, ...TEST_FLAGS]);
  const json = async (...args: string[]) => {
    const r = await check(...args, '--format', 'json');
    assert.equal(r.err, '');
    return { code: r.code, doc: JSON.parse(r.out) as { findings: JsonFinding[]; baseline?: { file: string; baselined: number; unmatched: number } } };
  };

  it('writes every finding of PATH, sorted, one entry a line, with fingerprints, rule ids and paths only', async () => {
    const { doc } = await json(tree, '--fail-on', 'none');
    assert.ok(doc.findings.length >= 5, doc.findings.map((f) => f.ruleId).join(' '));
    const r = await baseline(tree);
    assert.equal(r.code, 0, r.err);
    assert.equal(r.out, `${path.join(tree, BASELINE_FILE_NAME)}: ${doc.findings.length} findings baselined.`);
    const text = read(BASELINE_FILE_NAME);
    const file = JSON.parse(text);
    assert.equal(file.version, 1);
    assert.deepEqual(
      file.findings,
      doc.findings.map((f) => ({ path: f.file, ruleId: f.ruleId, fingerprint: f.fingerprint })).sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : a.ruleId < b.ruleId ? -1 : a.ruleId > b.ruleId ? 1 : a.fingerprint < b.fingerprint ? -1 : 1)),
    );
    // One entry a line: a change diffs as the entries it adds or removes.
    for (const e of file.findings) assert.match(text, new RegExp(`^ {4}\\{ "path": "${e.path}", "ruleId": "${e.ruleId}", "fingerprint": "${e.fingerprint}" \\},?$`, 'm'));
    // No value, no message, no line number.
    assert.ok(!text.includes(FAKE.password) && !text.includes(FAKE.password.slice(0, 4)));
    for (const f of doc.findings) assert.ok(!text.includes(f.message.slice(0, 30)), f.message);
    assert.ok(!/"(line|range|message)"/.test(text));
    // Written again on the same tree: the same bytes.
    await baseline(tree);
    assert.equal(read(BASELINE_FILE_NAME), text);
  });

  it('then check --baseline reports nothing and exits 0; a new credential, with lines added above old findings, appears alone', async () => {
    await baseline(tree);
    const file = path.join(tree, BASELINE_FILE_NAME);
    const clean = await check(tree, '--baseline', file, '--fail-on', 'info');
    assert.equal(clean.code, 0, clean.out);
    assert.match(clean.out, new RegExp(`^Baseline ${escape(file)}: \\d+ findings not shown\\.\\nNo findings\\.$`, 'm'));
    // No finding line (`  1:6  warning …  ASR102 runtime-end-of-support`).
    assert.doesNotMatch(clean.out, /ASR\d{3} [a-z-]+$/m);

    write('analytics/dags/etl.py', `"""ETL."""\nimport os\n\n\nDB_PASSWORD = "${FAKE.password}"\nBACKUP_PASSWORD = "${FAKE.password2}"\n`);
    write('analytics/requirements.txt', '# data\nnumpy==2.1.0\npandas\n');
    const { code, doc } = await json(tree, '--baseline', file, '--fail-on', 'info');
    assert.equal(code, 1);
    assert.deepEqual(
      doc.findings.map((f) => [f.ruleId, f.file]),
      [['ASR205', 'analytics/dags/etl.py']],
    );
    assert.match(doc.findings[0].message, /BACKUP_PASSWORD/);
    assert.deepEqual(doc.baseline, { file, baselined: JSON.parse(readFileSync(file, 'utf8')).findings.length, unmatched: 0 });
  });

  it('--fail-on counts only the findings not in the baseline', async () => {
    // The tree has an error (ASR102 of teams/ml), baselined.
    assert.equal((await check(tree)).code, 1);
    await baseline(tree);
    const file = path.join(tree, BASELINE_FILE_NAME);
    assert.equal((await check(tree, '--baseline', file)).code, 0);
    write('analytics/requirements.txt', 'pandas\nrequests\n');
    const warning = await check(tree, '--baseline', file, '--fail-on', 'warning');
    assert.equal(warning.code, 1);
    assert.match(warning.out, /1 finding: 0 errors, 1 warning, 0 info\.$/);
    assert.equal((await check(tree, '--baseline', file, '--fail-on', 'error')).code, 0);
  });

  it('says how many entries no longer match, and baseline --prune removes them without adding new findings', async () => {
    await baseline(tree);
    const file = path.join(tree, BASELINE_FILE_NAME);
    const before = parseBaseline(readFileSync(file, 'utf8'));
    // Fixed: the requirement is pinned; new: another unpinned one.
    write('analytics/requirements.txt', 'pandas==2.2.3\nrequests\n');
    const r = await check(tree, '--baseline', file, '--fail-on', 'none');
    assert.match(r.out, /: \d+ findings not shown; 1 of its entries no longer matches a finding \(astro-sr baseline --prune removes it\)\.\n1 finding: /);
    assert.equal((await json(tree, '--baseline', file, '--fail-on', 'none')).doc.baseline?.unmatched, 1);

    const pruned = await baseline(tree, '--prune');
    assert.equal(pruned.code, 0, pruned.err);
    assert.equal(pruned.out, `${file}: removed 1 entry that no longer match; ${before.length - 1} entries left.`);
    const after = parseBaseline(readFileSync(file, 'utf8'));
    assert.deepEqual(
      after,
      before.filter((e) => !(e.ruleId === 'ASR301' && e.path === 'analytics/requirements.txt')),
    );
    const again = await json(tree, '--baseline', file, '--fail-on', 'none');
    assert.deepEqual(again.doc.baseline?.unmatched, 0);
    assert.deepEqual(
      again.doc.findings.map((f) => f.ruleId),
      ['ASR301'],
    );
  });

  it("works from a sub-folder and from another current folder: paths are the baseline file's folder's", async () => {
    await baseline(tree);
    const file = path.join(tree, BASELINE_FILE_NAME);
    // A sub-folder against the root's baseline: nothing new, and the other folders' entries are not called stale.
    const sub = await json(path.join(tree, 'analytics'), '--baseline', file, '--fail-on', 'info');
    assert.equal(sub.code, 0);
    assert.deepEqual(sub.doc.findings, []);
    assert.equal(sub.doc.baseline?.unmatched, 0);
    assert.ok(sub.doc.baseline!.baselined >= 3);

    const cwd = process.cwd();
    try {
      process.chdir(path.join(tree, 'teams'));
      // Relative paths, from below the tree.
      const r = await check('..', '--baseline', `../${BASELINE_FILE_NAME}`, '--fail-on', 'info', '--quiet');
      assert.equal(r.code, 0, r.out);
      assert.equal(r.out, `Baseline ../${BASELINE_FILE_NAME}: ${parseBaseline(read(BASELINE_FILE_NAME)).length} findings not shown.\nNo findings.`);
      process.chdir(tmp);
      assert.equal((await check('repo/teams/ml', '--baseline', `repo/${BASELINE_FILE_NAME}`, '--fail-on', 'info')).code, 0);
    } finally {
      process.chdir(cwd);
    }
  });

  it('baseline of a sub-folder into the root baseline replaces that folder’s entries and keeps the others', async () => {
    await baseline(tree);
    const file = path.join(tree, BASELINE_FILE_NAME);
    const before = parseBaseline(readFileSync(file, 'utf8'));
    write('analytics/requirements.txt', 'pandas\nrequests\n');
    const r = await baseline(path.join(tree, 'analytics'), '--baseline', file);
    assert.equal(r.code, 0, r.err);
    // ASR102, ASR205 and ASR301 twice in analytics; ASR107 and ASR102 elsewhere.
    assert.match(r.out, /: 4 findings baselined \(and 2 entries for files outside .*analytics kept\)\.$/);
    const after = parseBaseline(readFileSync(file, 'utf8'));
    assert.deepEqual(
      after.filter((e) => !e.path.startsWith('analytics/')),
      before.filter((e) => !e.path.startsWith('analytics/')),
    );
    assert.equal(after.filter((e) => e.path === 'analytics/requirements.txt').length, 2);
    assert.equal((await check(tree, '--baseline', file, '--fail-on', 'info')).code, 0);
  });

  it('2 and a message for a baseline that cannot be read or is not one; --prune without a baseline', async () => {
    const missing = await check(tree, '--baseline', path.join(tmp, 'none.json'));
    assert.equal(missing.code, 2);
    assert.match(missing.err, /^astro-sr: cannot read the baseline .*none\.json: ENOENT/);
    assert.equal(missing.out, '');
    writeFileSync(path.join(tmp, 'bad.json'), '{ "version": 2, "findings": [] }');
    const bad = await check(tree, '--baseline', path.join(tmp, 'bad.json'));
    assert.equal(bad.code, 2);
    assert.match(bad.err, /not a version 1 baseline/);
    const prune = await baseline(tree, '--prune');
    assert.equal(prune.code, 2);
    assert.match(prune.err, /^astro-sr: no baseline to prune at /);
    // A file that is not a baseline is never overwritten.
    writeFileSync(path.join(tree, BASELINE_FILE_NAME), 'keep me');
    assert.equal((await baseline(tree)).code, 2);
    assert.equal(read(BASELINE_FILE_NAME), 'keep me');
  });

  it('JSON findings carry the fingerprint the baseline holds', async () => {
    await baseline(tree);
    const { doc } = await json(tree, '--fail-on', 'none');
    const entries = parseBaseline(read(BASELINE_FILE_NAME));
    for (const f of doc.findings) assert.ok(entries.some((e) => e.fingerprint === f.fingerprint && e.path === f.file && e.ruleId === f.ruleId), `${f.ruleId} ${f.file}`);
    assert.equal(doc.baseline, undefined);
  });
});

describe('baselined findings in the editor (astroSharedResponsibility.baseline.show)', () => {
  it('hint (the default) shows them as hints, hidden not at all, asIs at their own severity; others never change', () => {
    assert.equal(baselineShowOf(undefined), 'hint');
    assert.equal(baselineShowOf('something'), 'hint');
    for (const severity of ['error', 'warning', 'info', 'hint'] as const) {
      assert.equal(shownSeverity(severity, true, 'hint'), 'hint');
      assert.equal(shownSeverity(severity, true, 'hidden'), undefined);
      assert.equal(shownSeverity(severity, true, 'asIs'), severity);
      for (const show of ['hint', 'hidden', 'asIs'] as const) assert.equal(shownSeverity(severity, false, show), severity);
    }
  });

  it('splitByBaseline: what is held back, and stale entries only below the checked folders', () => {
    const finding = (fingerprint: string): Finding => ({ ruleId: 'ASR301', rule: 'requirement-unpinned', responsibility: 'code', severity: 'warning', file: 'requirements.txt', range: { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } }, message: '', fixes: [], fingerprint });
    const entry = (p: string, fingerprint: string) => ({ path: p, ruleId: 'ASR301', fingerprint });
    const split = splitByBaseline([finding('a'), finding('b')], [entry('x/requirements.txt', 'a'), entry('x/old.txt', 'c'), entry('y/requirements.txt', 'd')], ['x']);
    assert.deepEqual(
      split.fresh.map((f) => f.fingerprint),
      ['b'],
    );
    assert.equal(split.baselined, 1);
    assert.deepEqual(
      split.unmatched.map((e) => e.path),
      ['x/old.txt'],
    );
    assert.equal(splitByBaseline([], [entry('x/a', 'a'), entry('y/b', 'b')], ['']).unmatched.length, 2);
  });
});

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
