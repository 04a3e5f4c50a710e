import { strict as assert } from 'node:assert';
import { cvss3BaseScore, severityOfScore } from '../../../src/engine/knowledge/packages/cvss';
import { compareVersions, isPrerelease, isVersion, sortVersions } from '../../../src/engine/knowledge/packages/pep440';

describe('PEP 440 versions', () => {
  it('orders releases numerically, not as text', () => {
    assert.ok(compareVersions('2.10.0', '2.5.0') > 0);
    assert.ok(compareVersions('1.26.19', '1.26.5') > 0);
    assert.equal(compareVersions('2.10', '2.10.0'), 0);
    assert.equal(compareVersions('v1.0', '1.0'), 0);
    assert.ok(compareVersions('1!0.1', '2024.1') > 0, 'epoch first');
  });

  it('orders dev < pre < final < post within a release', () => {
    const ordered = ['1.0.dev0', '1.0a1.dev1', '1.0a1', '1.0a2', '1.0b1', '1.0rc1', '1.0', '1.0+local.1', '1.0.post1.dev0', '1.0.post1', '1.1.dev0'];
    for (let i = 0; i + 1 < ordered.length; i++) assert.ok(compareVersions(ordered[i], ordered[i + 1]) < 0, `${ordered[i]} < ${ordered[i + 1]}`);
    assert.deepEqual(sortVersions([...ordered].reverse()), ordered);
  });

  it('reads the spellings pip accepts', () => {
    assert.equal(compareVersions('1.0-alpha.2', '1.0a2'), 0);
    assert.equal(compareVersions('1.0c1', '1.0rc1'), 0);
    assert.equal(compareVersions('1.0-1', '1.0.post1'), 0);
    assert.equal(compareVersions('1.0.rev2', '1.0.post2'), 0);
    assert.equal(compareVersions('1.0-preview3', '1.0rc3'), 0);
    assert.ok(isVersion('1.0.rev2'));
    assert.ok(!isVersion('not a version'));
    assert.ok(!isVersion('1.0.*'));
  });

  it('tells pre-releases and dev releases from final ones', () => {
    for (const v of ['2.33.0rc1', '2.33.0.dev1', '3.2.0a1', '1.0b2.post1']) assert.ok(isPrerelease(v), v);
    for (const v of ['2.32.4', '1.0.post1', '1.0+cpu']) assert.ok(!isPrerelease(v), v);
  });

  it('sorts unparseable versions first and drops equal duplicates', () => {
    assert.deepEqual(sortVersions(['2.0', 'weird', '2.0.0', '1.9']), ['weird', '1.9', '2.0']);
  });
});

describe('CVSS v3 base scores', () => {
  const cases: [string, number][] = [
    ['CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H', 9.8],
    ['CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H', 10],
    ['CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:C/C:L/I:L/A:N', 6.1],
    ['CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:N/A:N', 7.5],
    ['CVSS:3.1/AV:L/AC:L/PR:L/UI:N/S:U/C:H/I:H/A:H', 7.8],
    ['CVSS:3.0/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:N/A:N', 8.6],
    ['CVSS:3.1/AV:N/AC:H/PR:N/UI:R/S:C/C:H/I:N/A:N', 6.1],
    ['CVSS:3.1/AV:L/AC:H/PR:H/UI:R/S:U/C:H/I:H/A:N', 5.6],
    ['CVSS:3.1/AV:N/AC:H/PR:H/UI:N/S:U/C:H/I:N/A:N', 4.4],
    ['CVSS:3.1/AV:P/AC:H/PR:H/UI:R/S:U/C:L/I:N/A:N', 1.6],
    ['CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:N', 0],
    // temporal and environmental metrics after the base ones do not change the base score
    ['CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/E:U/RL:O', 9.8],
  ];
  for (const [vector, score] of cases) {
    it(`${vector} → ${score}`, () => assert.equal(cvss3BaseScore(vector), score));
  }

  it('refuses vectors that are not complete CVSS v3', () => {
    for (const v of ['CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N', 'AV:N/AC:L/Au:N/C:P/I:P/A:P', 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H', 'CVSS:3.1/AV:X/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H', 'CVSS:3.1/AV:N/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H', '']) {
      assert.equal(cvss3BaseScore(v), undefined, v);
    }
  });

  it('rates scores as CVSS does (medium is called moderate)', () => {
    assert.deepEqual([9, 10, 7, 8.9, 4, 6.9, 0.1, 3.9, 0].map(severityOfScore), ['critical', 'critical', 'high', 'high', 'moderate', 'moderate', 'low', 'low', 'low']);
  });
});
