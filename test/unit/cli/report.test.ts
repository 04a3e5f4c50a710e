import { strict as assert } from 'node:assert';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { main } from '../../../src/cli/main';
import { ruleDocsDir } from '../../../src/cli/ruleDocs';
import type { ShareReport } from '../../../src/engine/report';
import { CATALOG_FILE, TODAY, UNIT_SRC } from '../helpers';
import { FAKE } from '../secrets/project';

const REPO = path.resolve(UNIT_SRC, '../..');
const EXAMPLES = path.join(REPO, 'examples');

interface Run {
  code: number;
  out: string;
  err: string;
}

interface Totals {
  error: number;
  warning: number;
  info: number;
  hint: number;
  total: number;
}

describe('astro-sr report and astro-sr rules ID', () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'asr-report-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  async function run(args: string[]): Promise<Run> {
    const out: string[] = [];
    const err: string[] = [];
    const code = await main(args, {
      out: (s) => out.push(s),
      err: (s) => err.push(s),
      isTty: false,
      // Advisory and PyPI lookups go to a closed port on 127.0.0.1, never to the internet (and --offline asks nothing).
      env: { XDG_CACHE_HOME: path.join(dir, 'cache'), ASTRO_SR_OSV_URL: 'http://127.0.0.1:9', ASTRO_SR_PYPI_URL: 'http://127.0.0.1:9' },
    });
    return { code, out: out.join('\n'), err: err.join('\n') };
  }

  const fixed = ['--catalog', CATALOG_FILE, '--today', TODAY, '--offline'];

  async function checkTotals(target: string, ...more: string[]): Promise<Totals> {
    const r = await run(['check', target, '--format', 'json', '--fail-on', 'none', ...fixed, ...more]);
    assert.equal(r.code, 0, r.err);
    const findings = JSON.parse(r.out).findings as { severity: keyof Totals }[];
    const totals: Totals = { error: 0, warning: 0, info: 0, hint: 0, total: findings.length };
    for (const f of findings) totals[f.severity]++;
    return totals;
  }

  it('markdown, html and json on examples/ count exactly what check finds', async () => {
    const expected = await checkTotals(EXAMPLES);
    assert.ok(expected.total > 0, 'the examples have findings');

    const md = await run(['report', EXAMPLES, ...fixed]);
    assert.equal(md.code, 0, md.err);
    const m = /^\*\*(\d+) findings? in (\d+) Astro projects?: (\d+) errors?, (\d+) warnings?, (\d+) info, (\d+) hints?\.\*\*/m.exec(md.out);
    assert.ok(m, md.out.slice(0, 400));
    assert.deepEqual({ total: +m[1], error: +m[3], warning: +m[4], info: +m[5], hint: +m[6] }, expected);
    assert.equal((md.out.match(/^- `[^`]+:\d+:\d+` \*\*(error|warning|info|hint)\*\*/gm) ?? []).length, expected.total);

    const html = await run(['report', EXAMPLES, '--format', 'html', ...fixed]);
    assert.equal(html.code, 0, html.err);
    const h = /<p class="summary" data-total="(\d+)" data-error="(\d+)" data-warning="(\d+)" data-info="(\d+)" data-hint="(\d+)">/.exec(html.out);
    assert.ok(h);
    assert.deepEqual({ total: +h[1], error: +h[2], warning: +h[3], info: +h[4], hint: +h[5] }, expected);
    assert.equal((html.out.match(/<li class="finding /g) ?? []).length, expected.total);

    const json = await run(['report', EXAMPLES, '--format', 'json', ...fixed]);
    const report = JSON.parse(json.out) as ShareReport;
    assert.deepEqual(report.totals, expected);
    const grouped = report.projects.reduce((n, p) => n + p.responsibilities.reduce((k, r) => k + r.findings.length, 0) + (p.configuration?.findings.length ?? 0), report.outsideProjects?.findings.length ?? 0);
    assert.equal(grouped, expected.total);
    assert.deepEqual(
      report.projects.map((p) => p.root),
      ['analytics', 'ml', 'platform/ingest', 'platform/legacy', 'reporting'],
    );
    // Offline, ASR306 could not run: said, and not counted as a check.
    assert.match(report.notes[0], /ASR306/);
    assert.ok(report.projects[0].responsibilities.find((r) => r.key === 'code')!.rulesSkipped.includes('ASR306'));
  });

  it('the same counts with the check\'s options: --rule turns a rule off in both', async () => {
    const expected = await checkTotals(EXAMPLES, '--rule', 'ASR101=off', '--rule', 'ASR205=hint');
    const r = await run(['report', EXAMPLES, '--format', 'json', ...fixed, '--rule', 'ASR101=off', '--rule', 'ASR205=hint']);
    const report = JSON.parse(r.out) as ShareReport;
    assert.deepEqual(report.totals, expected);
    assert.equal(report.totals.hint, 1);
    assert.ok(report.projects[0].responsibilities.find((x) => x.key === 'runtime')!.rulesOff.includes('ASR101'));
  });

  it('--output writes the file and nothing to standard output', async () => {
    const file = path.join(dir, 'report.html');
    const r = await run(['report', EXAMPLES, '--format', 'html', '--output', file, ...fixed]);
    assert.equal(r.code, 0, r.err);
    assert.equal(r.out, '');
    assert.match(readFileSync(file, 'utf8'), /^<!DOCTYPE html>/);
  });

  it('never writes a committed secret\'s value', async () => {
    const root = path.join(dir, 'secret-project');
    const files: Record<string, string> = {
      Dockerfile: 'FROM quay.io/astronomer/astro-runtime:12.4.0\n',
      '.astro/config.yaml': 'project:\n  name: s\n',
      '.env': `SNOWFLAKE_PASSWORD=${FAKE.password}\n`,
      'dags/etl.py': `DB_PASSWORD = "${FAKE.password2}"\nTOKEN = "${FAKE.githubToken}"\n`,
    };
    for (const [rel, text] of Object.entries(files)) {
      mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
      writeFileSync(path.join(root, rel), text);
    }
    const secrets = (JSON.parse((await run(['report', root, '--format', 'json', ...fixed])).out) as ShareReport).findings.filter((f) => f.responsibility === 'secrets');
    assert.ok(secrets.length >= 3, 'each secret has a finding');
    for (const format of ['markdown', 'html', 'json']) {
      const r = await run(['report', root, '--format', format, ...fixed]);
      for (const value of [FAKE.password, FAKE.password2, FAKE.githubToken]) assert.ok(!r.out.includes(value), `${format} shows a secret`);
    }
  });

  const usage: [string, string[], RegExp][] = [
    ['bad --format', ['report', '--format', 'pdf'], /--format must be markdown, html or json/],
    ['unknown option', ['report', '--fail-on', 'error'], /fail-on/],
    ['extra argument', ['report', 'a', 'b'], /unexpected argument 'b'/],
    ['bad --today', ['report', '--today', '2026-02-30'], /--today must be a date written YYYY-MM-DD/],
    ['bad --rule', ['report', '--rule', 'ASR999=off'], /--rule takes ID=/],
    ['bad --pin-operator', ['report', '--pin-operator', '>='], /--pin-operator must be == or ~=/],
  ];
  for (const [name, args, message] of usage) {
    it(`report: 2 for a usage error: ${name}`, async () => {
      const r = await run(args);
      assert.equal(r.code, 2);
      assert.match(r.err, message);
      assert.match(r.err, /astro-sr report --help/);
    });
  }

  it('report: 2 for a folder that cannot be read; 0 and usage for --help', async () => {
    const r = await run(['report', path.join(dir, 'missing'), ...fixed]);
    assert.equal(r.code, 2);
    assert.match(r.err, /cannot read the folder/);
    const help = await run(['report', '--help']);
    assert.equal(help.code, 0);
    assert.match(help.out, /^Usage: astro-sr report \[PATH\]/);
    assert.match((await run(['--help'])).out, /astro-sr report \[PATH\]/);
  });

  it('rules ASR301 prints the rule\'s documentation page; by name and any case too', async () => {
    const page = readFileSync(path.join(REPO, 'docs/rules/ASR301.md'), 'utf8');
    const r = await run(['rules', 'ASR301']);
    assert.equal(r.code, 0, r.err);
    assert.equal(`${r.out}\n`, page);
    assert.equal((await run(['rules', 'requirement-unpinned'])).out, r.out);
    assert.equal((await run(['rules', 'asr301'])).out, r.out);
  });

  it('rules NOPE is a usage error', async () => {
    const r = await run(['rules', 'NOPE']);
    assert.equal(r.code, 2);
    assert.match(r.err, /no rule 'NOPE'/);
    assert.equal(r.out, '');
  });

  it('the rule pages are found beside the bundle (dist/../docs/rules) and from the compiled sources', () => {
    assert.equal(ruleDocsDir(path.join(REPO, 'dist')), path.join(REPO, 'docs', 'rules'));
    assert.equal(ruleDocsDir(), path.join(REPO, 'docs', 'rules'));
    assert.equal(ruleDocsDir(os.tmpdir()), undefined);
  });

  it('the extension package carries the rule pages', () => {
    const ignore = readFileSync(path.join(REPO, '.vscodeignore'), 'utf8').split('\n');
    assert.ok(ignore.includes('!docs/rules/**'));
  });
});
