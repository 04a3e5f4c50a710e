import { strict as assert } from 'node:assert';
import * as path from 'node:path';
import { range, readFixture, rangeOn as on } from '../../helpers';
import { findingsOf } from '../../requirements/project';
import { assertNoValueShown, TEMPLATE } from '../../secrets/project';

const FIXTURES = path.resolve(__dirname, '../../../../../test/unit/rules/ASR403-connection-tls-disabled/fixtures');
const fixture = (name: string) => readFixture(FIXTURES, name);

describe('ASR403 connection-tls-disabled', () => {
  it('every explicit choice of no or optional encryption, in URIs and JSON (local: info), with no quick fix', async () => {
    const text = fixture('insecure.env');
    const findings = await findingsOf('ASR403', { '.env': text });
    assert.deepEqual(
      findings.map((f) => [f.range, f.severity]),
      [
        [on(text, 0, 'disable'), 'info'],
        [on(text, 1, 'prefer'), 'info'],
        [on(text, 2, '"allow"'), 'info'],
        [on(text, 3, 'DISABLED'), 'info'],
        [on(text, 4, 'True'), 'info'],
        [on(text, 5, '"SASL_PLAINTEXT"'), 'info'],
        [on(text, 6, '"no"'), 'info'],
        [on(text, 7, '"optional"'), 'info'],
        [on(text, 8, 'false'), 'info'],
        [on(text, 9, '"NO_AUTH"'), 'info'],
        [on(text, 10, 'false'), 'info'],
        [on(text, 11, 'disable'), 'info'],
      ],
    );
    assert.match(findings[0].message, /^`sslmode` in connection `warehouse` \(`AIRFLOW_CONN_WAREHOUSE` in \.env\) turns encryption off: everything the connection sends and receives, credentials included, crosses the network in clear text\. Write `sslmode: verify-full` \(or at least `require`\), once the server accepts TLS\.$/);
    assert.match(findings[1].message, /makes encryption optional: the client falls back to clear text whenever the server, or anyone on the network path posing as it, does not offer TLS/);
    assert.match(findings[2].message, /makes the client try clear text first/);
    assert.match(findings[7].message, /^`Encrypt` in `connect_kwargs` in connection `sql_kwargs`/);
    // SMTP: `disable_tls=false` in a URI is the text "false", which the hook's bool() reads as true.
    assert.match(findings[10].message, /^`disable_ssl` and `disable_tls` in connection `mail` .* together turn encryption off: .* \(the hook reads them with Python's `bool\(\)`: any text but an empty one is true, `false` included\)/);
    assert.ok(findings.every((f) => f.fixes.length === 0));
    assertNoValueShown(findings);
  });

  it('no finding for required or verified encryption, a missing setting, local hosts, a Compose broker, placeholders, references, no host, redis without a password, STARTTLS, other types', async () => {
    assert.deepEqual(await findingsOf('ASR403', { '.env': fixture('secure.env'), 'compose.yaml': fixture('compose.yaml') }), []);
  });

  it('airflow_settings.yaml (mapping, JSON string, conn_uri), a Deployment file and the Dockerfile (deployed: warning; a private host: info)', async () => {
    const settings = fixture('airflow_settings.yaml');
    const deployment = fixture('deployment.yaml');
    const dockerfile = [
      'FROM astrocrpublic.azurecr.io/runtime:3.0-2',
      'ENV AIRFLOW_CONN_EVENTS=\'{"conn_type": "kafka", "extra": {"bootstrap.servers": "b-1.events.acme-corp.io:9092,broker:29092", "security.protocol": "plaintext"}}\'',
      'ENV AIRFLOW_CONN_LAN=postgresql://etl@10.0.4.12/analytics?sslmode=disable',
      '',
    ].join('\n');
    const findings = await findingsOf('ASR403', { Dockerfile: dockerfile, 'airflow_settings.yaml': settings, 'deployments/prod.yaml': deployment });
    assert.deepEqual(
      findings.map((f) => [f.file, f.range, f.severity]),
      [
        ['Dockerfile', on(dockerfile, 1, '"plaintext"'), 'warning'],
        ['Dockerfile', on(dockerfile, 2, 'disable'), 'info'],
        ['airflow_settings.yaml', on(settings, 7, 'disable'), 'info'],
        ['airflow_settings.yaml', on(settings, 12, 'false'), 'info'],
        ['airflow_settings.yaml', on(settings, 14, 'PREFERRED'), 'info'],
        ['deployments/prod.yaml', on(deployment, 3, 'disable'), 'warning'],
      ],
    );
    assert.match(findings[2].message, /^`sslmode` in connection `warehouse` in airflow_settings\.yaml turns encryption off/);
    assert.match(findings[5].message, /\(environment variable `AIRFLOW_CONN_WAREHOUSE` of the Deployment file deployments\/prod\.yaml\)/);
  });

  it('no finding for the Astro CLI template', async () => {
    assert.deepEqual(await findingsOf('ASR403', TEMPLATE), []);
  });
});
