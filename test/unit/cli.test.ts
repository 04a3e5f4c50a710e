import { strict as assert } from 'node:assert';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync, readFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { bundledCatalog, CACHE_FILE } from '../../src/engine/knowledge/runtime/feed';
import { main } from '../../src/cli/main';
import { CATALOG_FILE, UNIT_SRC } from './helpers';

const WORKSPACE = path.join(UNIT_SRC, 'fixtures/cli-workspace');
const ESC = '\u001b[';

interface Run {
  code: number;
  out: string;
  err: string;
}

describe('astro-sr CLI', () => {
  let cacheHome: string;
  beforeEach(() => {
    cacheHome = mkdtempSync(path.join(os.tmpdir(), 'asr-cli-'));
  });
  afterEach(() => rmSync(cacheHome, { recursive: true, force: true }));

  async function run(args: string[], opts: { isTty?: boolean; env?: NodeJS.ProcessEnv } = {}): Promise<Run> {
    const out: string[] = [];
    const err: string[] = [];
    const code = await main(args, {
      out: (s) => out.push(s),
      err: (s) => err.push(s),
      isTty: opts.isTty ?? false,
      // Advisory and PyPI lookups go to a closed port on 127.0.0.1, never to the internet.
      env: { XDG_CACHE_HOME: cacheHome, ASTRO_SR_OSV_URL: 'http://127.0.0.1:9', ASTRO_SR_PYPI_URL: 'http://127.0.0.1:9', ...opts.env },
    });
    return { code, out: out.join('\n'), err: err.join('\n') };
  }

  /** `check` on a folder with the test catalog and date. */
  const check = (target: string, ...more: string[]) => run(['check', target, '--catalog', CATALOG_FILE, '--today', '2026-03-01', ...more]);

  describe('exit codes', () => {
    it('1 when a finding is at or above --fail-on (default error), 0 otherwise', async () => {
      assert.equal((await check(WORKSPACE)).code, 1);
      assert.equal((await check(WORKSPACE, '--fail-on', 'none')).code, 0);
      const warningOnly = path.join(WORKSPACE, 'analytics');
      assert.equal((await check(warningOnly)).code, 0);
      assert.equal((await check(warningOnly, '--fail-on', 'error')).code, 0);
      assert.equal((await check(warningOnly, '--fail-on', 'warning')).code, 1);
      const infoOnly = path.join(WORKSPACE, 'platform');
      assert.equal((await check(infoOnly, '--fail-on', 'warning')).code, 0);
      assert.equal((await check(infoOnly, '--fail-on', 'info')).code, 1);
      assert.equal((await check(path.join(WORKSPACE, 'tools'), '--fail-on', 'info')).code, 0);
    });

    it('--rule changes severities and what fails the build', async () => {
      assert.equal((await check(WORKSPACE, '--rule', 'ASR102=warning')).code, 0);
      assert.equal((await check(WORKSPACE, '--rule', 'runtime-end-of-support=off', '--rule', 'ASR101=off', '--fail-on', 'warning')).code, 0);
      const r = await check(WORKSPACE, '--rule', 'ASR102=off', '--format', 'json');
      assert.deepEqual(
        JSON.parse(r.out).findings.map((f: { ruleId: string }) => f.ruleId),
        ['ASR101', 'ASR107', 'ASR101'],
      );
    });

    const usage: [string, string[], RegExp][] = [
      ['no command', [], /a command is needed/],
      ['unknown command', ['lint'], /unknown command 'lint'/],
      ['unknown option', ['check', '--bogus'], /bogus/],
      ['bad --format', ['check', '--format', 'xml'], /--format must be text, json, sarif or github/],
      ['bad --fail-on', ['check', '--fail-on', 'fatal'], /--fail-on must be error, warning, info or none/],
      ['bad --today (not a date)', ['check', '--today', 'yesterday'], /--today must be a date written YYYY-MM-DD/],
      ['bad --today (month 13)', ['check', '--today', '2026-13-01'], /--today must be a date written YYYY-MM-DD/],
      ['bad --today (30 February)', ['check', '--today', '2026-02-30'], /--today must be a date written YYYY-MM-DD/],
      ['bad --warning-days (fraction)', ['check', '--warning-days', '1.5'], /--warning-days must be a whole number of days/],
      ['bad --warning-days (negative)', ['check', '--warning-days=-1'], /--warning-days must be a whole number of days/],
      ['bad --rule', ['check', '--rule', 'ASR999=off'], /--rule takes ID=/],
    ];
    for (const [name, args, message] of usage) {
      it(`2 for a usage error: ${name}`, async () => {
        const r = await run([...args, '--offline']);
        assert.equal(r.code, 2);
        assert.equal(r.out, '');
        assert.match(r.err, message);
        assert.match(r.err, /^astro-sr: /);
      });
    }

    it('2 for a PATH that cannot be read, alone or among others', async () => {
      const missing = path.join(cacheHome, 'no-such-folder');
      const r = await run(['check', missing, '--offline']);
      assert.equal(r.code, 2);
      assert.equal(r.err, `astro-sr: cannot read the folder ${missing}`);
      assert.equal(r.out, '');
      const among = await run(['check', WORKSPACE, missing, '--offline']);
      assert.equal(among.code, 2);
      assert.equal(among.err, `astro-sr: cannot read the folder ${missing}`);
      assert.equal(among.out, '');
    });

    it('2 for a --catalog file that cannot be read', async () => {
      const r = await run(['check', WORKSPACE, '--catalog', path.join(cacheHome, 'missing.json')]);
      assert.equal(r.code, 2);
      assert.match(r.err, /^astro-sr: cannot read the catalog /);
    });

    it('0 for --help, --version and rules', async () => {
      const help = await run(['--help']);
      assert.equal(help.code, 0);
      assert.match(help.out, /^Usage: astro-sr check \[PATH\.\.\.\] \[options\]/);
      const version = await run(['--version']);
      assert.equal(version.code, 0);
      assert.match(version.out, /^\d+\.\d+\.\d+/);
      const rules = await run(['rules']);
      assert.equal(rules.code, 0);
      for (const id of ['ASR101', 'ASR102', 'ASR103', 'ASR104', 'ASR105', 'ASR106', 'ASR107']) assert.match(rules.out, new RegExp(`^${id}  `, 'm'));
    });
  });

  describe('JSON output', () => {
    it('follows the contract: relative paths with /, 1-based positions with exclusive end, catalog, projects', async () => {
      const r = await check(WORKSPACE, '--format', 'json', '--fail-on', 'none');
      assert.equal(r.code, 0);
      assert.equal(r.err, '');
      const doc = JSON.parse(r.out);
      assert.equal(doc.tool.name, 'astro-sr');
      assert.equal(typeof doc.tool.version, 'string');
      assert.deepEqual(doc.catalog, { source: 'file', asOf: '2026-02-25' });
      assert.equal(doc.today, '2026-03-01');
      assert.deepEqual(doc.projects, [
        { root: 'analytics', runtime: { image: 'quay.io/astronomer/astro-runtime', tag: '12.4.0', version: '12.4.0', airflowVersion: '2.10.3' } },
        { root: 'platform', runtime: null },
        { root: 'teams/ml', runtime: { image: 'quay.io/astronomer/astro-runtime', tag: '11.2.0-python-3.11', version: '11.2.0', airflowVersion: '2.9.2' } },
      ]);
      assert.deepEqual(doc.problems, []);
      assert.deepEqual(
        doc.findings.map((f: { ruleId: string; severity: string; file: string }) => [f.ruleId, f.severity, f.file]),
        [
          ['ASR102', 'warning', 'analytics/Dockerfile'],
          ['ASR107', 'info', 'platform/Dockerfile'],
          ['ASR102', 'error', 'teams/ml/Dockerfile'],
        ],
      );
      const ml = doc.findings[2];
      // `FROM quay.io/astronomer/astro-runtime:11.2.0-python-3.11` on the second line: 0-based 1:5–1:56
      assert.deepEqual(ml.range, { start: { line: 2, column: 6 }, end: { line: 2, column: 57 } });
      assert.equal(ml.rule, 'runtime-end-of-support');
      assert.equal(ml.responsibility, 'runtime');
      assert.deepEqual(ml.related, ['ASR101']);
      assert.match(ml.message, /^Astro Runtime 11\.2\.0 reached the end of basic support on 2025-10-31/);
      assert.deepEqual(ml.fixes, [
        {
          title: 'Upgrade to 13.2.0 (Airflow 2.11.0)',
          isPreferred: true,
          edits: [{ file: 'teams/ml/Dockerfile', range: { start: { line: 2, column: 39 }, end: { line: 2, column: 45 } }, newText: '13.2.0' }],
        },
        {
          title: 'Upgrade to 11.3.0 (Airflow 2.9.3)',
          edits: [{ file: 'teams/ml/Dockerfile', range: { start: { line: 2, column: 39 }, end: { line: 2, column: 45 } }, newText: '11.3.0' }],
        },
      ]);
      // the 1-based, end-exclusive range selects exactly the version text
      const line = readFileSync(path.join(WORKSPACE, 'teams/ml/Dockerfile'), 'utf8').split('\n')[1];
      assert.equal(line.slice(39 - 1, 45 - 1), '11.2.0');
      assert.equal(doc.findings[1].fixes.length, 0);
      assert.equal('related' in doc.findings[1], false);
    });

    it('no project: empty lists', async () => {
      const doc = JSON.parse((await check(path.join(WORKSPACE, 'tools'), '--format', 'json')).out);
      assert.deepEqual([doc.projects, doc.findings, doc.problems], [[], [], []]);
    });
  });

  describe('catalog choice', () => {
    it('--offline with no cache uses the bundled copy', async () => {
      const r = await run(['check', path.join(WORKSPACE, 'tools'), '--offline', '--format', 'json']);
      assert.equal(r.code, 0);
      assert.deepEqual(JSON.parse(r.out).catalog, { source: 'bundled', asOf: bundledCatalog().info.asOf });
    });

    it('--offline uses the cache in $XDG_CACHE_HOME/astro-sr', async () => {
      mkdirSync(path.join(cacheHome, 'astro-sr'));
      const fetchedAt = new Date(`${bundledCatalog().info.asOf}T12:00:00Z`);
      fetchedAt.setUTCDate(fetchedAt.getUTCDate() + 1);
      writeFileSync(path.join(cacheHome, 'astro-sr', CACHE_FILE), JSON.stringify({ fetchedAt: fetchedAt.toISOString(), feed: JSON.parse(readFileSync(CATALOG_FILE, 'utf8')) }));
      const r = await run(['check', path.join(WORKSPACE, 'analytics'), '--offline', '--format', 'json', '--today', '2026-03-01']);
      const doc = JSON.parse(r.out);
      assert.deepEqual(doc.catalog, { source: 'cache', asOf: fetchedAt.toISOString().slice(0, 10) });
      assert.equal(doc.projects[0].runtime.airflowVersion, '2.10.3');
    });

    it('--catalog FILE wins over the cache and never fetches', async () => {
      const r = await run(['check', path.join(WORKSPACE, 'analytics'), '--catalog', CATALOG_FILE, '--format', 'json', '--today', '2026-03-01'], {
        env: { HTTPS_PROXY: 'http://127.0.0.1:9', HTTP_PROXY: 'http://127.0.0.1:9' },
      });
      assert.equal(r.code, 0);
      assert.equal(JSON.parse(r.out).catalog.source, 'file');
    });
  });

  describe('text output', () => {
    it('groups findings by file, without ANSI colour when not a TTY', async () => {
      const r = await check(WORKSPACE);
      assert.equal(r.code, 1);
      assert.ok(!r.out.includes(ESC), 'no escape sequences');
      const lines = r.out.split('\n');
      assert.equal(lines[0], `Runtime catalog: file ${CATALOG_FILE}, as of 2026-02-25 (4 days old); judged on 2026-03-01.`);
      assert.equal(lines[1], '3 Astro projects: analytics (Runtime 12.4.0, Airflow 2.10.3), platform (not Astro Runtime), teams/ml (Runtime 11.2.0, Airflow 2.9.2)');
      const headers = lines.filter((l) => /^\S+\/Dockerfile$/.test(l));
      assert.deepEqual(headers, ['analytics/Dockerfile', 'platform/Dockerfile', 'teams/ml/Dockerfile']);
      const ml = lines.indexOf('teams/ml/Dockerfile');
      assert.match(lines[ml + 1], /^ {2}2:6 {4}error {3}Astro Runtime 11\.2\.0 reached the end of basic support .* {2}ASR102 runtime-end-of-support$/);
      assert.equal(lines[ml + 2], '         fix: Upgrade to 13.2.0 (Airflow 2.11.0)');
      assert.equal(lines[lines.length - 1], '3 findings: 1 error, 1 warning, 1 info.');
    });

    it('colours on a TTY, unless --no-color or NO_COLOR', async () => {
      const args = ['check', WORKSPACE, '--catalog', CATALOG_FILE, '--today', '2026-03-01'];
      assert.ok((await run(args, { isTty: true })).out.includes(`${ESC}31merror`));
      assert.ok(!(await run([...args, '--no-color'], { isTty: true })).out.includes(ESC));
      assert.ok(!(await run(args, { isTty: true, env: { NO_COLOR: '1' } })).out.includes(ESC));
    });

    it('says so when there is no project or no finding', async () => {
      const none = await check(path.join(WORKSPACE, 'tools'));
      assert.match(none.out, /^No Astro project found/m);
      assert.match(none.out, /No findings\.$/);
    });
  });
});
