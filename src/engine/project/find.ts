/**
 * Finding Astro projects: one walk of the tree lists every folder once
 * (never dependency folders, caches or virtual environments), each folder
 * holding a Dockerfile is probed by reading and parsing that Dockerfile
 * once, and every file belongs to the deepest project holding it, so that a
 * nested project is checked on its own and never as part of its parent.
 */
import { finalImage, dockerfileModel } from '../files/dockerfile/parse';
import { isComposeFileName } from '../files/compose';
import { CONFIG_FILE_NAME } from '../files/config';
import { isBinaryFileName, isVenvIncludeDir, SKIPPED_DIRS, VENV_DIRS, VENV_MARKER } from '../files/kinds';
import { joinPath, type DirEntry, type ProjectFs } from '../fs/fs';
import { MAX_TEXT_BYTES, unreadableReason } from '../fs/text';
import type { ReadProblem } from '../types';
import { loadInstalls, loadProjectFiles, SourceReader, type ModelCache, type ProjectListing } from './load';
import { imageKindOf, type AstroProject } from './model';

/** Every folder of a tree with its entries, listed once. */
export interface TreeWalk {
  /** Folder (relative to the checked root, '' for the root) → its entries, sorted by name. */
  dirs: Map<string, DirEntry[]>;
  problems: ReadProblem[];
}

/**
 * Lists every folder under `root`, breadth first, a level at a time, except
 * SKIPPED_DIRS and the folders of a virtual environment (VENV_DIRS below a
 * folder holding `pyvenv.cfg`, and the C headers in its `include/`).
 */
export async function walkTree(fs: ProjectFs, root = ''): Promise<TreeWalk> {
  const dirs = new Map<string, DirEntry[]>();
  const problems: ReadProblem[] = [];
  const venvIncludes = new Set<string>();
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
      const sorted = [...entries].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
      dirs.set(dir, sorted);
      // A virtual environment's root (it may also be a repository's or a project's): its own folders are left out.
      const venv = entries.some((e) => e.name === VENV_MARKER && e.kind === 'file');
      for (const e of sorted) {
        if (e.kind !== 'dir' || SKIPPED_DIRS.has(e.name) || (venv && VENV_DIRS.has(e.name)) || (venvIncludes.has(dir) && isVenvIncludeDir(e.name))) continue;
        next.push(joinPath(dir, e.name));
        if (venv && e.name === 'include') venvIncludes.add(joinPath(dir, e.name));
      }
    }
    level = next;
  }
  return { dirs, problems };
}

function hasFile(entries: readonly DirEntry[] | undefined, name: string): boolean {
  return entries?.some((e) => e.name === name && e.kind === 'file') ?? false;
}

/** Folders of a walk that hold a Dockerfile, in walk order. */
export function dockerfileFolders(walk: TreeWalk): string[] {
  return [...walk.dirs].filter(([, entries]) => hasFile(entries, 'Dockerfile')).map(([dir]) => dir);
}

/**
 * The project at `dir` (whose listing holds a Dockerfile), or undefined when
 * the folder is not an Astro project. Reads and parses the Dockerfile once;
 * `list` gives folder listings (from a walk, or the file system).
 */
export async function probeProject(reader: SourceReader, dir: string, list: (dir: string) => Promise<DirEntry[] | undefined>): Promise<AstroProject | undefined> {
  const dockerfilePath = joinPath(dir, 'Dockerfile');
  const text = await reader.text(dockerfilePath);
  if (text === undefined) return undefined;
  const reason = unreadableReason(text, MAX_TEXT_BYTES);
  if (reason) {
    reader.problems.push({ file: dockerfilePath, message: reason });
    return undefined;
  }
  const hasAstroConfig = hasFile(await list(joinPath(dir, '.astro')), 'config.yaml');
  const dockerfileFile = reader.source(dockerfilePath, 'Dockerfile', 'dockerfile', text);
  const dockerfile = dockerfileFile.model(dockerfileModel);
  const final = finalImage(dockerfile);
  if (!hasAstroConfig && imageKindOf(final).kind === 'other') return undefined;
  for (const message of dockerfile.problems) reader.problems.push({ file: dockerfilePath, message });
  return { root: dir, dockerfilePath, dockerfileFile, dockerfile, hasAstroConfig, final };
}

/**
 * The files of each project, from a walk that covers them: each folder goes
 * to the deepest project holding it. `checkedRoot` is where .gitignore files
 * above a project start to count.
 */
export function listingsOf(walk: TreeWalk, roots: readonly string[], checkedRoot = ''): Map<string, ProjectListing> {
  const rootSet = new Set(roots);
  const out = new Map<string, ProjectListing>();
  for (const root of roots) {
    const gitignores: string[] = [];
    const parts = root === '' ? [] : root.split('/');
    const base = checkedRoot === '' ? 0 : checkedRoot.split('/').length;
    const context: string[] = [];
    const configs: string[] = [];
    for (let k = base; k < parts.length; k++) {
      const dir = parts.slice(0, k).join('/');
      const entries = walk.dirs.get(dir);
      if (!entries || hasFile(entries, '.gitignore')) gitignores.push(joinPath(dir, '.gitignore'));
      // Compose files of the folders holding the project: the stack it runs in. Folders not walked: the usual names.
      const names = entries ? entries.filter((e) => e.kind === 'file' && isComposeFileName(e.name)).map((e) => e.name) : COMPOSE_NAMES;
      for (const name of names) context.push(joinPath(dir, name));
      if (!entries || hasFile(entries, CONFIG_FILE_NAME)) configs.push(joinPath(dir, CONFIG_FILE_NAME));
    }
    if (hasFile(walk.dirs.get(root), CONFIG_FILE_NAME)) configs.push(joinPath(root, CONFIG_FILE_NAME));
    out.set(root, { files: [], gitignores, localOnly: [], context, configs });
  }
  for (const [dir, entries] of walk.dirs) {
    const root = owner(dir, rootSet);
    if (root === undefined) continue;
    const listing = out.get(root)!;
    const rel = root === '' ? dir : dir === root ? '' : dir.slice(root.length + 1);
    for (const e of entries) {
      const childRel = rel === '' ? e.name : `${rel}/${e.name}`;
      if (e.kind === 'dir') {
        if (rel === '' && e.name === '.env') listing.localOnly.push({ rel: '.env', isDir: true });
        continue;
      }
      if (e.kind !== 'file') continue;
      if (rel === '' && (e.name === '.env' || e.name === 'airflow_settings.yaml')) listing.localOnly.push({ rel: e.name, isDir: false });
      if (e.name === '.gitignore') listing.gitignores.push(joinPath(dir, e.name));
      else if (!(rel === '' && e.name === '.dockerignore') && !isBinaryFileName(e.name)) listing.files.push(childRel);
    }
  }
  for (const listing of out.values()) {
    listing.files.sort();
    listing.localOnly.sort((a, b) => (a.rel < b.rel ? -1 : 1));
  }
  return out;
}

/** Dockerfile folders grouped so that a folder inside another one is in its group (the outer one decides what the inner one's files belong to). */
export function folderGroups(folders: readonly string[]): string[][] {
  const groups: string[][] = [];
  for (const dir of [...folders].sort()) {
    const last = groups[groups.length - 1];
    if (last && (last[0] === '' || dir.startsWith(`${last[0]}/`))) last.push(dir);
    else groups.push([dir]);
  }
  return groups;
}

/** The listings of the folders at or below `folders`, and of the folders above them (for their .gitignore and Compose files). */
export function dirsFor(walk: TreeWalk, folders: readonly string[]): [string, DirEntry[]][] {
  const roots = new Set(folders);
  const above = new Set<string>();
  for (const f of folders) {
    const parts = f === '' ? [] : f.split('/');
    for (let k = 0; k < parts.length; k++) above.add(parts.slice(0, k).join('/'));
  }
  const out: [string, DirEntry[]][] = [];
  for (const [dir, entries] of walk.dirs) {
    let under = above.has(dir);
    for (let d = dir; !under; ) {
      if (roots.has(d)) under = true;
      else if (d === '') break;
      else d = d.includes('/') ? d.slice(0, d.lastIndexOf('/')) : '';
    }
    if (under) out.push([dir, entries]);
  }
  return out;
}

/** Problems in the order of their files' paths (the order a walk met them in depends on timing). */
export function sortProblems(problems: ReadProblem[]): ReadProblem[] {
  return problems.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
}

/** The names Docker Compose looks for by default. */
const COMPOSE_NAMES = ['compose.yaml', 'compose.yml', 'docker-compose.yaml', 'docker-compose.yml'];

/** The deepest project root holding `dir`, if any. */
function owner(dir: string, roots: ReadonlySet<string>): string | undefined {
  let d = dir;
  for (;;) {
    if (roots.has(d)) return d;
    if (d === '') return undefined;
    const slash = d.lastIndexOf('/');
    d = slash < 0 ? '' : d.slice(0, slash);
  }
}

export interface FindOptions {
  /** Read the projects' other files too. Default true; false reads the Dockerfile and what the image installs only. */
  withFiles?: boolean;
  /** Models of earlier checks, reused for files whose text has not changed. */
  cache?: ModelCache;
}

/** Every Astro project under `root`, at any depth (also inside another project's folders), sorted by folder. */
export async function findProjects(fs: ProjectFs, root = '', options: FindOptions = {}): Promise<{ projects: AstroProject[]; problems: ReadProblem[] }> {
  const walk = await walkTree(fs, root);
  const reader = new SourceReader(fs, walk.problems, options.cache);
  const projects = await probeAll(reader, walk);
  const listings = listingsOf(walk, projects.map((p) => p.root), root);
  const ignoreTexts = new Map<string, string | undefined>();
  for (const project of projects) {
    await loadInstalls(reader, project);
    if (options.withFiles !== false) await loadProjectFiles(reader, project, listings.get(project.root)!, ignoreTexts);
  }
  return { projects, problems: sortProblems(reader.problems) };
}

/** The projects among the Dockerfile folders of a walk, sorted by folder. */
export async function probeAll(reader: SourceReader, walk: TreeWalk): Promise<AstroProject[]> {
  const projects: AstroProject[] = [];
  for (const dir of dockerfileFolders(walk)) {
    const project = await probeProject(reader, dir, async (d) => walk.dirs.get(d));
    if (project) projects.push(project);
  }
  return projects.sort((a, b) => (a.root < b.root ? -1 : a.root > b.root ? 1 : 0));
}

/** Reads the project at `root`, or returns undefined when the folder is not an Astro project. */
export async function loadProject(fs: ProjectFs, root: string, problems: ReadProblem[] = [], options: FindOptions = {}): Promise<AstroProject | undefined> {
  // Each folder listed once: the root and `.astro` are listed to probe the project, and again by the walk of its folders.
  const once = listedOnce(fs);
  const reader = new SourceReader(fs, problems, options.cache);
  if (!hasFile(await listQuietly(once, root), 'Dockerfile')) return undefined;
  const project = await probeProject(reader, root, (d) => listQuietly(once, d));
  if (!project) return undefined;
  await loadInstalls(reader, project);
  if (options.withFiles === false) return project;
  // The project's own folders, less the nested projects among them.
  const walk = await walkTree(once, root);
  problems.push(...walk.problems);
  const nested = (await probeAll(reader, { dirs: new Map([...walk.dirs].filter(([dir]) => dir !== root)), problems: [] })).map((p) => p.root);
  // Folders above the project are not in this walk: their .gitignore files are read if they exist.
  await loadProjectFiles(reader, project, listingsOf(walk, [root, ...nested]).get(root)!);
  return project;
}

/** The file system with each folder's listing asked for once. */
function listedOnce(fs: ProjectFs): ProjectFs {
  const lists = new Map<string, Promise<DirEntry[]>>();
  return {
    readText: (path) => fs.readText(path),
    list: (path) => {
      let listed = lists.get(path);
      if (!listed) lists.set(path, (listed = fs.list(path)));
      return listed;
    },
  };
}

/** The nearest Astro project holding `path` (a file), looking up from its folder. */
export async function findProjectOf(fs: ProjectFs, path: string, problems: ReadProblem[] = [], options: FindOptions = {}): Promise<AstroProject | undefined> {
  let dir = path.includes('/') ? path.slice(0, path.lastIndexOf('/')) : '';
  for (;;) {
    const project = await loadProject(fs, dir, problems, options);
    if (project) return project;
    if (dir === '') return undefined;
    dir = dir.includes('/') ? dir.slice(0, dir.lastIndexOf('/')) : '';
  }
}

async function listQuietly(fs: ProjectFs, dir: string): Promise<DirEntry[] | undefined> {
  try {
    return await fs.list(dir);
  } catch {
    return undefined;
  }
}
