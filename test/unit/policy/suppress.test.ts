import { strict as assert } from 'node:assert';
import { check, where } from './project';

const FAKE_PASSWORD = 'Vq8#mZ2!rT6xLp9w';

describe('inline ignores: `astro-sr: ignore ID -- reason` in each file type', () => {
  it('the project has no finding of its own', async () => {
    assert.deepEqual(where(await check({})), []);
  });

  it('at the end of a requirement line, and on its own line before one; several ids', async () => {
    const findings = await check({
      'requirements.txt': 'requests  # astro-sr: ignore ASR301 -- constrained in constraints.txt\n# astro-sr: ignore ASR305, requirement-unpinned -- pinned by the platform image\npandas\nnumpy\n',
    });
    // ASR305 suppresses nothing on `pandas`: a hint at its id.
    assert.deepEqual(where(findings), ['ASR001 requirements.txt 2:20', 'ASR301 requirements.txt 4:1']);
  });

  it('stacked ignore lines apply to the first line after them', async () => {
    const findings = await check({ 'requirements.txt': '# astro-sr: ignore ASR305 -- a\n# astro-sr: ignore ASR301 -- b\npandas\n' });
    // ASR305 suppresses nothing on `pandas`: reported (hint) at its id.
    assert.deepEqual(where(findings), ['ASR001 requirements.txt 1:20']);
  });

  it('Dockerfile, .env, YAML, Python, SQL and shell each in their comment style', async () => {
    const pw = FAKE_PASSWORD;
    const findings = await check({
      Dockerfile: `FROM quay.io/astronomer/astro-runtime:13.4.0\n# astro-sr: ignore ASR201 -- test image only\nENV DB_PASSWORD=${pw}\nENV API_PASSWORD=${pw}x\n`,
      '.env': `# astro-sr: ignore ASR202 -- local only\nSNOWFLAKE_PASSWORD=${pw}\n`,
      'include/conf.yaml': `db:\n  password: "${pw}" # astro-sr: ignore ASR210 -- fixture\n`,
      'dags/etl.py': `PASSWORD = "${pw}"  # astro-sr: ignore ASR205 -- test\n`,
      'include/q.sql': `SELECT 1; -- astro-sr: ignore ASR210 -- none\nCREATE USER x PASSWORD '${pw}';\n`,
      'scripts/run.sh': `# astro-sr: ignore ASR210 -- demo\nexport DB_PASSWORD='${pw}'\n`,
    });
    // The Dockerfile's second ENV is not covered; the SQL ignore is on the line before its own line's end (it applies to line 1, where nothing is).
    assert.deepEqual(where(findings), ['ASR201 Dockerfile 4:18', 'ASR001 include/q.sql 1:31', 'ASR210 include/q.sql 2:25']);
  });

  it('JSON and notebooks hold no ignores; an ignore in Markdown is only text', async () => {
    const findings = await check({
      'include/creds.json': `{"password": "${FAKE_PASSWORD}", "note": "# astro-sr: ignore ASR210"}\n`,
      'README.md': '# astro-sr: ignore ASR301\n',
    });
    assert.deepEqual(where(findings), ['ASR210 include/creds.json 1:15']);
  });

  it('an image finding is ignored on its FROM line; the others of the image still fold into one', async () => {
    const findings = await check({ Dockerfile: '# astro-sr: ignore ASR101 -- upgraded next sprint\nFROM quay.io/astronomer/astro-runtime:13.0.0\n' });
    assert.ok(findings.every((f) => f.ruleId !== 'ASR101'), where(findings).join());
    const without = await check({ Dockerfile: 'FROM quay.io/astronomer/astro-runtime:13.0.0\n' });
    assert.ok(without.some((f) => f.ruleId === 'ASR101' || f.related?.includes('ASR101')));
  });

  it('the id may be a rule name, any case', async () => {
    assert.deepEqual(where(await check({ 'requirements.txt': 'requests # astro-sr: ignore Requirement-Unpinned\nnumpy # astro-sr: ignore asr301\n' })), []);
  });
});
