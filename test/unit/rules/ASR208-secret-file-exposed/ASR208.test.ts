import { strict as assert } from 'node:assert';
import * as path from 'node:path';
import { applyEdits, fixesOf, range, readFixture } from '../../helpers';
import { FAKE, secretFindings, TEMPLATE } from '../../secrets/project';

const FIXTURES = path.resolve(__dirname, '../../../../../test/unit/rules/ASR208-secret-file-exposed/fixtures');
const fixture = (name: string) => readFixture(FIXTURES, name);

/** A `.env` and an `airflow_settings.yaml` that hold a credential each. */
const WITH_SECRETS: Record<string, string> = {
  '.env': `SNOWFLAKE_PASSWORD=${FAKE.password}\n`,
  'airflow_settings.yaml': `airflow:\n  connections:\n    - conn_id: warehouse\n      conn_type: postgres\n      conn_host: db.example.com\n      conn_login: etl\n      conn_password: ${FAKE.password2}\n`,
};

/** ASR208's findings only (the credentials themselves are ASR202's and ASR203's). */
async function exposedFindings(files: Record<string, string | null>, base?: Record<string, string>) {
  return (await secretFindings(files, base)).filter((f) => f.ruleId === 'ASR208');
}

describe('ASR208 secret-file-exposed', () => {
  it('the template (both ignore files list both files): nothing', async () => {
    assert.deepEqual(await secretFindings({}), []);
    assert.deepEqual(await exposedFindings(WITH_SECRETS), []);
  });

  it('files that hold no credential (empty, the untouched template, local settings): nothing, even when neither ignore file lists them', async () => {
    assert.deepEqual(await secretFindings({ '.gitignore': '.git\n', '.dockerignore': 'astro\n' }), []);
    assert.deepEqual(await secretFindings({ '.gitignore': null, '.dockerignore': null, '.env': 'AIRFLOW__CORE__LOAD_EXAMPLES=False\nDB_PASSWORD=changeme\n' }), []);
  });

  it('.env missing from .dockerignore: a warning on .dockerignore; the fix appends the entry', async () => {
    const dockerignore = 'astro\n.git\nairflow_settings.yaml\nlogs/'; // no newline at the end
    const findings = await exposedFindings({ ...WITH_SECRETS, '.dockerignore': dockerignore });
    assert.equal(findings.length, 1);
    const [f] = findings;
    assert.deepEqual({ rule: f.ruleId, severity: f.severity, file: f.file, range: f.range }, { rule: 'ASR208', severity: 'warning', file: '.dockerignore', range: range(0, 0, 0, 5) });
    assert.match(f.message, /^`\.env` holds password \(in `SNOWFLAKE_PASSWORD`\), but \.dockerignore does not exclude it: the Runtime image's ONBUILD step would copy it into the image/);
    assert.deepEqual(fixesOf(f), [{ title: 'Add .env to .dockerignore', isPreferred: true, edits: [{ range: range(3, 5, 3, 5), newText: '\n.env\n' }] }]);
    assert.equal(applyEdits(dockerignore, f.fixes[0].edits), 'astro\n.git\nairflow_settings.yaml\nlogs/\n.env\n');
    assert.deepEqual(await exposedFindings({ ...WITH_SECRETS, '.dockerignore': applyEdits(dockerignore, f.fixes[0].edits) }), []);
  });

  it('a .gitignore with CRLF line endings that re-includes .env: the fix keeps CRLF and its entry wins as the last line', async () => {
    const text = fixture('crlf.gitignore');
    const findings = await exposedFindings({ ...WITH_SECRETS, '.gitignore': `${text}airflow_settings.yaml\r\n` });
    assert.deepEqual(findings.map((f) => `${f.ruleId} ${f.file}`), ['ASR208 .gitignore']);
    const fixed = applyEdits(`${text}airflow_settings.yaml\r\n`, findings[0].fixes[0].edits);
    assert.equal(fixed, '.git\r\n.DS_Store\r\n!.env\r\nairflow_settings.yaml\r\n.env\r\n');
    assert.deepEqual(await exposedFindings({ ...WITH_SECRETS, '.gitignore': fixed }), []);
  });

  it('no .gitignore at all: reported on the first line of the Dockerfile, with a fix that creates .gitignore, once per file', async () => {
    const findings = await exposedFindings({ ...WITH_SECRETS, '.gitignore': null });
    assert.deepEqual(findings.map((f) => ({ file: f.file, range: f.range })), [
      { file: 'Dockerfile', range: range(0, 0, 0, 43) },
      { file: 'Dockerfile', range: range(0, 0, 0, 43) },
    ]);
    assert.match(findings[0].message, /the project has no \.gitignore: git would commit it/);
    assert.deepEqual(findings.map((f) => f.fixes[0].edits), [
      [{ file: '.gitignore', range: range(0, 0, 0, 0), newText: '.env\n', createFile: true }],
      [{ file: '.gitignore', range: range(0, 0, 0, 0), newText: 'airflow_settings.yaml\n', createFile: true }],
    ]);
    assert.equal(findings[0].fixes[0].title, 'Add .env to .gitignore (create .gitignore)');
  });

  it('a .gitignore above the project (a monorepo) counts; a .env folder is matched as a folder', async () => {
    const files: Record<string, string> = {};
    for (const [k, v] of Object.entries(TEMPLATE)) if (k !== '.gitignore' && k !== '.env') files[`teams/a/${k}`] = v;
    files['.gitignore'] = '.env/\nairflow_settings.yaml\n';
    files['teams/a/.env/dev.env'] = `SNOWFLAKE_PASSWORD=${FAKE.password}\n`;
    assert.deepEqual(await exposedFindings({}, files), []);
    // Without the .gitignore above it, the folder is reported by the credential a file inside it holds.
    delete files['.gitignore'];
    assert.deepEqual((await exposedFindings({}, files)).map((f) => `${f.file} ${f.message.split(", but")[0]}`), ["teams/a/Dockerfile `.env` holds password (in `SNOWFLAKE_PASSWORD`)"]);
  });

  it('a -base image without ONBUILD copies nothing by itself: no .dockerignore entry needed', async () => {
    assert.deepEqual(await exposedFindings({ ...WITH_SECRETS, Dockerfile: 'FROM quay.io/astronomer/astro-runtime:13.2.0-base\nCOPY dags/ /usr/local/airflow/dags/\n', '.dockerignore': null }), []);
  });
});
