import { strict as assert } from 'node:assert';
import * as path from 'node:path';
import { readFixture } from '../../helpers';
import { assertNoValueShown, brief, FAKE, rangeOfText, secretFindings } from '../../secrets/project';

const FIXTURES = path.resolve(__dirname, '../../../../../test/unit/rules/ASR201-secret-in-dockerfile/fixtures');
const fixture = (name: string) => readFixture(FIXTURES, name);

describe('ASR201 secret-in-dockerfile', () => {
  it('ENV, ARG (a URL with a password) and a RUN curl -u: one error each, on the value', async () => {
    const text = fixture('Dockerfile');
    const findings = await secretFindings({ Dockerfile: text });
    assert.deepEqual(findings.map(brief), [
      { ruleId: 'ASR201', severity: 'error', file: 'Dockerfile', range: rangeOfText(text, FAKE.password) },
      { ruleId: 'ASR201', severity: 'error', file: 'Dockerfile', range: rangeOfText(text, FAKE.password2) },
      { ruleId: 'ASR201', severity: 'error', file: 'Dockerfile', range: rangeOfText(text, FAKE.password3) },
    ]);
    assert.equal(findings[0].responsibility, 'secrets');
    assert.match(findings[0].message, /in ENV `DB_PASSWORD` of the Dockerfile\. An ENV value is stored in the image/);
    assert.match(findings[1].message, /ARG value is recorded in the image history/);
    assert.match(findings[2].message, /in `-u user:password` in a RUN line/);
    for (const f of findings) assert.match(f.message, /Astro environment variable marked secret/);
    assertNoValueShown(findings);
  });

  it('references, build secrets, paths and labels without credentials: nothing', async () => {
    assert.deepEqual(await secretFindings({ Dockerfile: fixture('clean.Dockerfile') }), []);
  });

  it('a heredoc that writes a config file with a password', async () => {
    const text = `FROM quay.io/astronomer/astro-runtime:13.2.0\nRUN <<EOF\ncat > /usr/local/airflow/db.ini <<CONF\n[db]\npassword = ${FAKE.password}\nCONF\nEOF\n`;
    const findings = await secretFindings({ Dockerfile: text });
    assert.deepEqual(findings.map(brief), [{ ruleId: 'ASR201', severity: 'error', file: 'Dockerfile', range: rangeOfText(text, FAKE.password) }]);
  });
});
