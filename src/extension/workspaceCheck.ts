/**
 * The extension's whole-folder check of a folder on this machine's disk, off
 * the extension host's thread: a worker (checkWorker.ts, bundled as
 * dist/checkWorker.js) walks the folder with the engine's NodeFs, reads and
 * checks every Astro project (spreading them over more workers when there are
 * many, as the CLI does), and hands back the CheckResult. The host only
 * answers the package intel the worker asks for (its IntelService keeps that
 * knowledge) and receives the result, so its event loop stays free.
 *
 * No `vscode` import: the linter uses this, and so does `npm run bench`.
 */
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { CheckResult, RuleSetting } from '../engine/check';
import type { Advisory, PackageIntel, PackageQuery } from '../engine/knowledge/packages/intel';
import type { CatalogInfo, RuntimeCatalog, RuntimeRelease } from '../engine/knowledge/runtime/catalog';
import type { PinOperator } from '../engine/analysis/context';
import type { DirEntry } from '../engine/fs/fs';

/** What a folder check needs besides the folder: the settings and catalog of CheckOptions, as plain data. */
export interface FolderCheckInput {
  /** The folder, as a path on this machine. */
  root: string;
  catalog: RuntimeCatalog;
  today?: string;
  warningDays?: number;
  rules?: Record<string, RuleSetting>;
  pinOperator?: PinOperator;
  /** Answers the package intel the check needs (the extension's IntelService); without it, rules that need intel are skipped. */
  intelFor?: (queries: PackageQuery[]) => Promise<PackageIntel>;
  /** The most worker threads checking at once (default: one core fewer than the machine has, at most 4: the extension host and the window keep one). */
  maxThreads?: number;
  /** Stops the check: its workers are terminated and the promise rejects with a CheckCancelled. */
  signal?: AbortSignal;
  /** The worker's script; default checkWorker.js beside this module (dist/ in the bundle, out/ under tsc). */
  workerFile?: string;
}

export interface FolderCheckStats {
  /** Worker threads that checked projects (1: the folder's worker did it alone). */
  threads: number;
  /** Folders listed by the walk. */
  folders: number;
  /** Time in the worker: the walk, and the whole check. */
  walkMs: number;
  totalMs: number;
}

export interface FolderCheckOutput {
  result: CheckResult;
  stats: FolderCheckStats;
}

export class CheckCancelled extends Error {
  constructor() {
    super('the check was cancelled');
    this.name = 'CheckCancelled';
  }
}

/** The most worker threads one folder check uses. */
export const MAX_THREADS = 4;

/** The worker's script: the bundle's or tsc's checkWorker.js beside this file. */
export function defaultWorkerFile(): string {
  return path.join(__dirname, 'checkWorker.js');
}

/** Whether a folder check can run here (the worker's script is present). */
export function canCheckOnDisk(workerFile = defaultWorkerFile()): boolean {
  return existsSync(workerFile);
}

/** Checks every Astro project of a folder on disk in worker threads. */
export function checkFolderOnDisk(input: FolderCheckInput): Promise<FolderCheckOutput> {
  const job: FolderJob = {
    kind: FOLDER_JOB,
    root: input.root,
    catalog: { info: input.catalog.info, releases: input.catalog.releases() },
    // Plain data only: what VS Code's configuration hands out cannot be cloned to a worker as it is.
    options: plain({ today: input.today, warningDays: input.warningDays, rules: input.rules, pinOperator: input.pinOperator, hasIntel: input.intelFor !== undefined }),
    threads: Math.max(1, Math.min(input.maxThreads ?? availableParallelism() - 1, MAX_THREADS)),
  };
  return new Promise<FolderCheckOutput>((resolve, reject) => {
    if (input.signal?.aborted) {
      reject(new CheckCancelled());
      return;
    }
    const worker = new Worker(input.workerFile ?? defaultWorkerFile(), { workerData: job });
    let settled = false;
    const finish = (fn: () => void) => {
      if (settled) return;
      settled = true;
      input.signal?.removeEventListener('abort', onAbort);
      fn();
    };
    const onAbort = () => finish(() => {
      void worker.terminate();
      reject(new CheckCancelled());
    });
    input.signal?.addEventListener('abort', onAbort);
    worker.on('message', (message: FromWorker) => {
      if (message.type === 'intel') {
        const ask = input.intelFor ? input.intelFor(message.queries) : Promise.resolve(undefined);
        void ask
          .then((intel) => intelToData(intel, message.queries))
          .catch(() => intelToData(undefined, message.queries))
          .then((data) => {
            if (!settled) worker.postMessage({ type: 'intel', id: message.id, data } satisfies ToWorker);
          });
      } else if (message.type === 'done') {
        finish(() => resolve({ result: message.result, stats: message.stats }));
        void worker.terminate();
      } else if (message.type === 'failed') {
        finish(() => reject(new Error(message.message)));
        void worker.terminate();
      }
    });
    worker.once('error', (err) => finish(() => reject(err)));
    worker.once('exit', (code) => finish(() => reject(new Error(`the check worker stopped with exit code ${code}`))));
  });
}

function plain<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

// ------------------------------------------------------------ worker protocol (shared with checkWorker.ts)

export const FOLDER_JOB = 'astro-sr-folder';
export const SHARE_JOB = 'astro-sr-share';

export interface JobOptions {
  today?: string;
  warningDays?: number;
  rules?: Record<string, RuleSetting>;
  pinOperator?: PinOperator;
  /** Whether the parent answers intel requests (else rules that need intel are skipped). */
  hasIntel: boolean;
}

export interface CatalogData {
  info: CatalogInfo;
  releases: RuntimeRelease[];
}

/** The job of the folder's worker: walk, then check (alone, or over share workers). */
export interface FolderJob {
  kind: typeof FOLDER_JOB;
  root: string;
  catalog: CatalogData;
  options: JobOptions;
  threads: number;
}

/** The job of a share worker: some of the walk's Dockerfile folders, with the listings they need. */
export interface ShareJob {
  kind: typeof SHARE_JOB;
  root: string;
  catalog: CatalogData;
  options: JobOptions;
  folders: string[];
  dirs: [string, DirEntry[]][];
}

export type FromWorker =
  | { type: 'intel'; id: number; queries: PackageQuery[] }
  | { type: 'done'; result: CheckResult; stats: FolderCheckStats }
  | { type: 'failed'; message: string };

export type ToWorker = { type: 'intel'; id: number; data: IntelData };

/** Package intel for some queries as plain data: what a PackageIntel answers for them, able to cross to a worker. */
export interface IntelData {
  status: PackageIntel['status'];
  notes?: string[];
  latest: [string, string][];
  advisories: [string, Advisory[]][];
}

const intelKey = (name: string, version: string) => `${name}==${version}`;

export function intelToData(intel: PackageIntel | undefined, queries: readonly PackageQuery[]): IntelData {
  if (!intel) return { status: 'offline', latest: [], advisories: [] };
  const latest = new Map<string, string>();
  const advisories = new Map<string, Advisory[]>();
  for (const q of queries) {
    const l = intel.latest(q.name);
    if (l !== undefined) latest.set(q.name, l);
    if (q.version) {
      const a = intel.advisories(q.name, q.version);
      if (a !== undefined) advisories.set(intelKey(q.name, q.version), a);
    }
  }
  return { status: intel.status, notes: intel.notes, latest: [...latest], advisories: [...advisories] };
}

export function intelFromData(data: IntelData): PackageIntel {
  const latest = new Map(data.latest);
  const advisories = new Map(data.advisories);
  return {
    status: data.status,
    notes: data.notes,
    latest: (name) => latest.get(name),
    advisories: (name, version) => advisories.get(intelKey(name, version)),
  };
}
