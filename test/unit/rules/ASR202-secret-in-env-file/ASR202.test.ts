import { strict as assert } from 'node:assert';
import * as path from 'node:path';
import { readFixture } from '../../helpers';
import { assertNoValueShown, brief, FAKE, rangeOfText, secretFindings } from '../../secrets/project';

const FIXTURES = path.resolve(__dirname, '../../../../../test/unit/rules/ASR202-secret-in-env-file/fixtures');
const fixture = (name: string) => readFixture(FIXTURES, name);

describe('ASR202 secret-in-env-file', () => {
  it('.env excluded by both ignore files (the template): info for each secret, on its value; references, empty values and `KEY= # secret` are not', async () => {
    const text = fixture('dotenv');
    const findings = await secretFindings({ '.env': text });
    assert.deepEqual(findings.map(brief), [
      { ruleId: 'ASR202', severity: 'info', file: '.env', range: rangeOfText(text, FAKE.password) },
      { ruleId: 'ASR202', severity: 'info', file: '.env', range: rangeOfText(text, FAKE.awsSecret) },
      { ruleId: 'ASR202', severity: 'info', file: '.env', range: rangeOfText(text, FAKE.password2) },
      { ruleId: 'ASR202', severity: 'info', file: '.env', range: rangeOfText(text, FAKE.password3) },
    ]);
    assert.match(findings[0].message, /in `SNOWFLAKE_PASSWORD`\. The file is excluded by \.gitignore and \.dockerignore/);
    assert.match(findings[3].message, /in `AIRFLOW_CONN_API`, key `password`/);
    assertNoValueShown(findings);
  });

  it('error when .gitignore or .dockerignore does not exclude the file', async () => {
    const text = fixture('dotenv');
    const noGit = await secretFindings({ '.env': text, '.gitignore': 'airflow_settings.yaml\n' });
    assert.deepEqual([...new Set(noGit.filter((f) => f.ruleId === 'ASR202').map((f) => f.severity))], ['error']);
    assert.match(noGit.find((f) => f.ruleId === 'ASR202')!.message, /not excluded by \.gitignore, so it would be committed/);
    const noDocker = await secretFindings({ '.env': text, '.dockerignore': 'airflow_settings.yaml\n' });
    assert.match(noDocker.find((f) => f.ruleId === 'ASR202')!.message, /not excluded by \.dockerignore, so the image build copies it/);
  });

  it('a .env folder, .env.* and *.env files; .env.local not ignored is an error', async () => {
    const line = `API_KEY=${FAKE.awsSecret}\n`;
    const findings = await secretFindings({ '.env': null, '.env/dev.env': line, '.env.local': line, 'config/prod.env': line });
    assert.deepEqual(
      findings.map((f) => `${f.ruleId} ${f.severity} ${f.file}`),
      ['ASR202 error .env.local', 'ASR202 info .env/dev.env', 'ASR202 error config/prod.env'],
    );
  });

  it('example files are judged as committed: placeholders pass, a real value is an error even when ignored', async () => {
    const ignored = { '.gitignore': '.env*\nairflow_settings.yaml\n', '.dockerignore': '.env*\nairflow_settings.yaml\n' };
    assert.deepEqual(await secretFindings({ ...ignored, '.env.example': 'SNOWFLAKE_PASSWORD=<your-password>\nAPI_KEY=changeme\nAWS_SECRET_ACCESS_KEY=\n' }), []);
    const real = await secretFindings({ ...ignored, '.env.example': `SNOWFLAKE_PASSWORD=${FAKE.password}\n` });
    assert.deepEqual(real.map((f) => `${f.ruleId} ${f.severity}`), ['ASR202 error']);
    assert.match(real[0].message, /Example files are meant to be committed/);
  });
});
