import { strict as assert } from 'node:assert';
import * as path from 'node:path';
import { applyFix, range, readFixture } from '../../helpers';
import { findingsOf } from '../../requirements/project';

const FIXTURES = path.resolve(__dirname, '../../../../../test/unit/rules/ASR502-unit-test-mode/fixtures');
const fixture = (name: string) => readFixture(FIXTURES, name);

describe('ASR502 unit-test-mode', () => {
  it('Dockerfile ENV true is an error on the value, with a fix to False', async () => {
    const text = fixture('Dockerfile');
    const findings = await findingsOf('ASR502', { Dockerfile: text });
    assert.deepEqual(
      findings.map((f) => [f.file, f.range, f.severity]),
      [['Dockerfile', range(1, 34, 1, 38), 'error']],
    );
    assert.match(findings[0].message, /^ENV `AIRFLOW__CORE__UNIT_TEST_MODE` in the Dockerfile turns on Airflow's unit test mode: .*`airflow\.api\.auth\.backend\.default`, which lets API requests through without credentials\. Remove it\.$/);
    assert.equal(applyFix(text, findings[0].fixes[0]), text.replace('=True', '=False'));
  });

  it('.env is one step lower (warning), in any spelling Airflow reads as true', async () => {
    for (const value of ['true', '1', 'T', "'True'"]) {
      const findings = await findingsOf('ASR502', { '.env': `AIRFLOW__CORE__UNIT_TEST_MODE=${value}\n` });
      assert.equal(findings.length, 1, value);
      assert.equal(findings[0].severity, 'warning');
      assert.match(findings[0].message, /This file configures only the local environment of `astro dev`, hence the lower severity/);
    }
  });

  it('a Deployment file is deployed: error', async () => {
    const text = 'deployment:\n  environment_variables:\n    - key: AIRFLOW__CORE__UNIT_TEST_MODE\n      value: "true"\n      is_secret: false\n';
    const findings = await findingsOf('ASR502', { 'deployment.yaml': text });
    assert.deepEqual(
      findings.map((f) => [f.file, f.range, f.severity]),
      [['deployment.yaml', range(3, 14, 3, 18), 'error']],
    );
    assert.equal(applyFix(text, findings[0].fixes[0], 'deployment.yaml'), text.replace('"true"', '"False"'));
  });

  it('no finding for false, ${VAR} references, _CMD, other names, or a build ARG', async () => {
    assert.deepEqual(await findingsOf('ASR502', { '.env': fixture('negatives.env') }), []);
    assert.deepEqual(await findingsOf('ASR502', { Dockerfile: 'FROM quay.io/astronomer/astro-runtime:13.2.0\nARG AIRFLOW__CORE__UNIT_TEST_MODE=True\n' }), []);
  });
});
