import { strict as assert } from 'node:assert';
import * as path from 'node:path';
import { applyFix, range, readFixture } from '../../helpers';
import { findingsOf } from '../../requirements/project';

const FIXTURES = path.resolve(__dirname, '../../../../../test/unit/rules/ASR508-test-connection-enabled/fixtures');
const fixture = (name: string) => readFixture(FIXTURES, name);

describe('ASR508 test-connection-enabled', () => {
  it('Dockerfile ENV Enabled is a warning on the value, with a fix to Disabled', async () => {
    const text = fixture('Dockerfile');
    const findings = await findingsOf('ASR508', { Dockerfile: text });
    assert.deepEqual(
      findings.map((f) => [f.file, f.range, f.severity]),
      [['Dockerfile', range(2, 35, 2, 42), 'warning']],
    );
    assert.match(findings[0].message, /^ENV `AIRFLOW__CORE__TEST_CONNECTION` in the Dockerfile enables testing connections from the Airflow UI and API: every user who may create or edit connections can make Airflow connect, from inside its network, to any host/);
    assert.equal(applyFix(text, findings[0].fixes[0]), text.replace('=Enabled', '=Disabled'));
  });

  it('a Deployment file in any case is a warning; .env and Compose files (only `astro dev`, where only the developer tests) are not reported', async () => {
    const deployment = 'deployment:\n  environment_variables:\n    - key: AIRFLOW__CORE__TEST_CONNECTION\n      value: enabled\n';
    const findings = await findingsOf('ASR508', { 'deployment.yaml': deployment, '.env': 'AIRFLOW__CORE__TEST_CONNECTION=enabled\n', 'docker-compose.yaml': fixture('docker-compose.yaml') });
    assert.deepEqual(
      findings.map((f) => [f.file, f.range, f.severity]),
      [['deployment.yaml', range(3, 13, 3, 20), 'warning']],
    );
  });

  it('no finding for Disabled, Hidden, references, _CMD or other values', async () => {
    assert.deepEqual(await findingsOf('ASR508', { '.env': fixture('negatives.env') }), []);
  });
});
