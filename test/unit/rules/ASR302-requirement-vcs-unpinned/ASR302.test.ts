import { strict as assert } from 'node:assert';
import * as path from 'node:path';
import { range, readFixture } from '../../helpers';
import { findingsOf } from '../../requirements/project';

const FIXTURES = path.resolve(__dirname, '../../../../../test/unit/rules/ASR302-requirement-vcs-unpinned/fixtures');
const fixture = (name: string) => readFixture(FIXTURES, name);

describe('ASR302 requirement-vcs-unpinned', () => {
  it('a branch, no revision, a tag, a short hash, an hg branch: reported on the revision (or the URL)', async () => {
    const findings = await findingsOf('ASR302', { 'requirements.txt': fixture('unpinned.txt') });
    assert.deepEqual(
      findings.map((f) => [f.range, f.severity, f.responsibility]),
      [
        [range(0, 37, 0, 41), 'warning', 'code'],
        [range(1, 0, 1, 42), 'warning', 'code'],
        [range(2, 47, 2, 53), 'warning', 'code'],
        [range(3, 37, 3, 44), 'warning', 'code'],
        [range(4, 31, 4, 38), 'warning', 'code'],
      ],
    );
    assert.equal(
      findings[0].message,
      '`tools` is installed at `main`, a branch or tag that can be moved to another commit: the code you deploy can change with no commit in your project, and nobody reviews what changed. Pin the full commit hash (40 hexadecimal characters for git) with `@<revision>` in the URL.',
    );
    assert.match(findings[1].message, /^`lib` is installed from the newest commit of the repository's default branch: /);
    assert.match(findings[3].message, /^`ed` is installed at the abbreviated commit `abc1234`/);
    assert.ok(findings.every((f) => f.fixes.length === 0));
  });

  it('no finding for a full git hash, an svn revision number, or a revision from ${VAR}', async () => {
    assert.deepEqual(await findingsOf('ASR302', { 'requirements.txt': fixture('pinned.txt') }), []);
  });

  it('settings: off', async () => {
    assert.deepEqual(await findingsOf('ASR302', { 'requirements.txt': fixture('unpinned.txt') }, { rules: { ASR302: 'off' } }), []);
  });
});
