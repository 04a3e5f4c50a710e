import { strict as assert } from 'node:assert';
import * as path from 'node:path';
import { range, readFixture } from '../../helpers';
import { findingsOf } from '../../requirements/project';

const FIXTURES = path.resolve(__dirname, '../../../../../test/unit/rules/ASR511-dag-access-control-ignored/fixtures');
const fixture = (name: string) => readFixture(FIXTURES, name);

describe('ASR511 dag-access-control-ignored', () => {
  it('access_control on `with DAG(…)`, on `@dag(…)` (the keyword alone when its value spans lines) and on an imported alias of DAG', async () => {
    const findings = await findingsOf('ASR511', { 'dags/finance.py': fixture('restricted.py') });
    assert.deepEqual(
      findings.map((f) => [f.range, f.severity]),
      [
        [range(9, 71, 9, 93), 'info'],
        [range(16, 4, 16, 18), 'info'],
        [range(25, 33, 25, 74), 'info'],
      ],
    );
    const [withDag, decorator, alias] = findings;
    assert.match(withDag.message, /^`access_control` of `DAG\(…\)` grants DAG permissions to Airflow roles, but Astro does not apply Airflow's DAG-level access control: Astro's Workspace and Deployment roles .* decide who can see, trigger and edit this DAG\. The setting gives false assurance that access is restricted\./);
    assert.match(decorator.message, /^`access_control` of `@dag\(…\)`/);
    assert.match(alias.message, /^`access_control` of `ModelDAG\(…\)`/);
    assert.ok(findings.every((f) => f.fixes.length === 0));
  });

  it('no finding for comments, strings, names that contain access_control, parameters and arguments of other functions', async () => {
    assert.deepEqual(await findingsOf('ASR511', { 'dags/open.py': fixture('open.py') }), []);
  });

  it('DAG factories in include/ and plugins/ count; tests and other folders do not', async () => {
    const line = 'dag = DAG("x", access_control={"team": {"can_read"}})\n';
    const findings = await findingsOf('ASR511', { 'include/factory.py': line, 'plugins/factory.py': line, 'tests/test_dag.py': line, 'scripts/make.py': line });
    assert.deepEqual(
      findings.map((f) => [f.file, f.range]),
      [
        ['include/factory.py', range(0, 15, 0, 52)],
        ['plugins/factory.py', range(0, 15, 0, 52)],
      ],
    );
  });
});
