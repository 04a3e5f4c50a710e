import { strict as assert } from 'node:assert';
import { check, where } from '../../policy/project';

describe('ASR001 ignore-unused', () => {
  it('an ignore that suppresses nothing: a hint on its id', async () => {
    const findings = await check({ 'requirements.txt': 'requests==2.32.3  # astro-sr: ignore ASR301 -- was unpinned\n' });
    assert.deepEqual(where(findings), ['ASR001 requirements.txt 1:38']);
    const [f] = findings;
    assert.equal(f.severity, 'hint');
    assert.equal(f.responsibility, 'tool');
    assert.deepEqual(f.range, { start: { line: 0, character: 37 }, end: { line: 0, character: 43 } });
    assert.match(f.message, /ASR301 \(requirement-unpinned\) reports nothing on this line any more/);
  });

  it('an unknown id, and an ignore that names nothing', async () => {
    const findings = await check({ 'requirements.txt': 'requests # astro-sr: ignore ASR999, ASR301\n# astro-sr: ignore\nnumpy==2.1.0\n' });
    assert.deepEqual(where(findings), ['ASR001 requirements.txt 1:29', 'ASR001 requirements.txt 2:3']);
    assert.match(findings[0].message, /`ASR999` is not a rule id or name/);
    assert.match(findings[1].message, /names no rule/);
  });

  it('not reported for a rule that is off, nor for advisories checked without package intel', async () => {
    const text = 'requests==2.32.3  # astro-sr: ignore ASR301, ASR306\n';
    assert.deepEqual(where(await check({ 'requirements.txt': text }, { rules: { ASR301: 'off' } })), []);
  });

  it('itself can be turned off', async () => {
    assert.deepEqual(where(await check({ 'requirements.txt': 'numpy==2.1.0 # astro-sr: ignore ASR301\n' }, { rules: { 'ignore-unused': 'off' } })), []);
  });
});
