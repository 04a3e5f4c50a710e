import { strict as assert } from 'node:assert';
import * as path from 'node:path';
import { applyFix, range, readFixture, rangeOn as on } from '../../helpers';
import { findingsOf } from '../../requirements/project';
import { assertNoValueShown, TEMPLATE } from '../../secrets/project';

const FIXTURES = path.resolve(__dirname, '../../../../../test/unit/rules/ASR402-connection-tls-verification-off/fixtures');
const fixture = (name: string) => readFixture(FIXTURES, name);

describe('ASR402 connection-tls-verification-off', () => {
  it('URIs and JSON in .env: query parameters, legacy keys, __extra__; any false or true spelling; a private host is info', async () => {
    const text = fixture('insecure.env');
    const findings = await findingsOf('ASR402', { '.env': text });
    const sfLine = text.split('\n')[3];
    assert.deepEqual(
      findings.map((f) => [f.range, f.severity]),
      [
        [on(text, 0, 'false'), 'info'],
        [range(1, lineLength(text, 1) - 1, 1, lineLength(text, 1)), 'info'],
        [on(text, 2, 'True'), 'info'],
        // A percent-encoded __extra__: the whole parameter value.
        [range(3, sfLine.indexOf("%7B"), 3, sfLine.length), "info"],
        [on(text, 4, '"True"'), 'info'],
        [on(text, 5, 'false'), 'info'],
      ],
    );
    assert.match(findings[0].message, /^`verify` in connection `partner` \(`AIRFLOW_CONN_PARTNER` in \.env\) turns off the check of the server's certificate: anyone who can intercept the network path can pose as the server/);
    assert.match(findings[2].message, /^`extra__kubernetes__disable_verify_ssl` in connection `k8s`/);
    assert.deepEqual(findings[3].fixes, []);
    // Fixes: a query parameter removed (a string `verify=true` would name a CA bundle file), a JSON value set to its typed secure value.
    const fixed = findings.filter((f) => f.fixes.length).reduce((t, f) => applyFix(t, f.fixes[0], '.env'), text);
    assert.equal(
      fixed,
      text
        .replace('?verify=false&timeout=30', '?timeout=30')
        .replace('/https?verify_ssl=0', '/https')
        .replace('&extra__kubernetes__disable_verify_ssl=True', '')
        .replace('"insecure_mode": "True"', '"insecure_mode": false')
        .replace('/https?verify=false', '/https'),
    );
    assertNoValueShown(findings);
  });

  it('no finding for secure or look-alike values, local hosts (a Compose service as endpoint_url), placeholders and references', async () => {
    assert.deepEqual(await findingsOf('ASR402', { '.env': fixture('secure.env'), 'compose.yaml': fixture('compose.yaml') }), []);
  });

  it('TrustServerCertificate as an extra, inside connect_kwargs and inside a connection string (JSON and YAML); off stays off', async () => {
    const text = fixture('mssql.env');
    const findings = await findingsOf('ASR402', { '.env': text });
    assert.deepEqual(
      findings.map((f) => f.range),
      [on(text, 0, '"yes"'), on(text, 1, '"Yes"'), on(text, 2, 'yes')],
    );
    assert.match(findings[1].message, /^`TrustServerCertificate` in `connect_kwargs` in connection `sql_kwargs`/);
    assert.match(findings[2].message, /^`TrustServerCertificate` in the connection string of `odbc_connect` in connection `sql_string`/);
    const fixed = findings.reduce((t, f) => applyFix(t, f.fixes[0], '.env'), text);
    assert.equal(fixed, text.replace('"TrustServerCertificate": "yes"', '"TrustServerCertificate": "no"').replace('"TrustServerCertificate": "Yes"', '"TrustServerCertificate": "no"').replace('TrustServerCertificate=yes;"', 'TrustServerCertificate=no;"'));
    // In YAML, `no` is quoted: the Astro CLI reads YAML 1.1, where a plain `no` is a boolean.
    const settings = ['airflow:', '  connections:', '    - conn_id: sql', '      conn_type: odbc', '      conn_host: sql.acme-corp.io', '      conn_extra:', '        TrustServerCertificate: yes', '        connect_kwargs:', '          TrustServerCertificate: true', ''].join('\n');
    const inSettings = await findingsOf('ASR402', { 'airflow_settings.yaml': settings });
    assert.deepEqual(inSettings.map((f) => f.range), [on(settings, 6, 'yes'), on(settings, 8, 'true')]);
    assert.equal(
      inSettings.reduce((t, f) => applyFix(t, f.fixes[0], 'airflow_settings.yaml'), settings),
      settings.replace('TrustServerCertificate: yes', 'TrustServerCertificate: "no"').replace('TrustServerCertificate: true', 'TrustServerCertificate: "no"'),
    );
  });

  it('airflow_settings.yaml: conn_extra as a mapping and as a JSON string; a local Kafka broker is not reported', async () => {
    const text = fixture('airflow_settings.yaml');
    const findings = await findingsOf('ASR402', { 'airflow_settings.yaml': text, 'compose.yaml': fixture('compose.yaml') });
    assert.deepEqual(
      findings.map((f) => [f.range, f.severity]),
      [
        [on(text, 7, 'true'), 'info'],
        [on(text, 13, 'none'), 'info'],
        [on(text, 19, 'none'), 'info'],
        [on(text, 24, 'false'), 'info'],
      ],
    );
    assert.match(findings[2].message, /turns off the check that the server's certificate names the host/);
    const fixed = findings.reduce((t, f) => applyFix(t, f.fixes[0], 'airflow_settings.yaml'), text);
    assert.equal(
      fixed,
      text
        .replace('tlsAllowInvalidCertificates: true', 'tlsAllowInvalidCertificates: false')
        .replace('ssl_cert_reqs: none', 'ssl_cert_reqs: required')
        .replace('ssl.endpoint.identification.algorithm: none', 'ssl.endpoint.identification.algorithm: https')
        .replace(`'{"verify": false, "timeout": 30}'`, `'{"verify": true, "timeout": 30}'`),
    );
    // Without the Compose service, `broker` is a name only a private resolver answers: info.
    const alone = await findingsOf('ASR402', { 'airflow_settings.yaml': text });
    assert.deepEqual(alone.map((f) => [f.range, f.severity]).slice(4), [[on(text, 29, 'false'), 'info']]);
  });

  it('Dockerfile ENV and Deployment files are deployed: warning (a private host: info)', async () => {
    const dockerfile = [
      'FROM quay.io/astronomer/astro-runtime:13.2.0',
      'ENV AIRFLOW_CONN_VAULT=\'{"conn_type": "vault", "host": "vault.acme-corp.io", "extra": {"verify": "false"}}\'',
      'ENV AIRFLOW_CONN_LAN=https://10.1.2.3/https?verify=false',
      '',
    ].join('\n');
    const text = fixture('deployment.yaml');
    const findings = await findingsOf('ASR402', { Dockerfile: dockerfile, 'deployments/prod.yaml': text });
    assert.deepEqual(
      findings.map((f) => [f.file, f.range, f.severity]),
      [
        ['Dockerfile', on(dockerfile, 1, '"false"'), 'warning'],
        ['Dockerfile', on(dockerfile, 2, 'false'), 'info'],
        ['deployments/prod.yaml', on(text, 3, 'false'), 'warning'],
        ['deployments/prod.yaml', on(text, 5, '"none"'), 'warning'],
      ],
    );
    assert.match(findings[2].message, /^`verify_certs` in connection `search` \(environment variable `AIRFLOW_CONN_SEARCH` of the Deployment file deployments\/prod\.yaml\)/);
    assert.equal(applyFix(dockerfile, findings[0].fixes[0]), dockerfile.replace('"verify": "false"', '"verify": true'));
    assert.equal(applyFix(text, findings[3].fixes[0], 'deployments/prod.yaml'), text.replace('"ssl_context": "none"', '"ssl_context": "default"'));
  });

  it('no finding for the Astro CLI template', async () => {
    assert.deepEqual(await findingsOf('ASR402', TEMPLATE), []);
  });
});

function lineLength(text: string, line: number): number {
  return text.split('\n')[line].length;
}
