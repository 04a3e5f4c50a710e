import { strict as assert } from 'node:assert';
import * as path from 'node:path';
import { applyFix, fixesOf, range, readFixture } from '../../helpers';
import { findingsOf } from '../../requirements/project';

const FIXTURES = path.resolve(__dirname, '../../../../../test/unit/rules/ASR303-airflow-reinstalled/fixtures');
const fixture = (name: string) => readFixture(FIXTURES, name);

describe('ASR303 airflow-reinstalled', () => {
  it('apache-airflow with a version: an error naming the Runtime Airflow; the fix removes the line', async () => {
    const text = fixture('pinned-airflow.txt');
    const [f, ...rest] = await findingsOf('ASR303', { 'requirements.txt': text });
    assert.deepEqual(rest, []);
    assert.equal(f.severity, 'error');
    assert.equal(f.responsibility, 'code');
    assert.deepEqual(f.range, range(1, 0, 1, 22));
    assert.equal(
      f.message,
      '`apache-airflow==2.10.5` installs Airflow again, but the Astro Runtime image already ships Airflow 2.11.0 (Runtime 13.2.0) with dependencies tested together. Installing it again can replace that Airflow or its dependencies with versions the Runtime was not built for, which breaks the image or changes it silently. Remove this line; to change Airflow, change the Runtime version in the Dockerfile.',
    );
    assert.deepEqual(fixesOf(f), [{ title: 'Remove the apache-airflow line', isPreferred: true, edits: [{ range: range(1, 0, 2, 0), newText: '' }] }]);
    assert.equal(applyFix(text, f.fixes[0], 'requirements.txt'), 'pandas==2.2.3\napache-airflow-providers-google~=14.0\n');
  });

  it('any spelling, with extras, over continuation lines: the fix removes every physical line', async () => {
    const text = fixture('extras-continued.txt');
    const [f] = await findingsOf('ASR303', { 'requirements.txt': text });
    assert.deepEqual(f.range, range(0, 0, 0, 36));
    assert.match(f.message, /^`Apache_Airflow\[celery,postgres\]>=2\.9` installs Airflow again/);
    assert.equal(applyFix(text, f.fixes[0], 'requirements.txt'), 'requests==2.32.3\n');
  });

  it('on the last line without a newline', async () => {
    const text = fixture('last-line.txt');
    const [f] = await findingsOf('ASR303', { 'requirements.txt': text });
    assert.equal(applyFix(text, f.fixes[0], 'requirements.txt'), 'requests==2.32.3\n');
  });

  it('an image the catalog does not know: the message says so in general words', async () => {
    const [f] = await findingsOf('ASR303', { Dockerfile: 'FROM quay.io/astronomer/astro-runtime:99.0.0\n', 'requirements.txt': 'apache-airflow\n' });
    assert.match(f.message, /already ships the Airflow version of your Runtime with/);
  });

  it('never for providers, apache-airflow-client, or a constraints file', async () => {
    assert.deepEqual(await findingsOf('ASR303', { 'requirements.txt': fixture('not-airflow.txt') }), []);
    const files = { Dockerfile: 'FROM quay.io/astronomer/astro-runtime:13.2.0\nRUN pip install -c c.txt pandas\n', 'c.txt': 'apache-airflow==2.11.0\n' };
    assert.deepEqual(await findingsOf('ASR303', files), []);
  });
});
