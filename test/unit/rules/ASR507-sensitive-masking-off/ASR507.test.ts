import { strict as assert } from 'node:assert';
import * as path from 'node:path';
import { applyFix, range, readFixture } from '../../helpers';
import { findingsOf } from '../../requirements/project';

const FIXTURES = path.resolve(__dirname, '../../../../../test/unit/rules/ASR507-sensitive-masking-off/fixtures');
const fixture = (name: string) => readFixture(FIXTURES, name);

describe('ASR507 sensitive-masking-off', () => {
  it('Dockerfile ENV false is a warning on the value, with a fix to True', async () => {
    const text = fixture('Dockerfile');
    const findings = await findingsOf('ASR507', { Dockerfile: text });
    assert.deepEqual(
      findings.map((f) => [f.file, f.range, f.severity]),
      [['Dockerfile', range(1, 50, 1, 55), 'warning']],
    );
    assert.match(findings[0].message, /^ENV `AIRFLOW__CORE__HIDE_SENSITIVE_VAR_CONN_FIELDS` in the Dockerfile turns off the masking of sensitive variables and connection extras: .* in clear text in the Airflow UI and in task logs/);
    assert.equal(applyFix(text, findings[0].fixes[0]), text.replace('=False', '=True'));
  });

  it(".env is one step lower (info), and Airflow 2's old [admin] name counts too", async () => {
    const findings = await findingsOf('ASR507', { '.env': fixture('local.env') });
    assert.deepEqual(
      findings.map((f) => [f.file, f.range, f.severity]),
      [
        ['.env', range(0, 46, 0, 51), 'info'],
        ['.env', range(1, 47, 1, 48), 'info'],
      ],
    );
    assert.match(findings[0].message, /This file configures only the local environment of `astro dev`/);
  });

  it('Airflow 3 does not read [admin] hide_sensitive_variable_fields: info, and the message says so', async () => {
    const findings = await findingsOf('ASR507', { Dockerfile: 'FROM astrocrpublic.azurecr.io/runtime:3.0-2\nENV AIRFLOW__ADMIN__HIDE_SENSITIVE_VARIABLE_FIELDS=False\n' });
    assert.equal(findings.length, 1);
    assert.equal(findings[0].severity, 'info');
    assert.match(findings[0].message, /Airflow 3, which this project's Runtime runs, does not read `\[admin\] hide_sensitive_variable_fields`/);
  });

  it('no finding for True, references, _CMD or other options', async () => {
    assert.deepEqual(await findingsOf('ASR507', { '.env': fixture('negatives.env') }), []);
  });
});
