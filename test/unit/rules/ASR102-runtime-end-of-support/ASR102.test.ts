import { strict as assert } from 'node:assert';
import * as path from 'node:path';
import { applyFix, assertInstallableTargets, checkDockerfile, fixesOf, onlyFinding, range, readFixture } from '../../helpers';

// out/test/unit/rules/ASR102-runtime-end-of-support → the source tree's fixtures.
const FIXTURES = path.resolve(__dirname, '../../../../../test/unit/rules/ASR102-runtime-end-of-support/fixtures');
const fixture = (name: string) => readFixture(FIXTURES, name);

// Test catalog lines: 11 (basic support ended 2025-10-31), 12 (maintenance ended 2026-01-31,
// basic support to 2026-07-31), 13 (to 2027-01-31 / 2027-07-31), 3.0 (to 2026-10-31 / 2027-04-30).
// Default today: 2026-03-01.
describe('ASR102 runtime-end-of-support', () => {
  it('error past the end of basic support; the preferred fix moves to the newest supported line', async () => {
    const text = fixture('past-basic-support.Dockerfile');
    const f = await onlyFinding(text);
    assert.equal(f.ruleId, 'ASR102');
    assert.equal(f.rule, 'runtime-end-of-support');
    assert.equal(f.responsibility, 'runtime');
    assert.equal(f.severity, 'error');
    assert.deepEqual(f.range, range(0, 5, 0, 44));
    assert.equal(
      f.message,
      'Astro Runtime 11.2.0 reached the end of basic support on 2025-10-31: Astronomer no longer patches or supports it, and new Deployments cannot use it. Upgrade to 13.2.0 (Airflow 2.11.0). Also: 11.3.0 is newer in the same line (ASR101).',
    );
    assert.deepEqual(f.related, ['ASR101']);
    assert.deepEqual(fixesOf(f), [
      { title: 'Upgrade to 13.2.0 (Airflow 2.11.0)', isPreferred: true, edits: [{ range: range(0, 38, 0, 44), newText: '13.2.0' }] },
      { title: 'Upgrade to 11.3.0 (Airflow 2.9.3)', edits: [{ range: range(0, 38, 0, 44), newText: '11.3.0' }] },
    ]);
  });

  it('warning past the end of maintenance, naming the end of basic support; variant kept', async () => {
    const text = fixture('past-maintenance.Dockerfile');
    const f = await onlyFinding(text);
    assert.equal(f.ruleId, 'ASR102');
    assert.equal(f.severity, 'warning');
    assert.deepEqual(f.range, range(0, 5, 0, 56));
    assert.equal(
      f.message,
      'Astro Runtime 12.4.0 is past the end of maintenance (2026-01-31): it gets no more bug or security fixes, and basic support ends on 2026-07-31. Upgrade to 13.2.0 (Airflow 2.11.0). Also: 12.6.0 is newer in the same line (ASR101).',
    );
    assert.deepEqual(fixesOf(f), [
      { title: 'Upgrade to 13.2.0 (Airflow 2.11.0)', isPreferred: true, edits: [{ range: range(0, 38, 0, 44), newText: '13.2.0' }] },
      { title: 'Upgrade to 12.6.0 (Airflow 2.10.4)', edits: [{ range: range(0, 38, 0, 44), newText: '12.6.0' }] },
    ]);
    assert.equal(applyFix(text, f.fixes[0]), 'FROM quay.io/astronomer/astro-runtime:13.2.0-python-3.11\n');
  });

  it('warning within 30 days of the end of maintenance', async () => {
    const f = await onlyFinding(fixture('newest-of-line.Dockerfile'), { today: '2026-01-10' });
    assert.equal(f.ruleId, 'ASR102');
    assert.equal(f.severity, 'warning');
    assert.equal(f.message, 'Astro Runtime 12.6.0 reaches the end of maintenance on 2026-01-31, in 21 days. Upgrade to 13.2.0 (Airflow 2.11.0).');
    assert.equal(f.related, undefined);
    assert.deepEqual(fixesOf(f), [{ title: 'Upgrade to 13.2.0 (Airflow 2.11.0)', isPreferred: true, edits: [{ range: range(0, 38, 0, 44), newText: '13.2.0' }] }]);
  });

  it('the warning window follows warningDays (inclusive)', async () => {
    const text = fixture('newest-of-line.Dockerfile');
    assert.deepEqual((await checkDockerfile(text, { today: '2026-01-10', warningDays: 20 })).findings, []);
    const f = await onlyFinding(text, { today: '2026-01-10', warningDays: 21 });
    assert.match(f.message, /in 21 days\./);
    const far = await onlyFinding(text, { today: '2025-11-01', warningDays: 100 });
    assert.match(far.message, /reaches the end of maintenance on 2026-01-31, in 91 days\./);
    assert.deepEqual((await checkDockerfile(text, { today: '2025-11-01' })).findings, []);
  });

  it('says "today" and "1 day"', async () => {
    const text = fixture('newest-of-line.Dockerfile');
    assert.match((await onlyFinding(text, { today: '2026-01-31' })).message, /on 2026-01-31, today\./);
    assert.match((await onlyFinding(text, { today: '2026-01-30' })).message, /on 2026-01-31, in 1 day\./);
  });

  it('warning within 30 days of the end of basic support, after maintenance ended', async () => {
    const f = await onlyFinding(fixture('newest-of-line.Dockerfile'), { today: '2026-07-20' });
    assert.equal(f.severity, 'warning');
    assert.equal(f.message, 'Astro Runtime 12.6.0 reaches the end of basic support on 2026-07-31, in 11 days. Upgrade to 13.2.0 (Airflow 2.11.0).');
    // the day after: error
    const after = await onlyFinding(fixture('newest-of-line.Dockerfile'), { today: '2026-08-01' });
    assert.equal(after.severity, 'error');
    assert.match(after.message, /reached the end of basic support on 2026-07-31/);
  });

  it('the last day of maintenance is still maintained', async () => {
    const f = await onlyFinding(fixture('newest-of-line.Dockerfile'), { today: '2026-02-01' });
    assert.match(f.message, /is past the end of maintenance \(2026-01-31\)/);
  });

  it('no finding for a supported release', async () => {
    assert.deepEqual((await checkDockerfile(fixture('supported.Dockerfile'))).findings, []);
  });

  it('an Airflow 3 line near its end moves to the newest Airflow 3 line, never to 2.x', async () => {
    const f = await onlyFinding(fixture('v3-line.Dockerfile'), { today: '2026-10-15' });
    assert.equal(f.severity, 'warning');
    assert.equal(f.message, 'Astro Runtime 3.0-10 reaches the end of maintenance on 2026-10-31, in 16 days. Upgrade to 3.3-2 (Airflow 3.3.1).');
    assert.deepEqual(fixesOf(f), [{ title: 'Upgrade to 3.3-2 (Airflow 3.3.1)', isPreferred: true, edits: [{ range: range(0, 38, 0, 44), newText: '3.3-2' }] }]);
  });

  it('the newest Airflow 2 line near its end is not told to move to Airflow 3', async () => {
    const f = await onlyFinding(fixture('supported.Dockerfile'), { today: '2027-01-20' });
    assert.equal(f.message, 'Astro Runtime 13.2.0 reaches the end of maintenance on 2027-01-31, in 11 days.');
    assert.deepEqual(f.fixes, []);
  });

  it('the 3.0.4 trap: Airflow 2.1.1, long unsupported, and the message names the 3.0-4 image', async () => {
    const f = await onlyFinding(fixture('trap-3.0.4.Dockerfile'));
    assert.equal(f.ruleId, 'ASR102');
    assert.equal(f.severity, 'error');
    assert.deepEqual(f.range, range(0, 5, 0, 43));
    assert.equal(
      f.message,
      'Astro Runtime 3.0.4 reached the end of basic support on 2022-02-28: Astronomer no longer patches or supports it, and new Deployments cannot use it. Upgrade to 13.2.0 (Airflow 2.11.0). (If you meant the Airflow 3 image, 3.0-4 is published at astrocrpublic.azurecr.io/runtime.)',
    );
    assert.deepEqual(fixesOf(f), [{ title: 'Upgrade to 13.2.0 (Airflow 2.11.0)', isPreferred: true, edits: [{ range: range(0, 38, 0, 43), newText: '13.2.0' }] }]);
  });

  describe('settings', () => {
    it("'off' leaves the other rules: ASR101 then reports the same image", async () => {
      const f = await onlyFinding(fixture('past-maintenance.Dockerfile'), { rules: { ASR102: 'off' } });
      assert.equal(f.ruleId, 'ASR101');
      assert.equal(f.related, undefined);
      assert.doesNotMatch(f.message, /Also:/);
    });

    it('a severity override applies to every state of the rule', async () => {
      const f = await onlyFinding(fixture('past-basic-support.Dockerfile'), { rules: { 'runtime-end-of-support': 'warning' } });
      assert.equal(f.ruleId, 'ASR102');
      assert.equal(f.severity, 'warning');
      const g = await onlyFinding(fixture('past-maintenance.Dockerfile'), { rules: { ASR102: 'error' } });
      assert.equal(g.severity, 'error');
    });

    it('when an override makes another rule more severe, that rule wins and names this one', async () => {
      const f = await onlyFinding(fixture('past-maintenance.Dockerfile'), { rules: { ASR101: 'error' } });
      assert.equal(f.ruleId, 'ASR101');
      assert.equal(f.severity, 'error');
      assert.match(f.message, / Also: past end of maintenance \(2026-01-31\) \(ASR102\)\.$/);
      assert.deepEqual(f.related, ['ASR102']);
      // the preferred fix stays the first one offered
      assert.equal(f.fixes.filter((x) => x.isPreferred).length, 1);
    });
  });

  it('only ever offers stable, non-yanked releases', async () => {
    for (const name of ['past-basic-support', 'past-maintenance', 'newest-of-line', 'trap-3.0.4', 'v3-line']) {
      for (const today of ['2026-03-01', '2026-10-15', '2026-07-20']) {
        assertInstallableTargets((await checkDockerfile(fixture(`${name}.Dockerfile`), { today })).findings);
      }
    }
  });
});
