import { strict as assert } from 'node:assert';
import * as path from 'node:path';
import { range, readFixture } from '../../helpers';
import { findingsOf } from '../../requirements/project';
import type { Finding } from '../../../../src/engine/types';

const FIXTURES = path.resolve(__dirname, '../../../../../test/unit/rules/ASR504-public-signing-key/fixtures');
const fixture = (name: string) => readFixture(FIXTURES, name);
const AIRFLOW_2 = 'FROM quay.io/astronomer/astro-runtime:13.2.0\n';
const AIRFLOW_3 = 'FROM astrocrpublic.azurecr.io/runtime:3.0-2\n';

/** No message shows the value it judges. */
function assertValuesHidden(findings: readonly Finding[], values: readonly string[]): void {
  for (const f of findings) for (const v of values) assert.ok(!f.message.includes(v), `${f.ruleId} shows ${v} in: ${f.message}`);
}

describe('ASR504 public-signing-key', () => {
  it("the Astro CLI's local Fernet key and Airflow's old example secret key in the Dockerfile: errors on the values", async () => {
    const findings = await findingsOf('ASR504', { Dockerfile: fixture('Dockerfile') });
    assert.deepEqual(
      findings.map((f) => [f.file, f.range, f.severity]),
      [
        ['Dockerfile', range(1, 30, 1, 74), 'error'],
        ['Dockerfile', range(2, 36, 2, 49), 'error'],
      ],
    );
    assert.match(findings[0].message, /^ENV `AIRFLOW__CORE__FERNET_KEY` in the Dockerfile sets the Fernet key that encrypts connection passwords and variables in the metadata database to a value that is the Astro CLI's local Fernet key, published/);
    assert.match(findings[1].message, /to a value that is Airflow's old published example value: anyone who knows it can forge a signed session or token/);
    assertValuesHidden(findings, ['d6Vefz3G9U', 'temporary_key']);
  });

  it("the project's name and a dictionary word in a Deployment file (Airflow 3)", async () => {
    const files = { Dockerfile: AIRFLOW_3, '.astro/config.yaml': 'project:\n  name: sales-pipelines\n', 'deployment.yaml': fixture('deployment.yaml') };
    const findings = await findingsOf('ASR504', files);
    assert.deepEqual(
      findings.map((f) => [f.file, f.range, f.severity]),
      [
        ['deployment.yaml', range(3, 13, 3, 28), 'error'],
        ['deployment.yaml', range(6, 13, 6, 20), 'error'],
      ],
    );
    assert.match(findings[0].message, /sets the secret that signs the API tokens of Airflow 3 to a value that is the project's name/);
    assert.match(findings[1].message, /to a value that is (?:a placeholder|made of dictionary words)/);
    assertValuesHidden(findings, ['sales-pipelines', 'airflow']);
  });

  it('Airflow 2 does not read [api] secret_key: info, and the message says so', async () => {
    const findings = await findingsOf('ASR504', { Dockerfile: `${AIRFLOW_2}ENV AIRFLOW__API__SECRET_KEY=temporary_key\n` });
    assert.equal(findings.length, 1);
    assert.equal(findings[0].severity, 'info');
    assert.match(findings[0].message, /Airflow 2, which this project's Runtime runs, does not read `\[api\] secret_key`/);
  });

  it('a value a secret rule reports is left to it (no double report)', async () => {
    const result = await findingsOf('ASR201', { Dockerfile: `${AIRFLOW_2}ENV AIRFLOW__WEBSERVER__SECRET_KEY=Summer2024\n` });
    assert.equal(result.length, 1);
    assert.deepEqual(await findingsOf('ASR504', { Dockerfile: `${AIRFLOW_2}ENV AIRFLOW__WEBSERVER__SECRET_KEY=Summer2024\n` }), []);
  });

  it("never in .env or Compose (the Astro CLI's local defaults); no finding for random keys, references or _SECRET", async () => {
    assert.deepEqual(await findingsOf('ASR504', { Dockerfile: AIRFLOW_3, '.env': fixture('astro-cli-local.env') }), []);
    const text = `${AIRFLOW_2}ENV AIRFLOW__CORE__FERNET_KEY=\${FERNET_KEY} \\\n    AIRFLOW__WEBSERVER__SECRET_KEY_SECRET=webserver-secret-key \\\n    AIRFLOW__WEBSERVER__SECRET_KEY=Qm4vT8xR2kW7pLzN5bJ3\n`;
    assert.deepEqual(await findingsOf('ASR504', { Dockerfile: text }), []);
  });
});
