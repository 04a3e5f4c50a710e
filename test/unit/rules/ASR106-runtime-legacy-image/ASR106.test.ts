import { strict as assert } from 'node:assert';
import * as path from 'node:path';
import { applyFix, checkDockerfile, fixesOf, onlyFinding, range, readFixture } from '../../helpers';

// out/test/unit/rules/ASR106-runtime-legacy-image → the source tree's fixtures.
const FIXTURES = path.resolve(__dirname, '../../../../../test/unit/rules/ASR106-runtime-legacy-image/fixtures');
const fixture = (name: string) => readFixture(FIXTURES, name);

const CERTIFIED = 'Astronomer Certified (ap-airflow) images are no longer supported or patched. Move this project to Astro Runtime; the upgrade guide explains how.';
const OLD_REGISTRY =
  "air.astronomer.io is Astronomer's old registry for Astro Runtime: images are published at astrocrpublic.azurecr.io/runtime now. Pull from there so that new releases reach you.";

describe('ASR106 runtime-legacy-image', () => {
  it('error for quay.io/astronomer/ap-airflow; no fix', async () => {
    const f = await onlyFinding(fixture('ap-airflow-quay.Dockerfile'));
    assert.equal(f.ruleId, 'ASR106');
    assert.equal(f.rule, 'runtime-legacy-image');
    assert.equal(f.responsibility, 'runtime');
    assert.equal(f.severity, 'error');
    assert.deepEqual(f.range, range(0, 5, 0, 48));
    assert.equal(f.message, CERTIFIED);
    assert.deepEqual(f.fixes, []);
  });

  it('error for astronomerinc/ap-airflow, also in a folder without .astro (an Astronomer image makes it a project)', async () => {
    for (const astro of [true, false]) {
      const { findings, projects } = await checkDockerfile(fixture('ap-airflow-hub.Dockerfile'), {}, astro);
      assert.equal(projects.length, 1);
      assert.equal(findings.length, 1);
      assert.equal(findings[0].ruleId, 'ASR106');
      assert.equal(findings[0].severity, 'error');
      assert.deepEqual(findings[0].range, range(0, 5, 0, 44));
      assert.equal(findings[0].message, CERTIFIED);
    }
  });

  it('error for the oldest Docker Hub namespace, astronomerio/ap-airflow', async () => {
    const f = await onlyFinding('FROM astronomerio/ap-airflow:2.0.0-buster-onbuild-20393\n');
    assert.deepEqual([f.ruleId, f.severity, f.range], ['ASR106', 'error', range(0, 5, 0, 55)]);
    assert.equal(f.message, CERTIFIED);
  });

  it('warning for air.astronomer.io/runtime, with a registry fix to astrocrpublic.azurecr.io', async () => {
    const text = fixture('old-registry.Dockerfile');
    const f = await onlyFinding(text);
    assert.equal(f.ruleId, 'ASR106');
    assert.equal(f.severity, 'warning');
    assert.deepEqual(f.range, range(0, 5, 0, 37));
    assert.equal(f.message, OLD_REGISTRY);
    assert.deepEqual(fixesOf(f), [{ title: 'Use astrocrpublic.azurecr.io', isPreferred: true, edits: [{ range: range(0, 5, 0, 22), newText: 'astrocrpublic.azurecr.io' }] }]);
    assert.equal(applyFix(text, f.fixes[0]), 'FROM astrocrpublic.azurecr.io/runtime:3.1-17\n');
  });

  it('old registry and an outdated release: equal severity, ASR106 wins and names ASR101; the upgrades stay available', async () => {
    const f = await onlyFinding(fixture('old-registry-outdated.Dockerfile'));
    assert.equal(f.ruleId, 'ASR106');
    assert.equal(f.severity, 'warning');
    assert.equal(f.message, `${OLD_REGISTRY} Also: 3.0-10 is newer in the same line (ASR101).`);
    assert.deepEqual(f.related, ['ASR101']);
    assert.deepEqual(fixesOf(f), [
      { title: 'Use astrocrpublic.azurecr.io', isPreferred: true, edits: [{ range: range(0, 5, 0, 22), newText: 'astrocrpublic.azurecr.io' }] },
      { title: 'Upgrade to 3.0-10 (Airflow 3.0.6)', edits: [{ range: range(0, 31, 0, 36), newText: '3.0-10' }] },
      { title: 'Upgrade to 3.3-2 (Airflow 3.3.1)', edits: [{ range: range(0, 31, 0, 36), newText: '3.3-2' }] },
    ]);
  });

  it('no finding for the current registry, nor for an ap-airflow image of someone else', async () => {
    assert.deepEqual((await checkDockerfile(fixture('current-registry.Dockerfile'))).findings, []);
    const { findings } = await checkDockerfile(fixture('other-ap-airflow.Dockerfile'));
    assert.deepEqual(
      findings.map((f) => f.ruleId),
      ['ASR107'],
    );
  });

  it('settings: off, and a severity override', async () => {
    assert.deepEqual((await checkDockerfile(fixture('old-registry.Dockerfile'), { rules: { ASR106: 'off' } })).findings, []);
    // a per-rule override replaces the verdict's own severity too
    assert.equal((await onlyFinding(fixture('old-registry.Dockerfile'), { rules: { 'runtime-legacy-image': 'error' } })).severity, 'error');
    assert.equal((await onlyFinding(fixture('ap-airflow-quay.Dockerfile'), { rules: { ASR106: 'warning' } })).severity, 'warning');
  });
});
