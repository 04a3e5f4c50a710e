import { strict as assert } from 'node:assert';
import { assertNoValueShown, FAKE, secretFindings } from '../../secrets/project';

describe('ASR206 private-key', () => {
  it('a key file anywhere in the project: an error over the whole block', async () => {
    const findings = await secretFindings({ 'include/keys/service.pem': `${FAKE.privateKey}\n` });
    assert.deepEqual(
      findings.map((f) => ({ rule: f.ruleId, severity: f.severity, file: f.file, range: f.range })),
      [{ rule: 'ASR206', severity: 'error', file: 'include/keys/service.pem', range: { start: { line: 0, character: 0 }, end: { line: 4, character: 29 } } }],
    );
    assert.match(findings[0].message, /revoke or rotate it/);
    assertNoValueShown(findings);
  });

  it('in a file another rule reads (.env, a DAG): reported once, by ASR206 only', async () => {
    const findings = await secretFindings({
      '.env': `SNOWFLAKE_PRIVATE_KEY="${FAKE.privateKey}"\n`,
      'dags/load.py': `KEY = """${FAKE.privateKey}"""\n`,
      '.gitignore': null,
    });
    assert.deepEqual(findings.filter((f) => f.ruleId !== 'ASR208').map((f) => `${f.ruleId} ${f.severity} ${f.file}`), ['ASR206 error .env', 'ASR206 error dags/load.py']);
  });

  it('skips node_modules, virtual environments and nested Astro projects (checked on their own)', async () => {
    const findings = await secretFindings({
      'node_modules/pkg/test/key.pem': FAKE.privateKey,
      '.venv/lib/key.pem': FAKE.privateKey,
      'tools/venv2/pyvenv.cfg': 'home = /usr/bin\n',
      'tools/venv2/lib/python3.12/site-packages/pkg/key.pem': FAKE.privateKey,
      'team-b/Dockerfile': 'FROM quay.io/astronomer/astro-runtime:13.2.0\n',
      'team-b/include/key.pem': FAKE.privateKey,
    });
    assert.deepEqual(findings.map((f) => f.file), ['team-b/include/key.pem']);
  });
});
