import { strict as assert } from 'node:assert';
import { check, where } from '../../policy/project';

describe('ASR002 inline-ignore-forbidden', () => {
  it('with `inline-ignores: false`, an ignore suppresses nothing and is an error at the directive', async () => {
    const findings = await check({
      '.astro-sr.yaml': 'inline-ignores: false\n',
      'requirements.txt': 'requests  # astro-sr: ignore ASR301 -- mine\n',
    });
    assert.deepEqual(where(findings), ['ASR301 requirements.txt 1:1', 'ASR002 requirements.txt 1:13']);
    const forbidden = findings[1];
    assert.equal(forbidden.severity, 'error');
    assert.match(forbidden.message, /`inline-ignores: false` in \.astro-sr\.yaml/);
  });

  it('a nearer file may allow them again; without a file they are allowed', async () => {
    const files = { 'requirements.txt': 'requests  # astro-sr: ignore ASR301 -- mine\n' };
    assert.deepEqual(where(await check(files)), []);
    const nested = await check({
      '.astro-sr.yaml': 'inline-ignores: false\n',
      'team/Dockerfile': 'FROM quay.io/astronomer/astro-runtime:13.4.0\n',
      'team/.astro/config.yaml': 'project: {name: t}\n',
      'team/.astro-sr.yaml': 'inline-ignores: true\n',
      'team/requirements.txt': 'requests  # astro-sr: ignore ASR301 -- mine\n',
    });
    assert.deepEqual(where(nested), []);
  });
});
