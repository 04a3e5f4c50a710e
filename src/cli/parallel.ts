/**
 * A whole-tree check spread over worker threads: the main thread finds the
 * projects (without reading their other files), each worker loads and checks
 * a share of them, and the results are merged in the order a single thread
 * gives. Used by the CLI on trees with many projects.
 */
import { availableParallelism } from 'node:os';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { byPosition, checkRoots, checkTree, type CheckOptions, type CheckResult, type RuleSetting } from '../engine/check';
import { NodeFs } from '../engine/nodeFs';
import { createIntelGatherer } from '../engine/packages/gather';
import type { PackageIntel } from '../engine/packages/intel';
import { findProjects } from '../engine/project';
import { RuntimeCatalog, type CatalogInfo, type RuntimeRelease } from '../engine/runtime/catalog';
import type { PinOperator } from '../engine/rules/rule';
import type { Finding, ReadProblem } from '../engine/types';

export interface TreeCheck {
  root: string;
  catalog: RuntimeCatalog;
  today: string;
  warningDays: number;
  rules: Record<string, RuleSetting>;
  pinOperator: PinOperator;
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

interface Job {
  kind: typeof WORKER_KIND;
  roots: string[];
  check: Omit<TreeCheck, 'catalog'> & { catalogInfo: CatalogInfo; releases: RuntimeRelease[] };
}

export async function checkWholeTree(check: TreeCheck, workers = availableParallelism()): Promise<TreeResult> {
  const fs = new NodeFs(check.root);
  const count = Math.min(workers, MAX_WORKERS);
  if (count < 2) return checkHere(check, (options) => checkTree(fs, options));
  const found = await findProjects(fs, '', { withFiles: false });
  const roots = found.projects.map((p) => p.root);
  const threads = Math.min(count, Math.floor(roots.length / PROJECTS_PER_WORKER));
  if (threads < 2) return checkHere(check, (options) => checkRoots(fs, roots, options));
  // Interleaved shares: neighbouring projects are often alike in size.
  const shares = Array.from({ length: threads }, (_, k) => roots.filter((_, i) => i % threads === k));
  const { catalog, ...rest } = check;
  const parts = await Promise.all(
    shares.map((share) => runWorker({ kind: WORKER_KIND, roots: share, check: { ...rest, catalogInfo: catalog.info, releases: catalog.releases() } })),
  );
  return merge(found.problems, parts);
}

async function checkHere(check: TreeCheck, run: (options: CheckOptions) => Promise<CheckResult>): Promise<TreeResult> {
  const gather = createIntelGatherer({ online: check.online, cacheDir: check.cacheDir, env: check.env });
  let intel: PackageIntel | undefined;
  const result = await run({
    catalog: check.catalog,
    today: check.today,
    warningDays: check.warningDays,
    rules: check.rules,
    pinOperator: check.pinOperator,
    gatherIntel: async (queries) => (intel = await gather(queries)),
  });
  return { result, intel: intel && { status: intel.status, notes: intel.notes } };
}

function runWorker(job: Job): Promise<TreeResult> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(__filename, { workerData: job });
    worker.once('message', resolve);
    worker.once('error', reject);
    worker.once('exit', (code) => {
      if (code !== 0) reject(new Error(`a check worker stopped with exit code ${code}`));
    });
  });
}

const STATUS_RANK: Record<PackageIntel['status'], number> = { online: 0, offline: 1, unavailable: 2 };

function merge(discoveryProblems: ReadProblem[], parts: TreeResult[]): TreeResult {
  const findings: Finding[] = parts.flatMap((p) => p.result.findings).sort(byPosition);
  const projects = parts.flatMap((p) => p.result.projects).sort((a, b) => (a.root < b.root ? -1 : a.root > b.root ? 1 : 0));
  const seen = new Set<string>();
  const problems = [...discoveryProblems, ...parts.flatMap((p) => p.result.problems)].filter((p) => {
    const key = `${p.file}\u0000${p.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
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
  void checkHere({ ...check, catalog }, (options) => checkRoots(new NodeFs(check.root), job.roots, options)).then((r) => parentPort!.postMessage(r));
}
