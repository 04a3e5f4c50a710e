import { strict as assert } from 'node:assert';
import * as path from 'node:path';
import { applyFix, checkDockerfile, fixesOf, onlyFinding, range, readFixture } from '../../helpers';

// out/test/unit/rules/ASR105-runtime-unknown-version → the source tree's fixtures.
const FIXTURES = path.resolve(__dirname, '../../../../../test/unit/rules/ASR105-runtime-unknown-version/fixtures');
const fixture = (name: string) => readFixture(FIXTURES, name);

describe('ASR105 runtime-unknown-version', () => {
  it('a version the catalog does not know, naming the catalog and its date; no fix', async () => {
    const f = await onlyFinding(fixture('unknown.Dockerfile'));
    assert.equal(f.ruleId, 'ASR105');
    assert.equal(f.rule, 'runtime-unknown-version');
    assert.equal(f.responsibility, 'runtime');
    assert.equal(f.severity, 'warning');
    assert.deepEqual(f.range, range(0, 5, 0, 44));
    assert.equal(
      f.message,
      'Astro Runtime 13.9.0 is not in the Runtime catalog (file, as of 2026-02-25): it may be mistyped, never released, or newer than the catalog.',
    );
    assert.deepEqual(f.fixes, []);
  });

  it('a tag that is not a Runtime version at all', async () => {
    const f = await onlyFinding(fixture('unreadable.Dockerfile'));
    assert.equal(f.ruleId, 'ASR105');
    assert.deepEqual(f.range, range(0, 5, 0, 45));
    assert.equal(f.message, "The tag 'nightly' is not an Astro Runtime version that the Runtime catalog (file, as of 2026-02-25) knows: check it for a typo.");
    assert.deepEqual(f.fixes, []);
  });

  it('an Airflow 3 tag on the Airflow 2 image (quay.io/astronomer/astro-runtime:3.0-4): not that release, fix moves the image name', async () => {
    const text = fixture('v3-tag-on-quay.Dockerfile');
    const f = await onlyFinding(text);
    assert.equal(f.ruleId, 'ASR105');
    assert.equal(f.severity, 'warning');
    assert.deepEqual(f.range, range(0, 5, 0, 43));
    assert.equal(
      f.message,
      'quay.io/astronomer/astro-runtime has no 3.0-4 image. Versions written like 3.1-12 (Runtime for Airflow 3) are published at astrocrpublic.azurecr.io/runtime.',
    );
    // never "upgrade to 3.0-10" on an image name that has no 3.x-N tags
    assert.equal(f.related, undefined);
    assert.deepEqual(fixesOf(f), [
      { title: 'Use astrocrpublic.azurecr.io/runtime', isPreferred: true, edits: [{ range: range(0, 5, 0, 37), newText: 'astrocrpublic.azurecr.io/runtime' }] },
    ]);
    assert.equal(applyFix(text, f.fixes[0]), 'FROM astrocrpublic.azurecr.io/runtime:3.0-4\n');
    // the project summary does not claim the Airflow 3 release
    const { projects } = await checkDockerfile(text);
    assert.deepEqual(projects[0].runtime, { image: 'quay.io/astronomer/astro-runtime', tag: '3.0-4', version: '3.0-4', airflowVersion: null });
  });

  it('an Airflow 2 version on the Airflow 3 image', async () => {
    const text = fixture('v2-tag-on-azurecr.Dockerfile');
    const f = await onlyFinding(text);
    assert.equal(f.ruleId, 'ASR105');
    assert.equal(
      f.message,
      'astrocrpublic.azurecr.io/runtime has no 13.2.0 image. Versions written like 12.4.0 (Runtime for Airflow 2) are published at quay.io/astronomer/astro-runtime.',
    );
    assert.equal(applyFix(text, f.fixes[0]), 'FROM quay.io/astronomer/astro-runtime:13.2.0\n');
  });

  it('the 3.0.4 vs 3.0-4 trap: 3.0.4 is a known (Airflow 2.1.1) release, reported by ASR102, not here', async () => {
    const f = await onlyFinding(fixture('trap-3.0.4.Dockerfile'));
    assert.equal(f.ruleId, 'ASR102');
    assert.equal(f.severity, 'error');
    assert.match(f.message, /\(If you meant the Airflow 3 image, 3\.0-4 is published at astrocrpublic\.azurecr\.io\/runtime\.\)$/);
  });

  it('no finding for a known version on its own image', async () => {
    // 3.0-4 on astrocrpublic.azurecr.io/runtime is known; it is outdated (ASR101), not unknown
    const f = await onlyFinding(fixture('known-v3.Dockerfile'));
    assert.equal(f.ruleId, 'ASR101');
    assert.equal(f.related, undefined);
  });

  it("'off' silences it, and other rules do not step in for an unknown version", async () => {
    assert.deepEqual((await checkDockerfile(fixture('unknown.Dockerfile'), { rules: { ASR105: 'off' } })).findings, []);
    assert.deepEqual((await checkDockerfile(fixture('v3-tag-on-quay.Dockerfile'), { rules: { 'runtime-unknown-version': 'off' } })).findings, []);
  });

  it('a severity override', async () => {
    assert.equal((await onlyFinding(fixture('unknown.Dockerfile'), { rules: { ASR105: 'info' } })).severity, 'info');
  });
});
