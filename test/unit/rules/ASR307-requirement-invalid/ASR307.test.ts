import { strict as assert } from 'node:assert';
import * as path from 'node:path';
import { range, readFixture } from '../../helpers';
import { findingsOf, RUNTIME_DOCKERFILE } from '../../requirements/project';

const FIXTURES = path.resolve(__dirname, '../../../../../test/unit/rules/ASR307-requirement-invalid/fixtures');
const fixture = (name: string) => readFixture(FIXTURES, name);

describe('ASR307 requirement-invalid', () => {
  it('two names on one line, an operator without a version, `=`, an unknown option: errors on the line', async () => {
    const findings = await findingsOf('ASR307', { 'requirements.txt': fixture('invalid.txt') });
    assert.deepEqual(
      findings.map((f) => [f.range, f.severity]),
      [
        [range(0, 0, 0, 14), 'error'],
        [range(1, 0, 1, 8), 'error'],
        [range(2, 0, 2, 12), 'error'],
        [range(4, 0, 4, 5), 'error'],
      ],
    );
    assert.equal(
      findings[0].message,
      'pip rejects this line, and with it the whole install, so the image does not build: two package names run together (`requests` and `flask`): put each requirement on its own line.',
    );
    assert.match(findings[1].message, /`==` is not followed by a version\.$/);
    assert.match(findings[2].message, /`=` is not a version operator: use `==` to pin a version\.$/);
    assert.match(findings[3].message, /pip has no option `--foo` in requirement files\.$/);
  });

  it('no finding for valid lines (continuations with hashes, editables, local paths)', async () => {
    assert.deepEqual(await findingsOf('ASR307', { 'requirements.txt': fixture('valid.txt') }), []);
  });

  it('a file read both as requirements and as constraints is reported once per line', async () => {
    const files = { Dockerfile: `${RUNTIME_DOCKERFILE}RUN pip install -r requirements.txt -c requirements.txt\n`, 'requirements.txt': 'requests flask\n' };
    assert.equal((await findingsOf('ASR307', files)).length, 1);
  });
});
