import { strict as assert } from 'node:assert';
import * as path from 'node:path';
import { range, readFixture } from '../../helpers';
import { findingsOf } from '../../requirements/project';

const FIXTURES = path.resolve(__dirname, '../../../../../test/unit/rules/ASR405-tls-verification-off-in-code/fixtures');
const fixture = (name: string) => readFixture(FIXTURES, name);

describe('ASR405 tls-verification-off-in-code', () => {
  it('verify=False on requests, httpx, sessions, AWS and HTTP hooks and operators; unverified SSL contexts; paramiko policies; Snowflake insecure_mode', async () => {
    const findings = await findingsOf('ASR405', { 'dags/partner.py': fixture('insecure.py') });
    assert.deepEqual(
      findings.map((f) => [f.range, f.severity]),
      [
        [range(13, 72, 13, 84), 'warning'], // requests.get(…, verify=False)
        [range(15, 0, 15, 22), 'warning'], // session.verify = False
        [range(16, 62, 16, 74), 'warning'], // httpx.Client(verify=False)
        [range(17, 39, 17, 51), 'warning'], // S3Hook(verify=False)
        [range(18, 55, 18, 67), 'warning'], // S3ListOperator(verify=False)
        [range(19, 62, 19, 77), 'warning'], // HttpHook(…).run(…, extra_options={"verify": False})
        [range(23, 19, 23, 34), 'warning'], // HttpOperator(extra_options={"verify": False}) across lines
        [range(25, 94, 25, 109), 'warning'], // HttpSensor(extra_options={"verify": False})
        [range(27, 0, 27, 30), 'warning'], // context.check_hostname = False
        [range(28, 0, 28, 35), 'warning'], // context.verify_mode = ssl.CERT_NONE
        [range(29, 0, 29, 66), 'warning'], // ssl._create_default_https_context = ssl._create_unverified_context
        [range(30, 9, 30, 41), 'warning'], // ssl._create_unverified_context()
        [range(32, 32, 32, 56), 'warning'], // paramiko.AutoAddPolicy()
        [range(33, 32, 33, 56), 'warning'], // paramiko.WarningPolicy()
        [range(34, 56, 34, 74), 'warning'], // insecure_mode=True
      ],
    );
    const [get, session, , , , hook, operator, , hostname, certNone, global, unverified, autoAdd, warning, snowflake] = findings;
    assert.match(get.message, /^`verify=False` in `requests\.get\(…\)` turns off the check of the server's certificate, so anyone on the network path between the worker and that server can read and change the traffic, credentials included\. Remove it; .*`verify="\/path\/to\/ca\.pem"`/);
    assert.match(session.message, /^`session\.verify = False` turns off the check of the server's certificate/);
    assert.match(hook.message, /^`"verify": False` in `HttpHook\(…\)\.run\(…\)`/);
    assert.match(operator.message, /^`"verify": False` in `HttpOperator\(…\)`/);
    assert.match(hostname.message, /accepts a certificate issued for any host name/);
    assert.match(certNone.message, /^`context\.verify_mode = ssl\.CERT_NONE` accepts any certificate without checking it/);
    assert.match(global.message, /for every HTTPS connection that `urllib` and `http\.client` make in this process/);
    assert.match(unverified.message, /^`ssl\._create_unverified_context\(\)` makes an SSL context that checks neither the certificate nor the host name/);
    assert.match(autoAdd.message, /^`paramiko\.AutoAddPolicy\(\)` in `ssh\.set_missing_host_key_policy\(…\)` connects to an SSH server whose key it has never seen and saves that key\. A worker starts with no known hosts.*keep paramiko's default `RejectPolicy`/);
    assert.match(warning.message, /after only logging a warning/);
    assert.match(snowflake.message, /^`insecure_mode=True` in `snowflake\.connector\.connect\(…\)` turns off the Snowflake connector's check that the server's certificate has not been revoked \(OCSP\)/);
    // Code changes need judgement (a CA bundle to give, a host key to load): no quick fix.
    assert.ok(findings.every((f) => f.fixes.length === 0));
  });

  it('no finding for verify=True, a variable or a CA path, comments, strings and docstrings, payloads, PyJWT, RejectPolicy, plain variables', async () => {
    assert.deepEqual(await findingsOf('ASR405', { 'include/clean.py': fixture('secure.py') }), []);
  });

  it('tests/ gives info, dags/, include/ and plugins/ give warnings, other Python nothing', async () => {
    const line = 'requests.get("https://api.example.com", verify=False)\n';
    const findings = await findingsOf('ASR405', { 'tests/test_api.py': line, 'plugins/api.py': line, 'include/api.py': line, 'scripts/backfill.py': line, 'dags/notes.md': line });
    assert.deepEqual(
      findings.map((f) => [f.file, f.range, f.severity]),
      [
        ['include/api.py', range(0, 40, 0, 52), 'warning'],
        ['plugins/api.py', range(0, 40, 0, 52), 'warning'],
        ['tests/test_api.py', range(0, 40, 0, 52), 'info'],
      ],
    );
    assert.match(findings[2].message, /This is test code: it runs in CI/);
  });

  it('pysftp hostkeys = None, Elasticsearch verify_certs, urllib3 cert_reqs, websocket sslopt, the Kubernetes client, and a class given to set_missing_host_key_policy', async () => {
    const text = [
      'cnopts = pysftp.CnOpts()',
      'cnopts.hostkeys = None',
      'es = Elasticsearch("https://es.internal:9200", verify_certs=False)',
      'pool = urllib3.PoolManager(cert_reqs="CERT_NONE")',
      'ws.run_forever(sslopt={"cert_reqs": ssl.CERT_NONE})',
      'configuration.verify_ssl = False',
      'kube = KubernetesHook(conn_id="k8s", disable_verify_ssl=True)',
      'client.set_missing_host_key_policy(AutoAddPolicy)',
      'policy = paramiko.client.AutoAddPolicy()',
      '',
    ].join('\n');
    const findings = await findingsOf('ASR405', { 'dags/transfer.py': text });
    assert.deepEqual(
      findings.map((f) => f.range),
      [range(1, 0, 1, 22), range(2, 47, 2, 65), range(3, 27, 3, 48), range(4, 23, 4, 49), range(5, 0, 5, 32), range(6, 37, 6, 60), range(7, 35, 7, 48), range(8, 9, 8, 40)],
    );
    assert.match(findings[0].message, /^`cnopts\.hostkeys = None` turns off pysftp's check of the SFTP server's host key/);
    assert.match(findings[5].message, /Kubernetes API server's certificate/);
  });

  it('a statement that does not parse alone: the whole module is parsed, and comments still give nothing', async () => {
    const text = [
      'import requests',
      '',
      'def fetch(url, strict):',
      '    if strict:',
      '        return requests.get(url)',
      '    else: return requests.get(url, verify=False)  # verify=False: partner has a self-signed certificate',
      '',
    ].join('\n');
    const findings = await findingsOf('ASR405', { 'dags/fetch.py': text });
    assert.deepEqual(findings.map((f) => f.range), [range(5, 35, 5, 47)]);
  });
});
