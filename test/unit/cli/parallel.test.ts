import { strict as assert } from 'node:assert';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { checkWholeTree, type TreeCheck } from '../../../src/cli/parallel';
import { testCatalog, TODAY } from '../helpers';

/** A tree of many small projects, each with findings of several kinds (fake values). */
function makeTree(projects: number): string {
  const root = mkdtempSync(path.join(os.tmpdir(), 'asr-parallel-'));
  const tags = ['12.4.0', '13.0.0', '13.2.0'];
  for (let i = 0; i < projects; i++) {
    const dir = path.join(root, `team-${i % 3}`, `p${String(i).padStart(2, '0')}`);
    mkdirSync(path.join(dir, '.astro'), { recursive: true });
    mkdirSync(path.join(dir, 'dags'), { recursive: true });
    writeFileSync(path.join(dir, '.astro', 'config.yaml'), `project:\n  name: p${i}\n`);
    writeFileSync(path.join(dir, 'Dockerfile'), `FROM quay.io/astronomer/astro-runtime:${tags[i % tags.length]}\n`);
    writeFileSync(path.join(dir, 'requirements.txt'), i % 2 ? 'requests\napache-airflow==2.10.2\n' : 'pandas==2.2.3\n');
    writeFileSync(path.join(dir, '.env'), `SNOWFLAKE_PASSWORD=Qx7${i}vLm2Rt9pWz4Kd\n`);
    writeFileSync(path.join(dir, 'dags', 'etl.py'), `api_token = "ghp_${'aB3dE5gH7jK9mN1pQ3sT5vW7yZ9bC1dF3h'.slice(0, 34)}${String(i).padStart(2, '0')}"\n`);
  }
  // A nested project and a broken Dockerfile, so that problems and nesting are merged too.
  mkdirSync(path.join(root, 'team-0', 'p00', 'dags', 'inner', '.astro'), { recursive: true });
  writeFileSync(path.join(root, 'team-0', 'p00', 'dags', 'inner', '.astro', 'config.yaml'), 'project:\n  name: inner\n');
  writeFileSync(path.join(root, 'team-0', 'p00', 'dags', 'inner', 'Dockerfile'), 'FROM\n');
  return root;
}

describe('astro-sr CLI: a whole-tree check spread over worker threads', function () {
  this.timeout(60_000);
  let root: string;
  let cache: string;
  before(() => {
    root = makeTree(24);
    cache = mkdtempSync(path.join(os.tmpdir(), 'asr-parallel-cache-'));
  });
  after(() => {
    rmSync(root, { recursive: true, force: true });
    rmSync(cache, { recursive: true, force: true });
  });

  const check = (): TreeCheck => ({
    root,
    catalog: testCatalog(),
    today: TODAY,
    overrides: {},
    outerConfigs: [],
    online: false,
    cacheDir: cache,
    env: {},
  });

  it('gives exactly what one thread gives: projects, findings in order, problems, intel status', async () => {
    const one = await checkWholeTree(check(), 1);
    const two = await checkWholeTree(check(), 2);
    assert.equal(one.result.projects.length, 25);
    assert.ok(one.result.findings.length > 24 * 3, `${one.result.findings.length} findings`);
    for (const id of ['ASR102', 'ASR202', 'ASR205', 'ASR301', 'ASR303']) assert.ok(one.result.findings.some((f) => f.ruleId === id), id);
    assert.ok(one.result.problems.some((p) => p.file === 'team-0/p00/dags/inner/Dockerfile'));
    assert.deepEqual(two.result, one.result);
  });
});
