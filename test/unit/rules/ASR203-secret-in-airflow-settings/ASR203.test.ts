import { strict as assert } from 'node:assert';
import * as path from 'node:path';
import { readFixture } from '../../helpers';
import { assertNoValueShown, brief, checkProjectFiles, FAKE, rangeOfText, secretFindings, TEMPLATE } from '../../secrets/project';

const FIXTURES = path.resolve(__dirname, '../../../../../test/unit/rules/ASR203-secret-in-airflow-settings/fixtures');
const fixture = (name: string) => readFixture(FIXTURES, name);

describe('ASR203 secret-in-airflow-settings', () => {
  it('conn_password, a password in conn_uri, nested conn_extra keys (mapping and JSON string), a secret variable: one finding each, on the value', async () => {
    const text = fixture('airflow_settings.yaml');
    const findings = await secretFindings({ 'airflow_settings.yaml': text });
    assert.deepEqual(findings.map(brief), [
      { ruleId: 'ASR203', severity: 'info', file: 'airflow_settings.yaml', range: rangeOfText(text, FAKE.password) },
      { ruleId: 'ASR203', severity: 'info', file: 'airflow_settings.yaml', range: rangeOfText(text, FAKE.password2) },
      { ruleId: 'ASR203', severity: 'info', file: 'airflow_settings.yaml', range: rangeOfText(text, FAKE.awsSecret) },
      { ruleId: 'ASR203', severity: 'info', file: 'airflow_settings.yaml', range: rangeOfText(text, FAKE.password3) },
      { ruleId: 'ASR203', severity: 'info', file: 'airflow_settings.yaml', range: rangeOfText(text, 'T4kP9-zR2mX7-wQ3nV8sL5yB1') },
    ]);
    assert.match(findings[0].message, /`conn_password` of connection `warehouse`/);
    assert.match(findings[2].message, /`conn_extra` of connection `aws_default`, key `aws_secret_access_key`/);
    assert.match(findings[4].message, /variable `slack_webhook_token`/);
    for (const f of findings) assert.match(f.message, /secrets backend/);
    assertNoValueShown(findings);
  });

  it('error when the file is not excluded by .gitignore', async () => {
    const findings = await secretFindings({ 'airflow_settings.yaml': fixture('airflow_settings.yaml'), '.gitignore': '.env\n' });
    assert.deepEqual([...new Set(findings.filter((f) => f.ruleId === 'ASR203').map((f) => f.severity))], ['error']);
  });

  it('a file that does not parse (an alias-like *PLACEHOLDER*) is read line by line, and the problem is reported once', async () => {
    const text = fixture('broken.yaml');
    const result = await checkProjectFiles({ 'airflow_settings.yaml': text });
    const findings = result.findings.filter((f) => f.ruleId === 'ASR203');
    assert.deepEqual(findings.map(brief), [{ ruleId: 'ASR203', severity: 'info', file: 'airflow_settings.yaml', range: rangeOfText(text, FAKE.password) }]);
    assert.equal(result.problems.filter((p) => p.file === 'airflow_settings.yaml').length, 1);
    assert.match(result.problems[0].message, /could not read as YAML .*line by line/);
  });

  it('broken JSON in conn_extra: scanned as text, reported once', async () => {
    const text = `airflow:\n  connections:\n    - conn_id: api\n      conn_extra: '{"api_key": "${FAKE.password}",}'\n`;
    const result = await checkProjectFiles({ 'airflow_settings.yaml': text });
    assert.deepEqual(result.findings.filter((f) => f.ruleId === 'ASR203').map((f) => f.range), [rangeOfText(text, FAKE.password)]);
    assert.equal(result.problems.length, 1);
    assert.match(result.problems[0].message, /`conn_extra` of connection `api`: the JSON does not parse/);
  });

  it('the template (every value empty, example_extra_field) and placeholders: nothing', async () => {
    assert.deepEqual(await secretFindings({ 'airflow_settings.yaml': TEMPLATE['airflow_settings.yaml'] }), []);
    const placeholders = 'airflow:\n  connections:\n    - conn_id: x\n      conn_password: <password>\n      conn_extra: {"token": "{{ var.value.token }}"}\n';
    assert.deepEqual(await secretFindings({ 'airflow_settings.yaml': placeholders }), []);
  });
});
