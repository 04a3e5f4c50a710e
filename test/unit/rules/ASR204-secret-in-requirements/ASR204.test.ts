import { strict as assert } from 'node:assert';
import * as path from 'node:path';
import { readFixture } from '../../helpers';
import { assertNoValueShown, brief, FAKE, rangeOfText, secretFindings } from '../../secrets/project';

const FIXTURES = path.resolve(__dirname, '../../../../../test/unit/rules/ASR204-secret-in-requirements/fixtures');
const fixture = (name: string) => readFixture(FIXTURES, name);

describe('ASR204 secret-in-requirements', () => {
  it('index and package URLs with credentials (password, a token as the user); references pass', async () => {
    const text = fixture('requirements.txt');
    const findings = await secretFindings({ 'requirements.txt': text });
    assert.deepEqual(findings.map(brief), [
      { ruleId: 'ASR204', severity: 'error', file: 'requirements.txt', range: rangeOfText(text, FAKE.password) },
      { ruleId: 'ASR204', severity: 'error', file: 'requirements.txt', range: rangeOfText(text, FAKE.password2) },
      { ruleId: 'ASR204', severity: 'error', file: 'requirements.txt', range: rangeOfText(text, FAKE.githubToken) },
    ]);
    assert.match(findings[0].message, /in `--extra-index-url`\. .*build secret/);
    assert.match(findings[1].message, /the URL of `acme-warehouse`/);
    assertNoValueShown(findings);
  });

  it('-i with a password', async () => {
    const text = `-i https://reader:${FAKE.password3}@pypi.corp.internal/simple\nrequests==2.32.3\n`;
    const findings = await secretFindings({ 'requirements.txt': text });
    assert.deepEqual(findings.map((f) => f.range), [rangeOfText(text, FAKE.password3)]);
  });
});
