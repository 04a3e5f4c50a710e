import { strict as assert } from 'node:assert';
import * as path from 'node:path';
import { applyFix, assertInstallableTargets, checkDockerfile, fixesOf, onlyFinding, range, readFixture } from '../../helpers';

// out/test/unit/rules/ASR104-runtime-unpinned → the source tree's fixtures.
const FIXTURES = path.resolve(__dirname, '../../../../../test/unit/rules/ASR104-runtime-unpinned/fixtures');
const fixture = (name: string) => readFixture(FIXTURES, name);

describe('ASR104 runtime-unpinned', () => {
  it("'latest': pins the newest release of the newest supported line", async () => {
    const text = fixture('latest.Dockerfile');
    const f = await onlyFinding(text);
    assert.equal(f.ruleId, 'ASR104');
    assert.equal(f.rule, 'runtime-unpinned');
    assert.equal(f.responsibility, 'runtime');
    assert.equal(f.severity, 'warning');
    assert.deepEqual(f.range, range(0, 5, 0, 44));
    assert.equal(
      f.message,
      "The tag 'latest' pulls whatever Astronomer released last, so the image changes without a commit and can jump to a new Runtime major. Pin a full version such as 13.2.0.",
    );
    assert.deepEqual(fixesOf(f), [{ title: 'Pin 13.2.0 (Airflow 2.11.0)', isPreferred: true, edits: [{ range: range(0, 38, 0, 44), newText: '13.2.0' }] }]);
    assert.equal(applyFix(text, f.fixes[0]), 'FROM quay.io/astronomer/astro-runtime:13.2.0\n');
  });

  it('no tag: the fix inserts :X after the repository, before AS', async () => {
    const text = fixture('no-tag.Dockerfile');
    const f = await onlyFinding(text);
    assert.deepEqual(f.range, range(0, 5, 0, 37));
    assert.match(f.message, /^An image with no tag pulls whatever Astronomer released last/);
    assert.deepEqual(fixesOf(f), [{ title: 'Pin 13.2.0 (Airflow 2.11.0)', isPreferred: true, edits: [{ range: range(0, 37, 0, 37), newText: ':13.2.0' }] }]);
    assert.equal(applyFix(text, f.fixes[0]), 'FROM quay.io/astronomer/astro-runtime:13.2.0 AS runtime\n');
  });

  it("floating '3.1' on astrocrpublic.azurecr.io/runtime pins 3.1-N of the same Airflow minor", async () => {
    const text = fixture('floating-v3.Dockerfile');
    const f = await onlyFinding(text);
    assert.deepEqual(f.range, range(0, 5, 0, 41));
    assert.equal(
      f.message,
      "The tag '3.1' floats: it moves with every new release of the line, so the image changes without a commit and builds cannot be reproduced. Pin a full version such as 3.1-17.",
    );
    assert.deepEqual(fixesOf(f), [
      { title: 'Pin 3.1-17 (Airflow 3.1.7)', isPreferred: true, edits: [{ range: range(0, 38, 0, 41), newText: '3.1-17' }] },
      { title: 'Pin 3.3-2 (Airflow 3.3.1)', edits: [{ range: range(0, 38, 0, 41), newText: '3.3-2' }] },
    ]);
    assert.equal(applyFix(text, f.fixes[0]), 'FROM astrocrpublic.azurecr.io/runtime:3.1-17\n');
  });

  it('a floating tag keeps its variant', async () => {
    const text = fixture('floating-v3-variant.Dockerfile');
    const f = await onlyFinding(text);
    assert.deepEqual(fixesOf(f)[0].edits, [{ range: range(0, 38, 0, 41), newText: '3.1-17' }]);
    assert.equal(applyFix(text, f.fixes[0]), 'FROM astrocrpublic.azurecr.io/runtime:3.1-17-python-3.12\n');
  });

  it('a floating tag of a line past maintenance prefers the newest supported line', async () => {
    const f = await onlyFinding(fixture('floating-old-line.Dockerfile'));
    assert.match(f.message, /^The tag '12' floats: .* Pin a full version such as 13\.2\.0\.$/);
    assert.deepEqual(fixesOf(f), [
      { title: 'Pin 13.2.0 (Airflow 2.11.0)', isPreferred: true, edits: [{ range: range(0, 38, 0, 40), newText: '13.2.0' }] },
      { title: 'Pin 12.6.0 (Airflow 2.10.4)', edits: [{ range: range(0, 38, 0, 40), newText: '12.6.0' }] },
    ]);
  });

  it('version from an ARG with no default: reported on the FROM line; the fix gives the ARG a default', async () => {
    const text = fixture('arg-no-default.Dockerfile');
    const f = await onlyFinding(text);
    assert.equal(f.ruleId, 'ASR104');
    assert.equal(f.severity, 'warning');
    assert.deepEqual(f.range, range(1, 5, 1, 56));
    assert.equal(
      f.message,
      'The Runtime version comes from the build argument RUNTIME_VERSION, which has no default: whoever runs the build decides which Runtime you ship, and `astro deploy` does not pass it. Give the ARG a default pinned to a full version.',
    );
    assert.equal(f.related, undefined);
    assert.deepEqual(fixesOf(f), [
      { title: 'Default RUNTIME_VERSION to 13.2.0 (Airflow 2.11.0)', isPreferred: true, edits: [{ range: range(0, 19, 0, 19), newText: '=13.2.0' }] },
    ]);
    assert.equal(applyFix(text, f.fixes[0]), 'ARG RUNTIME_VERSION=13.2.0\nFROM quay.io/astronomer/astro-runtime:${RUNTIME_VERSION}\n');
  });

  it('version from an ARG with no default and more text in the tag: reported, no fix', async () => {
    const f = await onlyFinding(fixture('arg-no-default-variant.Dockerfile'));
    assert.equal(f.ruleId, 'ASR104');
    assert.match(f.message, /^The Runtime version comes from the build argument RUNTIME_VERSION, which has no default/);
    assert.deepEqual(f.fixes, []);
  });

  it('no finding for a full version, written or from an ARG default', async () => {
    assert.deepEqual((await checkDockerfile(fixture('pinned.Dockerfile'))).findings, []);
    assert.deepEqual((await checkDockerfile(fixture('arg-pinned.Dockerfile'))).findings, []);
  });

  it('settings: off, and a severity override', async () => {
    assert.deepEqual((await checkDockerfile(fixture('latest.Dockerfile'), { rules: { ASR104: 'off' } })).findings, []);
    assert.equal((await onlyFinding(fixture('latest.Dockerfile'), { rules: { 'runtime-unpinned': 'error' } })).severity, 'error');
  });

  it('only ever offers stable, non-yanked releases', async () => {
    for (const name of ['latest', 'no-tag', 'floating-v3', 'floating-v3-variant', 'floating-old-line']) {
      assertInstallableTargets((await checkDockerfile(fixture(`${name}.Dockerfile`))).findings);
    }
  });

  it('a digest pins the image: no finding for latest@sha256', async () => {
    assert.deepEqual((await checkDockerfile(fixture('latest-digest.Dockerfile'))).findings, []);
  });

  it("a floating '3.2' on the Airflow 2 image offers only releases matching it, never 3.0.x", async () => {
    const f = await onlyFinding(fixture('floating-minor-v2.Dockerfile'));
    assert.equal(f.ruleId, 'ASR104');
    assert.ok(f.fixes.every((x) => !/3\.0\./.test(x.title)), JSON.stringify(f.fixes));
    assert.deepEqual(fixesOf(f), [{ title: 'Pin 13.2.0 (Airflow 2.11.0)', isPreferred: true, edits: [{ range: range(0, 38, 0, 41), newText: '13.2.0' }] }]);
  });

  it('reads two ARGs declared on one line', async () => {
    assert.deepEqual((await checkDockerfile(fixture('arg-two-on-one-line.Dockerfile'))).findings, []);
  });
});
