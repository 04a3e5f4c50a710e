/**
 * The files of a project that may hold a committed credential, read once
 * each: the walk lists the project folder (not nested projects, virtual
 * environments or dependency folders), reads every text file at most once,
 * and keeps the text only of files whose whole text passes the detectors'
 * cheap prefilter. Parsing (YAML, Python, JSON) happens later, and only for
 * the kept files.
 */
import { parseDockerfile } from '../dockerfile/parse';
import { joinPath, type DirEntry, type ProjectFs } from '../fs';
import { imageKindOf, SKIPPED_DIRS, type AstroProject } from '../project';
import { finalImage } from '../dockerfile/parse';
import { dockerfileInstalls } from '../requirements/load';
import { MAX_TEXT_BYTES } from '../text';
import type { ReadProblem } from '../types';
import { mightHoldSecret } from './detect';
import { DockerIgnore, GitIgnores } from './ignoreFiles';

/** How a file is read for credentials. */
export type SecretFileKind = 'dockerfile' | 'env' | 'settings' | 'deployment' | 'python' | 'text';

export interface SecretFile {
  /** Relative to the checked root. */
  path: string;
  /** Relative to the project folder. */
  rel: string;
  kind: SecretFileKind;
  text: string;
}

/** Whether a file would leave the developer's machine. */
export interface Exposure {
  /** Not excluded by .gitignore: it would be committed. */
  committed: boolean;
  /** Not excluded by .dockerignore while the build copies the project: it would be in the image. */
  inImage: boolean;
}

export interface SecretFiles {
  /** Files that passed the prefilter, with their text. */
  files: SecretFile[];
  /** The project's `.env` (file or folder) and `airflow_settings.yaml`, when present, relative to the project folder. */
  localOnly: { rel: string; isDir: boolean }[];
  /** The project folder's own ignore files: their path, and their text when they exist. */
  gitignore: { path: string; text?: string };
  dockerignore: { path: string; text?: string };
  exposureOf(rel: string, isDir?: boolean): Exposure;
}

/** Files never worth reading as text. */
const BINARY_EXT = /\.(png|jpe?g|gif|bmp|ico|webp|tiff?|pdf|zip|gz|tgz|bz2|xz|zst|7z|tar|jar|war|whl|egg|so|dylib|dll|exe|bin|o|a|pyc|pyo|pyd|class|parquet|avro|orc|feather|arrow|pkl|pickle|joblib|h5|hdf5|npy|npz|onnx|pt|pth|ckpt|safetensors|db|sqlite3?|duckdb|mp[34]|mov|avi|wav|flac|ogg|woff2?|ttf|otf|eot|xlsx?|docx?|pptx?)$/i;

/** Whether a file is binary by its extension (never read as text). */
export function isBinaryFileName(name: string): boolean {
  return BINARY_EXT.test(name);
}

/** Reads run in parallel up to this many. */
const READ_CONCURRENCY = 32;

/** `.env`, `.env.local`, `prod.env`, and any file inside a `.env/` folder. */
export function isEnvFileName(rel: string): boolean {
  const name = rel.slice(rel.lastIndexOf('/') + 1);
  if (rel.startsWith('.env/')) return true;
  return name === '.env' || name.startsWith('.env.') || (name.endsWith('.env') && name.length > 4);
}

/** Example env files: written to be committed, so judged as committed. */
export function isExampleEnvFile(rel: string): boolean {
  return /(^|[./])(example|sample|dist|template|tmpl|defaults?)(\.env)?$/i.test(rel.slice(rel.lastIndexOf('/') + 1));
}

function kindOf(rel: string, name: string): SecretFileKind {
  if (rel === 'Dockerfile') return 'dockerfile';
  if (isEnvFileName(rel)) return 'env';
  if (/^airflow_settings[^/]*\.ya?ml$/i.test(name)) return 'settings';
  if (/\.ya?ml$/i.test(name)) return 'deployment';
  if (/\.pyi?$/.test(name) && /^(dags|include|plugins|tests)\//.test(rel)) return 'python';
  return 'text';
}

/** Lists, reads and sorts the project's candidate files. */
export async function loadSecretFiles(fs: ProjectFs, project: AstroProject, problems: ReadProblem[]): Promise<SecretFiles> {
  const root = project.root;
  const rels: string[] = [];
  const gitignorePaths: string[] = [];
  const localOnly: { rel: string; isDir: boolean }[] = [];

  // The .gitignore files above the project, up to the checked root.
  const parts = root === '' ? [] : root.split('/');
  for (let k = 0; k < parts.length; k++) gitignorePaths.push(joinPath(parts.slice(0, k).join('/'), '.gitignore'));

  const walk = async (dir: string, rel: string): Promise<void> => {
    let entries: DirEntry[];
    try {
      entries = await fs.list(dir);
    } catch (err) {
      problems.push({ file: dir || '.', message: `could not list the folder: ${(err as Error).message}` });
      return;
    }
    if (rel !== '' && entries.some((e) => e.name === 'pyvenv.cfg' && e.kind === 'file')) return;
    if (rel !== '' && (await isNestedProject(fs, dir, entries))) return;
    const subdirs: Promise<void>[] = [];
    for (const e of entries) {
      const childRel = rel === '' ? e.name : `${rel}/${e.name}`;
      if (e.kind === 'dir') {
        if (rel === '' && e.name === '.env') localOnly.push({ rel: '.env', isDir: true });
        if (!SKIPPED_DIRS.has(e.name)) subdirs.push(walk(joinPath(dir, e.name), childRel));
      } else if (e.kind === 'file') {
        if (e.name === '.gitignore') gitignorePaths.push(joinPath(dir, e.name));
        else if (rel === '' && e.name === '.dockerignore') continue;
        if (rel === '' && (e.name === '.env' || e.name === 'airflow_settings.yaml')) localOnly.push({ rel: e.name, isDir: false });
        if (!isBinaryFileName(e.name) && e.name !== '.gitignore') rels.push(childRel);
      }
    }
    await Promise.all(subdirs);
  };
  await walk(root, '');
  rels.sort();

  const gitignores = new GitIgnores();
  const ownGitignore = joinPath(root, '.gitignore');
  const dockerignorePath = joinPath(root, '.dockerignore');
  let ownGitignoreText: string | undefined;
  await Promise.all(
    gitignorePaths.map(async (p) => {
      const text = await readQuietly(fs, p);
      if (text === undefined) return;
      gitignores.add({ path: p, text });
      if (p === ownGitignore) ownGitignoreText = text;
    }),
  );
  const dockerignoreText = await readQuietly(fs, dockerignorePath);
  const docker = new DockerIgnore(dockerignoreText);

  const files: SecretFile[] = [];
  // Already read by the project loader: the Dockerfile (its text is kept) and the requirement files (ASR204 uses their parsed model).
  const alreadyRead = new Set([project.dockerfilePath, ...(project.requirements?.files ?? []).map((f) => f.path)]);
  const dockerfileText = project.dockerfileText;
  if (dockerfileText !== undefined && mightHoldSecret(dockerfileText)) files.push({ path: project.dockerfilePath, rel: 'Dockerfile', kind: 'dockerfile', text: dockerfileText });
  const tooLarge: string[] = [];
  await eachLimited(rels.filter((rel) => !alreadyRead.has(joinPath(root, rel))), READ_CONCURRENCY, async (rel) => {
    const path = joinPath(root, rel);
    const name = rel.slice(rel.lastIndexOf('/') + 1);
    const kind = kindOf(rel, name);
    let text: string | undefined;
    try {
      text = await fs.readText(path);
    } catch (err) {
      if (kind !== 'text') problems.push({ file: path, message: `could not read: ${(err as Error).message}` });
      return;
    }
    if (text === undefined) return;
    if (text.length > MAX_TEXT_BYTES) {
      // A binary file is not text to search; packages.txt and the like are reported by the project loader already.
      if (!text.includes('\u0000') && !problems.some((p) => p.file === path)) tooLarge.push(rel);
      return;
    }
    if (!mightHoldSecret(text) || text.includes('\u0000')) return;
    files.push({ path, rel, kind, text });
  });
  files.sort((a, b) => (a.rel < b.rel ? -1 : a.rel > b.rel ? 1 : 0));
  if (tooLarge.length > 0) {
    // One problem per project: data files of several MB are common, and each is named.
    tooLarge.sort();
    const names = tooLarge.slice(0, 5).join(', ') + (tooLarge.length > 5 ? ` and ${tooLarge.length - 5} more` : '');
    problems.push({
      file: tooLarge.length === 1 ? joinPath(root, tooLarge[0]) : root || '.',
      message: `not searched for credentials: ${tooLarge.length === 1 ? 'larger' : `${tooLarge.length} files larger`} than ${MAX_TEXT_BYTES / 1024 / 1024} MB (${names})`,
    });
  }

  const copies = copiedIntoImage(project);
  const exposureOf = (rel: string, isDir = false): Exposure => ({
    committed: !gitignores.ignores(joinPath(root, rel) + (isDir ? '/' : '')),
    inImage: copies(rel) && !docker.ignores(rel),
  });
  return {
    files,
    localOnly: localOnly.sort((a, b) => (a.rel < b.rel ? -1 : 1)),
    gitignore: { path: ownGitignore, text: ownGitignoreText },
    dockerignore: { path: dockerignorePath, text: dockerignoreText },
    exposureOf,
  };
}

/** A sub-folder that is an Astro project of its own (checked on its own). */
async function isNestedProject(fs: ProjectFs, dir: string, entries: DirEntry[]): Promise<boolean> {
  if (!entries.some((e) => e.name === 'Dockerfile' && e.kind === 'file')) return false;
  if (entries.some((e) => e.name === '.astro' && e.kind === 'dir') && (await readQuietly(fs, joinPath(dir, '.astro/config.yaml'))) !== undefined) return true;
  const text = await readQuietly(fs, joinPath(dir, 'Dockerfile'));
  if (text === undefined || text.length > MAX_TEXT_BYTES) return false;
  return imageKindOf(finalImage(parseDockerfile(text))).kind !== 'other';
}

/**
 * Which project paths the image build copies: everything (the Runtime's
 * ONBUILD `COPY . .`, or a `COPY . …` of the Dockerfile), or only the
 * sources its COPY/ADD instructions name.
 */
function copiedIntoImage(project: AstroProject): (rel: string) => boolean {
  if (dockerfileInstalls(project).onbuild) return () => true;
  const sources: string[] = [];
  for (const step of project.dockerfile.steps) {
    if ((step.keyword !== 'COPY' && step.keyword !== 'ADD') || step.flags.from !== undefined) continue;
    for (const s of step.words.slice(0, -1)) sources.push(trimSlashes(s.startsWith('./') ? s.slice(2) : s));
  }
  return (rel) => sources.some((s) => s === '' || s === '.' || s === '*' || rel === s || rel.startsWith(`${s}/`));
}

function trimSlashes(s: string): string {
  let end = s.length;
  while (end > 0 && s[end - 1] === '/') end--;
  return s.slice(0, end);
}

async function readQuietly(fs: ProjectFs, path: string): Promise<string | undefined> {
  try {
    return await fs.readText(path);
  } catch {
    return undefined;
  }
}

async function eachLimited<T>(items: readonly T[], limit: number, run: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await run(items[next++]);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}
