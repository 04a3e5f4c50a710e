import { strict as assert } from 'node:assert';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type * as Sarif from 'sarif';
import { main } from '../../../src/cli/main';
import { RULES } from '../../../src/engine/rules';
import { CATALOG_FILE } from '../helpers';

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
    log = JSON.parse(text) as Sarif.Log;
    codeFailOnWarning = await main(['check', root, '--format', 'sarif', '--catalog', CATALOG_FILE, '--today', '2026-03-01', '--offline', '--rule', 'ASR202=warning', '--fail-on', 'warning'], {
      out: () => undefined,
      err: () => undefined,
      isTty: false,
      env: { XDG_CACHE_HOME: path.join(dir, 'cache') },
    });
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
    assert.deepEqual(asr205.properties, { tags: ['secrets', 'security'], 'security-severity': '6.0' });
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
