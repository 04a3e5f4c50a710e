import { strict as assert } from 'node:assert';
import * as path from 'node:path';
import { range, readFixture } from '../../helpers';
import { findingsOf } from '../../requirements/project';

const FIXTURES = path.resolve(__dirname, '../../../../../test/unit/rules/ASR308-package-unpinned/fixtures');
const fixture = (name: string) => readFixture(FIXTURES, name);

describe('ASR308 package-unpinned', () => {
  it('off by default', async () => {
    assert.deepEqual(await findingsOf('ASR308', { 'packages.txt': fixture('packages.txt') }), []);
  });

  it('when turned on: info for each package without =version', async () => {
    const findings = await findingsOf('ASR308', { 'packages.txt': fixture('packages.txt') }, { rules: { ASR308: 'info' } });
    assert.deepEqual(findings.map((f) => [f.file, f.range, f.severity]), [
      ['packages.txt', range(1, 0, 1, 3), 'info'],
      ['packages.txt', range(3, 0, 3, 4), 'info'],
    ]);
    assert.equal(
      findings[0].message,
      '`gcc` has no version: apt installs whatever version the Debian mirrors hold when the image is built, so two builds of the same commit can differ. If you need reproducible images, pin it as `gcc=<version>`, and plan to update the pin: the mirrors drop old versions after security updates.',
    );
  });

  it('an empty packages.txt (the astro dev init template) has none', async () => {
    assert.deepEqual(await findingsOf('ASR308', { 'packages.txt': '' }, { rules: { ASR308: 'info' } }), []);
  });
});
