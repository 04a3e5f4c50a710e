/**
 * Where the paths of code-scanning output (SARIF) and workflow annotations
 * (`--format github`) are relative to. GitHub matches them against the files
 * of the repository, relative to its root: the runner's workspace
 * (GITHUB_WORKSPACE), where a workflow step also starts. Findings carry paths
 * relative to the checked folder, so a check of a sub-folder
 * (`astro-sr check services/airflow`) needs that folder's path in front.
 */
import { realpathSync } from 'node:fs';
import * as path from 'node:path';

/** GITHUB_WORKSPACE in GitHub Actions, else the current folder (a workflow step starts in the workspace). */
export function workspaceOf(env: NodeJS.ProcessEnv, cwd: string = process.cwd()): string {
  return path.resolve(cwd, env.GITHUB_WORKSPACE || '.');
}

export interface PathBase {
  /** The absolute folder paths are relative to: the workspace, or the checked folder when it lies outside the workspace. */
  base: string;
  /** What goes in front of a finding's path: the checked folder relative to `base`, with `/` and a trailing `/`; '' for none. */
  prefix: string;
}

/**
 * The checked folder relative to the workspace. A folder outside the workspace
 * (a temporary folder, `check ..`) keeps paths relative to itself: there is no
 * repository path to give then.
 */
export function pathBase(root: string, workspace: string): PathBase {
  const rel = path.relative(real(workspace), real(root));
  if (rel === '') return { base: path.resolve(workspace), prefix: '' };
  if (rel === '..' || rel.startsWith(`..${path.sep}`) || path.isAbsolute(rel)) return { base: path.resolve(root), prefix: '' };
  return { base: path.resolve(workspace), prefix: `${rel.split(path.sep).join('/')}/` };
}

/** Symbolic links resolved (on macOS /var is /private/var), so that the two folders compare. */
function real(p: string): string {
  try {
    return realpathSync.native(p);
  } catch {
    return path.resolve(p);
  }
}
