import { strict as assert } from 'node:assert';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { toGithub } from '../../../src/cli/github';
import { workspaceOf } from '../../../src/cli/workspace';
import { finding, reportOf } from './reports';

/** How the runner reads a command's message or property back (the inverse of the toolkit's escaping; `%25` last). */
function unescape(s: string): string {
  return s.replace(/%0D/g, '\r').replace(/%0A/g, '\n').replace(/%3A/g, ':').replace(/%2C/g, ',').replace(/%25/g, '%');
}

/** A workflow command line split as the runner splits it: name, properties (split on `,`, then the first `=`), message (after the second `::`). */
function parse(line: string): { name: string; props: Record<string, string>; message: string } {
  const m = /^::(\w+)(?: ([^:]*))?::(.*)$/.exec(line);
  assert.ok(m, `not a workflow command: ${line}`);
  const props = Object.fromEntries((m[2] ?? '').split(',').filter(Boolean).map((p) => [p.slice(0, p.indexOf('=')), unescape(p.slice(p.indexOf('=') + 1))]));
  return { name: m[1], props, message: unescape(m[3]) };
}

describe('astro-sr check --format github (toGithub)', () => {
  const ROOT = '/work/repo';

  it('writes one command per finding: errors as ::error, warnings as ::warning, info and hints as ::notice, 1-based, with the rule id as title', () => {
    const report = reportOf([
      finding(1, { severity: 'error', ruleId: 'ASR102', file: 'Dockerfile', message: 'Astro Runtime 12.4.0 reached the end of basic support.', range: { start: { line: 0, character: 5 }, end: { line: 0, character: 44 } } }),
      finding(3),
      finding(4, { severity: 'info' }),
      finding(5, { severity: 'hint' }),
    ]);
    const lines = toGithub(report, ROOT, ROOT).split('\n');
    assert.equal(lines[0], '::error file=Dockerfile,line=1,col=6,endLine=1,endColumn=45,title=ASR102::Astro Runtime 12.4.0 reached the end of basic support.');
    assert.equal(lines[1], '::warning file=dags/etl.py,line=3,col=5,endLine=3,endColumn=12,title=ASR205::password (`Tq8v…`) in `DB_PASSWORD`.');
    assert.deepEqual(lines.slice(2, 4).map((l) => parse(l).name), ['notice', 'notice']);
    assert.equal(parse(lines[3]).props.line, '5');
  });

  it('escapes as GitHub\'s toolkit does: % CR LF in messages, and also : and , in properties, so a message cannot start a command of its own', () => {
    const message = '100% sure: a,b\r\nsecond line\n::set-env name=PATH::/tmp/evil';
    const file = 'dags/odd:name,100%.py';
    const out = toGithub(reportOf([finding(2, { message, file })]), ROOT, ROOT);
    const lines = out.split('\n');
    assert.equal(lines.length, 3, 'the command, the advisories notice and the summary: the newlines stay inside the command');
    assert.equal(lines[0], '::warning file=dags/odd%3Aname%2C100%25.py,line=2,col=5,endLine=2,endColumn=12,title=ASR205::100%25 sure: a,b%0D%0Asecond line%0A::set-env name=PATH::/tmp/evil');
    assert.ok(!lines.some((l) => l.startsWith('::set-env')));
    const back = parse(lines[0]);
    assert.equal(back.message, message);
    assert.equal(back.props.file, file);
  });

  it('prefixes paths with the checked sub-folder, relative to the workspace (GITHUB_WORKSPACE, else the current folder)', () => {
    const ws = mkdtempSync(path.join(os.tmpdir(), 'asr-github-ws-'));
    try {
      const sub = path.join(ws, 'services', 'airflow');
      mkdirSync(sub, { recursive: true });
      const report = reportOf([finding(3)], [{ file: 'airflow_settings.yaml', message: 'not YAML' }]);
      const lines = toGithub(report, sub, workspaceOf({ GITHUB_WORKSPACE: ws }, '/somewhere/else')).split('\n');
      assert.equal(parse(lines[0]).props.file, 'services/airflow/dags/etl.py');
      assert.deepEqual(parse(lines[1]), { name: 'warning', props: { file: 'services/airflow/airflow_settings.yaml', title: 'astro-sr' }, message: 'could not fully read airflow_settings.yaml: not YAML' });
      assert.equal(parse(toGithub(report, sub, workspaceOf({}, ws)).split('\n')[0]).props.file, 'services/airflow/dags/etl.py', 'the current folder without GITHUB_WORKSPACE');
      assert.equal(parse(toGithub(report, sub, sub).split('\n')[0]).props.file, 'dags/etl.py', 'checked at the workspace root');
      assert.equal(parse(toGithub(report, sub, path.join(ws, 'other')).split('\n')[0]).props.file, 'dags/etl.py', 'outside the workspace: relative to the checked folder');
    } finally {
      rmSync(ws, { recursive: true, force: true });
    }
  });

  it('ends with a summary line, after a notice when the vulnerability checks were skipped', () => {
    const lines = toGithub(reportOf([finding(1, { severity: 'error' }), finding(2), finding(3, { severity: 'info' }), finding(4, { severity: 'hint' })]), ROOT, ROOT).split('\n');
    assert.equal(lines.at(-2), '::notice title=astro-sr::Vulnerability checks (ASR306) skipped: --offline (OSV advisories need the network).');
    assert.equal(lines.at(-1), 'astro-sr: 4 findings: 1 error, 1 warning, 2 notices.');
    const online = { ...reportOf([]), advisories: { status: 'online' as const } };
    assert.equal(toGithub(online, ROOT, ROOT), 'astro-sr: no findings.');
  });
});
