import { strict as assert } from 'node:assert';
import * as path from 'node:path';
import { range, readFixture } from '../../helpers';
import { findingsOf } from '../../requirements/project';

const FIXTURES = path.resolve(__dirname, '../../../../../test/unit/rules/ASR505-auth-overridden/fixtures');
const fixture = (name: string) => readFixture(FIXTURES, name);
const AIRFLOW_2 = 'FROM quay.io/astronomer/astro-runtime:13.2.0\n';
const AIRFLOW_3 = 'FROM astrocrpublic.azurecr.io/runtime:3.0-2\n';

describe('ASR505 auth-overridden', () => {
  it('the auth manager, FAB auth backends and FAB config file set in the Dockerfile: warnings on the values', async () => {
    const findings = await findingsOf('ASR505', { Dockerfile: fixture('Dockerfile') });
    assert.deepEqual(
      findings.map((f) => [f.file, f.range, f.severity]),
      [
        ['Dockerfile', range(1, 32, 1, 98), 'warning'],
        ['Dockerfile', range(2, 32, 2, 94), 'warning'],
        ['Dockerfile', range(3, 30, 3, 76), 'warning'],
      ],
    );
    assert.match(findings[0].message, /^ENV `AIRFLOW__CORE__AUTH_MANAGER` in the Dockerfile sets `\[core\] auth_manager`, which replaces the auth manager, .*identity provider.*Remove it unless Astronomer support asked for it\.$/);
    assert.match(findings[2].message, /points Airflow at another Flask-AppBuilder configuration file/);
  });

  it('[api] auth_backends in a Deployment file; the no-authentication backend is left to ASR501', async () => {
    const deployment = (value: string) => `deployment:\n  environment_variables:\n    - key: AIRFLOW__API__AUTH_BACKENDS\n      value: ${value}\n`;
    const findings = await findingsOf('ASR505', { Dockerfile: AIRFLOW_2, 'deployment.yaml': deployment('airflow.api.auth.backend.basic_auth') });
    assert.deepEqual(
      findings.map((f) => [f.file, f.range, f.severity]),
      [['deployment.yaml', range(3, 13, 3, 48), 'warning']],
    );
    const both = { Dockerfile: AIRFLOW_2, 'deployment.yaml': deployment('airflow.api.auth.backend.basic_auth,airflow.api.auth.backend.default') };
    assert.deepEqual(await findingsOf('ASR505', both), []);
    assert.equal((await findingsOf('ASR501', both)).length, 1);
  });

  it("the FAB provider's public role (Airflow 3) in a Deployment file", async () => {
    const deployment = 'deployment:\n  environment_variables:\n    - key: AIRFLOW__FAB__AUTH_ROLE_PUBLIC\n      value: Viewer\n';
    const findings = await findingsOf('ASR505', { Dockerfile: AIRFLOW_3, 'deployment.yaml': deployment });
    assert.deepEqual(
      findings.map((f) => [f.file, f.range, f.severity]),
      [['deployment.yaml', range(3, 13, 3, 19), 'warning']],
    );
    assert.match(findings[0].message, /sets `\[fab\] auth_role_public`, which gives visitors who have not logged in a role/);
  });

  it('_CMD and _SECRET variants count: the option is set', async () => {
    const findings = await findingsOf('ASR505', { Dockerfile: `${AIRFLOW_3}ENV AIRFLOW__CORE__AUTH_MANAGER_CMD="cat /run/auth_manager"\n` });
    assert.equal(findings.length, 1);
    assert.match(findings[0].message, /sets `\[core\] auth_manager` \(through a command\)/);
  });

  it('a spelling the Airflow major does not read is info, and the message says so', async () => {
    const findings = await findingsOf('ASR505', { Dockerfile: `${AIRFLOW_2}ENV AIRFLOW__FAB__CONFIG_FILE=/usr/local/airflow/webserver_config.py AIRFLOW__WEBSERVER__CONFIG_FILE=/usr/local/airflow/webserver_config.py\n` });
    assert.deepEqual(
      findings.map((f) => f.severity),
      ['info', 'warning'],
    );
    assert.match(findings[0].message, /Airflow 2, which this project's Runtime runs, does not read `\[fab\] config_file`/);
  });

  it('webserver_config.py copied into the image: on AUTH_ROLE_PUBLIC first', async () => {
    const findings = await findingsOf('ASR505', { 'webserver_config.py': fixture('webserver_config.py') });
    assert.deepEqual(
      findings.map((f) => [f.file, f.range, f.severity]),
      [['webserver_config.py', range(5, 0, 5, 16), 'warning']],
    );
    assert.match(findings[0].message, /^webserver_config\.py is copied into the image's AIRFLOW_HOME, .* sets `AUTH_ROLE_PUBLIC`: .* gives visitors who have not logged in a role\./);
  });

  it('no finding for webserver_config.py left out of the image or only commented, nor for local files (the Astro CLI sets a simple auth manager)', async () => {
    assert.deepEqual(await findingsOf('ASR505', { 'webserver_config.py': fixture('webserver_config.py'), '.dockerignore': 'webserver_config.py\n' }), []);
    assert.deepEqual(await findingsOf('ASR505', { 'webserver_config.py': fixture('commented_webserver_config.py') }), []);
    const compose = 'services:\n  webserver:\n    environment:\n      AIRFLOW__API__AUTH_BACKENDS: airflow.api.auth.backend.basic_auth\n';
    assert.deepEqual(await findingsOf('ASR505', { Dockerfile: AIRFLOW_3, '.env': fixture('astro-cli-local.env'), 'docker-compose.override.yml': compose }), []);
  });
});
