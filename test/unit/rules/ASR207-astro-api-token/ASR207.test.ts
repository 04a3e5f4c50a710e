import { strict as assert } from 'node:assert';
import { assertNoValueShown, FAKE, rangeOfText, secretFindings } from '../../secrets/project';

describe('ASR207 astro-api-token', () => {
  it('ASTRO_API_TOKEN in a CI file: an error, responsibility access', async () => {
    const text = `jobs:\n  deploy:\n    env:\n      ASTRO_API_TOKEN: ${FAKE.astroToken}\n`;
    const findings = await secretFindings({ '.github/workflows/deploy.yaml': text });
    assert.deepEqual(findings.map((f) => ({ rule: f.ruleId, severity: f.severity, responsibility: f.responsibility, range: f.range })), [
      { rule: 'ASR207', severity: 'error', responsibility: 'access', range: rangeOfText(text, FAKE.astroToken) },
    ]);
    assert.match(findings[0].message, /rotate it/);
    assertNoValueShown(findings);
  });

  it('in .env (also an ASR202 candidate): reported by ASR207 only, info while the file stays ignored', async () => {
    const text = `ASTRO_API_TOKEN=${FAKE.astroToken}\nASTRONOMER_KEY_SECRET=\n`;
    const findings = await secretFindings({ '.env': text });
    assert.deepEqual(findings.map((f) => `${f.ruleId} ${f.severity}`), ['ASR207 info']);
  });

  it('a reference to the CI secret store: nothing', async () => {
    assert.deepEqual(await secretFindings({ '.github/workflows/deploy.yaml': 'env:\n  ASTRO_API_TOKEN: ${{ secrets.ASTRO_API_TOKEN }}\n' }), []);
  });
});
