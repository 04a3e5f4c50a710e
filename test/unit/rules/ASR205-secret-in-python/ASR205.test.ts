import { strict as assert } from 'node:assert';
import * as path from 'node:path';
import { applyEdits, readFixture } from '../../helpers';
import { assertNoValueShown, brief, FAKE, rangeOfText, secretFindings } from '../../secrets/project';

const FIXTURES = path.resolve(__dirname, '../../../../../test/unit/rules/ASR205-secret-in-python/fixtures');
const fixture = (name: string) => readFixture(FIXTURES, name);

describe('ASR205 secret-in-python', () => {
  it('an assignment, Connection(password=…), a dict key and a URI with a password: one warning each, on the literal', async () => {
    const text = fixture('etl.py');
    const findings = await secretFindings({ 'dags/etl.py': text });
    assert.deepEqual(findings.map(brief), [
      { ruleId: 'ASR205', severity: 'warning', file: 'dags/etl.py', range: rangeOfText(text, FAKE.password) },
      { ruleId: 'ASR205', severity: 'warning', file: 'dags/etl.py', range: rangeOfText(text, FAKE.password2) },
      { ruleId: 'ASR205', severity: 'warning', file: 'dags/etl.py', range: rangeOfText(text, FAKE.awsSecret) },
      { ruleId: 'ASR205', severity: 'warning', file: 'dags/etl.py', range: rangeOfText(text, FAKE.password3) },
    ]);
    assert.match(findings[0].message, /in `SNOWFLAKE_PASSWORD`\..*BaseHook\.get_connection/);
    assert.match(findings[1].message, /in `password=` of `Connection\(…\)`/);
    assert.match(findings[2].message, /dictionary key `aws_secret_access_key`/);
    assertNoValueShown(findings);
  });

  it('the quick fix reads the value from os.environ and adds `import os` after the docstring', async () => {
    const text = fixture('etl.py');
    const [f] = await secretFindings({ 'dags/etl.py': text });
    assert.equal(f.fixes[0].title, 'Read SNOWFLAKE_PASSWORD from the environment (os.environ) instead');
    const fixed = applyEdits(text, f.fixes[0].edits);
    assert.ok(fixed.startsWith('"""Loads orders into the warehouse (made-up credentials, valid nowhere)."""\nimport os\nfrom airflow.models import Connection\n'));
    assert.ok(fixed.includes('\nSNOWFLAKE_PASSWORD = os.environ["SNOWFLAKE_PASSWORD"]\n'));
    // Applied, the finding is gone.
    const after = await secretFindings({ 'dags/etl.py': fixed });
    assert.equal(after.some((x) => x.range.start.line === 4), false);
  });

  it('keeps an existing `import os`', async () => {
    const text = `import os\n\ndb_password = "${FAKE.password}"\n`;
    const [f] = await secretFindings({ 'include/db.py': text });
    assert.equal(applyEdits(text, f.fixes[0].edits), 'import os\n\ndb_password = os.environ["DB_PASSWORD"]\n');
  });

  it('references, f-strings, .format templates, Jinja, names of secrets and paths: nothing', async () => {
    assert.deepEqual(await secretFindings({ 'plugins/clean.py': fixture('clean.py') }), []);
  });

  it('only Python under dags/, include/, plugins/ and tests/: elsewhere the same credentials are ASR210 findings', async () => {
    const findings = await secretFindings({ 'scripts/etl.py': fixture('etl.py') });
    assert.deepEqual(findings.map((f) => `${f.ruleId} ${f.range.start.line}`), ['ASR210 3', 'ASR210 5', 'ASR210 6', 'ASR210 7']);
  });

  it('a value set by a call (os.environ.setdefault, os.putenv, Variable.set) and a libpq keyword string: reported, without the os.environ fix', async () => {
    const text = [
      'import os',
      'import psycopg2',
      'from airflow.models import Variable',
      '',
      `os.environ.setdefault("DB_PASSWORD", "${FAKE.password}")`,
      `Variable.set("slack_token", "${FAKE.password2}Zq")`,
      `conn = psycopg2.connect("host=db.internal dbname=w user=etl password=${FAKE.password3}")`,
      'os.environ.setdefault("AIRFLOW_HOME", "/usr/local/airflow")',
      'Variable.set("api_key", "changeme")',
      'other = psycopg2.connect("host=db user=etl password=$PGPASSWORD")',
      '',
    ].join('\n');
    const findings = await secretFindings({ 'dags/setup.py': text });
    assert.deepEqual(findings.map(brief), [
      { ruleId: 'ASR205', severity: 'warning', file: 'dags/setup.py', range: rangeOfText(text, FAKE.password) },
      { ruleId: 'ASR205', severity: 'warning', file: 'dags/setup.py', range: rangeOfText(text, `${FAKE.password2}Zq`) },
      { ruleId: 'ASR205', severity: 'warning', file: 'dags/setup.py', range: rangeOfText(text, FAKE.password3) },
    ]);
    assert.match(findings[0].message, /in `DB_PASSWORD` of `os\.environ\.setdefault\(…\)`/);
    assert.deepEqual(findings.slice(0, 2).map((f) => f.fixes.length), [0, 0]);
    assertNoValueShown(findings);
  });

  it('a name and its value given as two literals: os.getenv defaults, Spark .config() and .option() across lines', async () => {
    const text = fixture('spark.py');
    const findings = await secretFindings({ 'dags/spark.py': text });
    assert.deepEqual(findings.map(brief), [
      { ruleId: 'ASR205', severity: 'warning', file: 'dags/spark.py', range: rangeOfText(text, `${FAKE.password}q3Nd`) },
      { ruleId: 'ASR205', severity: 'warning', file: 'dags/spark.py', range: rangeOfText(text, FAKE.awsSecret) },
      { ruleId: 'ASR205', severity: 'warning', file: 'dags/spark.py', range: rangeOfText(text, FAKE.password2) },
    ]);
    assert.match(findings[0].message, /^API key in `PARTNER_API_KEY` of `os\.getenv\(…\)`\./);
    assert.match(findings[1].message, /in `spark\.hadoop\.fs\.s3a\.secret\.key` of `SparkSession\.builder\.config\(…\)`/);
    assert.match(findings[2].message, /^password in `password` of `.*\.option\(…\)`/);
    // The call itself sets the value: no os.environ rewrite is offered.
    assert.deepEqual(findings.map((f) => f.fixes.length), [0, 0, 0]);
    assertNoValueShown(findings);
  });

  it('placeholders, references, key ids, demo logins, local databases, f-string fields and annotations: nothing', async () => {
    assert.deepEqual(await secretFindings({ 'dags/local.py': fixture('local.py') }), []);
  });

  it('Python outside dags/, include/, plugins/ and tests/ is read as Python too, and reported by ASR210', async () => {
    const text = `import os\n\ndb_password = "${FAKE.password}"\n`;
    const findings = await secretFindings({ 'src/app/settings.py': text, 'scripts/clean.py': fixture('local.py') });
    assert.deepEqual(findings.map(brief), [{ ruleId: 'ASR210', severity: 'warning', file: 'src/app/settings.py', range: rangeOfText(text, FAKE.password) }]);
  });

  it('a user name with its password: requests auth tuples, HTTPBasicAuth, a V1EnvVar value named by its name (a demo login is left out)', async () => {
    const text = fixture('auth.py');
    const findings = await secretFindings({ 'dags/auth.py': text });
    assert.deepEqual(findings.map(brief), [
      { ruleId: 'ASR205', severity: 'warning', file: 'dags/auth.py', range: rangeOfText(text, FAKE.password) },
      { ruleId: 'ASR205', severity: 'warning', file: 'dags/auth.py', range: rangeOfText(text, FAKE.password2) },
      { ruleId: 'ASR205', severity: 'warning', file: 'dags/auth.py', range: rangeOfText(text, FAKE.password3) },
    ]);
    assert.match(findings[0].message, /^password in `auth=` of `requests\.get\(…\)`/);
    assert.match(findings[1].message, /^password in the password of `HTTPBasicAuth\(…\)`/);
    assert.match(findings[2].message, /^password in `WAREHOUSE_PASSWORD` of `k8s\.V1EnvVar\(…\)`/);
  });
});
