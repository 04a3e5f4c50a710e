import { strict as assert } from 'node:assert';
import * as path from 'node:path';
import { applyFix, range, readFixture } from '../../helpers';
import { findingsOf } from '../../requirements/project';

const FIXTURES = path.resolve(__dirname, '../../../../../test/unit/rules/ASR503-all-users-admin/fixtures');
const fixture = (name: string) => readFixture(FIXTURES, name);
const AIRFLOW_3 = 'FROM astrocrpublic.azurecr.io/runtime:3.0-2\n';

describe('ASR503 all-users-admin', () => {
  it('Dockerfile ENV all_admins true is an error, with a fix to False', async () => {
    const text = fixture('Dockerfile');
    const findings = await findingsOf('ASR503', { Dockerfile: text });
    assert.deepEqual(
      findings.map((f) => [f.file, f.range, f.severity]),
      [['Dockerfile', range(1, 50, 1, 54), 'error']],
    );
    assert.match(findings[0].message, /^ENV `AIRFLOW__CORE__SIMPLE_AUTH_MANAGER_ALL_ADMINS` in the Dockerfile turns off authentication of Airflow's simple auth manager: everyone who reaches the Airflow UI or API is an admin/);
    assert.equal(applyFix(text, findings[0].fixes[0]), text.replace('=True', '=False'));
  });

  it('users defined in a Deployment file are an error; all_admins False is not', async () => {
    const findings = await findingsOf('ASR503', { Dockerfile: AIRFLOW_3, 'deployment.yaml': fixture('deployment.yaml') });
    assert.deepEqual(
      findings.map((f) => [f.file, f.range, f.severity]),
      [['deployment.yaml', range(3, 14, 3, 37), 'error']],
    );
    assert.match(findings[0].message, /defines users and roles for Airflow's simple auth manager/);
    assert.deepEqual(findings[0].fixes, []);
  });

  it('never in .env or Compose: the Astro CLI sets these for astro dev', async () => {
    const compose = 'services:\n  api-server:\n    environment:\n      AIRFLOW__CORE__SIMPLE_AUTH_MANAGER_ALL_ADMINS: "True"\n';
    assert.deepEqual(await findingsOf('ASR503', { Dockerfile: AIRFLOW_3, '.env': fixture('astro-cli-local.env'), 'docker-compose.override.yml': compose }), []);
  });

  it('Airflow 2 does not read the simple auth manager options: info, and the message says so', async () => {
    const findings = await findingsOf('ASR503', { Dockerfile: 'FROM quay.io/astronomer/astro-runtime:13.2.0\nENV AIRFLOW__CORE__SIMPLE_AUTH_MANAGER_ALL_ADMINS=true\n' });
    assert.equal(findings.length, 1);
    assert.equal(findings[0].severity, 'info');
    assert.match(findings[0].message, /Airflow 2, which this project's Runtime runs, does not read `\[core\] simple_auth_manager_all_admins`/);
  });

  it('no finding for false, ${VAR} references or _CMD', async () => {
    const text = `${AIRFLOW_3}ENV AIRFLOW__CORE__SIMPLE_AUTH_MANAGER_ALL_ADMINS=false \\\n    AIRFLOW__CORE__SIMPLE_AUTH_MANAGER_USERS=\${USERS} \\\n    AIRFLOW__CORE__SIMPLE_AUTH_MANAGER_ALL_ADMINS_CMD="echo True"\n`;
    assert.deepEqual(await findingsOf('ASR503', { Dockerfile: text }), []);
  });
});
