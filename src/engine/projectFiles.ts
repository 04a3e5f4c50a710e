/**
 * The project files besides the Dockerfile that rules read, loaded once per
 * check when a folder is known to be an Astro project.
 */
import type { ProjectFs } from './fs';
import type { PackageQuery } from './packages/intel';
import type { AstroProject } from './project';
import type { ReadProblem } from './types';

/** Whether a change to this file can change a project's findings (a cheap filter before any reading). */
export function isProjectFileName(path: string): boolean {
  const name = path.slice(path.lastIndexOf('/') + 1);
  return name === 'Dockerfile' || /\.(txt|in)$/i.test(name);
}

/** Reads the files the project rules need into the project model. */
export async function loadProjectFiles(_fs: ProjectFs, _project: AstroProject, _problems: ReadProblem[]): Promise<void> {
  // Requirement files and packages.txt are read here (dependency rules).
}

/** The packages whose advisories and newest versions the rules may use. */
export function packageQueries(_project: AstroProject): PackageQuery[] {
  return [];
}
