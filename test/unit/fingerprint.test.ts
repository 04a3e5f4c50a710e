/**
 * Findings' fingerprints: stable when lines move above a finding and when its
 * message or severity changes, different when its own line changes, one per
 * occurrence of identical lines, and never holding or revealing a secret.
 */
import { strict as assert } from 'node:assert';
import { createHash } from 'node:crypto';
import { checkTree, type CheckOptions } from '../../src/engine/check';
import { MemoryFs } from '../../src/engine/fs/fs';
import { baselineEntriesOf, formatBaseline } from '../../src/engine/policy/baseline';
import { withFingerprints } from '../../src/engine/policy/fingerprint';
import { SourceFile } from '../../src/engine/files/source';
import type { Finding } from '../../src/engine/types';
import { testCatalog, TODAY } from './helpers';
import { FAKE, TEMPLATE } from './secrets/project';

const CODE = 'import requests\n\n\ndef fetch(url):\n    return requests.get(url, verify=False)\n';
const SECRET = `import os\n\nDB_PASSWORD = "${FAKE.password}"\n`;

/** The template project with `files` on top, checked; its findings. */
async function findingsOf(files: Record<string, string>, options: Partial<CheckOptions> = {}, prefixDir = ''): Promise<Finding[]> {
  const all: Record<string, string> = {};
  for (const [name, text] of Object.entries({ ...TEMPLATE, ...files })) all[prefixDir ? `${prefixDir}/${name}` : name] = text;
  return (await checkTree(new MemoryFs(all), { catalog: testCatalog(), today: TODAY, ...options })).findings;
}

/** The fingerprints of a rule's findings in a file, in reading order. */
function prints(findings: Finding[], ruleId: string, file: string): string[] {
  const found = findings.filter((f) => f.ruleId === ruleId && f.file === file);
  assert.ok(found.length > 0, `no ${ruleId} finding in ${file}: ${findings.map((f) => `${f.ruleId} ${f.file}`).join(', ')}`);
  return found.map((f) => f.fingerprint!);
}

/** The single fingerprint of a rule's finding in a file. */
async function printOf(files: Record<string, string>, ruleId: string, file: string, options: Partial<CheckOptions> = {}): Promise<string> {
  const found = prints(await findingsOf(files, options), ruleId, file);
  assert.equal(found.length, 1);
  return found[0];
}

describe('fingerprints', () => {
  it('every finding has one: 64 hex digits, each different', async () => {
    const findings = await findingsOf({ Dockerfile: 'FROM quay.io/astronomer/astro-runtime:12.4.0\n', 'requirements.txt': 'pandas\nrequests\n', 'dags/fetch.py': CODE, 'dags/etl.py': SECRET });
    assert.ok(findings.length >= 5, findings.map((f) => f.ruleId).join(' '));
    for (const f of findings) assert.match(f.fingerprint ?? '', /^[0-9a-f]{64}$/, `${f.ruleId} ${f.file}`);
    assert.equal(new Set(findings.map((f) => f.fingerprint)).size, findings.length);
  });

  it('do not change when lines are added or removed above the finding', async () => {
    const cases: [string, string, string, string][] = [
      ['ASR301', 'requirements.txt', 'pandas\n', '# data\nnumpy==2.1.0\n\npandas\n'],
      ['ASR405', 'dags/fetch.py', CODE, `"""Fetches."""\nimport json\n${CODE}`],
      ['ASR205', 'dags/etl.py', SECRET, `# loads the warehouse\n\n\n${SECRET}`],
      ['ASR102', 'Dockerfile', 'FROM quay.io/astronomer/astro-runtime:12.4.0\n', '# syntax=docker/dockerfile:1\n# our image\nFROM quay.io/astronomer/astro-runtime:12.4.0\n'],
    ];
    for (const [ruleId, file, before, after] of cases) {
      const moved = await findingsOf({ [file]: after });
      assert.equal(prints(moved, ruleId, file)[0], await printOf({ [file]: before }, ruleId, file), `${ruleId} in ${file}`);
      // The finding did move: the fingerprint is not its position.
      assert.notDeepEqual(moved.find((f) => f.ruleId === ruleId)!.range, (await findingsOf({ [file]: before })).find((f) => f.ruleId === ruleId)!.range);
    }
    // Removing lines above: the same as adding them, the other way round.
    assert.equal(await printOf({ 'requirements.txt': 'numpy==2.1.0\npandas\n' }, 'ASR301', 'requirements.txt'), await printOf({ 'requirements.txt': 'pandas\n' }, 'ASR301', 'requirements.txt'));
  });

  it('do not change when the message is worded otherwise or the severity changes', async () => {
    const file = new SourceFile('requirements.txt', 'requirements.txt', 'text', 'pandas\n');
    const finding: Finding = { ruleId: 'ASR301', rule: 'requirement-unpinned', responsibility: 'code', severity: 'warning', file: file.path, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 6 } }, message: 'pandas has no version.', fixes: [] };
    const [a] = withFingerprints([finding], () => file);
    const [b] = withFingerprints([{ ...finding, message: 'Pin pandas: it has no version.', severity: 'error' }], () => file);
    assert.equal(a.fingerprint, b.fingerprint);
    const files = { 'requirements.txt': 'pandas\n' };
    assert.equal(await printOf(files, 'ASR301', 'requirements.txt', { overrides: { rules: { ASR301: 'error' } } }), await printOf(files, 'ASR301', 'requirements.txt'));
  });

  it('do not change with the whitespace of the line', async () => {
    const spaced = CODE.replace('requests.get(url, verify=False)', 'requests.get(url,   verify=False)  ');
    assert.equal(await printOf({ 'dags/fetch.py': spaced }, 'ASR405', 'dags/fetch.py'), await printOf({ 'dags/fetch.py': CODE }, 'ASR405', 'dags/fetch.py'));
  });

  it('change when the offending line changes', async () => {
    const base = await printOf({ 'requirements.txt': 'pandas\n' }, 'ASR301', 'requirements.txt');
    assert.notEqual(await printOf({ 'requirements.txt': 'pandas[excel]\n' }, 'ASR301', 'requirements.txt'), base);
    const code = await printOf({ 'dags/fetch.py': CODE }, 'ASR405', 'dags/fetch.py');
    assert.notEqual(await printOf({ 'dags/fetch.py': CODE.replace('(url,', '(url, timeout=30,') }, 'ASR405', 'dags/fetch.py'), code);
    // A credential: another value is another finding.
    const secret = await printOf({ 'dags/etl.py': SECRET }, 'ASR205', 'dags/etl.py');
    assert.notEqual(await printOf({ 'dags/etl.py': SECRET.replace(FAKE.password, FAKE.password2) }, 'ASR205', 'dags/etl.py'), secret);
  });

  it('change with the file and the rule: the same line elsewhere is another finding', async () => {
    const findings = await findingsOf({ 'dags/a.py': CODE, 'dags/b.py': CODE });
    assert.notEqual(prints(findings, 'ASR405', 'dags/a.py')[0], prints(findings, 'ASR405', 'dags/b.py')[0]);
  });

  it('two identical offending lines get two fingerprints, which stay when lines are added above them', async () => {
    const twice = `${CODE}\n\ndef again(url):\n    return requests.get(url, verify=False)\n`;
    const [first, second] = prints(await findingsOf({ 'dags/fetch.py': twice }), 'ASR405', 'dags/fetch.py');
    assert.notEqual(first, second);
    assert.deepEqual(prints(await findingsOf({ 'dags/fetch.py': `# header\n${twice}` }), 'ASR405', 'dags/fetch.py'), [first, second]);
    // The first of the two is the one the single line had.
    assert.equal(first, await printOf({ 'dags/fetch.py': CODE }, 'ASR405', 'dags/fetch.py'));
  });

  it('a credential is identified by its value (hashed), not by the rest of its line', async () => {
    const renamed = SECRET.replace('DB_PASSWORD =', 'WAREHOUSE_PASSWORD  =');
    assert.equal(await printOf({ 'dags/etl.py': renamed }, 'ASR205', 'dags/etl.py'), await printOf({ 'dags/etl.py': SECRET }, 'ASR205', 'dags/etl.py'));
  });

  it('neither a fingerprint nor a baseline holds or reveals a secret value', async () => {
    const values = [FAKE.password, FAKE.awsSecret, FAKE.githubToken];
    const findings = await findingsOf({
      'dags/etl.py': SECRET,
      '.env': `AWS_SECRET_ACCESS_KEY=${FAKE.awsSecret}\n`,
      'include/deploy.sh': `export GITHUB_TOKEN=${FAKE.githubToken}\n`,
    });
    const secretFindings = findings.filter((f) => /^ASR2/.test(f.ruleId));
    assert.ok(secretFindings.length >= 3, findings.map((f) => f.ruleId).join(' '));
    const baseline = formatBaseline(baselineEntriesOf(findings, ''));
    const leaks = (text: string) =>
      values.flatMap((v) => [v, v.slice(4, 12), createHash('sha256').update(v).digest('hex'), Buffer.from(v).toString('base64')]).filter((form) => text.includes(form));
    assert.deepEqual(leaks(baseline), []);
    assert.deepEqual(leaks(findings.map((f) => f.fingerprint).join('\n')), []);
    for (const f of secretFindings) assert.match(baseline, new RegExp(f.fingerprint!));
  });

  it('name paths from the folder they are told: a sub-folder checked on its own gets the fingerprints of the whole tree', async () => {
    const files = { 'requirements.txt': 'pandas\n', 'dags/etl.py': SECRET };
    const whole = await findingsOf(files, {}, 'teams/data');
    const alone = await findingsOf(files, { fingerprintPrefix: 'teams/data' });
    assert.deepEqual(
      alone.map((f) => f.fingerprint),
      whole.map((f) => f.fingerprint),
    );
    assert.notDeepEqual(
      (await findingsOf(files)).map((f) => f.fingerprint),
      whole.map((f) => f.fingerprint),
    );
  });
});
