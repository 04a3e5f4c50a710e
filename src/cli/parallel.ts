/**
 * A whole-tree check spread over worker threads: the main thread walks the
 * tree (listing each folder once, reading no file), each worker gets a share
 * of the folders holding a Dockerfile (a nested one always with the folder
 * holding it) and the listings below them, and reads, checks and reports its
 * projects; the results are merged in the order a single thread gives. Used
 * by the CLI on trees with many projects.
 */
import { availableParallelism } from 'node:os';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { byPosition, checkWalk, withoutRepeats, type CheckOptions, type CheckResult, type RuleSetting } from '../engine/check';
import { NodeFs } from '../engine/fs/nodeFs';
import { createIntelGatherer } from '../engine/knowledge/packages/gather';
import type { PackageIntel } from '../engine/knowledge/packages/intel';
import { dirsFor, dockerfileFolders, folderGroups, sortProblems, walkTree, type TreeWalk } from '../engine/project/find';
import type { DirEntry } from '../engine/fs/fs';
import type { ConfigSource } from '../engine/files/config';
import { SourceFile } from '../engine/files/source';
import { RuntimeCatalog, type CatalogInfo, type RuntimeRelease } from '../engine/knowledge/runtime/catalog';
import type { PinOperator } from '../engine/analysis/context';
import type { Finding, ReadProblem } from '../engine/types';

/** A configuration file above the checked root, as plain data (it goes to workers). */
export interface OuterConfig {
  /** Relative to the checked root (`../.astro-sr.yaml`). */
  path: string;
  text: string;
  /** The checked root relative to the file's folder. */
  outerPrefix: string;
}

export function toConfigSource(c: OuterConfig): ConfigSource {
  return { file: new SourceFile(c.path, c.path, 'yaml', c.text), dir: '', outerPrefix: c.outerPrefix };
}

export interface TreeCheck {
  root: string;
  catalog: RuntimeCatalog;
  today: string;
  /** What the command line asked for, above the configuration files. */
  overrides: { rules?: Record<string, RuleSetting>; warningDays?: number; pinOperator?: PinOperator };
  outerConfigs: OuterConfig[];
  /** The checked root relative to the folder fingerprints name paths from (CheckOptions.fingerprintPrefix). */
  fingerprintPrefix?: string;
  online: boolean;
  cacheDir: string;
  env: NodeJS.ProcessEnv;
}

export interface TreeResult {
  result: CheckResult;
  /** What the package intel lookups said, when any ran. */
  intel?: Pick<PackageIntel, 'status' | 'notes'>;
}

/** Projects per worker below which threads cost more than they save. */
const PROJECTS_PER_WORKER = 8;
const MAX_WORKERS = 4;

const WORKER_KIND = 'astro-sr-check';

/** Heap limits of a check worker, in MB. */
export const WORKER_LIMITS = { maxYoungGenerationSizeMb: 6, maxOldGenerationSizeMb: 96 };

interface Job {
  kind: typeof WORKER_KIND;
  /** Folders holding a Dockerfile that this worker probes and checks. */
  folders: string[];
  /** The listings the worker needs: below its folders, and the folders above them. */
  dirs: [string, DirEntry[]][];
  check: Omit<TreeCheck, 'catalog'> & { catalogInfo: CatalogInfo; releases: RuntimeRelease[] };
}

export async function checkWholeTree(check: TreeCheck, workers = availableParallelism()): Promise<TreeResult> {
  const fs = new NodeFs(check.root);
  const walk = await walkTree(fs);
  const groups = folderGroups(dockerfileFolders(walk));
  const threads = Math.min(workers, MAX_WORKERS, Math.floor(groups.length / PROJECTS_PER_WORKER));
  if (threads < 2) return checkHere(check, (options) => checkWalk(fs, walk, groups.flat(), options));
  // Interleaved shares: neighbouring projects are often alike in size.
  const shares = Array.from({ length: threads }, (_, k) => groups.filter((_, i) => i % threads === k).flat());
  const { catalog, ...rest } = check;
  const parts = await Promise.all(
    shares.map((folders) =>
      runWorker({ kind: WORKER_KIND, folders, dirs: dirsFor(walk, folders), check: { ...rest, catalogInfo: catalog.info, releases: catalog.releases() } }).catch((err: unknown) => {
        // A share whose projects need more memory than a worker is given is checked here, without a limit.
        if ((err as { code?: string }).code !== 'ERR_WORKER_OUT_OF_MEMORY') throw err;
        return checkHere(check, (options) => checkWalk(fs, { dirs: walk.dirs, problems: [] }, folders, options));
      }),
    ),
  );
  return merge(walk.problems, parts);
}


async function checkHere(check: TreeCheck, run: (options: CheckOptions) => Promise<CheckResult>): Promise<TreeResult> {
  const gather = createIntelGatherer({ online: check.online, cacheDir: check.cacheDir, env: check.env });
  let intel: PackageIntel | undefined;
  const result = await run({
    catalog: check.catalog,
    today: check.today,
    overrides: check.overrides,
    outerConfigs: check.outerConfigs.map(toConfigSource),
    fingerprintPrefix: check.fingerprintPrefix,
    gatherIntel: async (queries) => (intel = await gather(queries)),
  });
  return { result, intel: intel && { status: intel.status, notes: intel.notes } };
}

function runWorker(job: Job): Promise<TreeResult> {
  return new Promise((resolve, reject) => {
    // Small generations keep each worker's memory near what it holds (a check allocates many short-lived strings);
    // a share that needs more runs again on the main thread (checkWholeTree).
    const worker = new Worker(__filename, { workerData: job, resourceLimits: WORKER_LIMITS });
    worker.once('message', resolve);
    worker.once('error', reject);
    worker.once('exit', (code) => {
      if (code !== 0) reject(new Error(`a check worker stopped with exit code ${code}`));
    });
  });
}

const STATUS_RANK: Record<PackageIntel['status'], number> = { online: 0, offline: 1, unavailable: 2 };

function merge(discoveryProblems: ReadProblem[], parts: TreeResult[]): TreeResult {
  const findings: Finding[] = withoutRepeats(parts.flatMap((p) => p.result.findings)).sort(byPosition);
  const projects = parts.flatMap((p) => p.result.projects).sort((a, b) => (a.root < b.root ? -1 : a.root > b.root ? 1 : 0));
  const seen = new Set<string>();
  const problems = sortProblems(
    [...discoveryProblems, ...parts.flatMap((p) => p.result.problems)].filter((p) => {
      const key = `${p.file}\u0000${p.message}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    }),
  );
  const intels = parts.map((p) => p.intel).filter((i): i is NonNullable<TreeResult['intel']> => i !== undefined);
  const worst = intels.reduce<TreeResult['intel']>((w, i) => (!w || STATUS_RANK[i.status] > STATUS_RANK[w.status] ? i : w), undefined);
  const status = parts.reduce<PackageIntel['status']>((s, p) => (STATUS_RANK[p.result.intel] > STATUS_RANK[s] ? p.result.intel : s), 'online');
  return {
    result: { projects, findings, problems, intel: parts.length ? status : 'offline' },
    intel: worst && { status: worst.status, notes: intels.flatMap((i) => i.notes ?? []) },
  };
}

if (!isMainThread && (workerData as Job | undefined)?.kind === WORKER_KIND) {
  const job = workerData as Job;
  const { catalogInfo, releases, ...check } = job.check;
  const catalog = new RuntimeCatalog(catalogInfo, releases);
  const walk: TreeWalk = { dirs: new Map(job.dirs), problems: [] };
  void checkHere({ ...check, catalog }, (options) => checkWalk(new NodeFs(check.root), walk, job.folders, options)).then((r) => parentPort!.postMessage(r));
}
