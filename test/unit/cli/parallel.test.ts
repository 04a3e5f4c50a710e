import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { checkWholeTree, type TreeCheck } from '../../../src/cli/parallel';
import { makeProjectsTree, testCatalog, TODAY } from '../helpers';

function makeTree(projects: number): string {
  return makeProjectsTree(projects, 'asr-parallel-');
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
