import { strict as assert } from 'node:assert';
import { parseConnectionJson, parseConnectionText, parseConnectionUri } from '../../../src/engine/knowledge/airflow/connection';
import { airflowBoolean, canonicalOption, optionOfEnvName, readInMajor } from '../../../src/engine/knowledge/airflow/options';
import { hostKind } from '../../../src/engine/knowledge/hosts';

/** The text of a part, by its span. */
const at = (text: string, span: { start: number; end: number }) => text.slice(span.start, span.end);

describe('Airflow connection text, read as Airflow reads it', () => {
  it('a URI: type, login, host, port, schema, extras from the query, each where it is written', () => {
    const uri = 'postgresql://user:s3cr3t@db.acme-corp.io:5432/analytics?sslmode=disable&application_name=etl+job';
    const c = parseConnectionUri(uri)!;
    assert.equal(c.form, 'uri');
    assert.equal(c.type!.value, 'postgres');
    assert.equal(at(uri, c.type!.span), 'postgresql');
    assert.equal(c.login!.value, 'user');
    assert.equal(c.hasPassword, true);
    assert.equal(c.host!.value, 'db.acme-corp.io');
    assert.equal(at(uri, c.host!.span), 'db.acme-corp.io');
    assert.equal(c.port!.value, '5432');
    assert.equal(c.schema!.value, 'analytics');
    assert.deepEqual(
      c.extras.map((x) => [x.key, x.value, at(uri, x.span)]),
      [
        ['sslmode', 'disable', 'disable'],
        ['application_name', 'etl job', 'etl+job'],
      ],
    );
    assert.deepEqual(c.uri, { authorityEnd: uri.indexOf('/analytics'), hasPath: true });
  });

  it('`-` becomes `_` in the type, and `https://host` is an `https` connection with no schema (the hook then sends http)', () => {
    const c = parseConnectionUri('google-cloud-platform://')!;
    assert.equal(c.type!.value, 'google_cloud_platform');
    assert.equal(c.host, undefined);
    const trap = parseConnectionUri('https://api.acme-corp.io')!;
    assert.equal(trap.type!.value, 'https');
    assert.equal(trap.host!.value, 'api.acme-corp.io');
    assert.equal(trap.schema, undefined);
    assert.deepEqual(trap.uri, { authorityEnd: 'https://api.acme-corp.io'.length, hasPath: false });
  });

  it('`scheme://protocol://host` keeps the protocol in the host; a percent-encoded host is decoded', () => {
    const text = 'http://https://api.acme-corp.io/v1';
    const c = parseConnectionUri(text)!;
    assert.equal(c.type!.value, 'http');
    assert.equal(c.host!.value, 'https://api.acme-corp.io');
    assert.equal(at(text, c.host!.span), 'https://api.acme-corp.io');
    assert.equal(c.schema!.value, 'v1');
    assert.equal(parseConnectionUri('http://https%3A%2F%2Fapi.acme-corp.io')!.host!.value, 'https://api.acme-corp.io');
  });

  it('`__extra__` holds the extras as JSON, placed inside the parameter when it is not encoded', () => {
    const text = 'aws://?__extra__={"verify": false, "region_name": "eu-west-1"}';
    const c = parseConnectionUri(text)!;
    assert.deepEqual(
      c.extras.map((x) => [x.name, x.value, at(text, x.span), x.exact]),
      [
        ['verify', false, 'false', true],
        ['region_name', 'eu-west-1', '"eu-west-1"', true],
      ],
    );
    const encoded = `aws://?__extra__=${encodeURIComponent('{"verify": false}')}`;
    const e = parseConnectionUri(encoded)!;
    assert.equal(e.extras[0].value, false);
    assert.equal(e.extras[0].exact, false);
    assert.equal(at(encoded, e.extras[0].span), encodeURIComponent('{"verify": false}'));
    assert.match(parseConnectionUri('aws://?__extra__={oops')!.problem!, /does not parse/);
  });

  it('legacy extra keys `extra__<type>__<field>` are read as the field', () => {
    const c = parseConnectionUri('snowflake://u:p@acct/db?extra__snowflake__insecure_mode=true')!;
    assert.deepEqual(c.extras.map((x) => [x.key, x.name, x.value]), [['extra__snowflake__insecure_mode', 'insecure_mode', 'true']]);
  });

  it('the JSON form, with `extra` as an object or a JSON string', () => {
    const text = '{"conn_type": "HTTP", "host": "Api.Acme-Corp.io", "schema": "http", "password": "x", "extra": {"verify": "False"}}';
    const c = parseConnectionJson(text)!;
    assert.equal(c.form, 'json');
    assert.equal(c.type!.value, 'http');
    assert.equal(c.host!.value, 'api.acme-corp.io');
    assert.equal(at(text, c.host!.span), 'Api.Acme-Corp.io');
    assert.equal(c.schema!.value, 'http');
    assert.equal(c.hasPassword, true);
    assert.deepEqual(c.extras.map((x) => [x.name, x.value, at(text, x.span)]), [['verify', 'False', '"False"']]);
    const str = '{"conn_type": "redis", "extra": "{\\"ssl_cert_reqs\\": \\"none\\"}"}';
    const s = parseConnectionJson(str)!;
    assert.deepEqual(s.extras.map((x) => [x.name, x.value, x.exact]), [['ssl_cert_reqs', 'none', false]]);
  });

  it('text that is neither a URI nor JSON is no connection', () => {
    assert.equal(parseConnectionText('not a connection'), undefined);
    assert.equal(parseConnectionText('{not json'), undefined);
    assert.equal(parseConnectionText(''), undefined);
  });
});

describe('Airflow options named by environment variables', () => {
  it('AIRFLOW__SECTION__KEY, with the _CMD and _SECRET variants', () => {
    assert.deepEqual(optionOfEnvName('AIRFLOW__CORE__FERNET_KEY'), { section: 'core', key: 'fernet_key', variant: 'value' });
    assert.deepEqual(optionOfEnvName('AIRFLOW__CORE__FERNET_KEY_CMD'), { section: 'core', key: 'fernet_key', variant: 'cmd' });
    assert.deepEqual(optionOfEnvName('AIRFLOW__SECRETS__BACKEND_KWARGS_SECRET'), { section: 'secrets', key: 'backend_kwargs', variant: 'secret' });
    assert.equal(optionOfEnvName('AIRFLOW_CONN_X'), undefined);
    assert.equal(optionOfEnvName('AIRFLOW__CORE'), undefined);
  });

  it('one name across both majors: moved [webserver] keys and deprecated aliases', () => {
    assert.equal(canonicalOption('webserver', 'expose_config'), 'api.expose_config');
    assert.equal(canonicalOption('api', 'auth_backend'), 'api.auth_backends');
    assert.equal(canonicalOption('admin', 'hide_sensitive_variable_fields'), 'core.hide_sensitive_var_conn_fields');
    assert.equal(canonicalOption('scheduler', 'parsing_processes'), 'scheduler.parsing_processes');
    assert.equal(readInMajor('api', 'auth_backends', 3), false);
    assert.equal(readInMajor('api', 'auth_backends', 2), true);
    assert.equal(readInMajor('core', 'simple_auth_manager_all_admins', 2), false);
    assert.equal(readInMajor('scheduler', 'parsing_processes', 3), undefined);
  });

  it("booleans as Airflow's getboolean reads them", () => {
    for (const v of ['True', 'true', 't', '1', ' TRUE ']) assert.equal(airflowBoolean(v), true, v);
    for (const v of ['False', 'f', '0']) assert.equal(airflowBoolean(v), false, v);
    for (const v of ['yes', '', 'enabled']) assert.equal(airflowBoolean(v), undefined, v);
  });
});

describe('host kinds', () => {
  it('local, private and remote', () => {
    for (const h of ['localhost', '127.0.0.1', '172.17.0.1', 'host.docker.internal', 'postgres', 'webserver', 'api.default.svc.cluster.local', '[::1]']) assert.equal(hostKind(h), 'local', h);
    assert.equal(hostKind('warehouse', new Set(['warehouse'])), 'local');
    for (const h of ['10.1.2.3', '172.20.0.5', '192.168.1.10', 'ip-10-0-0-1.ec2.internal', 'db.corp', 'mysql', 'fd12:3456::1']) assert.equal(hostKind(h), 'private', h);
    for (const h of ['api.acme-corp.io', '8.8.8.8', 'acme.snowflakecomputing.com']) assert.equal(hostKind(h), 'remote', h);
  });
});
