import { strict as assert } from 'node:assert';
import { check, where } from '../../policy/project';

describe('ASR003 configuration-invalid', () => {
  it('each mistake at its key; the rest of the file still counts', async () => {
    const config = [
      'rules:',
      '  ASR301: off',
      '  ASR999: warning',
      '  ASR305: loud',
      '  ASR102:',
      '    warning-days: -3',
      '    colour: red',
      'ignore-findings:',
      '  - rule: ASR210',
      '    path: include/',
      'colour: blue',
      'network: sometimes',
      '',
    ].join('\n');
    const findings = await check({ '.astro-sr.yaml': config, 'requirements.txt': 'requests\n' });
    assert.deepEqual(where(findings), [
      'ASR003 .astro-sr.yaml 3:3',
      'ASR003 .astro-sr.yaml 4:11',
      'ASR003 .astro-sr.yaml 6:5',
      'ASR003 .astro-sr.yaml 7:5',
      'ASR003 .astro-sr.yaml 9:5',
      'ASR003 .astro-sr.yaml 11:1',
      'ASR003 .astro-sr.yaml 12:10',
    ]);
    assert.ok(findings.every((f) => f.severity === 'error' && f.responsibility === 'tool'));
    const messages = findings.map((f) => f.message);
    assert.match(messages[0], /no rule has the id or name `ASR999`/);
    assert.match(messages[1], /one of off, error, warning, info, hint/);
    assert.match(messages[2], /whole number, at least 0/);
    assert.match(messages[3], /ASR102 has no option `colour`; its options: `warning-days`/);
    assert.match(messages[4], /no `reason`/);
    assert.match(messages[5], /unknown key `colour`/);
    assert.match(messages[6], /`online` or `offline`/);
  });

  it('YAML that does not parse: one error on its line, and nothing of the file counts', async () => {
    const findings = await check({ '.astro-sr.yaml': 'rules:\n  ASR301: off\n   bad: [\n', 'requirements.txt': 'requests\n' });
    assert.deepEqual(where(findings), ['ASR003 .astro-sr.yaml 2:1', 'ASR301 requirements.txt 1:1']);
    assert.match(findings[0].message, /not valid YAML/);
  });

  it('an empty file is fine', async () => {
    assert.deepEqual(where(await check({ '.astro-sr.yaml': '# nothing yet\n' })), []);
  });
});
