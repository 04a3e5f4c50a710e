import { strict as assert } from 'node:assert';
import { acceptFindingEdit } from '../../../src/engine/policy/edit';
import { applyEdits } from '../helpers';
import { check, where } from './project';

const apply = (text: string | undefined, path = 'dags/etl.py') => {
  const edit = acceptFindingEdit(text, 'ASR205', path, 'test fixture');
  return applyEdits(text ?? '', [{ file: '.astro-sr.yaml', ...edit }]);
};

describe('accepting a finding in .astro-sr.yaml', () => {
  it('a new file', () => {
    assert.equal(apply(undefined), 'ignore-findings:\n  - rule: ASR205\n    path: "dags/etl.py"\n    reason: test fixture\n');
  });

  it('an existing list keeps its indentation, comments and other keys', () => {
    const text = 'rules:\n  ASR301: off\n# accepted\nignore-findings:\n    - rule: ASR210\n      path: include/\n      reason: samples\nnetwork: offline\n';
    assert.equal(apply(text), 'rules:\n  ASR301: off\n# accepted\nignore-findings:\n    - rule: ASR205\n      path: "dags/etl.py"\n      reason: test fixture\n    - rule: ASR210\n      path: include/\n      reason: samples\nnetwork: offline\n');
  });

  it('no such key yet, a file without a final line break, and an empty flow list', () => {
    assert.equal(apply('rules:\n  ASR301: off'), 'rules:\n  ASR301: off\nignore-findings:\n  - rule: ASR205\n    path: "dags/etl.py"\n    reason: test fixture\n');
    assert.equal(apply('ignore-findings: []\n'), 'ignore-findings:\n  - rule: ASR205\n    path: "dags/etl.py"\n    reason: test fixture\n');
  });

  it('the entry written accepts the finding, and only it', async () => {
    const pw = 'Vq8#mZ2!rT6xLp9w';
    const files = { 'dags/etl.py': `PASSWORD = "${pw}"\n`, 'dags/other.py': `PASSWORD = "${pw}"\n` };
    assert.deepEqual(where(await check(files)), ['ASR205 dags/etl.py 1:13', 'ASR205 dags/other.py 1:13']);
    assert.deepEqual(where(await check({ ...files, '.astro-sr.yaml': apply('rules: {}\n') })), ['ASR205 dags/other.py 1:13']);
  });
});
