import { strict as assert } from 'node:assert';
import * as path from 'node:path';
import { applyFix, fixesOf, range, readFixture } from '../../helpers';
import { findingsOf, intelKnowing, RUNTIME_DOCKERFILE } from '../../requirements/project';

const FIXTURES = path.resolve(__dirname, '../../../../../test/unit/rules/ASR301-requirement-unpinned/fixtures');
const fixture = (name: string) => readFixture(FIXTURES, name);

const INTEL = intelKnowing({ 'apache-airflow-providers-google': '14.1.0', pandas: '2.2.3', requests: '2.32.3', numpy: '2.1.0' });

describe('ASR301 requirement-unpinned', () => {
  it('no version, only a lower bound, only != or <: one warning each, on the requirement', async () => {
    const findings = await findingsOf('ASR301', { 'requirements.txt': fixture('unpinned.txt') });
    assert.deepEqual(
      findings.map((f) => [f.range, f.severity, f.responsibility, f.rule]),
      [
        [range(1, 0, 1, 31), 'warning', 'code', 'requirement-unpinned'],
        [range(2, 0, 2, 18), 'warning', 'code', 'requirement-unpinned'],
        [range(3, 0, 3, 16), 'warning', 'code', 'requirement-unpinned'],
        [range(4, 0, 4, 7), 'warning', 'code', 'requirement-unpinned'],
      ],
    );
    assert.equal(
      findings[0].message,
      '`apache-airflow-providers-google` has no version: every build installs whatever release is newest, so a new release can change or break your DAGs with no change in your project, and an image you deployed before cannot be rebuilt as it was. Pin it to the version you tested with `==` or `~=` (as Astronomer suggests for providers).',
    );
    assert.match(findings[1].message, /^`pandas\[excel\]>=2\.0` sets only a lower bound: /);
    assert.match(findings[2].message, /^`requests!=2\.30\.0` only excludes versions: /);
    assert.match(findings[3].message, /^`numpy<2` only excludes versions: .* \(or `~=` for a release series\)\.$/);
    assert.ok(findings.every((f) => f.fixes.length === 0), 'no fix without a known version');
  });

  it('with the newest release known: a fix pins it with ==, inserted after the extras or replacing the specifier', async () => {
    const text = fixture('unpinned.txt');
    const findings = await findingsOf('ASR301', { 'requirements.txt': text }, { intel: INTEL });
    assert.match(findings[0].message, /Pin it, for example `apache-airflow-providers-google==14\.1\.0` \(the newest release on PyPI\)\.$/);
    assert.deepEqual(fixesOf(findings[0]), [{ title: 'Pin apache-airflow-providers-google==14.1.0 (newest on PyPI)', isPreferred: true, edits: [{ range: range(1, 31, 1, 31), newText: '==14.1.0' }] }]);
    assert.deepEqual(fixesOf(findings[1])[0].edits, [{ range: range(2, 13, 2, 18), newText: '==2.2.3' }]);
    assert.equal(
      applyFix(text, findings[1].fixes[0], 'requirements.txt'),
      '# providers\napache-airflow-providers-google\npandas[excel]==2.2.3 ; python_version >= "3.9"\nrequests!=2.30.0\nnumpy<2\n',
    );
    assert.equal(applyFix(text, findings[0].fixes[0], 'requirements.txt').split('\n')[1], 'apache-airflow-providers-google==14.1.0');
    // numpy<2 cannot be pinned to 2.1.0: no fix.
    assert.deepEqual(findings[3].fixes, []);
  });

  it("pinOperator '~=' writes a compatible-release pin", async () => {
    const text = fixture('unpinned.txt');
    const findings = await findingsOf('ASR301', { 'requirements.txt': text }, { intel: INTEL, pinOperator: '~=' });
    assert.equal(findings[0].fixes[0].title, 'Pin apache-airflow-providers-google~=14.1.0 (newest on PyPI)');
    assert.equal(applyFix(text, findings[2].fixes[0], 'requirements.txt').split('\n')[3], 'requests~=2.32.3');
  });

  it('CRLF files: the fix lands before the line break', async () => {
    const text = fixture('crlf.txt');
    const findings = await findingsOf('ASR301', { 'requirements.txt': text }, { intel: INTEL });
    assert.equal(applyFix(text, findings[0].fixes[0], 'requirements.txt'), 'pandas==2.2.3\r\nrequests>=2\r\n');
    assert.equal(applyFix(text, findings[1].fixes[0], 'requirements.txt'), 'pandas\r\nrequests==2.32.3\r\n');
  });

  it('no finding for ==, ===, ~=, ==X.*, a bounded range, paths, wheels and VCS URLs', async () => {
    assert.deepEqual(await findingsOf('ASR301', { 'requirements.txt': fixture('pinned.txt') }), []);
  });

  it('a requirement a constraints file pins is pinned; constraint entries themselves are not judged', async () => {
    const files = {
      Dockerfile: `${RUNTIME_DOCKERFILE}COPY constraints.txt /tmp/c.txt\nRUN pip install -r requirements.txt -c /tmp/c.txt\n`,
      'requirements.txt': fixture('constrained.txt'),
      'constraints.txt': fixture('constraints.txt') + 'unpinned-in-constraints\n',
    };
    const findings = await findingsOf('ASR301', files);
    assert.deepEqual(findings.map((f) => [f.file, f.range]), [['requirements.txt', range(1, 0, 1, 8)]]);
  });

  it('a remote constraints file (Airflow constraints) may pin anything: no finding', async () => {
    const files = { 'requirements.txt': `-c https://raw.githubusercontent.com/apache/airflow/constraints-2.10.5/constraints-3.12.txt\n${fixture('constrained.txt')}` };
    assert.deepEqual(await findingsOf('ASR301', files), []);
  });

  it('apache-airflow is left to ASR303', async () => {
    assert.deepEqual(await findingsOf('ASR301', { 'requirements.txt': 'apache-airflow\n' }), []);
  });

  it('settings: off and a severity override', async () => {
    assert.deepEqual(await findingsOf('ASR301', { 'requirements.txt': 'pandas\n' }, { rules: { ASR301: 'off' } }), []);
    assert.equal((await findingsOf('ASR301', { 'requirements.txt': 'pandas\n' }, { rules: { 'requirement-unpinned': 'error' } }))[0].severity, 'error');
  });
});
