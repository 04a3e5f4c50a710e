import { strict as assert } from 'node:assert';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { checkTree } from '../../src/engine/check';
import { NodeFs } from '../../src/engine/fs/nodeFs';
import type { PackageIntel, PackageQuery } from '../../src/engine/knowledge/packages/intel';
import { CheckCancelled, checkFolderOnDisk, intelFromData, intelToData } from '../../src/extension/workspaceCheck';
import { testCatalog, TODAY } from './helpers';

/** A tree of small projects with findings of several kinds (fake values), a nested project and a broken Dockerfile. */
function makeTree(projects: number): string {
  const root = mkdtempSync(path.join(os.tmpdir(), 'asr-workspace-'));
  const tags = ['12.4.0', '13.0.0', '13.2.0'];
  for (let i = 0; i < projects; i++) {
    const dir = path.join(root, `team-${i % 3}`, `p${String(i).padStart(2, '0')}`);
    mkdirSync(path.join(dir, '.astro'), { recursive: true });
    mkdirSync(path.join(dir, 'dags'), { recursive: true });
    writeFileSync(path.join(dir, '.astro', 'config.yaml'), `project:\n  name: p${i}\n`);
    writeFileSync(path.join(dir, 'Dockerfile'), `FROM quay.io/astronomer/astro-runtime:${tags[i % tags.length]}\n`);
    writeFileSync(path.join(dir, 'requirements.txt'), i % 2 ? 'requests\napache-airflow==2.10.2\njinja2==2.10\n' : 'pandas==2.2.3\n');
    writeFileSync(path.join(dir, '.env'), `SNOWFLAKE_PASSWORD=Qx7${i}vLm2Rt9pWz4Kd\n`);
    writeFileSync(path.join(dir, 'dags', 'etl.py'), `api_token = "ghp_${'aB3dE5gH7jK9mN1pQ3sT5vW7yZ9bC1dF3h'.slice(0, 34)}${String(i).padStart(2, '0')}"\n`);
  }
  mkdirSync(path.join(root, 'team-0', 'p00', 'dags', 'inner', '.astro'), { recursive: true });
  writeFileSync(path.join(root, 'team-0', 'p00', 'dags', 'inner', '.astro', 'config.yaml'), 'project:\n  name: inner\n');
  writeFileSync(path.join(root, 'team-0', 'p00', 'dags', 'inner', 'Dockerfile'), 'FROM\n');
  return root;
}

/** Intel as the extension's IntelService would answer: jinja2 2.10 has an advisory, requests has a newest version. */
const INTEL: PackageIntel = {
  status: 'online',
  latest: (name) => (name === 'requests' ? '2.32.5' : undefined),
  advisories: (name, version) =>
    name === 'jinja2' && version === '2.10' ? [{ id: 'GHSA-462w-v97r-4m45', aliases: ['CVE-2019-10906'], severity: 'high', fixed: ['2.10.1'] }] : name === 'pandas' ? [] : undefined,
};

describe('extension: the whole-folder check on disk in worker threads', function () {
  this.timeout(60_000);
  let root: string;
  before(() => {
    root = makeTree(20);
  });
  after(() => rmSync(root, { recursive: true, force: true }));

  const options = { catalog: testCatalog(), today: TODAY, warningDays: 30 };

  it('gives what the engine gives in this thread, alone and over share workers, with the intel the host answers', async () => {
    const asked: PackageQuery[][] = [];
    const intelFor = async (queries: PackageQuery[]) => {
      asked.push(queries);
      return INTEL;
    };
    const here = await checkTree(new NodeFs(root), { ...options, intel: INTEL });
    const alone = await checkFolderOnDisk({ root, ...options, intelFor, maxThreads: 1 });
    assert.equal(alone.stats.threads, 1);
    assert.equal(here.projects.length, 21);
    for (const id of ['ASR102', 'ASR202', 'ASR205', 'ASR301', 'ASR303', 'ASR306']) assert.ok(alone.result.findings.some((f) => f.ruleId === id), id);
    assert.ok(alone.result.problems.some((p) => p.file === 'team-0/p00/dags/inner/Dockerfile'));
    assert.deepEqual(alone.result, here);
    assert.ok(asked.length >= 1 && asked.flat().some((q) => q.name === 'jinja2' && q.version === '2.10'), JSON.stringify(asked));

    const shared = await checkFolderOnDisk({ root, ...options, intelFor, maxThreads: 2 });
    assert.equal(shared.stats.threads, 2);
    assert.deepEqual(shared.result, here);
  });

  it('skips the rules that need intel when the host answers none', async () => {
    const { result } = await checkFolderOnDisk({ root, ...options, maxThreads: 1 });
    assert.equal(result.intel, 'offline');
    assert.ok(!result.findings.some((f) => f.ruleId === 'ASR306'));
  });

  it('stops when cancelled', async () => {
    const abort = new AbortController();
    const running = checkFolderOnDisk({ root, ...options, maxThreads: 2, signal: abort.signal });
    abort.abort();
    await assert.rejects(running, CheckCancelled);
  });

  it('passes intel to a worker as plain data, answering as the PackageIntel did', () => {
    const queries = [{ name: 'jinja2', version: '2.10' }, { name: 'requests' }, { name: 'pandas', version: '2.2.3' }];
    const data = structuredClone(intelToData(INTEL, queries));
    const back = intelFromData(data);
    assert.equal(back.status, 'online');
    assert.deepEqual(back.advisories('jinja2', '2.10'), INTEL.advisories('jinja2', '2.10'));
    assert.equal(back.latest('requests'), '2.32.5');
    assert.deepEqual(back.advisories('pandas', '2.2.3'), []);
    assert.equal(back.advisories('pandas', '1.0.0'), undefined, 'not asked with this version');
    assert.equal(intelFromData(intelToData(undefined, queries)).status, 'offline');
  });
});
