import { strict as assert } from 'node:assert';
import * as path from 'node:path';
import { applyFix, range, readFixture, rangeOn as on } from '../../helpers';
import { findingsOf } from '../../requirements/project';
import { assertNoValueShown, rangeOfText, TEMPLATE } from '../../secrets/project';

const FIXTURES = path.resolve(__dirname, '../../../../../test/unit/rules/ASR401-connection-cleartext-http/fixtures');
const fixture = (name: string) => readFixture(FIXTURES, name);

const AIRFLOW3 = 'FROM astrocrpublic.azurecr.io/runtime:3.0-2\n';

describe('ASR401 connection-cleartext-http', () => {
  it('URIs in .env: the https:// trap, no schema, a host or a schema saying http; local definitions one step lower, private hosts info', async () => {
    const text = fixture('insecure.env');
    const findings = await findingsOf('ASR401', { '.env': text });
    assert.deepEqual(
      findings.map((f) => [f.range, f.severity]),
      [
        [on(text, 1, 'https'), 'info'],
        [on(text, 2, 'http'), 'info'],
        [on(text, 3, 'https'), 'info'],
        [on(text, 4, 'http://', 1), 'info'],
        [on(text, 5, 'http', 1), 'info'],
        [on(text, 6, 'http'), 'info'],
        [on(text, 7, 'livy'), 'info'],
        [on(text, 8, 'elasticsearch'), 'info'],
      ],
    );
    assert.match(findings[0].message, /^Connection `trap` \(`AIRFLOW_CONN_TRAP` in \.env\) sends its requests to `api\.acme-corp\.io` over plain http: Airflow reads the `https` of `https:\/\/…` as the connection type, not as the protocol, .* Add the path `\/https`: `https:\/\/api\.acme-corp\.io\/https`\.$/);
    assert.match(findings[1].message, /it has no schema, and the HTTP hook then builds its URL as `http:\/\/<host>`\. The requests, the login and password sent with them and the responses cross the network unencrypted/);
    assert.match(findings[3].message, /its host is written with `http:\/\/`.* Write the host with `https:\/\/`\.$/);
    assert.match(findings[4].message, /its schema is `http`/);
    assert.match(findings[7].message, /it has no schema, and the Elasticsearch hook then builds its URL as `http:\/\/<host>`/);
    const fixed = findings.filter((f) => f.fixes.length).reduce((t, f) => applyFix(t, f.fixes[0], '.env'), text);
    assert.equal(
      fixed,
      text
        .replace('AIRFLOW_CONN_TRAP=https://api.acme-corp.io', 'AIRFLOW_CONN_TRAP=https://api.acme-corp.io/https')
        .replace('api.acme-corp.io:8080?timeout', 'api.acme-corp.io:8080/https?timeout')
        .replace('AIRFLOW_CONN_SLASH=https://api.acme-corp.io/', 'AIRFLOW_CONN_SLASH=https://api.acme-corp.io/https')
        .replace('api.acme-corp.io/http\n', 'api.acme-corp.io/https\n')
        .replace('http://10.20.0.7:8080', 'http://10.20.0.7:8080/https')
        .replace('livy.acme-corp.io:8998', 'livy.acme-corp.io:8998/https')
        .replace('search.acme-corp.io:9243', 'search.acme-corp.io:9243/https'),
    );
    // No fix where the host itself says http://.
    assert.deepEqual(findings[3].fixes, []);
    assertNoValueShown(findings);
  });

  it("the trap as the docs write it, `AIRFLOW_CONN_X='https://api.example.com'` in a Dockerfile: a warning on the scheme, and the fix adds `/https`", async () => {
    const dockerfile = "FROM quay.io/astronomer/astro-runtime:13.2.0\nENV AIRFLOW_CONN_X='https://api.example.com'\n";
    const findings = await findingsOf('ASR401', { Dockerfile: dockerfile });
    assert.deepEqual(
      findings.map((f) => [f.range, f.severity]),
      [[on(dockerfile, 1, 'https'), 'warning']],
    );
    assert.equal(applyFix(dockerfile, findings[0].fixes[0], 'Dockerfile'), "FROM quay.io/astronomer/astro-runtime:13.2.0\nENV AIRFLOW_CONN_X='https://api.example.com/https'\n");
  });

  it('an `endpoint_url` extra over http:// to a remote host (an S3-compatible store), in airflow_settings.yaml and a URI; not to a Compose service or over https', async () => {
    const settings = [
      'airflow:',
      '  connections:',
      '    - conn_id: aws_default',
      '      conn_type: aws',
      '      conn_login: minio-user',
      '      conn_extra:',
      '        endpoint_url: http://203.0.113.40:9000',
      '    - conn_id: local_minio',
      '      conn_type: aws',
      '      conn_extra: {"endpoint_url": "http://minio:9000"}',
      '    - conn_id: tls_minio',
      '      conn_type: aws',
      '      conn_extra: {"endpoint_url": "https://s3.acme-corp.io"}',
      '',
    ].join('\n');
    const dockerfile = 'FROM quay.io/astronomer/astro-runtime:13.2.0\nENV AIRFLOW_CONN_LAKE=aws://?endpoint_url=http%3A%2F%2Fs3.acme-corp.io\n';
    const findings = await findingsOf('ASR401', { 'airflow_settings.yaml': settings, Dockerfile: dockerfile, 'docker-compose.override.yml': 'services:\n  minio:\n    image: minio/minio\n' });
    assert.deepEqual(
      findings.map((f) => [f.file, f.range, f.severity]),
      [
        ['Dockerfile', on(dockerfile, 1, 'http%3A%2F%2Fs3.acme-corp.io'), 'warning'],
        ['airflow_settings.yaml', on(settings, 6, 'http://203.0.113.40:9000'), 'info'],
      ],
    );
    assert.match(findings[1].message, /^Connection `aws_default` in airflow_settings\.yaml sends its requests to `203\.0\.113\.40` over plain http: its `endpoint_url` is an `http:\/\/` URL\. The requests, with the access keys that sign them, /);
    assert.deepEqual(findings[1].fixes, []);
  });

  it('no finding for https kept, local hosts, Compose services, placeholders, references and Databricks or Snowflake hosts', async () => {
    const findings = await findingsOf('ASR401', { '.env': fixture('secure.env'), 'compose.yaml': fixture('compose.yaml') });
    // Only the Compose file's own remote definition.
    assert.deepEqual(findings.map((f) => [f.file, f.severity]), [['compose.yaml', 'info']]);
  });

  it('Dockerfile ENV (deployed: warning; a private host: info), URI and JSON forms, Airflow 3 alike', async () => {
    const dockerfile = [
      AIRFLOW3.trimEnd(),
      'ENV AIRFLOW_CONN_API=https://api.acme-corp.io',
      `ENV AIRFLOW_CONN_JSON_TRAP='{"conn_type": "https", "host": "api.acme-corp.io"}'`,
      `ENV AIRFLOW_CONN_JSON_SCHEMA='{"conn_type": "http", "host": "api.acme-corp.io", "schema": "http"}'`,
      `ENV AIRFLOW_CONN_JSON_HOST='{"conn_type": "http", "host": "https://api.acme-corp.io"}'`,
      `ENV AIRFLOW_CONN_JSON_OK='{"conn_type": "http", "host": "api.acme-corp.io", "schema": "https"}'`,
      'ENV AIRFLOW_CONN_LAN=http://10.0.0.8:8080',
      '',
    ].join('\n');
    const findings = await findingsOf('ASR401', { Dockerfile: dockerfile });
    assert.deepEqual(
      findings.map((f) => [f.range, f.severity, f.fixes.length]),
      [
        [on(dockerfile, 1, 'https'), 'warning', 1],
        [on(dockerfile, 2, 'https'), 'warning', 0],
        [on(dockerfile, 3, 'http', 1), 'warning', 1],
        [on(dockerfile, 6, 'http'), 'info', 1],
      ],
    );
    assert.match(findings[0].message, /^Connection `api` \(ENV `AIRFLOW_CONN_API` in the Dockerfile\) sends its requests to `api\.acme-corp\.io` over plain http/);
    assert.match(findings[1].message, /the HTTP hook ignores the connection type `https` and takes the protocol from the schema, which is empty, so it uses `http:\/\/`\./);
    const fixed = findings.filter((f) => f.fixes.length).reduce((t, f) => applyFix(t, f.fixes[0]), dockerfile);
    assert.equal(
      fixed,
      dockerfile.replace('=https://api.acme-corp.io\n', '=https://api.acme-corp.io/https\n').replace('"schema": "http"}', '"schema": "https"}').replace('10.0.0.8:8080', '10.0.0.8:8080/https'),
    );
  });

  it('airflow_settings.yaml: fields (the schema set or added) and conn_uri', async () => {
    const text = fixture('airflow_settings.yaml');
    const findings = await findingsOf('ASR401', { 'airflow_settings.yaml': text });
    assert.deepEqual(
      findings.map((f) => [f.range, f.severity]),
      [
        [on(text, 3, 'https'), 'info'],
        [on(text, 9, 'http'), 'info'],
        [on(text, 13, 'https'), 'info'],
      ],
    );
    assert.match(findings[0].message, /^Connection `trap_fields` in airflow_settings\.yaml sends its requests to `api\.acme-corp\.io` over plain http: the HTTP hook ignores the connection type `https`/);
    // From the last to the first: a field added moves the lines below it.
    const fixed = [...findings].reverse().reduce((t, f) => applyFix(t, f.fixes[0], 'airflow_settings.yaml'), text);
    assert.equal(
      fixed,
      text
        .replace('      conn_login: svc_user\n', '      conn_login: svc_user\n      conn_schema: https\n')
        .replace('conn_schema: http\n', 'conn_schema: https\n')
        .replace('https://api.acme-corp.io?timeout', 'https://api.acme-corp.io/https?timeout'),
    );
  });

  it('a Deployment file (deployed: warning) and Compose files (local)', async () => {
    const text = fixture('deployment.yaml');
    const findings = await findingsOf('ASR401', { 'deployments/prod.yaml': text, 'compose.yaml': fixture('compose.yaml') });
    assert.deepEqual(
      findings.map((f) => [f.file, f.range, f.severity]),
      [
        ['compose.yaml', rangeOfText(fixture('compose.yaml'), 'https'), 'info'],
        ['deployments/prod.yaml', rangeOfText(text, 'https'), 'warning'],
      ],
    );
    assert.match(findings[1].message, /^Connection `partner_api` \(environment variable `AIRFLOW_CONN_PARTNER_API` of the Deployment file deployments\/prod\.yaml\)/);
  });

  it('no finding for the Astro CLI template', async () => {
    assert.deepEqual(await findingsOf('ASR401', TEMPLATE), []);
  });
});

