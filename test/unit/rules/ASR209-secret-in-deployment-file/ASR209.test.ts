import { strict as assert } from 'node:assert';
import * as path from 'node:path';
import { readFixture } from '../../helpers';
import { assertNoValueShown, brief, FAKE, rangeOfText, secretFindings } from '../../secrets/project';

const FIXTURES = path.resolve(__dirname, '../../../../../test/unit/rules/ASR209-secret-in-deployment-file/fixtures');
const fixture = (name: string) => readFixture(FIXTURES, name);

describe('ASR209 secret-in-deployment-file', () => {
  it('a credential value (even with is_secret: true) is an error; a sensitive key marked is_secret: false a warning', async () => {
    const text = fixture('deployment.yaml');
    const findings = await secretFindings({ 'deployments/prod.yaml': text });
    assert.deepEqual(findings.map(brief), [
      { ruleId: 'ASR209', severity: 'error', file: 'deployments/prod.yaml', range: rangeOfText(text, FAKE.password) },
      { ruleId: 'ASR209', severity: 'warning', file: 'deployments/prod.yaml', range: rangeOfText(text, 'false') },
      { ruleId: 'ASR209', severity: 'error', file: 'deployments/prod.yaml', range: rangeOfText(text, FAKE.password2) },
    ]);
    assert.match(findings[0].message, /environment variable `SNOWFLAKE_PASSWORD` of a Deployment file/);
    assert.match(findings[1].message, /^environment variable `SLACK_TOKEN` looks like a credential but has `is_secret: false`/);
    assertNoValueShown(findings);
  });

  it('in .astro/ too; YAML files without a top-level deployment: are not deployment files', async () => {
    const text = fixture('deployment.yaml');
    assert.equal((await secretFindings({ '.astro/deployment-prod.yaml': text })).length, 3);
    // Any other YAML file is ASR210's: there the value named by its `key:` sibling is judged by that name; `is_secret` means nothing.
    const other = text.replace('deployment:', 'settings:');
    const findings = await secretFindings({ 'include/config.yaml': other });
    assert.deepEqual(findings.map(brief), [{ ruleId: 'ASR210', severity: 'warning', file: 'include/config.yaml', range: rangeOfText(other, FAKE.password) }]);
    assert.match(findings[0].message, /^password in `SNOWFLAKE_PASSWORD`\./);
  });
});
