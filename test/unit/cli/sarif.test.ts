import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type * as Sarif from 'sarif';
import { main } from '../../../src/cli/main';
import { FINGERPRINT_KEY, MAX_RESULTS, toSarif } from '../../../src/cli/sarif';
import { RULES } from '../../../src/engine/rules';
import { CATALOG_FILE, UNIT_SRC } from '../helpers';
import { finding, reportOf } from './reports';
import { assertValidSarif, REPO_ROOT } from './sarifSchema';

const PASSWORD = 'Vq7-mZ2rK9xLw4pT';
const TOKEN = 'ghp_' + 'T4kq9ZLm2Xw8RbN5vC7pJ3dY6hF1sG0aQeUi';

/** A project with an old Runtime, a password in a DAG, a token in a JSON config, no .dockerignore, and a broken airflow_settings.yaml. */
function writeProject(root: string): void {
  const files: Record<string, string> = {
    Dockerfile: 'FROM quay.io/astronomer/astro-runtime:12.4.0\n',
    '.gitignore': '.env\nairflow_settings.yaml\n',
    '.env': `SNOWFLAKE_PASSWORD=${PASSWORD}\n`,
    // `*PLACEHOLDER*` reads as a YAML alias: the file does not parse (and is scanned line by line).
    'airflow_settings.yaml': 'airflow:\n  connections:\n    - conn_id: warehouse\n      conn_password: *PLACEHOLDER*\n',
    'dags/etl.py': `import os\n\nDB_PASSWORD = "${PASSWORD}"\n`,
    'include/my config.json': `{"github": {"token": "${TOKEN}"}}\n`,
  };
  for (const [rel, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
    writeFileSync(path.join(root, rel), text);
  }
}

describe('astro-sr check --format sarif', () => {
  let dir: string;
  let root: string;
  let log: Sarif.Log;
  let text: string;
  let code: number;
  let codeFailOnWarning: number;

  before(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'asr-sarif-'));
    root = path.join(dir, 'project');
    writeProject(root);
    const out: string[] = [];
    // The password in .env is an error by default (the image would copy it); lowered here so that only warnings remain.
    code = await main(['check', root, '--format', 'sarif', '--catalog', CATALOG_FILE, '--today', '2026-03-01', '--offline', '--rule', 'ASR202=warning'], {
      out: (s) => out.push(s),
      err: () => undefined,
      isTty: false,
      env: { XDG_CACHE_HOME: path.join(dir, 'cache') },
    });
    text = out.join('\n');
    log = assertValidSarif(text);
    const again: string[] = [];
    codeFailOnWarning = await main(['check', root, '--format', 'sarif', '--catalog', CATALOG_FILE, '--today', '2026-03-01', '--offline', '--rule', 'ASR202=warning', '--fail-on', 'warning'], {
      out: (s) => again.push(s),
      err: () => undefined,
      isTty: false,
      env: { XDG_CACHE_HOME: path.join(dir, 'cache') },
    });
    assertValidSarif(again.join('\n'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('is one SARIF 2.1.0 run of astro-sr that lists every rule with its docs and default level; the exit code still follows --fail-on', () => {
    assert.equal(log.version, '2.1.0');
    assert.equal(log.$schema, 'https://json.schemastore.org/sarif-2.1.0.json');
    assert.equal(log.runs.length, 1);
    const driver = log.runs[0].tool.driver;
    assert.equal(driver.name, 'astro-sr');
    assert.deepEqual(driver.rules?.map((r) => r.id), RULES.map((r) => r.id));
    const asr205 = driver.rules!.find((r) => r.id === 'ASR205')!;
    assert.equal(asr205.name, 'secret-in-python');
    assert.match(asr205.helpUri!, /docs\/rules\/ASR205\.md$/);
    assert.deepEqual(asr205.defaultConfiguration, { enabled: true, level: 'warning' });
    assert.deepEqual(asr205.properties, { tags: ['secrets', 'security'], precision: 'high', 'security-severity': '6.0' });
    const asr308 = RULES.find((r) => r.id === 'ASR308')!;
    assert.deepEqual(driver.rules!.find((r) => r.id === 'ASR308')!.defaultConfiguration, { enabled: false, level: asr308.defaultSeverity === 'warning' ? 'warning' : 'note' });
    const levels = new Set(log.runs[0].results!.map((r) => r.level));
    assert.deepEqual([levels.has('error'), levels.has('warning')], [false, true]);
    assert.equal(code, 0, 'warnings only: exit 0 with the default --fail-on error');
    assert.equal(codeFailOnWarning, 1, 'exit 1 with --fail-on warning');
  });

  it('locates results relative to the checked folder, 1-based with an exclusive end column', () => {
    const run = log.runs[0];
    assert.equal(run.originalUriBaseIds?.SRCROOT.uri, `${pathToFileURL(root).href}/`);
    const byRule = (id: string) => run.results!.filter((r) => r.ruleId === id);
    const [py] = byRule('ASR205');
    assert.equal(py.level, 'warning');
    assert.deepEqual(py.locations![0].physicalLocation!.artifactLocation, { uri: 'dags/etl.py', uriBaseId: 'SRCROOT' });
    assert.deepEqual(py.locations![0].physicalLocation!.region, { startLine: 3, startColumn: 16, endLine: 3, endColumn: 16 + PASSWORD.length });
    assert.equal(run.tool.driver.rules![py.ruleIndex!].id, 'ASR205');
    const [json] = byRule('ASR210');
    assert.equal(json.locations![0].physicalLocation!.artifactLocation!.uri, 'include/my%20config.json');
    const [image] = byRule('ASR102');
    assert.equal(image.level, image.properties!.severity === 'error' ? 'error' : 'warning');
    assert.deepEqual(image.locations![0].physicalLocation!.region, { startLine: 1, startColumn: 6, endLine: 1, endColumn: 45 });
  });

  it('carries the quick fixes as replacements: the Runtime upgrade, the os.environ rewrite, the new .dockerignore', () => {
    const results = log.runs[0].results!;
    const upgrade = results.find((r) => r.ruleId === 'ASR102')!.fixes![0];
    assert.match(upgrade.description!.text!, /^Upgrade to /);
    const [change] = upgrade.artifactChanges;
    assert.equal(change.artifactLocation.uri, 'Dockerfile');
    assert.deepEqual(change.replacements[0].deletedRegion, { startLine: 1, startColumn: 39, endLine: 1, endColumn: 45 });
    const environ = results.find((r) => r.ruleId === 'ASR205')!.fixes![0];
    assert.equal(environ.artifactChanges[0].replacements[0].insertedContent!.text, 'os.environ["DB_PASSWORD"]');
    const ignore = results.find((r) => r.ruleId === 'ASR208' && r.fixes?.some((f) => f.artifactChanges[0].artifactLocation.uri === '.dockerignore'));
    assert.ok(ignore, 'a fix that writes .dockerignore');
  });

  it('never holds a secret, not even five characters of one', () => {
    for (const value of [PASSWORD, TOKEN]) {
      for (let k = 0; k + 5 <= value.length; k++) assert.ok(!text.includes(value.slice(k, k + 5)), `SARIF shows ${value.slice(k, k + 5)}…`);
    }
  });

  it('reports what could not be read as a tool notification, with its file', () => {
    const notes = log.runs[0].invocations![0].toolExecutionNotifications!;
    const broken = notes.find((n) => n.locations?.[0].physicalLocation?.artifactLocation?.uri === 'airflow_settings.yaml');
    assert.ok(broken, JSON.stringify(notes));
    assert.equal(broken.level, 'warning');
    assert.equal(log.runs[0].invocations![0].executionSuccessful, true);
  });
});

/** Every artifactLocation in a log, wherever it is (results, fixes, notifications). */
function artifactLocations(node: unknown, found: Sarif.ArtifactLocation[] = []): Sarif.ArtifactLocation[] {
  if (Array.isArray(node)) for (const x of node) artifactLocations(x, found);
  else if (node && typeof node === 'object') {
    for (const [k, v] of Object.entries(node)) {
      if (k === 'artifactLocation') found.push(v as Sarif.ArtifactLocation);
      else artifactLocations(v, found);
    }
  }
  return found;
}

/** What GitHub's "SARIF support for code scanning" asks of an upload, checked on the SARIF of a real check. */
describe('astro-sr check --format sarif, as GitHub code scanning expects it', () => {
  let dir: string;
  let root: string;
  let log: Sarif.Log;
  let rules: Sarif.ReportingDescriptor[];

  before(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'asr-sarif-gh-'));
    root = path.join(dir, 'project');
    writeProject(root);
    const out: string[] = [];
    await main(['check', root, '--format', 'sarif', '--catalog', CATALOG_FILE, '--today', '2026-03-01', '--offline', '--fail-on', 'none'], {
      out: (s) => out.push(s),
      err: () => undefined,
      isTty: false,
      env: { XDG_CACHE_HOME: path.join(dir, 'cache') },
    });
    log = assertValidSarif(out.join('\n'));
    rules = log.runs[0].tool.driver.rules!;
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('gives every rule a name, short and full descriptions within GitHub\'s limits, and help as text and as Markdown that links the rule\'s page', () => {
    assert.equal(rules.length, RULES.length);
    for (const r of rules) {
      assert.ok(r.name && r.name.length <= 255, r.id);
      for (const d of [r.shortDescription, r.fullDescription]) assert.ok(d?.text && d.text.length <= 1024, `${r.id}: ${JSON.stringify(d)}`);
      assert.ok(r.help?.text, `${r.id} help.text`);
      assert.ok(r.help?.markdown?.includes(`](${r.helpUri})`), `${r.id} help.markdown: ${r.help?.markdown}`);
      assert.ok(['note', 'warning', 'error'].includes(r.defaultConfiguration!.level!), r.id);
    }
    const asr401 = rules.find((r) => r.id === 'ASR401')!;
    assert.ok(asr401.fullDescription!.text.startsWith(RULES.find((r) => r.id === 'ASR401')!.summary));
  });

  it('marks the security rules with the tag `security` and a security-severity GitHub scores, the others with problem.severity', () => {
    for (const r of rules) {
      const props = r.properties!;
      const security = (props.tags as string[]).includes('security');
      if (security) {
        const score = Number(props['security-severity']);
        assert.ok(typeof props['security-severity'] === 'string' && score > 0 && score <= 10, `${r.id}: ${props['security-severity']}`);
        assert.equal(props['problem.severity'], undefined, r.id);
      } else {
        assert.equal(props['security-severity'], undefined, `${r.id} is not tagged security but has a security-severity`);
        assert.ok(['error', 'warning', 'recommendation'].includes(props['problem.severity'] as string), r.id);
      }
    }
    const props = (id: string) => rules.find((r) => r.id === id)!.properties!;
    assert.equal(props('ASR206')['security-severity'], '8.0', 'a committed private key is a high alert');
    for (const id of ['ASR201', 'ASR207', 'ASR304', 'ASR306', 'ASR401', 'ASR501']) assert.ok((props(id).tags as string[]).includes('security'), id);
    assert.equal(props('ASR102')['problem.severity'], 'error');
    assert.equal(props('ASR308')['problem.severity'], 'recommendation');
  });

  it('tags each rule with its responsibility, with at most 10 distinct tags (GitHub shows 10)', () => {
    for (const r of rules) {
      const tags = r.properties!.tags as string[];
      assert.equal(tags[0], RULES[rules.indexOf(r)].responsibility, r.id);
      assert.ok(tags.length >= 1 && tags.length <= 10 && new Set(tags).size === tags.length, `${r.id}: ${tags}`);
    }
  });

  it('gives every rule a precision GitHub knows', () => {
    for (const r of rules) assert.ok(['very-high', 'high', 'medium', 'low'].includes(r.properties!.precision as string), `${r.id}: ${r.properties!.precision}`);
    assert.equal(rules.find((r) => r.id === 'ASR102')!.properties!.precision, 'very-high');
  });

  it('writes every path as a relative URI with uriBaseId SRCROOT, which originalUriBaseIds makes an absolute file: URI of an existing file', () => {
    const run = log.runs[0];
    const base = run.originalUriBaseIds!.SRCROOT.uri!;
    assert.match(base, /^file:\/\/.*\/$/);
    const locations = artifactLocations(run);
    assert.ok(locations.length > run.results!.length, 'results, fixes and notifications');
    for (const a of locations) {
      assert.equal(a.uriBaseId, 'SRCROOT', JSON.stringify(a));
      assert.ok(!/^[a-z][a-z0-9+.-]*:/i.test(a.uri!) && !a.uri!.startsWith('/'), `not relative: ${a.uri}`);
    }
    for (const r of run.results!) assert.ok(existsSync(new URL(r.locations![0].physicalLocation!.artifactLocation!.uri!, base)), r.locations![0].physicalLocation!.artifactLocation!.uri);
  });

  it('stays within GitHub\'s limits on a run: one run, one location per result, every region with its four numbers', () => {
    assert.equal(log.runs.length, 1);
    for (const r of log.runs[0].results!) {
      assert.equal(r.locations!.length, 1);
      const region = r.locations![0].physicalLocation!.region!;
      for (const n of [region.startLine, region.startColumn, region.endLine, region.endColumn]) assert.ok(Number.isInteger(n) && n! >= 1, JSON.stringify(region));
      assert.ok(r.message.text!.length > 0);
    }
  });
});

describe('toSarif for code scanning (reports made by hand)', () => {
  const HASH = /^[0-9a-f]{16}:\d+$/;
  const fp = (c: string) => c.repeat(64);

  it('carries one primaryLocationLineHash in GitHub\'s form and our own fingerprint key; identical fingerprints in a file count up, and moving a finding keeps them', () => {
    const findings = [
      finding(3, { fingerprint: fp('a') }),
      finding(9, { fingerprint: fp('a') }),
      finding(3, { fingerprint: fp('a'), file: 'dags/other.py' }),
      finding(5, { fingerprint: fp('b') }),
      finding(7, { fingerprint: 'not-hex' }),
      finding(8),
    ];
    const results = assertValidSarif(toSarif(reportOf(findings), '/work/repo', '/work/repo')).runs[0].results!;
    for (const r of results.slice(0, 5)) {
      const keys = Object.keys(r.partialFingerprints!);
      assert.deepEqual(keys.filter((k) => k.startsWith('primaryLocationLineHash')), ['primaryLocationLineHash'], JSON.stringify(r.partialFingerprints));
      assert.match(r.partialFingerprints!.primaryLocationLineHash, HASH);
    }
    assert.deepEqual(
      results.map((r) => r.partialFingerprints?.primaryLocationLineHash),
      [`${'a'.repeat(16)}:1`, `${'a'.repeat(16)}:2`, `${'a'.repeat(16)}:1`, `${'b'.repeat(16)}:1`, results[4].partialFingerprints!.primaryLocationLineHash, undefined],
    );
    assert.notEqual(results[4].partialFingerprints!.primaryLocationLineHash.slice(0, 16), 'not-hex');
    assert.equal(results[0].partialFingerprints![FINGERPRINT_KEY], fp('a'));
    assert.equal(results[4].partialFingerprints![FINGERPRINT_KEY], 'not-hex');
    assert.equal(results[5].partialFingerprints, undefined, 'no fingerprint yet: none invented from the line');

    const moved = assertValidSarif(toSarif(reportOf([finding(30, { fingerprint: fp('a') })]), '/work/repo', '/work/repo')).runs[0].results![0];
    assert.equal(moved.partialFingerprints!.primaryLocationLineHash, results[0].partialFingerprints!.primaryLocationLineHash);
  });

  it(`keeps the ${MAX_RESULTS} most severe findings when there are more, and says how many were left out`, () => {
    const findings = [finding(1, { severity: 'hint' }), ...Array.from({ length: MAX_RESULTS }, (_, i) => finding(i + 2))];
    const run = assertValidSarif(toSarif(reportOf(findings), '/work/repo', '/work/repo')).runs[0];
    assert.equal(run.results!.length, MAX_RESULTS);
    assert.ok(run.results!.every((r) => r.level === 'warning'), 'the hint is the one left out');
    assert.equal(run.results![0].locations![0].physicalLocation!.region!.startLine, 2);
    const note = run.invocations![0].toolExecutionNotifications!.find((n) => n.message.text!.includes('left out'));
    assert.match(note!.message.text!, /^1 finding of lower severity left out: GitHub code scanning accepts at most 25000 results/);
    const under = assertValidSarif(toSarif(reportOf(findings.slice(0, MAX_RESULTS)), '/work/repo', '/work/repo')).runs[0];
    assert.equal(under.results!.length, MAX_RESULTS);
    assert.ok(!under.invocations![0].toolExecutionNotifications!.some((n) => n.message.text!.includes('left out')));
  });

  it('puts the sub-folder a check was run on in front of every path, relative to the repository root (the workspace)', () => {
    const ws = mkdtempSync(path.join(os.tmpdir(), 'asr-sarif-ws-'));
    try {
      const sub = path.join(ws, 'services', 'air flow');
      mkdirSync(sub, { recursive: true });
      const report = reportOf(
        [finding(3, { fixes: [{ title: 'Add a .dockerignore', edits: [{ file: '.dockerignore', range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, newText: '.env\n', createFile: true }] }] })],
        [{ file: 'airflow_settings.yaml', message: 'not YAML' }],
      );
      const run = assertValidSarif(toSarif(report, sub, ws)).runs[0];
      assert.equal(run.originalUriBaseIds!.SRCROOT.uri, `${pathToFileURL(ws).href}/`);
      assert.deepEqual(artifactLocations(run).map((a) => a.uri), ['services/air%20flow/dags/etl.py', 'services/air%20flow/.dockerignore', 'services/air%20flow/airflow_settings.yaml']);
      // A folder outside the workspace keeps paths relative to itself.
      const outside = assertValidSarif(toSarif(report, sub, path.join(ws, 'elsewhere'))).runs[0];
      assert.equal(outside.originalUriBaseIds!.SRCROOT.uri, `${pathToFileURL(sub).href}/`);
      assert.equal(outside.results![0].locations![0].physicalLocation!.artifactLocation!.uri, 'dags/etl.py');
    } finally {
      rmSync(ws, { recursive: true, force: true });
    }
  });

  it('names the tool\'s version as version and semanticVersion', () => {
    const driver = assertValidSarif(toSarif(reportOf([]), '/work/repo', '/work/repo')).runs[0].tool.driver;
    assert.deepEqual([driver.version, driver.semanticVersion], ['1.2.3', '1.2.3']);
  });
});

describe('the built CLI: astro-sr check examples --offline --format sarif', () => {
  const CLI = path.join(REPO_ROOT, 'dist/cli.js');
  let log: Sarif.Log;
  let cache: string;

  before(function () {
    assert.ok(existsSync(CLI), `${CLI} is missing: run npm run build first`);
    cache = mkdtempSync(path.join(os.tmpdir(), 'asr-sarif-cli-'));
    // Run from the repository root, as a workflow step runs in the workspace.
    const env: NodeJS.ProcessEnv = { ...process.env, XDG_CACHE_HOME: cache };
    delete env.GITHUB_WORKSPACE;
    const r = spawnSync(process.execPath, [CLI, 'check', 'examples', '--offline', '--format', 'sarif', '--fail-on', 'none'], { cwd: REPO_ROOT, env, encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    log = assertValidSarif(r.stdout);
  });
  after(() => rmSync(cache, { recursive: true, force: true }));

  it('validates against the schema and names the version in package.json', () => {
    const { version } = JSON.parse(readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as { version: string };
    const driver = log.runs[0].tool.driver;
    assert.deepEqual([driver.name, driver.version, driver.semanticVersion], ['astro-sr', version, version]);
  });

  it('locates results relative to the repository root, under examples/, at files that exist', () => {
    const run = log.runs[0];
    assert.equal(run.originalUriBaseIds!.SRCROOT.uri, `${pathToFileURL(REPO_ROOT).href}/`);
    assert.ok(run.results!.length > 0);
    for (const r of run.results!) {
      const uri = r.locations![0].physicalLocation!.artifactLocation!.uri!;
      assert.match(uri, /^examples\//);
      assert.ok(existsSync(path.join(REPO_ROOT, decodeURIComponent(uri))), uri);
    }
  });
});

describe('the unit tests that produce SARIF', () => {
  it('all validate it against the SARIF 2.1.0 schema (assertValidSarif)', () => {
    const produces = /['"`]--format['"`],\s*['"`]sarif['"`]|--format[ =]sarif|\btoSarif\(/;
    const files: string[] = [];
    const walk = (dir: string) => {
      for (const e of readdirSync(dir, { withFileTypes: true })) {
        if (e.isDirectory() && e.name !== 'fixtures') walk(path.join(dir, e.name));
        else if (e.name.endsWith('.ts')) files.push(path.join(dir, e.name));
      }
    };
    walk(UNIT_SRC);
    const producers = files.filter((f) => produces.test(readFileSync(f, 'utf8')));
    assert.ok(producers.some((f) => f.endsWith('sarif.test.ts')), 'this file is among them');
    const unchecked = producers.filter((f) => !readFileSync(f, 'utf8').includes('assertValidSarif('));
    assert.deepEqual(unchecked.map((f) => path.relative(UNIT_SRC, f)), []);
  });
});
