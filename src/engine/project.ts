/**
 * Astro projects: a folder with a Dockerfile and either `.astro/config.yaml`
 * or a final stage built from an Astronomer image.
 */
import { finalImage, parseDockerfile, type DockerfileModel, type FromImage } from './dockerfile/parse';
import { joinPath, type DirEntry, type ProjectFs } from './fs';
import { loadProjectFiles } from './projectFiles';
import { classifyImage, type ImageKind } from './runtime/image';
import type { PackagesFile, RequirementSet } from './requirements/model';
import type { ProjectSecrets } from './secrets/scan';
import { MAX_TEXT_BYTES, unreadableReason } from './text';
import type { ReadProblem } from './types';

export interface AstroProject {
  /** The project folder, relative to the checked root ('' for the root itself). */
  root: string;
  dockerfilePath: string;
  dockerfile: DockerfileModel;
  /** The Dockerfile's text, as read (kept so that no rule reads it again). */
  dockerfileText?: string;
  hasAstroConfig: boolean;
  /** The stage whose image is the project's image. */
  final?: FromImage;
  /** What pip installs into the image, when the project has requirement files. */
  requirements?: RequirementSet;
  /** packages.txt, when present. */
  packages?: PackagesFile;
  /** Credentials found in the project's files, and which of its local-only files would be committed or copied into the image. */
  secrets?: ProjectSecrets;
}

/** Folders never searched for projects (nor for committed secrets). */
export const SKIPPED_DIRS = new Set(['node_modules', '.git', '.hg', '.svn', '__pycache__', '.venv', 'venv', '.tox', '.nox', '.mypy_cache', '.pytest_cache', '.ruff_cache', 'site-packages']);

/** Largest Dockerfile we read; anything bigger is not a Dockerfile a person wrote. */
export const MAX_DOCKERFILE_BYTES = MAX_TEXT_BYTES;

export function imageKindOf(stage: FromImage | undefined): ImageKind {
  return stage ? classifyImage(stage.registry, stage.path) : { kind: 'other' };
}

/** Reads the project at `root`, or returns undefined when the folder is not an Astro project. */
export async function loadProject(fs: ProjectFs, root: string, problems: ReadProblem[] = [], options: LoadOptions = {}): Promise<AstroProject | undefined> {
  const dockerfilePath = joinPath(root, 'Dockerfile');
  const text = await readSafely(fs, dockerfilePath, problems);
  if (text === undefined) return undefined;
  const hasAstroConfig = (await readSafely(fs, joinPath(root, '.astro/config.yaml'), problems)) !== undefined;
  const dockerfile = parseDockerfile(text);
  const final = finalImage(dockerfile);
  if (!hasAstroConfig && imageKindOf(final).kind === 'other') return undefined;
  for (const message of dockerfile.problems) problems.push({ file: dockerfilePath, message });
  const project: AstroProject = { root, dockerfilePath, dockerfile, dockerfileText: text, hasAstroConfig, final };
  if (options.withFiles !== false) await loadProjectFiles(fs, project, problems);
  return project;
}

export interface LoadOptions {
  /** Read the project's other files (requirements, secrets) too. Default true; false only finds projects. */
  withFiles?: boolean;
}

/** Every Astro project under `root`, at any depth (also inside another project's folders). */
export async function findProjects(fs: ProjectFs, root = '', options: LoadOptions = {}): Promise<{ projects: AstroProject[]; problems: ReadProblem[] }> {
  const projects: AstroProject[] = [];
  const problems: ReadProblem[] = [];
  // Breadth first, listing the folders of one depth at once.
  let level = [root];
  while (level.length > 0) {
    const listed = await Promise.all(
      level.map(async (dir) => {
        try {
          return { dir, entries: await fs.list(dir) };
        } catch (err) {
          return { dir, entries: [] as DirEntry[], error: (err as Error).message };
        }
      }),
    );
    const next: string[] = [];
    for (const { dir, entries, error } of listed) {
      if (error !== undefined) problems.push({ file: dir || '.', message: `could not list the folder: ${error}` });
      if (entries.some((e) => e.name === 'pyvenv.cfg' && e.kind === 'file')) continue;
      if (entries.some((e) => e.name === 'Dockerfile' && e.kind === 'file')) {
        const project = await loadProject(fs, dir, problems, options);
        if (project) projects.push(project);
      }
      for (const e of entries.sort((a, b) => (a.name < b.name ? -1 : 1))) {
        if (e.kind === 'dir' && !SKIPPED_DIRS.has(e.name)) next.push(joinPath(dir, e.name));
      }
    }
    level = next;
  }
  projects.sort((a, b) => (a.root < b.root ? -1 : a.root > b.root ? 1 : 0));
  return { projects, problems };
}

async function readSafely(fs: ProjectFs, path: string, problems: ReadProblem[]): Promise<string | undefined> {
  try {
    const text = await fs.readText(path);
    const reason = text === undefined ? undefined : unreadableReason(text, MAX_DOCKERFILE_BYTES);
    if (reason) {
      problems.push({ file: path, message: reason });
      return undefined;
    }
    return text;
  } catch (err) {
    problems.push({ file: path, message: `could not read: ${(err as Error).message}` });
    return undefined;
  }
}

/** The nearest Astro project holding `path` (a file), looking up from its folder. */
export async function findProjectOf(fs: ProjectFs, path: string, problems: ReadProblem[] = [], options: LoadOptions = {}): Promise<AstroProject | undefined> {
  let dir = path.includes('/') ? path.slice(0, path.lastIndexOf('/')) : '';
  for (;;) {
    const project = await loadProject(fs, dir, problems, options);
    if (project) return project;
    if (dir === '') return undefined;
    dir = dir.includes('/') ? dir.slice(0, dir.lastIndexOf('/')) : '';
  }
}
