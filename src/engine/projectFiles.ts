/**
 * The project files besides the Dockerfile that rules read, loaded once per
 * check when a folder is known to be an Astro project.
 */
import type { ProjectFs } from './fs';
import type { PackageQuery } from './packages/intel';
import type { AstroProject } from './project';
import { loadPackagesFile, loadRequirementSet } from './requirements/load';
import { loadProjectSecrets } from './secrets/scan';
import type { ReadProblem } from './types';
import { isBinaryFileName } from './secrets/files';

/**
 * Whether a change to this file can change a project's findings (a cheap
 * filter before any reading): every text file can, since ASR210 reads them
 * all for credentials; files that are binary by their extension cannot.
 */
export function isProjectFileName(path: string): boolean {
  return !isBinaryFileName(path.slice(path.lastIndexOf('/') + 1));
}

/** Reads the files the project rules need into the project model. */
export async function loadProjectFiles(fs: ProjectFs, project: AstroProject, problems: ReadProblem[]): Promise<void> {
  project.requirements = await loadRequirementSet(fs, project, problems);
  project.packages = await loadPackagesFile(fs, project, problems);
  project.secrets = await loadProjectSecrets(fs, project, problems);
}

/** The packages whose advisories and newest versions the rules may use: every named requirement, with the version `==`/`===` pins. */
export function packageQueries(project: AstroProject): PackageQuery[] {
  const seen = new Set<string>();
  const out: PackageQuery[] = [];
  for (const file of project.requirements?.files ?? []) {
    for (const req of file.requirements) {
      if (!req.normalizedName) continue;
      const query: PackageQuery = req.pinnedVersion ? { name: req.normalizedName, version: req.pinnedVersion } : { name: req.normalizedName };
      const key = `${query.name}@${query.version ?? ''}`;
      if (seen.has(key)) continue;
      seen.add(key);
      out.push(query);
    }
  }
  return out;
}
