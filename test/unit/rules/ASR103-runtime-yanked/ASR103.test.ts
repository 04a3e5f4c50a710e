import { strict as assert } from 'node:assert';
import * as path from 'node:path';
import { applyFix, assertInstallableTargets, checkDockerfile, fixesOf, onlyFinding, range, readFixture } from '../../helpers';

// out/test/unit/rules/ASR103-runtime-yanked → the source tree's fixtures.
const FIXTURES = path.resolve(__dirname, '../../../../../test/unit/rules/ASR103-runtime-yanked/fixtures');
const fixture = (name: string) => readFixture(FIXTURES, name);

describe('ASR103 runtime-yanked', () => {
  it('error with the reason; the fix skips yanked, deprecated and alpha releases', async () => {
    const text = fixture('yanked.Dockerfile');
    const f = await onlyFinding(text);
    assert.equal(f.ruleId, 'ASR103');
    assert.equal(f.rule, 'runtime-yanked');
    assert.equal(f.responsibility, 'runtime');
    assert.equal(f.severity, 'error');
    assert.deepEqual(f.range, range(0, 5, 0, 44));
    assert.equal(
      f.message,
      'Astro Runtime 13.1.0 was yanked by Astronomer: Breaks the KubernetesPodOperator. Move to 13.2.0. Also: 13.2.0 is newer in the same line (ASR101).',
    );
    assert.deepEqual(f.related, ['ASR101']);
    // 13.2.1 (yanked), 13.3.0 (deprecated) and 13.4.0 (alpha) are newer but never offered
    assert.deepEqual(fixesOf(f), [{ title: 'Upgrade to 13.2.0 (Airflow 2.11.0)', isPreferred: true, edits: [{ range: range(0, 38, 0, 44), newText: '13.2.0' }] }]);
    assert.equal(applyFix(text, f.fixes[0]), 'FROM quay.io/astronomer/astro-runtime:13.2.0\n');
  });

  it('Airflow 3 line: 3.0-9 moves to 3.0-10 (preferred) or the newest line, variant kept', async () => {
    const text = fixture('yanked-v3.Dockerfile');
    const f = await onlyFinding(text);
    assert.equal(f.severity, 'error');
    assert.deepEqual(f.range, range(0, 5, 0, 55));
    assert.equal(f.message, 'Astro Runtime 3.0-9 was yanked by Astronomer: Task logs are lost on retry. Move to 3.0-10. Also: 3.0-10 is newer in the same line (ASR101).');
    assert.deepEqual(fixesOf(f), [
      { title: 'Upgrade to 3.0-10 (Airflow 3.0.6)', isPreferred: true, edits: [{ range: range(0, 38, 0, 43), newText: '3.0-10' }] },
      { title: 'Upgrade to 3.3-2 (Airflow 3.3.1)', edits: [{ range: range(0, 38, 0, 43), newText: '3.3-2' }] },
    ]);
    assert.equal(applyFix(text, f.fixes[0]), 'FROM astrocrpublic.azurecr.io/runtime:3.0-10-python-3.12\n');
  });

  it('most severe wins: yanked (error) over end of maintenance and outdated (warnings), naming both', async () => {
    const f = await onlyFinding(fixture('yanked-old-line.Dockerfile'));
    assert.equal(f.ruleId, 'ASR103');
    assert.equal(f.severity, 'error');
    assert.equal(
      f.message,
      'Astro Runtime 12.5.0 was yanked by Astronomer: The scheduler may deadlock after the metadata database upgrade. Move to 13.2.0. Also: past end of maintenance (2026-01-31) (ASR102); 12.6.0 is newer in the same line (ASR101).',
    );
    assert.deepEqual(f.related, ['ASR102', 'ASR101']);
    // the line is past maintenance: the newest supported line is preferred; fixes are not repeated
    assert.deepEqual(fixesOf(f), [
      { title: 'Upgrade to 13.2.0 (Airflow 2.11.0)', isPreferred: true, edits: [{ range: range(0, 38, 0, 44), newText: '13.2.0' }] },
      { title: 'Upgrade to 12.6.0 (Airflow 2.10.4)', edits: [{ range: range(0, 38, 0, 44), newText: '12.6.0' }] },
    ]);
  });

  it('without a reason, and with no newer release to move to: moves back to the release before it', async () => {
    const f = await onlyFinding(fixture('yanked-newest.Dockerfile'));
    assert.equal(f.ruleId, 'ASR103');
    assert.equal(f.message, 'Astro Runtime 13.2.1 was yanked by Astronomer. Move to 13.2.0.');
    assert.deepEqual(fixesOf(f), [{ title: 'Move back to 13.2.0', isPreferred: true, edits: [{ range: range(0, 38, 0, 44), newText: '13.2.0' }] }]);
  });

  it('no finding for a release that was not yanked', async () => {
    assert.deepEqual((await checkDockerfile(fixture('not-yanked.Dockerfile'))).findings, []);
  });

  it("'off' hands the image to the next most severe rule", async () => {
    const f = await onlyFinding(fixture('yanked-old-line.Dockerfile'), { rules: { ASR103: 'off' } });
    assert.equal(f.ruleId, 'ASR102');
    assert.deepEqual(f.related, ['ASR101']);
  });

  it('only ever offers stable, non-yanked releases', async () => {
    for (const name of ['yanked', 'yanked-v3', 'yanked-old-line', 'yanked-newest']) {
      assertInstallableTargets((await checkDockerfile(fixture(`${name}.Dockerfile`))).findings);
    }
  });
});
