import { strict as assert } from 'node:assert';
import { check, where } from './project';

describe('.astro-sr.yaml', () => {
  it('rules: a severity by id or name, off included', async () => {
    const files = { 'requirements.txt': 'requests\n', '.astro-sr.yaml': 'rules:\n  requirement-unpinned: error\n' };
    const findings = await check(files);
    assert.deepEqual(findings.map((f) => `${f.ruleId} ${f.severity}`), ['ASR301 error']);
    assert.deepEqual(where(await check({ ...files, '.astro-sr.yaml': 'rules:\n  ASR301: off\n' })), []);
  });

  it('the editor settings are defaults below the file; the run overrides are above it', async () => {
    const files = { 'requirements.txt': 'requests\n', '.astro-sr.yaml': 'rules:\n  ASR301: info\n' };
    assert.equal((await check(files, { rules: { ASR301: 'error' } }))[0].severity, 'info');
    assert.equal((await check(files, { overrides: { rules: { ASR301: 'error' } } }))[0].severity, 'error');
  });

  it('the nearest file wins key by key, and keys merge upward', async () => {
    const findings = await check({
      '.astro-sr.yaml': 'rules:\n  ASR301: error\n  ASR305: info\n',
      'Dockerfile': 'FROM quay.io/astronomer/astro-runtime:13.4.0\n',
      'team/Dockerfile': 'FROM quay.io/astronomer/astro-runtime:13.4.0\n',
      'team/.astro/config.yaml': 'project: {name: t}\n',
      'team/.astro-sr.yaml': 'rules:\n  ASR301: hint\n',
      'team/requirements.txt': 'requests\nrequests\n',
      'requirements.txt': 'pandas\n',
    });
    assert.deepEqual(findings.map((f) => `${f.ruleId} ${f.severity} ${f.file}:${f.range.start.line + 1}`), [
      'ASR301 error requirements.txt:1',
      'ASR301 hint team/requirements.txt:1',
      'ASR301 hint team/requirements.txt:2',
      'ASR305 info team/requirements.txt:2',
    ]);
  });

  it('ignore: gitignore patterns relative to the file, never read', async () => {
    const pw = 'Vq8#mZ2!rT6xLp9w';
    const findings = await check({
      '.astro-sr.yaml': 'ignore:\n  - tests/fixtures/\n  - "*.sample.py"\n',
      'tests/fixtures/conn.py': `PASSWORD = "${pw}"\n`,
      'dags/a.sample.py': `PASSWORD = "${pw}"\n`,
      'dags/a.py': `PASSWORD = "${pw}"\n`,
    });
    assert.deepEqual(where(findings), ['ASR205 dags/a.py 1:13']);
  });

  it('ignore-findings: rule + path (+ line text) accepted on purpose', async () => {
    const config = ['ignore-findings:', '  - rule: ASR301', '    path: requirements/dev.txt', '    reason: dev tools float', '  - rule: requirement-unpinned', '    path: requirements.txt', '    line: pandas', '    reason: constrained by the platform', ''].join('\n');
    const findings = await check({
      '.astro-sr.yaml': config,
      Dockerfile: 'FROM quay.io/astronomer/astro-runtime:13.4.0\nRUN pip install -r requirements/dev.txt\n',
      'requirements.txt': 'pandas\nrequests\n',
      'requirements/dev.txt': 'pytest\n',
    });
    assert.deepEqual(where(findings), ['ASR301 requirements.txt 2:1']);
  });

  it('rule options: ASR102 warning-days', async () => {
    // 13.0.0's end of maintenance in the test catalog is within a year of the test date.
    const dockerfile = 'FROM quay.io/astronomer/astro-runtime:13.0.0\n';
    const plain = await check({ Dockerfile: dockerfile });
    const wide = await check({ Dockerfile: dockerfile, '.astro-sr.yaml': 'rules:\n  ASR102:\n    warning-days: 3650\n' });
    const ids = (fs: typeof plain) => fs.flatMap((f) => [f.ruleId, ...(f.related ?? [])]);
    assert.ok(!ids(plain).includes('ASR102'), ids(plain).join());
    assert.ok(ids(wide).includes('ASR102'), ids(wide).join());
  });
});
