/**
 * `check PATH...`: several folders and files in one run, as the pre-commit
 * framework passes them (the hook's own arguments, then the changed files).
 * A folder is checked as it is; a file means the Astro project holding it,
 * or its folder when no project holds it; what lies inside another folder
 * given is checked once, with it. With one folder left the run is exactly a
 * check of that folder; with several their results are merged, with paths
 * relative to the current folder (or, when they are not all inside it, to
 * the folder holding them all).
 */
import { existsSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { byPosition, withoutRepeats, type CheckResult } from '../engine/check';
import { NodeFs } from '../engine/fs/nodeFs';
import { findProjectOf, sortProblems } from '../engine/project/find';
import { runCheck, slashes, type CheckSettings, type CliIo, type TreeRun } from './options';

export interface TargetsRun extends TreeRun {
  /** The checked folders relative to the folder the fingerprints name paths from ('' for that folder). */
  scopes: string[];
}

/**
 * Checks every target (default: the current folder). `anchor`: the folder
 * the findings' fingerprints name paths from (a baseline's folder); by
 * default the folder the output's paths are relative to.
 */
export async function checkTargets(targets: readonly string[], settings: CheckSettings, io: CliIo, anchor?: string): Promise<TargetsRun | { exitCode: number }> {
  const roots = await rootsOf(targets.length > 0 ? targets : ['.']);
  const base = roots.length === 1 ? roots[0] : commonBase(roots, process.cwd());
  const scopes = roots.map((root) => slashes(path.relative(anchor ?? base, root)));
  const runs: TreeRun[] = [];
  for (const [i, root] of roots.entries()) {
    const run = await runCheck(root, settings, io, scopes[i]);
    if ('exitCode' in run) return run;
    runs.push(run);
  }
  return { ...merged(base, runs), scopes };
}

/** The folders to check, absolute, none inside another; a path that cannot be read is kept (runCheck reports it). */
async function rootsOf(targets: readonly string[]): Promise<string[]> {
  const folders: string[] = [];
  const files: string[] = [];
  for (const target of targets) {
    const abs = path.resolve(target);
    (isFile(abs) ? files : folders).push(abs);
  }
  // A changed file inside a folder given (`check . dags/a.py`) is checked with that folder: no project look-up.
  for (const file of files) if (!folders.some((f) => isAtOrBelow(file, f))) folders.push(await projectFolderOf(file));
  const wanted = [...new Set(folders)];
  return wanted.filter((f) => !wanted.some((other) => other !== f && isAtOrBelow(f, other)));
}

function isFile(abs: string): boolean {
  try {
    return statSync(abs).isFile();
  } catch {
    return false;
  }
}

function isAtOrBelow(p: string, dir: string): boolean {
  const rel = path.relative(dir, p);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

/** The folder of the nearest Astro project holding `file`, looking up to the repository's root (the folder with `.git`); the file's own folder when none does. */
async function projectFolderOf(file: string): Promise<string> {
  let top = path.dirname(file);
  while (!existsSync(path.join(top, '.git')) && path.dirname(top) !== top) top = path.dirname(top);
  const project = await findProjectOf(new NodeFs(top), slashes(path.relative(top, file)), [], { withFiles: false });
  return project ? path.join(top, project.root) : path.dirname(file);
}

/** The folder several roots' paths are given from: the current one when it holds them all, else the deepest folder that does. */
export function commonBase(roots: readonly string[], cwd: string): string {
  if (roots.every((r) => isAtOrBelow(r, cwd))) return cwd;
  let base = roots[0];
  while (!roots.every((r) => isAtOrBelow(r, base))) base = path.dirname(base);
  return base;
}

/** The runs of several roots as one run at `base` (one run is returned as it is). */
function merged(base: string, runs: readonly TreeRun[]): TreeRun {
  if (runs.length === 1) return runs[0];
  const results = runs.map((run) => rebased(run.result, slashes(path.relative(base, run.root))));
  const seen = new Set<string>();
  const result: CheckResult = {
    projects: results.flatMap((r) => r.projects).sort((a, b) => (a.root < b.root ? -1 : a.root > b.root ? 1 : 0)),
    // A configuration file above several roots is checked with each: its findings once.
    findings: withoutRepeats(results.flatMap((r) => r.findings)).sort(byPosition),
    problems: sortProblems(results.flatMap((r) => r.problems).filter((p) => !seen.has(`${p.file}\u0000${p.message}`) && seen.add(`${p.file}\u0000${p.message}`))),
    intel: results.find((r) => r.intel !== 'online')?.intel ?? 'online',
  };
  // A rule counts as set for the whole run only when every root sets it so.
  const rulesOff = Object.fromEntries(Object.entries(runs[0].rulesOff).filter(([id, setting]) => runs.every((r) => r.rulesOff[id] === setting)));
  return {
    ...runs[0],
    root: base,
    result,
    rulesOff,
    notes: [...new Set(runs.flatMap((r) => r.notes))],
    offline: runs.some((r) => r.offline),
    advisories: runs.find((r) => r.advisories.status !== 'online')?.advisories ?? runs[0].advisories,
  };
}

/** A result with its paths relative to a folder `rel` above its root. */
function rebased(result: CheckResult, rel: string): CheckResult {
  if (rel === '') return result;
  const move = (p: string) => (p === '' ? rel : path.posix.normalize(`${rel}/${p}`));
  return {
    ...result,
    projects: result.projects.map((p) => ({ ...p, root: move(p.root) })),
    findings: result.findings.map((f) => ({ ...f, file: move(f.file), fixes: f.fixes.map((x) => ({ ...x, edits: x.edits.map((e) => ({ ...e, file: move(e.file) })) })) })),
    problems: result.problems.map((p) => ({ ...p, file: move(p.file) })),
  };
}
