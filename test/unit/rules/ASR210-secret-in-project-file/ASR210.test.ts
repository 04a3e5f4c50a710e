import { strict as assert } from 'node:assert';
import * as path from 'node:path';
import { readFixture } from '../../helpers';
import { assertNoValueShown, brief, checkProjectFiles, FAKE, rangeOfText, secretFindings, TEMPLATE } from '../../secrets/project';

const FIXTURES = path.resolve(__dirname, '../../../../../test/unit/rules/ASR210-secret-in-project-file/fixtures');
const fixture = (name: string) => readFixture(FIXTURES, name);

describe('ASR210 secret-in-project-file', () => {
  it('a password and an AWS key in a JSON config under include/: one warning each, on the value', async () => {
    const text = fixture('warehouse.json');
    const findings = await secretFindings({ 'include/warehouse.json': text });
    assert.deepEqual(findings.map(brief), [
      { ruleId: 'ASR210', severity: 'warning', file: 'include/warehouse.json', range: rangeOfText(text, FAKE.password) },
      { ruleId: 'ASR210', severity: 'warning', file: 'include/warehouse.json', range: rangeOfText(text, 'AKIAQ3EGTX7DLN2JKW5R') },
    ]);
    assert.match(findings[0].message, /^password in `password`\. The file is excluded neither by \.gitignore .* secrets backend/);
    assert.match(findings[1].message, /^AWS access key ID \(`AKIA…`\)/);
    assertNoValueShown(findings);
  });

  it('a shell script: an exported literal is reported, a reference is not', async () => {
    const text = fixture('deploy.sh');
    const findings = await secretFindings({ 'scripts/deploy.sh': text });
    assert.deepEqual(findings.map(brief), [{ ruleId: 'ASR210', severity: 'warning', file: 'scripts/deploy.sh', range: rangeOfText(text, FAKE.password2) }]);
    assert.match(findings[0].message, /^password in `SNOWFLAKE_PASSWORD`\./);
  });

  it('references, templates, names of secrets and prose about passwords: nothing', async () => {
    assert.deepEqual(await secretFindings({ 'include/loader.yaml': fixture('clean.yaml'), 'README.md': fixture('README.md') }), []);
  });

  it('info when both .gitignore and .dockerignore exclude the file', async () => {
    const text = fixture('warehouse.json');
    const findings = await secretFindings({
      'include/local/warehouse.json': text,
      '.gitignore': `${TEMPLATE['.gitignore']}include/local/\n`,
      '.dockerignore': `${TEMPLATE['.dockerignore']}include/local\n`,
    });
    assert.deepEqual(findings.map((f) => `${f.ruleId} ${f.severity}`), ['ASR210 info', 'ASR210 info']);
    assert.match(findings[0].message, /excluded by \.gitignore and \.dockerignore/);
  });

  it('a private key or an Astro API token in such a file is reported by its own rule only', async () => {
    const findings = await secretFindings({
      'include/sa.json': `{"type": "service_account", "private_key": ${JSON.stringify(FAKE.privateKey)}}\n`,
      'scripts/ci.sh': `export ASTRO_API_TOKEN=${FAKE.astroToken}\n`,
    });
    assert.deepEqual(findings.map((f) => `${f.ruleId} ${f.file}`), ['ASR206 include/sa.json', 'ASR207 scripts/ci.sh']);
  });

  it('says which files were too large to search, once per project, and still searches the others', async () => {
    const big = `[${'{"id": 1, "secret_arn": "arn:aws:secretsmanager:x"},'.repeat(30_000)}{}]`;
    const one = await checkProjectFiles({ 'include/data/a.json': big, 'include/warehouse.json': fixture('warehouse.json') });
    assert.deepEqual(one.problems, [{ file: 'include/data/a.json', message: 'not searched for credentials: larger than 1 MB (include/data/a.json)' }]);
    assert.equal(one.findings.filter((f) => f.ruleId === 'ASR210').length, 2);
    const many = await checkProjectFiles(Object.fromEntries(['a', 'b', 'c', 'd', 'e', 'f', 'g'].map((n) => [`include/data/${n}.json`, big])));
    assert.deepEqual(many.problems, [
      { file: '.', message: 'not searched for credentials: 7 files larger than 1 MB (include/data/a.json, include/data/b.json, include/data/c.json, include/data/d.json, include/data/e.json and 2 more)' },
    ]);
  });

  it('code in a notebook cell (escaped quotes in JSON): the password assigned and the keyword argument', async () => {
    const source = [`password = "${FAKE.password}"\n`, `ctx = connect(user="LOADER", password="${FAKE.password2}")\n`, 'token = Variable.get("api_token")\n'];
    const text = JSON.stringify({ cells: [{ cell_type: 'code', source }] }, null, 1);
    const findings = await secretFindings({ 'include/explore.ipynb': text });
    assert.deepEqual(findings.map(brief), [
      { ruleId: 'ASR210', severity: 'warning', file: 'include/explore.ipynb', range: rangeOfText(text, FAKE.password) },
      { ruleId: 'ASR210', severity: 'warning', file: 'include/explore.ipynb', range: rangeOfText(text, FAKE.password2) },
    ]);
  });

  it('Compose: the variables a service\'s own image is set up with and credentials for local services are left out; others are reported', async () => {
    const text = fixture('docker-compose.override.yml');
    const findings = await secretFindings({ 'docker-compose.override.yml': text });
    assert.deepEqual(findings.map(brief), [{ ruleId: 'ASR210', severity: 'warning', file: 'docker-compose.override.yml', range: rangeOfText(text, FAKE.password3) }]);
    assert.match(findings[0].message, /^password in `SNOWFLAKE_PASSWORD`\./);
  });

  it('dbt profiles: a target on a local Compose service is left out; a remote one is reported, its value read whole (with , and ;)', async () => {
    const text = fixture('profiles.yml');
    const files = { 'include/dbt/profiles.yml': text, 'docker-compose.override.yml': fixture('docker-compose.override.yml') };
    const findings = (await secretFindings(files)).filter((f) => f.file === 'include/dbt/profiles.yml');
    assert.deepEqual(findings.map(brief), [{ ruleId: 'ASR210', severity: 'warning', file: 'include/dbt/profiles.yml', range: rangeOfText(text, `${FAKE.password2},Q;x`) }]);
    // Without the Compose file, `warehouse` is just a host name: its password counts.
    assert.equal((await secretFindings({ 'include/dbt/profiles.yml': text })).length, 2);
  });

  it('Kubernetes-style name/value pairs: the value is judged by its name; a secretKeyRef is a reference', async () => {
    const text = fixture('pod.yaml');
    const findings = await secretFindings({ 'include/k8s/pod.yaml': text });
    assert.deepEqual(findings.map(brief), [{ ruleId: 'ASR210', severity: 'warning', file: 'include/k8s/pod.yaml', range: rangeOfText(text, FAKE.password3) }]);
    assert.match(findings[0].message, /^password in `WAREHOUSE_PASSWORD`\./);
  });

  it('logs and lock files: only known formats count, not a value next to a sensitive word', async () => {
    const log = fixture('crawl.log');
    const findings = await secretFindings({ 'include/logs/crawl.log': log, 'poetry.lock': fixture('poetry.lock') });
    assert.deepEqual(findings.map(brief), [{ ruleId: 'ASR210', severity: 'warning', file: 'include/logs/crawl.log', range: rangeOfText(log, 'AKIAQ3EGTX7DLN2JKW5R') }]);
  });

  it('password hashes (MD5, crypt SHA-512, PostgreSQL md5), prose, placeholders (<>, *NAME*): nothing', async () => {
    assert.deepEqual(await secretFindings({ 'include/sql/users.sql': fixture('users.sql'), 'docs/notes.md': fixture('notes.md') }), []);
  });

  it('notebooks: a code cell is read as Python (.option across lines), a stored output as text; escapes keep exact positions', async () => {
    const text = fixture('explore.ipynb');
    const findings = await secretFindings({ 'include/explore.ipynb': text });
    assert.deepEqual(findings.map(brief), [
      { ruleId: 'ASR210', severity: 'warning', file: 'include/explore.ipynb', range: rangeOfText(text, FAKE.password3) },
      { ruleId: 'ASR210', severity: 'warning', file: 'include/explore.ipynb', range: rangeOfText(text, FAKE.password) },
      { ruleId: 'ASR210', severity: 'warning', file: 'include/explore.ipynb', range: rangeOfText(text, `${FAKE.password2}Q7x`) },
    ]);
    assert.match(findings[1].message, /^password in `password` of `.*\.option\(…\)`/);
    assertNoValueShown(findings);
  });

  it('exported connections: each password and the JSON in a string is judged, with its host; records of a dataset are data', async () => {
    const text = fixture('connections.json');
    const findings = await secretFindings({ 'include/connections.json': text, 'include/data/users.json': fixture('users.json') });
    assert.deepEqual(findings.map((f) => `${f.file}:${f.range.start.line + 1}`), ['include/connections.json:6', 'include/connections.json:9']);
    assert.deepEqual(findings[0].range, rangeOfText(text, FAKE.password));
    assert.match(findings[1].message, /^token in `api_token` in `extra`\./);
  });

  it('a short random value under a name that says secret is reported; shell defaults `${X:-…}` are references', async () => {
    const text = fixture('search.yaml');
    const findings = await secretFindings({ 'include/search.yaml': text });
    assert.deepEqual(findings.map(brief), [{ ruleId: 'ASR210', severity: 'warning', file: 'include/search.yaml', range: rangeOfText(text, 'Qz7Kp2Xw9M') }]);
    assert.match(findings[0].message, /^API key in `api_secret`\./);
  });

  it('.netrc and .pgpass: the password field, left out for a local host', async () => {
    const netrc = `machine api.example.com\n  login etl\n  password ${FAKE.password}\nmachine localhost login etl password ${FAKE.password2}\n`;
    const pgpass = `# host:port:db:user:password\nwarehouse.example.com:5432:dw:etl:${FAKE.password3}\nlocalhost:5432:*:etl:${FAKE.password2}\n`;
    const findings = await secretFindings({ 'include/.netrc': netrc, 'include/.pgpass': pgpass });
    assert.deepEqual(findings.map(brief), [
      { ruleId: 'ASR210', severity: 'warning', file: 'include/.netrc', range: rangeOfText(netrc, FAKE.password) },
      { ruleId: 'ASR210', severity: 'warning', file: 'include/.pgpass', range: rangeOfText(pgpass, FAKE.password3) },
    ]);
  });

  it('a connection URI with URL-encoded extras: the token in them is found, not shown', async () => {
    const extra = encodeURIComponent(JSON.stringify({ region_name: 'eu-central-1', api_token: `${FAKE.password}Q7x` }));
    const text = `AIRFLOW_CONN_PARTNER=http://api.example.com/?__extra__=${extra}\n`;
    const findings = await secretFindings({ 'scripts/env.sh': text });
    assert.deepEqual(findings.map(brief), [{ ruleId: 'ASR210', severity: 'warning', file: 'scripts/env.sh', range: rangeOfText(text, extra) }]);
    assert.match(findings[0].message, /^token in `api_token`\./);
    assertNoValueShown(findings);
  });
});
