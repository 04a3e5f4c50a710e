import { strict as assert } from 'node:assert';
import * as path from 'node:path';
import { applyEdits, fixesOf, range, readFixture } from '../../helpers';
import { secretFindings, TEMPLATE } from '../../secrets/project';

const FIXTURES = path.resolve(__dirname, '../../../../../test/unit/rules/ASR208-secret-file-exposed/fixtures');
const fixture = (name: string) => readFixture(FIXTURES, name);

describe('ASR208 secret-file-exposed', () => {
  it('the template (both ignore files list both files): nothing', async () => {
    assert.deepEqual(await secretFindings({}), []);
  });

  it('.env missing from .dockerignore: a warning on .dockerignore; the fix appends the entry', async () => {
    const dockerignore = 'astro\n.git\nairflow_settings.yaml\nlogs/'; // no newline at the end
    const findings = await secretFindings({ '.dockerignore': dockerignore });
    assert.equal(findings.length, 1);
    const [f] = findings;
    assert.deepEqual({ rule: f.ruleId, severity: f.severity, file: f.file, range: f.range }, { rule: 'ASR208', severity: 'warning', file: '.dockerignore', range: range(0, 0, 0, 5) });
    assert.match(f.message, /`\.env` holds environment variables .* \.dockerignore does not exclude it: the Runtime image's ONBUILD step would copy it into the image/);
    assert.deepEqual(fixesOf(f), [{ title: 'Add .env to .dockerignore', isPreferred: true, edits: [{ range: range(3, 5, 3, 5), newText: '\n.env\n' }] }]);
    assert.equal(applyEdits(dockerignore, f.fixes[0].edits), 'astro\n.git\nairflow_settings.yaml\nlogs/\n.env\n');
    assert.deepEqual(await secretFindings({ '.dockerignore': applyEdits(dockerignore, f.fixes[0].edits) }), []);
  });

  it('a .gitignore with CRLF line endings that re-includes .env: the fix keeps CRLF and its entry wins as the last line', async () => {
    const text = fixture('crlf.gitignore');
    const findings = await secretFindings({ '.gitignore': `${text}airflow_settings.yaml\r\n` });
    assert.deepEqual(findings.map((f) => `${f.ruleId} ${f.file}`), ['ASR208 .gitignore']);
    const fixed = applyEdits(`${text}airflow_settings.yaml\r\n`, findings[0].fixes[0].edits);
    assert.equal(fixed, '.git\r\n.DS_Store\r\n!.env\r\nairflow_settings.yaml\r\n.env\r\n');
    assert.deepEqual(await secretFindings({ '.gitignore': fixed }), []);
  });

  it('no .gitignore at all: reported on the first line of the Dockerfile, with a fix that creates .gitignore, once per file', async () => {
    const findings = await secretFindings({ '.gitignore': null });
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
    files['teams/a/.env/dev.env'] = 'X=1\n';
    assert.deepEqual(await secretFindings({}, files), []);
  });

  it('a -base image without ONBUILD copies nothing by itself: no .dockerignore entry needed', async () => {
    assert.deepEqual(await secretFindings({ Dockerfile: 'FROM quay.io/astronomer/astro-runtime:13.2.0-base\nCOPY dags/ /usr/local/airflow/dags/\n', '.dockerignore': null }), []);
  });
});
