import { strict as assert } from 'node:assert';
import * as path from 'node:path';
import { range, readFixture } from '../../helpers';
import { findingsOf } from '../../requirements/project';

const FIXTURES = path.resolve(__dirname, '../../../../../test/unit/rules/ASR501-api-auth-disabled/fixtures');
const fixture = (name: string) => readFixture(FIXTURES, name);
const AIRFLOW_3 = 'FROM astrocrpublic.azurecr.io/runtime:3.0-2\n';

describe('ASR501 api-auth-disabled', () => {
  it('the default backend in a comma-separated list, and in the old singular option, on the backend name', async () => {
    const findings = await findingsOf('ASR501', { Dockerfile: fixture('Dockerfile') });
    assert.deepEqual(
      findings.map((f) => [f.file, f.range, f.severity]),
      [
        ['Dockerfile', range(1, 67, 1, 99), 'error'],
        ['Dockerfile', range(2, 31, 2, 63), 'error'],
      ],
    );
    assert.match(findings[0].message, /^ENV `AIRFLOW__API__AUTH_BACKENDS` in the Dockerfile names `airflow\.api\.auth\.backend\.default`, the API authentication backend that lets every request through without credentials: the experimental API \(when enabled\) then answers anyone/);
    assert.deepEqual(findings[0].fixes, []);
  });

  it('.env and Compose are one step lower (warning)', async () => {
    const compose = 'services:\n  webserver:\n    environment:\n      AIRFLOW__API__AUTH_BACKENDS: airflow.api.auth.backend.default\n';
    const findings = await findingsOf('ASR501', { '.env': 'AIRFLOW__API__AUTH_BACKENDS=airflow.api.auth.backend.default\n', 'docker-compose.override.yml': compose });
    assert.deepEqual(
      findings.map((f) => [f.file, f.range, f.severity]),
      [
        ['.env', range(0, 28, 0, 60), 'warning'],
        ['docker-compose.override.yml', range(3, 35, 3, 67), 'warning'],
      ],
    );
  });

  it('Airflow 3 does not read [api] auth_backends: info, and the message says so', async () => {
    const findings = await findingsOf('ASR501', { Dockerfile: `${AIRFLOW_3}ENV AIRFLOW__API__AUTH_BACKENDS=airflow.api.auth.backend.default\n` });
    assert.equal(findings.length, 1);
    assert.equal(findings[0].severity, 'info');
    assert.match(findings[0].message, /Airflow 3, which this project's Runtime runs, does not read `\[api\] auth_backends`/);
  });

  it('no finding for basic_auth, session, a longer name, ${VAR} references or _CMD', async () => {
    assert.deepEqual(await findingsOf('ASR501', { '.env': fixture('look-alike.env') }), []);
  });
});
