/**
 * The worker of the extension's whole-folder check (workspaceCheck.ts), its
 * own entry in the bundle (dist/checkWorker.js). A folder job walks the
 * folder with the engine's NodeFs and checks its projects, alone or, when
 * there are many, over share workers running this same file (each gets a
 * share of the Dockerfile folders, a nested one always with the folder
 * holding it, and the listings below them); the results are merged in the
 * order one thread gives. Package intel is asked of the parent (in the end,
 * the extension host's IntelService). Only reads files: nothing of the
 * workspace is executed, so it runs in Restricted Mode too.
 */
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { byPosition, checkWalk, withoutRepeats, type CheckOptions, type CheckResult } from '../engine/check';
import type { DirEntry } from '../engine/fs/fs';
import { NodeFs } from '../engine/fs/nodeFs';
import type { PackageIntel, PackageQuery } from '../engine/knowledge/packages/intel';
import { RuntimeCatalog } from '../engine/knowledge/runtime/catalog';
import { dirsFor, dockerfileFolders, folderGroups, sortProblems, walkTree, type TreeWalk } from '../engine/project/find';
import type { Finding, ReadProblem } from '../engine/types';
import {
  FOLDER_JOB,
  intelFromData,
  SHARE_JOB,
  type FolderCheckStats,
  type FolderJob,
  type FromWorker,
  type IntelData,
  type JobOptions,
  type CatalogData,
  type ShareJob,
  type ToWorker,
} from './workspaceCheck';

/** Projects per share worker below which threads cost more than they save. */
const PROJECTS_PER_THREAD = 8;
/** Heap limits of a share worker, in MB; a share that needs more is checked by the folder's worker. */
const SHARE_LIMITS = { maxYoungGenerationSizeMb: 16, maxOldGenerationSizeMb: 256 };

type Ask = (queries: PackageQuery[]) => Promise<IntelData>;

/** Asks the parent thread for package intel, one request per id. */
function parentAsker(): Ask {
  let next = 0;
  const waiting = new Map<number, (data: IntelData) => void>();
  parentPort!.on('message', (message: ToWorker) => {
    if (message.type !== 'intel') return;
    waiting.get(message.id)?.(message.data);
    waiting.delete(message.id);
  });
  return (queries) =>
    new Promise((resolve) => {
      const id = next++;
      waiting.set(id, resolve);
      parentPort!.postMessage({ type: 'intel', id, queries } satisfies FromWorker);
    });
}

function optionsOf(catalog: CatalogData, options: JobOptions, ask: Ask): CheckOptions {
  return {
    catalog: new RuntimeCatalog(catalog.info, catalog.releases),
    today: options.today,
    warningDays: options.warningDays,
    rules: options.rules,
    pinOperator: options.pinOperator,
    gatherIntel: options.hasIntel ? async (queries): Promise<PackageIntel> => intelFromData(await ask(queries)) : undefined,
  };
}

async function runFolder(job: FolderJob, ask: Ask): Promise<{ result: CheckResult; stats: FolderCheckStats }> {
  const started = Date.now();
  const fs = new NodeFs(job.root);
  const walk = await walkTree(fs);
  const walkMs = Date.now() - started;
  const groups = folderGroups(dockerfileFolders(walk));
  const threads = Math.min(job.threads, Math.floor(groups.length / PROJECTS_PER_THREAD));
  const options = optionsOf(job.catalog, job.options, ask);
  let result: CheckResult;
  if (threads < 2) {
    result = await checkWalk(fs, walk, groups.flat(), options);
  } else {
    // Interleaved shares: neighbouring projects are often alike in size.
    const shares = Array.from({ length: threads }, (_, k) => groups.filter((_, i) => i % threads === k).flat());
    const parts = await Promise.all(
      shares.map((folders) =>
        runShare({ kind: SHARE_JOB, root: job.root, catalog: job.catalog, options: job.options, folders, dirs: dirsFor(walk, folders) }, ask).catch((err: unknown) => {
          if ((err as { code?: string }).code !== 'ERR_WORKER_OUT_OF_MEMORY') throw err;
          // Too big for a share worker's heap: checked here, without that limit.
          return checkWalk(fs, { dirs: walk.dirs, problems: [] }, folders, options);
        }),
      ),
    );
    result = merge(walk.problems, parts);
  }
  return { result, stats: { threads: Math.max(threads, 1), folders: walk.dirs.size, walkMs, totalMs: Date.now() - started } };
}

/** Runs a share in its own worker, passing its intel requests on to our parent. */
function runShare(job: ShareJob, ask: Ask): Promise<CheckResult> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(__filename, { workerData: job, resourceLimits: SHARE_LIMITS });
    worker.on('message', (message: FromWorker) => {
      if (message.type === 'intel') void ask(message.queries).then((data) => worker.postMessage({ type: 'intel', id: message.id, data } satisfies ToWorker));
      else if (message.type === 'done') {
        resolve(message.result);
        void worker.terminate();
      }
      else if (message.type === 'failed') reject(new Error(message.message));
    });
    worker.once('error', reject);
    worker.once('exit', (code) => {
      if (code !== 0) reject(new Error(`a check worker stopped with exit code ${code}`));
    });
  });
}

async function runShareHere(job: ShareJob, ask: Ask): Promise<CheckResult> {
  const walk: TreeWalk = { dirs: new Map(job.dirs), problems: [] };
  return checkWalk(new NodeFs(job.root), walk, job.folders, optionsOf(job.catalog, job.options, ask));
}


const STATUS_RANK: Record<PackageIntel['status'], number> = { online: 0, offline: 1, unavailable: 2 };

function merge(walkProblems: ReadProblem[], parts: CheckResult[]): CheckResult {
  // A configuration file above projects of several shares is reported by each: once, as one thread would.
  const findings: Finding[] = withoutRepeats(parts.flatMap((p) => p.findings)).sort(byPosition);
  const projects = parts.flatMap((p) => p.projects).sort((a, b) => (a.root < b.root ? -1 : a.root > b.root ? 1 : 0));
  const seen = new Set<string>();
  const problems = sortProblems(
    [...walkProblems, ...parts.flatMap((p) => p.problems)].filter((p) => {
      const key = `${p.file}\u0000${p.message}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    }),
  );
  const intel = parts.reduce<PackageIntel['status']>((s, p) => (STATUS_RANK[p.intel] > STATUS_RANK[s] ? p.intel : s), 'online');
  return { projects, findings, problems, intel: parts.length ? intel : 'offline' };
}

if (!isMainThread && parentPort) {
  const job = workerData as FolderJob | ShareJob | undefined;
  if (job?.kind === FOLDER_JOB || job?.kind === SHARE_JOB) {
    const ask = parentAsker();
    const work =
      job.kind === FOLDER_JOB
        ? runFolder(job, ask)
        : runShareHere(job, ask).then((result) => ({ result, stats: { threads: 1, folders: job.dirs.length, walkMs: 0, totalMs: 0 } }));
    work.then(
      ({ result, stats }) => parentPort!.postMessage({ type: 'done', result, stats } satisfies FromWorker),
      (err: unknown) => parentPort!.postMessage({ type: 'failed', message: err instanceof Error ? err.message : String(err) } satisfies FromWorker),
    );
  }
}
