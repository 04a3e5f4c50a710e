/**
 * Credentials of what the developer runs on their own machine, found across
 * a project's files: a Compose stack (in the project or in a folder above
 * it), the services it names, the values it sets its images up with, and
 * every other place the same value is written. And the other side: a
 * dummy-looking password given to a real host is a real one.
 */
import { strict as assert } from 'node:assert';
import { brief, FAKE, rangeOfText, secretFindings, TEMPLATE } from './project';

const COMPOSE = [
  '# Made-up values, valid nowhere.',
  'x-common-env: &common-env',
  '  AIRFLOW__WEBSERVER__SECRET_KEY: "shop_d12e19"',
  'services:',
  '  warehouse:',
  '    image: postgres:16',
  '    environment:',
  '      POSTGRES_PASSWORD: ${POSTGRES_PASSWORD}',
  '  scheduler:',
  '    image: shop_d12e19/airflow:latest',
  '    environment: *common-env',
  '  objects:',
  '    image: rustfs/rustfs:latest',
  '',
].join('\n');

describe('secrets: credentials of services on the developer\'s machine', () => {
  it('a password a local service is set up with is local wherever it is written: .env, a getenv default, a notebook output', async () => {
    const dag = `import os\n\nPG_PASSWORD = os.getenv("PG_PASSWORD", "${FAKE.password}")\nOBJECTS_PASSWORD = os.getenv("OBJECTS_PASSWORD", "${FAKE.password}")\n`;
    const findings = await secretFindings({
      'docker-compose.override.yml': COMPOSE,
      '.env': `POSTGRES_HOST=warehouse\nPOSTGRES_PASSWORD=${FAKE.password}\nOBJECTS_HOST=objects\nOBJECTS_PASSWORD=${FAKE.password}\n`,
      'dags/load.py': dag,
      'include/check.ipynb': JSON.stringify({ cells: [{ cell_type: 'code', source: ['print(1)\n'], outputs: [{ output_type: 'stream', text: [`connection to postgresql://etl:${FAKE.password}@localhost:5432/dw failed\n`] }] }], nbformat: 4 }),
    });
    assert.deepEqual(findings.map(brief), []);
  });

  it('a Compose file in a folder above the project counts too; the same password for a real host is still reported', async () => {
    const files: Record<string, string> = { 'docker-compose.yml': COMPOSE };
    for (const [k, v] of Object.entries(TEMPLATE)) files[`airflow/${k}`] = v;
    files['airflow/.env'] = `OBJECTS_HOST=objects\nOBJECTS_PASSWORD=${FAKE.password2}\n`;
    files['airflow/include/prod.env.example'] = `WAREHOUSE_HOST=warehouse.acme-corp.io\nWAREHOUSE_PASSWORD=${FAKE.password3}\n`;
    const findings = await secretFindings({}, files);
    assert.deepEqual(findings.map((f) => [f.ruleId, f.file]), [['ASR210', 'airflow/include/prod.env.example']]);
  });

  it('the Astro CLI\'s compose export: a secret key that is the project\'s name, set through an anchor; curl to a local API over several lines', async () => {
    const script = `curl -X POST \\\n  'http://localhost:8080/api/v1/variables' \\\n  --user admin:${FAKE.password} \\\n  -d '{"key": "x"}'\n`;
    assert.deepEqual(await secretFindings({ 'compose.yaml': COMPOSE, 'scripts/seed.sh': script }), []);
    const remote = script.replace('localhost:8080', 'airflow.acme-corp.io');
    assert.deepEqual((await secretFindings({ 'scripts/seed.sh': remote })).map(brief), [{ ruleId: 'ASR210', severity: 'warning', file: 'scripts/seed.sh', range: rangeOfText(remote, FAKE.password) }]);
  });

  it('a dummy-looking password for a real host is a weak real one; the same for no host, or in another language\'s words, is a placeholder', async () => {
    const profiles = 'shop:\n  outputs:\n    prod:\n      type: snowflake\n      account: xy12345.eu-central-1\n      user: loader\n      password: Test@2024\n';
    assert.deepEqual((await secretFindings({ 'include/dbt/profiles.yml': profiles })).map(brief), [
      { ruleId: 'ASR210', severity: 'warning', file: 'include/dbt/profiles.yml', range: rangeOfText(profiles, 'Test@2024') },
    ]);
    const mock = 'credentials = {"usuario": "usuario_teste", "senha": "senha_teste"}\n';
    assert.deepEqual(await secretFindings({ 'include/dbt/profiles.yml': profiles.replace('      account: xy12345.eu-central-1\n', ''), 'tests/test_auth.py': mock }), []);
  });

  it('names beyond ASCII, and a password in an ODBC string written in parts', async () => {
    const text = `contraseña = "${FAKE.password}"\nconn_str = ("DRIVER={ODBC Driver 18};SERVER=sql.acme-corp.io;UID=etl;" "PWD=${FAKE.password2};")\n`;
    const findings = await secretFindings({ 'dags/report.py': text });
    assert.deepEqual(findings.map(brief), [
      { ruleId: 'ASR205', severity: 'warning', file: 'dags/report.py', range: rangeOfText(text, FAKE.password) },
      { ruleId: 'ASR205', severity: 'warning', file: 'dags/report.py', range: rangeOfText(text, FAKE.password2) },
    ]);
  });
});
