/**
 * Reads a project's files into its model, each file once per check: first
 * what the image installs (the requirement and constraint files the
 * Dockerfile installs, with their includes, and packages.txt), then every
 * other text file of the project. A ModelCache kept between checks (the
 * editor keeps one) hands back the same SourceFile, with the models already
 * made of it, for a file whose text has not changed.
 */
import { installsModel } from '../files/dockerfile/installs';
import { fileKindOf, type FileKind } from '../files/kinds';
import { packagesModel } from '../files/requirements/packages';
import { constraintsModel, requirementsModel } from '../files/requirements/parse';
import type { RequirementFile, RequirementSet, UnreadInclude } from '../files/requirements/model';
import { SourceFile } from '../files/source';
import { dirname, joinPath, type ProjectFs } from '../fs/fs';
import { CONFIG_FILE_NAME, ignoredPaths, type ConfigSource } from '../files/config';
import { MAX_TEXT_BYTES } from '../fs/text';
import type { ReadProblem } from '../types';
import type { AstroProject, ProjectFiles } from './model';

/** The files read in earlier checks, with their models, for reuse when their text is the same. */
export class ModelCache {
  /** Above this many files, the cache starts again from empty. */
  static readonly MAX_FILES = 50_000;
  private readonly files = new Map<string, SourceFile>();

  /** The file read with this text: the one read before when nothing changed, else a new one. */
  source(path: string, rel: string, kind: FileKind, text: string): SourceFile {
    const kept = this.files.get(path);
    if (kept?.sameAs(path, rel, kind, text)) return kept;
    if (this.files.size >= ModelCache.MAX_FILES) this.files.clear();
    const file = new SourceFile(path, rel, kind, text);
    file.kept = true;
    if (kept && kept.rel === rel && kept.kind === kind) {
      kept.previous = undefined;
      file.previous = kept;
    }
    this.files.set(path, file);
    return file;
  }

  clear(): void {
    this.files.clear();
  }
}

/** How one check reads files: through the engine's file system, reporting what it cannot read, reusing models from a cache. */
export class SourceReader {
  constructor(
    readonly fs: ProjectFs,
    readonly problems: ReadProblem[] = [],
    readonly cache?: ModelCache,
  ) {}

  /** The text of a file; undefined when it does not exist, or when it cannot be read (reported unless `quiet`). */
  async text(path: string, quiet = false): Promise<string | undefined> {
    try {
      return await this.fs.readText(path);
    } catch (err) {
      if (!quiet) this.problems.push({ file: path, message: `could not read: ${(err as Error).message}` });
      return undefined;
    }
  }

  source(path: string, rel: string, kind: FileKind, text: string): SourceFile {
    return this.cache ? this.cache.source(path, rel, kind, text) : new SourceFile(path, rel, kind, text);
  }

  /** A file of the project at `root`, as a SourceFile; undefined when missing or unreadable. */
  async read(root: string, rel: string, quiet = false): Promise<SourceFile | undefined> {
    const path = joinPath(root, rel);
    const text = await this.text(path, quiet);
    return text === undefined ? undefined : this.source(path, rel, fileKindOf(rel), text);
  }
}

/** What one project's loading has read so far, by path: nothing is read twice. */
const readFiles = new WeakMap<AstroProject, Map<string, SourceFile>>();

function readOf(project: AstroProject): Map<string, SourceFile> {
  let map = readFiles.get(project);
  if (!map) readFiles.set(project, (map = new Map([[project.dockerfilePath, project.dockerfileFile]])));
  return map;
}

async function readOnce(reader: SourceReader, project: AstroProject, path: string): Promise<SourceFile | undefined> {
  const read = readOf(project);
  const kept = read.get(path);
  if (kept) return kept;
  const rel = project.root === '' ? path : path.slice(project.root.length + 1);
  const file = await reader.read(project.root, rel);
  if (file) read.set(path, file);
  return file;
}

/** Reads what the image installs: its requirement set (with includes) and packages.txt. */
export async function loadInstalls(reader: SourceReader, project: AstroProject): Promise<void> {
  const installs = project.dockerfileFile.model(installsModel);
  const set: RequirementSet = { files: [], unread: [] };
  const loaded = new Set<string>();
  const reported = new Set<string>();
  const report = (file: string, message: string) => {
    const key = `${file}\n${message}`;
    if (reported.has(key)) return;
    reported.add(key);
    reader.problems.push({ file, message });
  };
  const root = project.root;
  const inProject = (path: string) => root === '' || path === root || path.startsWith(`${root}/`);

  /** Reads one file and, depth first, what it includes. `stack` holds the files being read, for cycles. */
  const visit = async (path: string, kind: RequirementFile['kind'], stack: string[]): Promise<boolean> => {
    const key = `${kind}:${path}`;
    if (loaded.has(key)) return true;
    const source = inProject(path) ? await readOnce(reader, project, path) : undefined;
    if (source === undefined) return false;
    loaded.add(key);
    const file = source.model(kind === 'requirements' ? requirementsModel : constraintsModel);
    if (file.skipped) {
      report(path, file.skipped);
      return true;
    }
    set.files.push(file);
    for (const inc of file.includes) {
      const includeKind = inc.kind === 'requirement' ? 'requirements' : 'constraints';
      if (inc.resolved === undefined || !inProject(inc.resolved)) {
        set.unread.push({ kind: inc.kind, target: inc.target, from: path });
        continue;
      }
      if (stack.includes(inc.resolved)) {
        report(path, `line ${inc.range.start.line + 1}: \`${inc.target}\` includes a file that is already being read (a cycle of -r/-c includes); pip stops with an error`);
        continue;
      }
      const found = await visit(inc.resolved, includeKind, [...stack, inc.resolved]);
      if (!found) report(path, `line ${inc.range.start.line + 1}: \`${inc.target}\` does not exist (${inc.resolved}); pip stops with an error`);
    }
    return true;
  };

  if (installs.onbuild) await visit(joinPath(root, 'requirements.txt'), 'requirements', [joinPath(root, 'requirements.txt')]);
  for (const f of installs.files) {
    const kind = f.kind === 'requirement' ? 'requirements' : 'constraints';
    let found = false;
    for (const candidate of f.candidates) {
      const path = joinPath(root, candidate);
      if (await visit(path, kind, [path])) {
        found = true;
        break;
      }
    }
    if (found) continue;
    if (f.candidates.length > 0) report(project.dockerfilePath, `\`${f.target}\`, installed by a RUN instruction, comes from ${joinPath(root, f.candidates[0])}, which does not exist`);
    else set.unread.push({ kind: f.kind, target: f.target, from: project.dockerfilePath } satisfies UnreadInclude);
  }
  project.requirements = set.files.length > 0 || set.unread.length > 0 ? set : undefined;

  project.packages = undefined;
  if (!installs.onbuild) return;
  const packagesPath = joinPath(root, 'packages.txt');
  const packages = await readOnce(reader, project, packagesPath);
  if (!packages) return;
  const model = packages.model(packagesModel);
  if (model.skipped) reader.problems.push({ file: packagesPath, message: model.skipped });
  else project.packages = model;
}

/** The project's files as a walk of its folder found them (relative to the project folder). */
export interface ProjectListing {
  /** Every file, sorted, that may be text: not binary by name, not a .gitignore, not the project's .dockerignore. */
  files: string[];
  /** Every .gitignore above the project (up to the checked root) and inside it, relative to the checked root. */
  gitignores: string[];
  localOnly: { rel: string; isDir: boolean }[];
  /** Compose files above the project, relative to the checked root (ProjectFiles.context). */
  context: string[];
  /** `.astro-sr.yaml` files of the project's folder and the folders above it (up to the checked root), outermost first. */
  configs: string[];
}

/** Reads runs in parallel up to this many (the editor's file system answers asynchronously). */
const READ_CONCURRENCY = 32;

/** Reads the project's other files (after loadInstalls): every text file once, and its ignore files. */
export async function loadProjectFiles(
  reader: SourceReader,
  project: AstroProject,
  listing: ProjectListing,
  shared?: Map<string, string | undefined>,
  outerConfigs: readonly ConfigSource[] = [],
): Promise<void> {
  const root = project.root;
  const read = readOf(project);
  // Files outside the project that several projects share (ignore files, Compose and configuration files above them): read once per check.
  const sharedText = async (path: string): Promise<string | undefined> => {
    if (shared?.has(path)) return shared.get(path);
    const text = await reader.text(path, true);
    shared?.set(path, text);
    return text;
  };
  // The configuration first: its `ignore:` patterns name files that are not read at all.
  const configs: ConfigSource[] = [...outerConfigs];
  for (const path of listing.configs) {
    const text = await sharedText(path);
    if (text === undefined) continue;
    const file = reader.source(path, path === joinPath(root, CONFIG_FILE_NAME) ? CONFIG_FILE_NAME : path, 'yaml', text);
    read.set(path, file);
    configs.push({ file, dir: dirname(path) });
  }
  const ignored = ignoredPaths(configs);
  const installed = new Set((project.requirements?.files ?? []).map((f) => f.path));
  const sources: SourceFile[] = [];
  const tooLarge: string[] = [];
  await eachLimited(listing.files, READ_CONCURRENCY, async (rel) => {
    const path = joinPath(root, rel);
    if (installed.has(path) || ignored(path)) return;
    const kind = fileKindOf(rel);
    const kept = read.get(path);
    // A file that is only read as text is skipped quietly when it cannot be read; one a rule reads by type is reported.
    const text = kept ? kept.text : await reader.text(path, kind === 'text');
    if (text === undefined) return;
    if (text.length > MAX_TEXT_BYTES) {
      // A binary file is not text to search; one read by type is reported by its reader.
      if (!text.includes('\u0000') && !reader.problems.some((p) => p.file === path)) tooLarge.push(rel);
      return;
    }
    if (text.includes('\u0000')) return;
    const file = kept ?? reader.source(path, rel, kind, text);
    read.set(path, file);
    sources.push(file);
  });
  sources.sort((a, b) => (a.rel < b.rel ? -1 : a.rel > b.rel ? 1 : 0));
  if (tooLarge.length > 0) {
    // One problem per project: data files of several MB are common, and each is named.
    tooLarge.sort();
    const names = tooLarge.slice(0, 5).join(', ') + (tooLarge.length > 5 ? ` and ${tooLarge.length - 5} more` : '');
    reader.problems.push({
      file: tooLarge.length === 1 ? joinPath(root, tooLarge[0]) : root || '.',
      message: `not searched for credentials: ${tooLarge.length === 1 ? 'larger' : `${tooLarge.length} files larger`} than ${MAX_TEXT_BYTES / 1024 / 1024} MB (${names})`,
    });
  }

  const gitignores: ProjectFiles['gitignores'] = [];
  const ownGitignore = joinPath(root, '.gitignore');
  let ownGitignoreText: string | undefined;
  for (const path of listing.gitignores) {
    const text = await sharedText(path);
    if (text === undefined) continue;
    gitignores.push({ path, text });
    if (path === ownGitignore) ownGitignoreText = text;
  }
  const context: SourceFile[] = [];
  for (const path of listing.context) {
    const text = await sharedText(path);
    if (text !== undefined && text.length <= MAX_TEXT_BYTES && !text.includes('\u0000')) context.push(reader.source(path, path, 'yaml', text));
  }
  const dockerignorePath = joinPath(root, '.dockerignore');
  project.files = {
    sources,
    localOnly: listing.localOnly,
    gitignores,
    gitignore: { path: ownGitignore, text: ownGitignoreText },
    dockerignore: { path: dockerignorePath, text: await sharedText(dockerignorePath) },
    context,
    configs,
  };
}

/** A file of the project as this check read it (the Dockerfile, a requirement file, packages.txt, a configuration or Compose file, any other text file), by path relative to the checked root. */
export function sourceOf(project: AstroProject, path: string): SourceFile | undefined {
  if (path === project.dockerfilePath) return project.dockerfileFile;
  const read = readFiles.get(project)?.get(path);
  if (read) return read;
  const files = project.files;
  if (!files) return undefined;
  const found = files.sources.find((f) => f.path === path) ?? files.configs.find((c) => c.file.path === path)?.file ?? files.context.find((f) => f.path === path);
  if (found) return found;
  for (const ignoreFile of [files.gitignore, files.dockerignore]) {
    if (ignoreFile.path === path && ignoreFile.text !== undefined) return new SourceFile(path, path.slice(path.lastIndexOf('/') + 1), 'text', ignoreFile.text);
  }
  return undefined;
}

/** Lets go of what loading a project's files read (after its check, when no rule needs them any more). */
export function releaseProjectFiles(project: AstroProject): void {
  project.files = undefined;
  readFiles.delete(project);
}

async function eachLimited<T>(items: readonly T[], limit: number, run: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await run(items[next++]);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}
