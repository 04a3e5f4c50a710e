import { strict as assert } from 'node:assert';
import { rmSync } from 'node:fs';
import { checkTree } from '../../src/engine/check';
import { NodeFs } from '../../src/engine/fs/nodeFs';
import type { PackageIntel, PackageQuery } from '../../src/engine/knowledge/packages/intel';
import { CheckCancelled, checkFolderOnDisk, intelFromData, intelToData } from '../../src/extension/workspaceCheck';
import { makeProjectsTree, testCatalog, TODAY } from './helpers';

function makeTree(projects: number): string {
  return makeProjectsTree(projects, 'asr-workspace-', 'jinja2==2.10');
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
