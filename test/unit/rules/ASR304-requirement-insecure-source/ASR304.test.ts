import { strict as assert } from 'node:assert';
import * as path from 'node:path';
import { applyFix, range, readFixture } from '../../helpers';
import { findingsOf } from '../../requirements/project';

const FIXTURES = path.resolve(__dirname, '../../../../../test/unit/rules/ASR304-requirement-insecure-source/fixtures');
const fixture = (name: string) => readFixture(FIXTURES, name);

describe('ASR304 requirement-insecure-source', () => {
  it('http index, find-links, include, direct and VCS URLs, and --trusted-host', async () => {
    const text = fixture('insecure.txt');
    const findings = await findingsOf('ASR304', { 'requirements.txt': text });
    assert.deepEqual(
      findings.map((f) => [f.range, f.severity]),
      [
        [range(0, 12, 0, 51), 'warning'],
        [range(2, 0, 2, 40), 'warning'],
        [range(3, 3, 3, 29), 'warning'],
        [range(4, 8, 4, 49), 'warning'],
        [range(5, 0, 5, 89), 'warning'],
        [range(6, 3, 6, 37), 'warning'],
      ],
    );
    assert.match(findings[0].message, /^`--index-url` uses plain http:\/\/, so anyone on the network path between the build and that server can hand pip altered packages, .* Use https:\/\/\.$/);
    assert.match(findings[1].message, /^`--trusted-host pypi\.internal\.example\.com` lets pip download from that host over plain HTTP/);
    assert.deepEqual(findings[1].fixes, []);
    const fixed = findings.filter((f) => f.fixes.length).reduce((t, f) => applyFix(t, f.fixes[0], 'requirements.txt'), text);
    assert.equal(fixed, text.replace(/http:\/\//g, 'https://'));
  });

  it('no finding for https (with ${VAR} credentials), local find-links and https URLs', async () => {
    assert.deepEqual(await findingsOf('ASR304', { 'requirements.txt': fixture('secure.txt') }), []);
  });
});
