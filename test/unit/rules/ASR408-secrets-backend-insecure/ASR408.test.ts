import { strict as assert } from 'node:assert';
import * as path from 'node:path';
import { applyFix, range, readFixture } from '../../helpers';
import { findingsOf } from '../../requirements/project';

const FIXTURES = path.resolve(__dirname, '../../../../../test/unit/rules/ASR408-secrets-backend-insecure/fixtures');
const fixture = (name: string) => readFixture(FIXTURES, name);

describe('ASR408 secrets-backend-insecure', () => {
  it('http:// to a remote host and "verify": false in Dockerfile ENV JSON (escaped quotes): errors on the values', async () => {
    const findings = await findingsOf('ASR408', { Dockerfile: fixture('Dockerfile') });
    assert.deepEqual(
      findings.map((f) => [f.file, f.range, f.severity]),
      [
        ['Dockerfile', range(2, 87, 2, 121), 'error'],
        ['Dockerfile', range(2, 135, 2, 140), 'error'],
      ],
    );
    assert.match(findings[0].message, /^`url` in ENV `AIRFLOW__SECRETS__BACKEND_KWARGS` in the Dockerfile reaches the secrets backend at a remote host over plain http:\/\/: .* Use https:\/\/\.$/);
    assert.match(findings[1].message, /^`verify` set to false in ENV `AIRFLOW__SECRETS__BACKEND_KWARGS` in the Dockerfile turns off the check of the secrets backend's TLS certificate/);
    // Inside escaped quotes, an edit could break the escaping: no fix.
    assert.deepEqual(findings.map((f) => f.fixes.length), [0, 0]);
  });

  it('a Deployment file: fixes to https:// and to true', async () => {
    const text = fixture('deployment.yaml');
    const findings = await findingsOf('ASR408', { 'deployment.yaml': text });
    assert.deepEqual(
      findings.map((f) => [f.file, f.range, f.severity]),
      [
        ['deployment.yaml', range(3, 22, 3, 54), 'error'],
        ['deployment.yaml', range(3, 66, 3, 71), 'error'],
      ],
    );
    assert.equal(applyFix(text, findings[0].fixes[0], 'deployment.yaml'), text.replace('http://', 'https://'));
    assert.equal(applyFix(text, findings[1].fixes[0], 'deployment.yaml'), text.replace('"verify": false', '"verify": true'));
  });

  it('a host on a private network is info, even from .env', async () => {
    const findings = await findingsOf('ASR408', { '.env': fixture('private.env') });
    assert.deepEqual(
      findings.map((f) => [f.file, f.range, f.severity]),
      [
        ['.env', range(0, 42, 0, 65), 'info'],
        ['.env', range(0, 77, 0, 82), 'info'],
      ],
    );
    assert.match(findings[0].message, /at a host on a private network over plain http:\/\//);
  });

  it('.env is one step lower than the Dockerfile (warning) for a remote host', async () => {
    const findings = await findingsOf('ASR408', { '.env': 'AIRFLOW__SECRETS__BACKEND_KWARGS={"url": "http://vault.acme-corp.io"}\n' });
    assert.deepEqual(findings.map((f) => f.severity), ['warning']);
  });

  it("Airflow 3's [workers] secrets_backend_kwargs counts; on Airflow 2 it is info, and the message says so", async () => {
    const env = 'AIRFLOW__WORKERS__SECRETS_BACKEND_KWARGS={"url": "http://vault.acme-corp.io"}\n';
    const v3 = await findingsOf('ASR408', { Dockerfile: 'FROM astrocrpublic.azurecr.io/runtime:3.0-2\n', '.env': env });
    assert.deepEqual(v3.map((f) => f.severity), ['warning']);
    const v2 = await findingsOf('ASR408', { '.env': env });
    assert.deepEqual(v2.map((f) => f.severity), ['info']);
    assert.match(v2[0].message, /Airflow 2, which this project's Runtime runs, does not read `\[workers\] secrets_backend_kwargs`/);
  });

  it('no finding for https with verify on or a CA bundle (a string, even "False", is a CA bundle path), local hosts (Compose services too), references, non-JSON or _CMD', async () => {
    assert.deepEqual(await findingsOf('ASR408', { '.env': fixture('negatives.env'), 'docker-compose.override.yml': fixture('docker-compose.override.yml') }), []);
  });
});
