import { strict as assert } from 'node:assert';
import * as path from 'node:path';
import { compatible } from '../../../../src/engine/analysis/requirements/judge';
import { parseRequirementsFile } from '../../../../src/engine/files/requirements/parse';
import { applyFix, fixesOf, range, readFixture } from '../../helpers';
import { findingsOf, RUNTIME_DOCKERFILE } from '../../requirements/project';

const FIXTURES = path.resolve(__dirname, '../../../../../test/unit/rules/ASR305-requirement-duplicate/fixtures');
const fixture = (name: string) => readFixture(FIXTURES, name);

const specs = (s: string) => parseRequirementsFile('r.txt', `x${s}\n`, 'requirements').requirements[0].specs;

describe('ASR305 requirement-duplicate', () => {
  it('the same project twice in one file (any spelling); different markers are not duplicates', async () => {
    const text = fixture('duplicates.txt');
    const findings = await findingsOf('ASR305', { 'requirements.txt': text });
    assert.deepEqual(findings.map((f) => f.range), [range(2, 0, 2, 13), range(3, 0, 3, 13)]);
    assert.equal(
      findings[0].message,
      '`Pandas==2.2.3` is already listed on line 1. The copy adds nothing, and once one of them is updated and the other is not, the file says two things about one package. Remove this line.',
    );
    assert.deepEqual(fixesOf(findings[0]), [{ title: 'Remove this line (keep line 1)', isPreferred: true, edits: [{ range: range(2, 0, 3, 0), newText: '' }] }]);
    assert.equal(applyFix(text, findings[0].fixes[0], 'requirements.txt'), text.replace('Pandas==2.2.3\n', ''));
    assert.equal(
      findings[1].message,
      '`requests` is already listed on line 2 as `requests==2.32.3`. pip applies both lines together, so the version you get is not the one either line shows. Merge them into one line.',
    );
    assert.equal(fixesOf(findings[1])[0].isPreferred, undefined);
  });

  it('contradicting specifiers across the files installed together: no fix across files', async () => {
    const files = {
      Dockerfile: `${RUNTIME_DOCKERFILE}RUN pip install -r requirements/b.txt\n`,
      'requirements.txt': fixture('conflict-a.txt'),
      'requirements/b.txt': fixture('conflict-b.txt'),
    };
    const findings = await findingsOf('ASR305', files);
    assert.deepEqual(findings.map((f) => [f.file, f.range]), [['requirements/b.txt', range(0, 0, 0, 35)]]);
    assert.equal(
      findings[0].message,
      '`apache-airflow-providers-google>=12` contradicts `apache-airflow-providers-google==10.0.0` (requirements.txt line 1): no version satisfies both. pip stops with a resolution error, or, when the files are installed by separate commands, the later install silently replaces the version the first one chose. Make the two agree, or keep one of them.',
    );
    assert.deepEqual(findings[0].fixes, []);
  });

  it('a requirement against a constraint', async () => {
    const files = { 'requirements.txt': `-c constraints.txt\n${fixture('needs-new-pandas.txt')}`, 'constraints.txt': fixture('constraints.txt') };
    const findings = await findingsOf('ASR305', files);
    assert.deepEqual(findings.map((f) => [f.file, f.range]), [['constraints.txt', range(0, 0, 0, 13)]]);
    assert.match(findings[0].message, /^`pandas==1\.5\.3` contradicts `pandas>=2` \(requirements\.txt line 2\)/);
  });

  it('a conflict inside one file: reported once, with the removal fix', async () => {
    const text = fixture('same-file-conflict.txt');
    const [f, ...rest] = await findingsOf('ASR305', { 'requirements.txt': text });
    assert.deepEqual(rest, []);
    assert.match(f.message, /^`foo==2\.0` contradicts `foo==1\.0` \(line 1\)/);
    assert.equal(applyFix(text, f.fixes[0], 'requirements.txt'), 'foo==1.0\n');
  });

  it('lines that only add extras to one package, with at most one version: not duplicates', async () => {
    const text = 'astronomer-providers[databricks]\nastronomer-providers[http]\nastronomer-providers[snowflake]==1.19.0\n';
    assert.deepEqual(await findingsOf('ASR305', { 'requirements.txt': text }), []);
  });

  it('compatible(): PEP 440 intersections', () => {
    assert.equal(compatible(specs('==1.0'), specs('>=2')), false);
    assert.equal(compatible(specs('~=2.1'), specs('<2.1')), false);
    assert.equal(compatible(specs('!=1.0'), specs('==1.0')), false);
    assert.equal(compatible(specs('>=1.0,<2'), specs('==1.5')), true);
    assert.equal(compatible(specs('==1.*'), specs('==1.5.2')), true);
    assert.equal(compatible(specs('>2.0'), specs('<=2.0')), false);
    assert.equal(compatible(specs('>=2.0'), specs('<=2.0')), true);
    assert.equal(compatible(specs('~=14.0'), specs('>=14.2,<15')), true);
    assert.equal(compatible(specs('==2.0rc1'), specs('>=2.0a1')), true);
    assert.equal(compatible(specs('>=1.0'), []), true);
    assert.equal(compatible(specs('==${V}'), specs('==1')), true);
  });
});
