import { strict as assert } from 'node:assert';
import { connectionHostKind, connectionsOf } from '../../../src/engine/analysis/airflow/connections';
import { envDefinitionsOf, severityFor } from '../../../src/engine/analysis/airflow/definitions';
import { airflowMajorOf, airflowSettingsOf, notReadNote } from '../../../src/engine/analysis/airflow/settings';
import { composeServiceNames } from '../../../src/engine/files/compose';
import { MemoryFs } from '../../../src/engine/fs/fs';
import { LineIndex } from '../../../src/engine/fs/text';
import { loadProject } from '../../../src/engine/project/find';
import type { AstroProject } from '../../../src/engine/project/model';
import type { Range, TextEdit } from '../../../src/engine/types';
import { testCatalog } from '../helpers';

const DOCKERFILE = [
  'FROM python:3.12 AS builder',
  'ENV AIRFLOW_CONN_BUILDER_ONLY=http://ignored.acme-corp.io',
  'FROM quay.io/astronomer/astro-runtime:13.2.0',
  'ENV AIRFLOW__WEBSERVER__EXPOSE_CONFIG=True \\',
  '    AIRFLOW_CONN_API="https://api.acme-corp.io"',
  'ARG AIRFLOW__CORE__UNIT_TEST_MODE=false',
  '',
].join('\n');

const SETTINGS = [
  'airflow:',
  '  connections:',
  '    - conn_id: warehouse',
  '      conn_type: postgresql',
  '      conn_host: db.acme-corp.io',
  '      conn_password: ""',
  '      conn_extra:',
  '        sslmode: disable',
  '    - conn_id: search',
  '      conn_type: elasticsearch',
  "      conn_extra: '{\"verify_certs\": false}'",
  '    - conn_id: by_uri',
  '      conn_uri: http://api.acme-corp.io:8080',
  '  variables: []',
  '',
].join('\n');

const DEPLOYMENT = [
  'deployment:',
  '  environment_variables:',
  '    - key: AIRFLOW__API__AUTH_BACKENDS',
  '      value: airflow.api.auth.backend.default',
  '    - key: AIRFLOW_CONN_SSH_BASTION',
  "      value: '{\"conn_type\": \"ssh\", \"host\": \"bastion.acme-corp.io\", \"extra\": {\"no_host_key_check\": true}}'",
  '',
].join('\n');

const COMPOSE = ['services:', '  warehouse:', '    image: postgres', '    environment:', '      - AIRFLOW_CONN_LOCAL_DB=postgres://u:p@warehouse/db', ''].join('\n');

const FILES: Record<string, string> = {
  Dockerfile: DOCKERFILE,
  '.astro/config.yaml': 'project:\n  name: demo\n',
  '.env': 'AIRFLOW_CONN_HTTP_API=https://api.acme-corp.io\nAIRFLOW_CONN_REF=${FROM_VAULT}\nexport AIRFLOW__CORE__TEST_CONNECTION=Enabled # for local testing\n',
  'airflow_settings.yaml': SETTINGS,
  'deployments/prod.yaml': DEPLOYMENT,
  'docker-compose.override.yml': COMPOSE,
};

async function project(files = FILES): Promise<AstroProject> {
  return (await loadProject(new MemoryFs(files), ''))!;
}

/** The text a range covers in a file. */
function textAt(file: string, range: Range): string {
  const lines = new LineIndex(FILES[file]);
  return FILES[file].slice(lines.offsetAt(range.start), lines.offsetAt(range.end));
}

function apply(text: string, edit: TextEdit): string {
  const lines = new LineIndex(text);
  return text.slice(0, lines.offsetAt(edit.range.start)) + edit.newText + text.slice(lines.offsetAt(edit.range.end));
}

describe('the Airflow model of a project', () => {
  it('environment variables from the final image, Deployment files, .env and Compose files, deployed or local', async () => {
    const defs = envDefinitionsOf(await project());
    assert.deepEqual(
      defs.map((d) => [d.name, d.reach, d.value]),
      [
        ['AIRFLOW__WEBSERVER__EXPOSE_CONFIG', 'deployed', 'True'],
        ['AIRFLOW_CONN_API', 'deployed', 'https://api.acme-corp.io'],
        ['AIRFLOW__CORE__UNIT_TEST_MODE', 'deployed', 'false'],
        ['AIRFLOW_CONN_HTTP_API', 'local', 'https://api.acme-corp.io'],
        ['AIRFLOW_CONN_REF', 'local', '${FROM_VAULT}'],
        ['AIRFLOW__CORE__TEST_CONNECTION', 'local', 'Enabled'],
        ['AIRFLOW__API__AUTH_BACKENDS', 'deployed', 'airflow.api.auth.backend.default'],
        ['AIRFLOW_CONN_SSH_BASTION', 'deployed', '{"conn_type": "ssh", "host": "bastion.acme-corp.io", "extra": {"no_host_key_check": true}}'],
        ['AIRFLOW_CONN_LOCAL_DB', 'local', 'postgres://u:p@warehouse/db'],
      ],
    );
    assert.equal(defs[1].where, 'ENV `AIRFLOW_CONN_API` in the Dockerfile');
    assert.equal(severityFor('error', 'local'), 'warning');
    assert.equal(severityFor('warning', 'local'), 'info');
    assert.equal(severityFor('warning', 'deployed'), 'warning');
  });

  it('every connection, each part where it is written', async () => {
    const p = await project();
    const conns = connectionsOf(p);
    assert.deepEqual(
      conns.map((c) => [c.id, c.form, c.reach, c.type?.value, c.host?.value]),
      [
        ['api', 'uri', 'deployed', 'https', 'api.acme-corp.io'],
        ['http_api', 'uri', 'local', 'https', 'api.acme-corp.io'],
        ['ssh_bastion', 'json', 'deployed', 'ssh', 'bastion.acme-corp.io'],
        ['local_db', 'uri', 'local', 'postgres', 'warehouse'],
        ['warehouse', 'fields', 'local', 'postgres', 'db.acme-corp.io'],
        ['search', 'fields', 'local', 'elasticsearch', undefined],
        ['by_uri', 'uri', 'local', 'http', 'api.acme-corp.io'],
      ],
    );
    const [api, , ssh, localDb, warehouse, search, byUri] = conns;
    assert.equal(textAt('Dockerfile', api.type!.range), 'https');
    assert.equal(textAt('Dockerfile', api.host!.range), 'api.acme-corp.io');
    assert.deepEqual(api.pathInsert?.position, { line: 4, character: 46 });
    assert.equal(textAt('deployments/prod.yaml', ssh.extras[0].range), 'true');
    assert.equal(ssh.extras[0].name, 'no_host_key_check');
    assert.equal(textAt('airflow_settings.yaml', warehouse.host!.range), 'db.acme-corp.io');
    assert.equal(textAt('airflow_settings.yaml', warehouse.extras[0].range), 'disable');
    assert.equal(warehouse.hasPassword, false);
    assert.equal(textAt('airflow_settings.yaml', search.extras[0].range), 'false');
    assert.equal(textAt('airflow_settings.yaml', byUri.type!.range), 'http');
    assert.equal(byUri.port?.value, '8080');
    const services = composeServiceNames([...p.files!.sources, ...p.files!.context]);
    assert.equal(connectionHostKind(localDb, services), 'local');
    assert.equal(connectionHostKind(warehouse, services), 'remote');
    assert.equal(connectionHostKind(search, services), undefined);
  });

  it('edits: an extra replaced with its quoting kept, a field set or added, a path inserted', async () => {
    const conns = connectionsOf(await project());
    const ssh = conns.find((c) => c.id === 'ssh_bastion')!;
    assert.match(apply(FILES['deployments/prod.yaml'], ssh.extras[0].replace!('false')), /"no_host_key_check": false\}/);
    const search = conns.find((c) => c.id === 'search')!;
    assert.match(apply(FILES['airflow_settings.yaml'], search.extras[0].replace!('true')), /'\{"verify_certs": true\}'/);
    const warehouse = conns.find((c) => c.id === 'warehouse')!;
    assert.match(apply(FILES['airflow_settings.yaml'], warehouse.setField!('conn_type', 'postgres')!), /conn_type: postgres\n/);
    const added = apply(FILES['airflow_settings.yaml'], warehouse.setField!('conn_schema', 'analytics')!);
    assert.match(added, / {8}sslmode: disable\n {6}conn_schema: analytics\n {4}- conn_id: search/);
  });

  it('Airflow options under one name, with the major that reads them', async () => {
    const p = await project();
    const settings = airflowSettingsOf(p);
    assert.deepEqual(
      settings.map((s) => [s.id, s.section, s.key, s.definition.reach]),
      [
        ['api.expose_config', 'webserver', 'expose_config', 'deployed'],
        ['core.unit_test_mode', 'core', 'unit_test_mode', 'deployed'],
        ['core.test_connection', 'core', 'test_connection', 'local'],
        ['api.auth_backends', 'api', 'auth_backends', 'deployed'],
      ],
    );
    assert.equal(textAt('.env', settings[2].range), 'Enabled');
    assert.equal(airflowMajorOf(p, testCatalog()), 2);
    assert.equal(notReadNote(settings[3], 2), undefined);
    assert.match(notReadNote(settings[3], 3)!, /Airflow 3, which this project's Runtime runs, does not read `\[api\] auth_backends`/);
    const v3 = await project({ ...FILES, Dockerfile: 'FROM astrocrpublic.azurecr.io/runtime:3.0-2\n' });
    assert.equal(airflowMajorOf(v3, testCatalog()), 3);
  });

  it('a Dockerfile value with escapes is read unescaped and placed character by character; an ARG is build-only; a Compose anchor is one definition', async () => {
    const dockerfile = 'FROM quay.io/astronomer/astro-runtime:13.2.0\nENV AIRFLOW_CONN_API="{\\"conn_type\\": \\"http\\", \\"host\\": \\"api.acme-corp.io\\"}"\nARG AIRFLOW_CONN_BUILD=http://build.acme-corp.io\n';
    const compose = 'x-env: &env\n  AIRFLOW__CORE__TEST_CONNECTION: Enabled\nservices:\n  a:\n    environment: *env\n  b:\n    environment: *env\n';
    const p = await project({ Dockerfile: dockerfile, '.astro/config.yaml': 'project:\n  name: demo\n', 'docker-compose.override.yml': compose });
    const defs = envDefinitionsOf(p);
    assert.deepEqual(
      defs.map((d) => [d.name, d.value, d.buildOnly ?? false]),
      [
        ['AIRFLOW_CONN_API', '{"conn_type": "http", "host": "api.acme-corp.io"}', false],
        ['AIRFLOW_CONN_BUILD', 'http://build.acme-corp.io', true],
        ['AIRFLOW__CORE__TEST_CONNECTION', 'Enabled', false],
      ],
    );
    const conns = connectionsOf(p);
    assert.deepEqual(conns.map((c) => c.id), ['api'], 'an ARG never reaches Airflow');
    const lines = new LineIndex(dockerfile);
    const host = conns[0].host!.range;
    assert.equal(dockerfile.slice(lines.offsetAt(host.start), lines.offsetAt(host.end)), 'api.acme-corp.io');
    assert.equal(conns[0].extras.length, 0);
  });
});
