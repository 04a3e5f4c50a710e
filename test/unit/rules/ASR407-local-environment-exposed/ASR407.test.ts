import { strict as assert } from 'node:assert';
import * as path from 'node:path';
import { applyEdits, fixesOf, range, readFixture } from '../../helpers';
import { findingsOf } from '../../requirements/project';

const FIXTURES = path.resolve(__dirname, '../../../../../test/unit/rules/ASR407-local-environment-exposed/fixtures');
const fixture = (name: string) => readFixture(FIXTURES, name);
const CONFIG = '.astro/config.yaml';

describe('ASR407 local-environment-exposed', () => {
  it('airflow.expose_port, houston.skip_verify_tls, cloud.api.protocol: http and ws_protocol: ws, each on its value', async () => {
    const text = fixture('exposed.yaml');
    const findings = await findingsOf('ASR407', { [CONFIG]: text });
    assert.deepEqual(
      findings.map((f) => [f.file, f.range, f.severity]),
      [
        [CONFIG, range(1, 17, 1, 23), 'warning'],
        [CONFIG, range(3, 21, 3, 25), 'warning'],
        [CONFIG, range(6, 18, 6, 22), 'warning'],
        [CONFIG, range(7, 21, 7, 23), 'warning'],
      ],
    );
    const [expose, tls, protocol, ws] = findings;
    assert.match(expose.message, /^`airflow\.expose_port: "true"` makes `astro dev start` publish the local Airflow UI and API and the Postgres metadata database on every network interface of your machine instead of only on localhost\./);
    assert.match(expose.message, /on Airflow 3 the simple auth manager makes every user an admin/);
    assert.match(expose.message, /Postgres accepts its default `postgres`\/`postgres` login/);
    assert.match(tls.message, /^`houston\.skip_verify_tls: true` makes the Astro CLI accept any certificate/);
    assert.match(protocol.message, /^`cloud\.api\.protocol: http` makes the Astro CLI send its requests to the Astro API, your API token with them, over plain HTTP/);
    assert.match(ws.message, /^`cloud\.api\.ws_protocol: ws`/);
    // The fix keeps the quoting `astro config set` used.
    assert.deepEqual(fixesOf(expose), [{ title: 'Set airflow.expose_port to false', isPreferred: true, edits: [{ range: range(1, 17, 1, 23), newText: '"false"' }] }]);
    const fixed = applyEdits(text, findings.map((f) => f.fixes[0].edits).flat());
    assert.equal(fixed, text.replace('"true"', '"false"').replace('skip_verify_tls: true', 'skip_verify_tls: false').replace('protocol: http\n', 'protocol: https\n').replace('ws_protocol: ws', 'ws_protocol: wss'));
    assert.deepEqual(await findingsOf('ASR407', { [CONFIG]: fixed }), []);
  });

  it('every spelling the Astro CLI reads as true: True, TRUE, "1", 1, \'t\'; not yes', async () => {
    for (const [value, found] of [['True', true], ['TRUE', true], ['"1"', true], ['1', true], ["'t'", true], ['yes', false], ['"yes"', false], ['0', false], ['', false]] as const) {
      const findings = await findingsOf('ASR407', { [CONFIG]: `airflow:\n  expose_port: ${value}\nproject:\n  name: x\n` });
      assert.deepEqual(findings.map((f) => f.range), found ? [range(1, 15, 1, 15 + value.length)] : [], value);
    }
  });

  it('no finding for false values, https, missing keys, the `astro dev init` template, a YAML that does not parse, or the keys in another file', async () => {
    assert.deepEqual(await findingsOf('ASR407', { [CONFIG]: fixture('local.yaml') }), []);
    assert.deepEqual(await findingsOf('ASR407', { [CONFIG]: 'project:\n  name: x\n' }), []);
    assert.deepEqual(await findingsOf('ASR407', { [CONFIG]: 'airflow: {expose_port: true\nproject: [\n' }), []);
    assert.deepEqual(await findingsOf('ASR407', { [CONFIG]: 'airflow: true\nexpose_port: true\n' }), []);
    assert.deepEqual(await findingsOf('ASR407', { '.astro/config.local.yaml': 'airflow:\n  expose_port: true\n', 'config.yaml': 'airflow:\n  expose_port: true\n' }), []);
  });
});
