import { strict as assert } from 'node:assert';
import * as path from 'node:path';
import { range, readFixture, rangeOn as on } from '../../helpers';
import { findingsOf } from '../../requirements/project';
import { assertNoValueShown, TEMPLATE } from '../../secrets/project';

const FIXTURES = path.resolve(__dirname, '../../../../../test/unit/rules/ASR404-ssh-host-key-unchecked/fixtures');
const fixture = (name: string) => readFixture(FIXTURES, name);

describe('ASR404 ssh-host-key-unchecked', () => {
  it('the default (no host_key, no no_host_key_check), no_host_key_check true (legacy key too), allow_host_key_change true; local: info', async () => {
    const text = fixture('insecure.env');
    const findings = await findingsOf('ASR404', { '.env': text });
    assert.deepEqual(
      findings.map((f) => [f.range, f.severity]),
      [
        [on(text, 0, 'sftp'), 'info'],
        [on(text, 1, 'true'), 'info'],
        [on(text, 2, 'True'), 'info'],
        [on(text, 3, '"True"'), 'info'],
        [on(text, 4, 'sftp'), 'info'],
      ],
    );
    assert.match(
      findings[0].message,
      /^Connection `files` \(`AIRFLOW_CONN_FILES` in \.env\) does not check the server's key: without `host_key` or `no_host_key_check: false`, the SSH hook's default \(`no_host_key_check` true in apache-airflow-providers-ssh\) accepts any key, so anyone who can intercept the network path to `files\.acme-corp\.io` can pose as the server .* Pin the server's key: set the `host_key` extra to its public key .*`no_host_key_check: false`/,
    );
    assert.match(findings[1].message, /^`no_host_key_check` in connection `bastion` .* makes the SSH hook accept any key the server presents/);
    assert.match(findings[3].message, /^`allow_host_key_change` in connection `change` .* skip the known hosts and accept a server key it does not know/);
    assert.ok(findings.every((f) => f.fixes.length === 0));
    assertNoValueShown(findings);
  });

  it('no finding for a pinned key, no_host_key_check false (or not "true" as the hook reads it), local hosts, a Compose service, placeholders, references, no host, other types', async () => {
    assert.deepEqual(await findingsOf('ASR404', { '.env': fixture('secure.env'), 'compose.yaml': fixture('compose.yaml') }), []);
  });

  it('airflow_settings.yaml fields and conn_uri, a Deployment file and the Dockerfile (deployed: warning; a private host: info)', async () => {
    const settings = fixture('airflow_settings.yaml');
    const deployment = fixture('deployment.yaml');
    const dockerfile = [
      'FROM quay.io/astronomer/astro-runtime:13.2.0',
      'ENV AIRFLOW_CONN_GIT=\'{"conn_type": "ssh", "host": "git.acme-corp.io", "extra": {"no_host_key_check": "true"}}\'',
      'ENV AIRFLOW_CONN_NAS=sftp://etl@10.8.0.20',
      '',
    ].join('\n');
    const findings = await findingsOf('ASR404', { Dockerfile: dockerfile, 'airflow_settings.yaml': settings, 'deployments/prod.yaml': deployment });
    assert.deepEqual(
      findings.map((f) => [f.file, f.range, f.severity]),
      [
        ['Dockerfile', on(dockerfile, 1, '"true"'), 'warning'],
        ['Dockerfile', on(dockerfile, 2, 'sftp'), 'info'],
        ['airflow_settings.yaml', on(settings, 3, 'sftp'), 'info'],
        ['airflow_settings.yaml', on(settings, 11, 'true'), 'info'],
        ['airflow_settings.yaml', on(settings, 17, 'TRUE'), 'info'],
        ['deployments/prod.yaml', on(deployment, 3, 'sftp'), 'warning'],
      ],
    );
    assert.match(findings[2].message, /^Connection `partner_sftp` in airflow_settings\.yaml does not check the server's key/);
    assert.match(findings[5].message, /^Connection `sftp_drop` \(environment variable `AIRFLOW_CONN_SFTP_DROP` of the Deployment file deployments\/prod\.yaml\)/);
  });

  it('no finding for the Astro CLI template', async () => {
    assert.deepEqual(await findingsOf('ASR404', TEMPLATE), []);
  });
});
