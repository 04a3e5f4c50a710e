import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parse } from 'yaml';
import { REPO, repoCli } from './packed';

interface ActionYaml {
  inputs: Record<string, { default?: string }>;
  outputs: Record<string, { value: string }>;
  runs: { using: string; steps: { id?: string; run: string; shell: string; env?: Record<string, string> }[] };
}

const ACTION: ActionYaml = parse(readFileSync(path.join(REPO, 'action.yml'), 'utf8'));
const CHECK_STEP = ACTION.runs.steps.find((s) => s.id === 'check')!;

/** What a step of the Action left: its exit code, log, outputs (the Action's, resolved as GitHub does), summary and SARIF. */
interface ActionRun {
  status: number | null;
  log: string;
  outputs: Record<string, string>;
  summary: string;
  sarif?: { runs: { results: { ruleId: string; locations: { physicalLocation: { artifactLocation: { uri: string } } }[] }[] }[] };
}

/** `${{ inputs.NAME }}` and `${{ steps.ID.outputs.NAME }}`, the only expressions action.yml uses. */
function expand(text: string, scope: { inputs: Record<string, string>; outputs?: Record<string, string> }): string {
  return text.replace(/\$\{\{\s*(inputs|steps\.check\.outputs)\.([\w-]+)\s*\}\}/g, (_, where: string, name: string) => (where === 'inputs' ? scope.inputs[name] : scope.outputs?.[name]) ?? '');
}

/** `name=value` lines of a GITHUB_OUTPUT file. */
function readOutputs(file: string): Record<string, string> {
  if (!existsSync(file)) return {};
  return Object.fromEntries(readFileSync(file, 'utf8').split('\n').filter(Boolean).map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]));
}

describe('the GitHub Action (action.yml, scripts/action.mjs)', function () {
  this.timeout(120_000);
  let scratch: string;
  /** A repository as actions/checkout leaves it: a copy of examples/. */
  let workspace: string;
  let runs = 0;
  before(() => {
    repoCli(); // dist/cli.js, built as the Action's first step builds it
    scratch = mkdtempSync(path.join(os.tmpdir(), 'asr-action-'));
    workspace = path.join(scratch, 'workspace');
    cpSync(path.join(REPO, 'examples'), workspace, { recursive: true });
  });
  after(() => rmSync(scratch, { recursive: true, force: true }));

  /** Runs the check step of action.yml as the runner does: its `run` in bash, its `env` with the inputs (or their defaults), GitHub's variables. */
  function runAction(given: Record<string, string>): ActionRun {
    const dir = path.join(scratch, `run-${++runs}`);
    mkdirSync(path.join(dir, 'temp'), { recursive: true });
    const inputs = Object.fromEntries(Object.entries(ACTION.inputs).map(([name, spec]) => [name, given[name] ?? spec.default ?? '']));
    const stepEnv = Object.fromEntries(Object.entries(CHECK_STEP.env ?? {}).map(([k, v]) => [k, expand(v, { inputs })]));
    const github = {
      GITHUB_ACTIONS: 'true',
      GITHUB_ACTION_PATH: REPO,
      GITHUB_WORKSPACE: workspace,
      GITHUB_OUTPUT: path.join(dir, 'output'),
      GITHUB_STEP_SUMMARY: path.join(dir, 'summary'),
      RUNNER_TEMP: path.join(dir, 'temp'),
    };
    const r = spawnSync('bash', ['-e', '-c', CHECK_STEP.run], {
      cwd: workspace,
      encoding: 'utf8',
      env: { ...process.env, ...github, ...stepEnv, XDG_CACHE_HOME: path.join(dir, 'cache'), ASTRO_SR_OSV_URL: 'http://127.0.0.1:9', ASTRO_SR_PYPI_URL: 'http://127.0.0.1:9' },
    });
    const stepOutputs = readOutputs(github.GITHUB_OUTPUT);
    const outputs = Object.fromEntries(Object.entries(ACTION.outputs).map(([name, o]) => [name, expand(o.value, { inputs, outputs: stepOutputs })]));
    const summary = existsSync(github.GITHUB_STEP_SUMMARY) ? readFileSync(github.GITHUB_STEP_SUMMARY, 'utf8') : '';
    const sarif = outputs['sarif-file'] && existsSync(outputs['sarif-file']) ? JSON.parse(readFileSync(outputs['sarif-file'], 'utf8')) : undefined;
    return { status: r.status, log: r.stdout + r.stderr, outputs, summary, sarif };
  }

  /** The findings dist/cli.js reports on the same folder. */
  function cliFindings(target: string, ...more: string[]): { ruleId: string; file: string }[] {
    const r = spawnSync(process.execPath, [repoCli(), 'check', target, '--offline', '--fail-on', 'none', '--format', 'json', ...more], { encoding: 'utf8', env: { ...process.env, XDG_CACHE_HOME: path.join(scratch, 'cli-cache') } });
    return JSON.parse(r.stdout).findings;
  }

  it('is a composite action whose check step gets every input, and whose outputs are that step’s', () => {
    assert.equal(ACTION.runs.using, 'composite');
    for (const name of ['path', 'fail-on', 'baseline', 'format', 'offline', 'sarif-file']) {
      assert.equal(CHECK_STEP.env?.[`INPUT_${name.toUpperCase().replace(/-/g, '_')}`], `\${{ inputs.${name} }}`, name);
    }
    assert.deepEqual(Object.keys(ACTION.outputs).sort(), ['findings', 'sarif-file']);
    for (const [name, o] of Object.entries(ACTION.outputs)) assert.equal(o.value, `\${{ steps.check.outputs.${name} }}`);
    // The build step builds what the check step runs.
    assert.match(ACTION.runs.steps[0].run, /npm ci .*\n\s*node scripts\/build\.mjs/);
  });

  it("the README's workflow uses the Action's inputs and outputs and uploads the SARIF even when the check fails", () => {
    const readme = readFileSync(path.join(REPO, 'README.md'), 'utf8');
    const block = [...readme.matchAll(/```yaml\n([\s\S]*?)```/g)].map((m) => m[1]).find((b) => b.includes('uses: astro-shared-responsibility/astro-shared-responsibility@'));
    assert.ok(block, 'a workflow in the README');
    const job = Object.values(parse(block).jobs as Record<string, { permissions: Record<string, string>; steps: { id?: string; uses?: string; if?: string; with?: Record<string, string> }[] }>)[0];
    assert.equal(job.permissions['security-events'], 'write');
    const check = job.steps.find((s) => s.uses?.startsWith('astro-shared-responsibility/'))!;
    assert.deepEqual(Object.keys(check.with ?? {}).filter((k) => !(k in ACTION.inputs)), []);
    const upload = job.steps.find((s) => s.uses?.startsWith('github/codeql-action/upload-sarif@'))!;
    assert.match(upload.if ?? '', /^always\(\)/);
    assert.equal(upload.with?.sarif_file, `\${{ steps.${check.id}.outputs.sarif-file }}`);
  });

  it('with fail-on none: exit 0, the SARIF file in RUNNER_TEMP, its path and the number of findings as outputs, a summary', () => {
    const run = runAction({ 'fail-on': 'none', offline: 'true' });
    assert.equal(run.status, 0, run.log);
    const expected = cliFindings(workspace);
    assert.ok(expected.length >= 5);
    assert.equal(run.outputs.findings, String(expected.length));
    assert.match(run.outputs['sarif-file'], /run-\d+\/temp\/astro-sr\.sarif$/);
    const results = run.sarif!.runs[0].results;
    assert.deepEqual(
      results.map((r) => `${r.ruleId} ${r.locations[0].physicalLocation.artifactLocation.uri}`),
      expected.map((f) => `${f.ruleId} ${f.file.split('/').map(encodeURIComponent).join('/')}`),
      'SARIF paths relative to the workspace, as code scanning needs them',
    );
    assert.match(run.summary, /^## Astro shared responsibility\n/);
    assert.match(run.summary, new RegExp(`${expected.length} findings in \`\\.\` \\(\\d+ errors?, \\d+ warnings?, \\d+ notes?\\); fail-on: none\\.`));
    assert.match(run.summary, /\| error \| ASR303 \| `analytics\/requirements\.txt:\d+` \| `apache-airflow==2\.10\.2` installs Airflow again/);
    assert.match(run.log, new RegExp(`astro-sr: ${expected.length} findings`));
  });

  it('with fail-on error (the default): exit 1 and an error in the log, the SARIF still written for the upload step', () => {
    const run = runAction({ offline: 'true' });
    assert.equal(run.status, 1, run.log);
    assert.match(run.log, /::error title=astro-sr::at least one finding at or above error/);
    assert.ok(run.sarif && run.sarif.runs[0].results.length > 0);
    assert.match(run.summary, /\*\*failed\*\*: at least one finding at or above error/);
  });

  it('fails at the threshold and not below: platform/ has warnings and no error', () => {
    assert.equal(runAction({ path: 'platform', offline: 'true' }).status, 0);
    const warning = runAction({ path: 'platform', offline: 'true', 'fail-on': 'warning' });
    assert.equal(warning.status, 1);
    assert.equal(warning.outputs.findings, String(cliFindings(path.join(workspace, 'platform')).length));
  });

  it('writes the SARIF where sarif-file says, relative to the workspace', () => {
    const run = runAction({ offline: 'true', 'fail-on': 'none', 'sarif-file': 'reports/astro-sr.sarif' });
    assert.equal(run.outputs['sarif-file'], path.join(workspace, 'reports', 'astro-sr.sarif'));
    assert.ok(run.sarif);
    rmSync(path.join(workspace, 'reports'), { recursive: true });
  });

  it('never writes a secret’s value in the summary, the outputs or the log', () => {
    const run = runAction({ offline: 'true', 'fail-on': 'none', format: 'text' });
    assert.match(run.summary, /ASR205/);
    for (const secret of ['Tq8vWm2Lr5Xz9Kp3', 'Hb4nRt7Qw2Lx9Vz']) {
      assert.ok(readFileSync(path.join(workspace, secret.startsWith('Tq') ? 'analytics/dags/export_orders.py' : 'platform/ingest/.env'), 'utf8').includes(secret), 'the secret is in the example');
      for (const text of [run.summary, run.log, JSON.stringify(run.outputs), JSON.stringify(run.sarif)]) assert.ok(!text.includes(secret.slice(4)), secret);
    }
  });

  it('exit 2 and an error for an input it does not know, with no outputs', () => {
    const bad: Record<string, string>[] = [{ 'fail-on': 'fatal' }, { offline: 'yes' }, { format: 'xml' }];
    for (const given of bad) {
      const run = runAction(given);
      assert.equal(run.status, 2, JSON.stringify(given));
      assert.match(run.log, /::error title=astro-sr::the input (fail-on|offline|format) /);
      assert.equal(run.outputs.findings, '');
    }
  });

  it('format github writes workflow annotations, paths relative to the workspace, beside the SARIF file', () => {
    const run = runAction({ offline: 'true', 'fail-on': 'none', format: 'github' });
    assert.equal(run.status, 0, run.log);
    assert.match(run.log, /^::error file=analytics\/requirements\.txt,line=\d+,col=1,endLine=\d+,endColumn=\d+,title=ASR303::`apache-airflow==2\.10\.2` installs Airflow again/m);
    assert.match(run.log, /^::notice file=platform\/ingest\/\.env,line=\d+,.*title=ASR202::/m);
    assert.equal(run.outputs.findings, String(run.sarif!.runs[0].results.length));
  });

  it('with a baseline: only findings not in it count, for the outputs and the threshold', () => {
    const baseline = spawnSync(process.execPath, [repoCli(), 'baseline', '.', '--offline'], { cwd: workspace, encoding: 'utf8', env: { ...process.env, XDG_CACHE_HOME: path.join(scratch, 'cli-cache') } });
    assert.equal(baseline.status, 0, baseline.stderr);
    const dag = path.join(workspace, 'ml', 'dags', 'new_export.py');
    try {
      const clean = runAction({ offline: 'true', baseline: '.astro-sr-baseline.json', 'fail-on': 'warning' });
      assert.equal(clean.status, 0, clean.log);
      assert.equal(clean.outputs.findings, '0');
      assert.deepEqual(clean.sarif!.runs[0].results, []);
      mkdirSync(path.dirname(dag), { recursive: true });
      writeFileSync(dag, 'WAREHOUSE_PASSWORD = "Zr8kQm3Vt6Lp1Xw9"\n');
      const added = runAction({ offline: 'true', baseline: '.astro-sr-baseline.json', 'fail-on': 'warning' });
      assert.equal(added.status, 1, added.log);
      assert.equal(added.outputs.findings, '1');
      assert.deepEqual(added.sarif!.runs[0].results.map((r) => `${r.ruleId} ${r.locations[0].physicalLocation.artifactLocation.uri}`), ['ASR205 ml/dags/new_export.py']);
    } finally {
      rmSync(dag, { force: true });
      rmSync(path.join(workspace, '.astro-sr-baseline.json'), { force: true });
    }
  });

  it('format text writes the text report to the log', () => {
    const run = runAction({ offline: 'true', 'fail-on': 'none', format: 'text' });
    assert.equal(run.status, 0);
    assert.match(run.log, /^Runtime catalog: /m);
    assert.match(run.log, /^analytics\/requirements\.txt$/m);
    assert.match(run.log, /\s+error\s+`apache-airflow==2\.10\.2` installs Airflow again.*ASR303 airflow-reinstalled$/m);
    assert.match(run.log, /^\d+ findings: \d+ errors?, /m);
  });
});
