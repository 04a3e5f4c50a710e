import { strict as assert } from 'node:assert';
import { findingHover } from '../../src/engine/hovers/finding';
import { RULES } from '../../src/engine/rules';
import type { Finding } from '../../src/engine/types';

function finding(ruleId: string, message = 'x'): Finding {
  const meta = RULES.find((r) => r.id === ruleId)!;
  return { ruleId, rule: meta.name, responsibility: meta.responsibility, severity: meta.defaultSeverity, file: 'dags/etl.py', range: { start: { line: 3, character: 4 }, end: { line: 3, character: 20 } }, message, fixes: [] };
}

describe('the hover on a finding (committed credentials)', () => {
  it('every secret rule says what to do instead', () => {
    const secretRules = RULES.filter((r) => /^ASR2\d\d$/.test(r.id));
    assert.equal(secretRules.length, 10);
    for (const r of secretRules) assert.ok(r.instead && r.instead.length > 60, `${r.id} has no advice`);
  });

  it('a secret in Python: the duty, the alternative in code, and links to the docs', () => {
    const md = findingHover([finding('ASR205')])!;
    assert.match(md, /^\*\*Python code under dags\/, include\/, plugins\/ or tests\/ holds a literal credential\.\*\*/);
    assert.match(md, /\*\*Your responsibility: Secrets, connections and variables\.\*\*/);
    assert.match(md, /\*\*Instead:\*\* Read the value when the task runs: `BaseHook\.get_connection\("conn_id"\)`.*`os\.environ\["NAME"\]`/);
    for (const url of ['https://www.astronomer.io/docs/astro/environment-variables', 'https://www.astronomer.io/docs/astro/secrets-backend', 'https://www.astronomer.io/docs/astro/shared-responsibility-model', 'docs/rules/ASR205.md']) {
      assert.ok(md.includes(url), `no link to ${url}`);
    }
  });

  it('an Astro API token: the access responsibility and rotation', () => {
    const md = findingHover([finding('ASR207')])!;
    assert.match(md, /Your responsibility: Access and API tokens\./);
    assert.match(md, /Rotate the token in the Astro UI/);
    assert.ok(md.includes('https://www.astronomer.io/docs/astro/automation-authentication'));
  });

  it('each rule once, whatever the number of findings; nothing for rules without advice', () => {
    const md = findingHover([finding('ASR202'), finding('ASR202'), finding('ASR208')])!;
    assert.equal(md.split('**Instead:**').length - 1, 2);
    assert.equal(findingHover([finding('ASR101')]), undefined);
    assert.equal(findingHover([]), undefined);
  });

  it('never repeats what the finding says (the only text that could hold part of a value)', () => {
    const md = findingHover([finding('ASR210', 'password (`Vq7-…`) in this file')])!;
    assert.ok(!md.includes('Vq7'));
  });
});
