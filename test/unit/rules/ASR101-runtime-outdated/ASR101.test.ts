import { strict as assert } from 'node:assert';
import * as path from 'node:path';
import type { RuleSetting } from '../../../../src/engine/check';
import { applyFix, assertInstallableTargets, checkDockerfile, fixesOf, onlyFinding, range, readFixture } from '../../helpers';

// out/test/unit/rules/ASR101-runtime-outdated → the source tree's fixtures.
const FIXTURES = path.resolve(__dirname, '../../../../../test/unit/rules/ASR101-runtime-outdated/fixtures');
const fixture = (name: string) => readFixture(FIXTURES, name);

describe('ASR101 runtime-outdated', () => {
  it('reports an older release of a supported line, with the newest stable non-yanked release as the fix', async () => {
    const text = fixture('outdated.Dockerfile');
    const f = await onlyFinding(text);
    assert.equal(f.ruleId, 'ASR101');
    assert.equal(f.rule, 'runtime-outdated');
    assert.equal(f.responsibility, 'runtime');
    assert.equal(f.severity, 'warning');
    assert.equal(f.file, 'Dockerfile');
    assert.deepEqual(f.range, range(0, 5, 0, 44));
    // 13.1.0 and 13.2.1 are yanked, 13.3.0 deprecated, 13.4.0 alpha: 13.2.0 is the newest to move to.
    assert.equal(
      f.message,
      "Astro Runtime 13.0.0 is behind its line: 13.2.0 (Airflow 2.11.0) is the newest release. Upgrading brings Astronomer's bug and security fixes to your image.",
    );
    assert.equal(f.related, undefined);
    assert.deepEqual(fixesOf(f), [{ title: 'Upgrade to 13.2.0 (Airflow 2.11.0)', isPreferred: true, edits: [{ range: range(0, 38, 0, 44), newText: '13.2.0' }] }]);
    assert.equal(applyFix(text, f.fixes[0]), 'FROM quay.io/astronomer/astro-runtime:13.2.0\n');
  });

  it('never reaches across the Airflow major: 13.x is not told about 3.x', async () => {
    const { findings } = await checkDockerfile(fixture('outdated.Dockerfile'));
    for (const f of findings) {
      assert.doesNotMatch(f.message, /\b3\.\d+-\d+/);
      for (const fix of f.fixes) for (const e of fix.edits) assert.doesNotMatch(e.newText, /^3\./);
    }
    assert.deepEqual((await checkDockerfile(fixture('newest.Dockerfile'))).findings, []);
  });

  it('reads the Airflow 3 line as the Airflow minor: 3.1-12 → 3.1-17 preferred, 3.3-2 offered second', async () => {
    const text = fixture('outdated-v3.Dockerfile');
    const f = await onlyFinding(text);
    assert.equal(f.ruleId, 'ASR101');
    assert.equal(f.severity, 'warning');
    assert.deepEqual(f.range, range(0, 5, 0, 44));
    assert.match(f.message, /^Astro Runtime 3\.1-12 is behind its line: 3\.1-17 \(Airflow 3\.1\.7\) is the newest release\./);
    // 3.1-18 is beta: never offered
    assert.doesNotMatch(JSON.stringify(f), /3\.1-18/);
    assert.deepEqual(fixesOf(f), [
      { title: 'Upgrade to 3.1-17 (Airflow 3.1.7)', isPreferred: true, edits: [{ range: range(0, 38, 0, 44), newText: '3.1-17' }] },
      { title: 'Upgrade to 3.3-2 (Airflow 3.3.1)', edits: [{ range: range(0, 38, 0, 44), newText: '3.3-2' }] },
    ]);
  });

  it('does not report the newest release of a supported line, even when a newer Airflow minor line exists', async () => {
    assert.deepEqual((await checkDockerfile(fixture('newest-v3.Dockerfile'))).findings, []);
  });

  it('keeps variant suffixes: only the version text is edited', async () => {
    const text = fixture('variant.Dockerfile');
    const f = await onlyFinding(text);
    assert.deepEqual(f.range, range(1, 5, 1, 66));
    assert.deepEqual(fixesOf(f)[0].edits, [{ range: range(1, 38, 1, 44), newText: '13.2.0' }]);
    assert.equal(applyFix(text, f.fixes[0]), text.replace('13.0.0-python-3.11-slim-base', '13.2.0-python-3.11-slim-base'));
  });

  it('keeps case, indentation, --platform and the stage alias', async () => {
    const text = fixture('style.Dockerfile');
    const f = await onlyFinding(text);
    assert.deepEqual(f.range, range(0, 30, 0, 69));
    assert.equal(applyFix(text, f.fixes[0]), '  from --platform=linux/amd64 Quay.io/Astronomer/Astro-Runtime:13.2.0 as Runtime\nRUN echo hi\n');
  });

  it('keeps CRLF line endings: the edit does not touch them', async () => {
    const text = fixture('variant.Dockerfile').replace(/\n/g, '\r\n');
    const f = await onlyFinding(text);
    assert.deepEqual(f.range, range(1, 5, 1, 66));
    assert.deepEqual(fixesOf(f)[0].edits, [{ range: range(1, 38, 1, 44), newText: '13.2.0' }]);
    assert.equal(applyFix(text, f.fixes[0]), '# Astro project image\r\nFROM quay.io/astronomer/astro-runtime:13.2.0-python-3.11-slim-base\r\n\r\nCOPY requirements.txt .\r\n');
  });

  it('handles a registry with a port', async () => {
    const text = fixture('registry-port.Dockerfile');
    const f = await onlyFinding(text);
    assert.deepEqual(f.range, range(0, 5, 0, 47));
    assert.equal(applyFix(text, f.fixes[0]), 'FROM myreg:5000/astronomer/astro-runtime:13.2.0\n');
  });

  describe('versions from ARG defaults: the fix edits the ARG', () => {
    it('unquoted ARG default', async () => {
      const text = fixture('arg-default.Dockerfile');
      const f = await onlyFinding(text);
      assert.deepEqual(f.range, range(1, 5, 1, 56));
      assert.deepEqual(fixesOf(f)[0].edits, [{ range: range(0, 20, 0, 26), newText: '13.2.0' }]);
      assert.equal(applyFix(text, f.fixes[0]), 'ARG RUNTIME_VERSION=13.2.0\nFROM quay.io/astronomer/astro-runtime:${RUNTIME_VERSION}\n');
    });

    it('quoted ARG default with a variant', async () => {
      const text = fixture('arg-quoted.Dockerfile');
      const f = await onlyFinding(text);
      assert.deepEqual(f.range, range(1, 5, 1, 54));
      assert.deepEqual(fixesOf(f)[0].edits, [{ range: range(0, 21, 0, 27), newText: '13.2.0' }]);
      assert.equal(applyFix(text, f.fixes[0]), 'ARG RUNTIME_VERSION="13.2.0-python-3.12"\nFROM quay.io/astronomer/astro-runtime:$RUNTIME_VERSION\n');
    });

    it('${NAME:-default} written in the FROM line', async () => {
      const text = fixture('arg-fallback.Dockerfile');
      const f = await onlyFinding(text);
      assert.deepEqual(fixesOf(f)[0].edits, [{ range: range(0, 57, 0, 63), newText: '13.2.0' }]);
      assert.equal(applyFix(text, f.fixes[0]), 'FROM quay.io/astronomer/astro-runtime:${RUNTIME_VERSION:-13.2.0}\n');
    });
  });

  describe('digest-pinned references', () => {
    it('replaces tag and digest together, in one edit, keeping the variant', async () => {
      const text = fixture('digest.Dockerfile');
      const f = await onlyFinding(text);
      assert.deepEqual(f.range, range(0, 5, 0, 121));
      assert.deepEqual(fixesOf(f), [
        { title: 'Upgrade to 13.2.0 (Airflow 2.11.0) and drop the digest pin', isPreferred: true, edits: [{ range: range(0, 38, 0, 121), newText: '13.2.0-base' }] },
      ]);
      assert.equal(applyFix(text, f.fixes[0]), 'FROM quay.io/astronomer/astro-runtime:13.2.0-base\n');
    });

    it('offers no fix when tag and digest are not written in one place (never old digest + new tag)', async () => {
      const f = await onlyFinding(fixture('digest-arg.Dockerfile'));
      assert.equal(f.ruleId, 'ASR101');
      assert.deepEqual(f.fixes, []);
    });
  });

  it('follows a multi-stage build to the final stage, once', async () => {
    const f = await onlyFinding(fixture('multi-stage.Dockerfile'));
    assert.deepEqual(f.range, range(0, 5, 0, 44));
  });

  it('reports each image reference of a file on its own', async () => {
    const { findings } = await checkDockerfile(fixture('two-images.Dockerfile'));
    assert.deepEqual(
      findings.map((f) => [f.ruleId, f.range]),
      [
        ['ASR101', range(0, 5, 0, 44)],
        ['ASR101', range(1, 5, 1, 44)],
      ],
    );
    assertInstallableTargets(findings);
  });

  describe('settings', () => {
    it("'off' by id or by name silences the rule", async () => {
      const variants: Record<string, RuleSetting>[] = [{ ASR101: 'off' }, { 'runtime-outdated': 'off' }, { asr101: 'off' }];
      for (const rules of variants) {
        assert.deepEqual((await checkDockerfile(fixture('outdated.Dockerfile'), { rules })).findings, [], JSON.stringify(rules));
      }
    });

    it('a severity override replaces the default severity', async () => {
      const f = await onlyFinding(fixture('outdated.Dockerfile'), { rules: { ASR101: 'error' } });
      assert.equal(f.severity, 'error');
      const info = await onlyFinding(fixture('outdated.Dockerfile'), { rules: { 'runtime-outdated': 'info' } });
      assert.equal(info.severity, 'info');
    });

    it('unknown rule names in settings are ignored', async () => {
      const f = await onlyFinding(fixture('outdated.Dockerfile'), { rules: { ASR999: 'off' } });
      assert.equal(f.ruleId, 'ASR101');
    });
  });

  it('only ever offers stable, non-yanked releases', async () => {
    for (const name of ['outdated', 'outdated-v3', 'variant', 'style', 'arg-default', 'arg-quoted', 'digest', 'registry-port']) {
      assertInstallableTargets((await checkDockerfile(fixture(`${name}.Dockerfile`))).findings);
    }
  });
});
