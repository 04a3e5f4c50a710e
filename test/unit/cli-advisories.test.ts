import { strict as assert } from 'node:assert';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { toText, type Report } from '../../src/cli/format';
import { main } from '../../src/cli/main';
import { INTEL_CACHE_FILE } from '../../src/engine/knowledge/packages/gather';
import { findProjects } from '../../src/engine/project/find';
import { NodeFs } from '../../src/engine/fs/nodeFs';
import { packageQueries } from '../../src/engine/analysis/requirements/queries';
import { CATALOG_FILE, testCatalog, UNIT_SRC } from './helpers';
import { deadBase, serveIntel } from './packages/intelServer';

const WORKSPACE = path.join(UNIT_SRC, 'fixtures/cli-workspace');
const VULNERABLE = path.join(UNIT_SRC, 'fixtures/cli-vulnerable');
const SKIPPED_OFFLINE = 'Vulnerability checks (ASR306) skipped: --offline (OSV advisories need the network).';

describe('astro-sr CLI: vulnerability checks (ASR306)', () => {
  let cacheHome: string;
  let dead: string;
  before(async () => {
    dead = await deadBase();
  });
  beforeEach(() => {
    cacheHome = mkdtempSync(path.join(os.tmpdir(), 'asr-cli-'));
  });
  afterEach(() => rmSync(cacheHome, { recursive: true, force: true }));

  async function run(args: string[], env: NodeJS.ProcessEnv = {}) {
    const out: string[] = [];
    const err: string[] = [];
    const code = await main(['check', ...args, '--catalog', CATALOG_FILE, '--today', '2026-03-01'], {
      out: (s) => out.push(s),
      err: (s) => err.push(s),
      isTty: false,
      env: { XDG_CACHE_HOME: cacheHome, ASTRO_SR_OSV_URL: dead, ASTRO_SR_PYPI_URL: dead, ...env },
    });
    return { code, out: out.join('\n'), err: err.join('\n') };
  }

  it('--offline: the text says the checks were skipped and why; JSON says "offline"', async () => {
    const text = await run([WORKSPACE, '--offline', '--fail-on', 'none']);
    assert.equal(text.out.split('\n')[1], SKIPPED_OFFLINE);
    const json = JSON.parse((await run([WORKSPACE, '--offline', '--format', 'json'])).out);
    assert.deepEqual(json.advisories, { status: 'offline' });
    assert.deepEqual(Object.keys(json), ['tool', 'catalog', 'today', 'advisories', 'projects', 'findings', 'problems']);
  });

  it('--offline with ASR306 turned off: no word about it', async () => {
    const r = await run([WORKSPACE, '--offline', '--rule', 'ASR306=off', '--fail-on', 'none']);
    assert.ok(!r.out.includes('ASR306'), r.out);
  });

  it('online with nothing to look up: "online", no request, no skipped line', async () => {
    const r = await run([WORKSPACE, '--fail-on', 'none']);
    assert.ok(!r.out.includes('Vulnerability checks'), r.out);
    assert.deepEqual(JSON.parse((await run([WORKSPACE, '--format', 'json'])).out).advisories, { status: 'online' });
  });

  it('the text names why the checks were skipped when OSV could not be reached', () => {
    const report: Report = {
      version: '0.0.0',
      catalog: testCatalog(),
      today: '2026-03-01',
      result: { projects: [], findings: [], problems: [], intel: 'unavailable' },
      notes: [],
      advisories: { status: 'unavailable', reason: 'could not query OSV at https://api.osv.dev: timed out after 5000 ms' },
    };
    assert.equal(toText(report, false).split('\n')[1], 'Vulnerability checks (ASR306) skipped: could not query OSV at https://api.osv.dev: timed out after 5000 ms.');
    assert.ok(!toText({ ...report, vulnerabilityRuleOn: false }, false).includes('ASR306'));
  });

  describe('a project with pinned requirements', function () {
    it('reads the pinned requirements as queries', async () => {
      const { projects } = await findProjects(new NodeFs(VULNERABLE));
      assert.deepEqual(projects.flatMap(packageQueries).map((q) => `${q.name}==${q.version}`), ['requests==2.19.0', 'urllib3==2.2.1', 'pendulum==3.0.0']);
    });

    it('online: ASR306 findings from the OSV stand-in, "online" in JSON, and a cache in $XDG_CACHE_HOME/astro-sr', async () => {
      const server = await serveIntel();
      try {
        const env = { ASTRO_SR_OSV_URL: server.osvUrl, ASTRO_SR_PYPI_URL: server.pypiUrl };
        const r = await run([VULNERABLE, '--format', 'json'], env);
        assert.equal(r.code, 1);
        const doc = JSON.parse(r.out);
        assert.deepEqual(doc.advisories, { status: 'online' });
        const vulns = doc.findings.filter((f: { ruleId: string }) => f.ruleId === 'ASR306');
        assert.deepEqual(
          vulns.map((f: { severity: string; file: string; range: { start: { line: number } } }) => [f.severity, f.file, f.range.start.line]),
          [
            ['error', 'etl/requirements.txt', 1],
            ['warning', 'etl/requirements.txt', 2],
          ],
        );
        assert.equal(vulns[0].fixes[0].edits[0].newText, '2.32.4');
        assert.ok(existsSync(path.join(cacheHome, 'astro-sr', INTEL_CACHE_FILE)));
        // a second run is answered by the cache: no request
        server.requests.length = 0;
        const text = await run([VULNERABLE, '--fail-on', 'none'], env);
        assert.equal(server.requests.length, 0);
        assert.match(text.out, /requests 2\.19\.0 has 4 known vulnerabilities: .* {2}ASR306 requirement-vulnerable$/m);
        assert.ok(!text.out.includes('skipped'));
      } finally {
        await server.close();
      }
    });

    it('OSV unreachable: no ASR306 finding, status "unavailable", and the text says why', async () => {
      const r = await run([VULNERABLE, '--fail-on', 'none']);
      assert.match(r.out.split('\n')[1], /^Vulnerability checks \(ASR306\) skipped: could not query OSV at http:\/\/127\.0\.0\.1:\d+: /);
      assert.ok(!r.out.includes('ASR306 requirement-vulnerable'));
      assert.deepEqual(JSON.parse((await run([VULNERABLE, '--format', 'json'])).out).advisories, { status: 'unavailable' });
    });

    it('--offline: no request, no ASR306 finding', async () => {
      const server = await serveIntel();
      try {
        const r = await run([VULNERABLE, '--offline', '--fail-on', 'none'], { ASTRO_SR_OSV_URL: server.osvUrl, ASTRO_SR_PYPI_URL: server.pypiUrl });
        assert.equal(server.requests.length, 0);
        assert.equal(r.out.split('\n')[1], SKIPPED_OFFLINE);
        assert.ok(!r.out.includes('ASR306 requirement-vulnerable'));
      } finally {
        await server.close();
      }
    });
  });

  it('--pin-operator: the ASR301 fix pins the newest PyPI version with the chosen operator', async () => {
    const server = await serveIntel();
    try {
      const env = { ASTRO_SR_OSV_URL: server.osvUrl, ASTRO_SR_PYPI_URL: server.pypiUrl };
      const fixOf = async (args: string[]) => {
        const doc = JSON.parse((await run([path.join(UNIT_SRC, 'fixtures/cli-pin'), '--format', 'json', ...args], env)).out);
        const f = doc.findings.find((x: { ruleId: string }) => x.ruleId === 'ASR301');
        return f.fixes[0].edits[0].newText;
      };
      assert.match(await fixOf([]), /^jinja2==3\.1\.6$|^==3\.1\.6$/);
      assert.match(await fixOf(['--pin-operator', '~=']), /~=3\.1\.6$/);
    } finally {
      await server.close();
    }
  });
});
