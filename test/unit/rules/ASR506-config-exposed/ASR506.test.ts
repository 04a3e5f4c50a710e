import { strict as assert } from 'node:assert';
import * as path from 'node:path';
import { applyFix, range, readFixture } from '../../helpers';
import { findingsOf } from '../../requirements/project';

const FIXTURES = path.resolve(__dirname, '../../../../../test/unit/rules/ASR506-config-exposed/fixtures');
const fixture = (name: string) => readFixture(FIXTURES, name);
const AIRFLOW_2 = 'FROM quay.io/astronomer/astro-runtime:13.2.0\n';
const AIRFLOW_3 = 'FROM astrocrpublic.azurecr.io/runtime:3.0-2\n';

describe('ASR506 config-exposed', () => {
  it('Dockerfile ENV true is a warning on the value, fixed to non-sensitive-only (preferred) or False', async () => {
    const text = fixture('Dockerfile');
    const findings = await findingsOf('ASR506', { Dockerfile: text });
    assert.deepEqual(
      findings.map((f) => [f.file, f.range, f.severity]),
      [['Dockerfile', range(2, 38, 2, 42), 'warning']],
    );
    assert.match(findings[0].message, /^ENV `AIRFLOW__WEBSERVER__EXPOSE_CONFIG` in the Dockerfile makes Airflow show its whole configuration, sensitive values included/);
    assert.deepEqual(
      findings[0].fixes.map((f) => [f.title, f.isPreferred ?? false]),
      [
        ['Set to non-sensitive-only', true],
        ['Set to False', false],
      ],
    );
    assert.equal(applyFix(text, findings[0].fixes[0]), text.replace('=True', '=non-sensitive-only'));
  });

  it('[api] expose_config in a Deployment file (Airflow 3); the Airflow 3 spelling on Airflow 2 is info', async () => {
    const deployment = 'deployment:\n  environment_variables:\n    - key: AIRFLOW__API__EXPOSE_CONFIG\n      value: "1"\n';
    const findings = await findingsOf('ASR506', { Dockerfile: AIRFLOW_3, 'deployment.yaml': deployment });
    assert.deepEqual(
      findings.map((f) => [f.file, f.range, f.severity]),
      [['deployment.yaml', range(3, 14, 3, 15), 'warning']],
    );
    const old = await findingsOf('ASR506', { Dockerfile: AIRFLOW_2, 'deployment.yaml': deployment });
    assert.equal(old[0].severity, 'info');
    assert.match(old[0].message, /Airflow 2, which this project's Runtime runs, does not read `\[api\] expose_config`/);
  });

  it('no finding for non-sensitive-only, false, references or _CMD', async () => {
    assert.deepEqual(await findingsOf('ASR506', { Dockerfile: fixture('negatives.Dockerfile') }), []);
  });

  it("no finding in .env or Compose: the Astro CLI exposes the configuration in every local environment", async () => {
    assert.deepEqual(await findingsOf('ASR506', { Dockerfile: AIRFLOW_3, '.env': fixture('astro-cli-local.env'), 'docker-compose.yaml': fixture('docker-compose.yaml') }), []);
  });
});
