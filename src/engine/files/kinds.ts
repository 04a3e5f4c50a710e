/**
 * What a file of a project is, by its name and place: which folders never
 * hold project files, which files are binary, and how a text file is read
 * (as a Dockerfile, an env file, airflow_settings.yaml, YAML, DAG code, or
 * plain text). Requirement and constraint files are known by what the
 * Dockerfile installs, not by name (see dockerfile/installs.ts).
 */

/** Folders never searched for projects or project files: version control, dependencies, caches, virtual environments. */
export const SKIPPED_DIRS = new Set(['node_modules', '.git', '.hg', '.svn', '__pycache__', '.venv', 'venv', '.tox', '.nox', '.mypy_cache', '.pytest_cache', '.ruff_cache', 'site-packages']);

/** A folder holding this file is the root of a Python virtual environment. */
export const VENV_MARKER = 'pyvenv.cfg';

/**
 * The folders a virtual environment writes into its root: never part of a
 * project. The root itself may be one (a venv created in a repository), so
 * only these are skipped, and, inside `include/`, the C headers' folders.
 */
export const VENV_DIRS = new Set(['bin', 'lib', 'lib64', 'Lib', 'Scripts', 'share', 'etc']);

/** Folders of a virtual environment's `include/` (C headers), not an Astro project's. */
export function isVenvIncludeDir(name: string): boolean {
  return name === 'site' || /^python\d/.test(name);
}

/** Files never worth reading as text. */
const BINARY_EXT = /\.(png|jpe?g|gif|bmp|ico|webp|tiff?|pdf|zip|gz|tgz|bz2|xz|zst|7z|tar|jar|war|whl|egg|so|dylib|dll|exe|bin|o|a|pyc|pyo|pyd|class|parquet|avro|orc|feather|arrow|pkl|pickle|joblib|h5|hdf5|npy|npz|onnx|pt|pth|ckpt|safetensors|db|sqlite3?|duckdb|mp[34]|mov|avi|wav|flac|ogg|woff2?|ttf|otf|eot|xlsx?|docx?|pptx?)$/i;

/** Whether a file is binary by its extension (never read as text). */
export function isBinaryFileName(name: string): boolean {
  return BINARY_EXT.test(name);
}

/** `.env`, `.env.local`, `prod.env`, and any file inside a `.env/` folder (paths relative to the project folder). */
export function isEnvFileName(rel: string): boolean {
  const name = rel.slice(rel.lastIndexOf('/') + 1);
  if (rel.startsWith('.env/')) return true;
  return name === '.env' || name.startsWith('.env.') || (name.endsWith('.env') && name.length > 4);
}

/** Example env files: written to be committed, so judged as committed. */
export function isExampleEnvFile(rel: string): boolean {
  return /(^|[./])(example|sample|dist|template|tmpl|defaults?)(\.env)?$/i.test(rel.slice(rel.lastIndexOf('/') + 1));
}

/** How a text file of a project is read. */
export type FileKind = 'dockerfile' | 'env' | 'settings' | 'yaml' | 'python' | 'text';

/** Python that Airflow loads or tests: DAGs, include/, plugins/, tests/ (ASR205's files). */
export function isPipelineCode(rel: string): boolean {
  return /^(dags|include|plugins|tests)\//.test(rel);
}

/**
 * Files that are output or data rather than configuration: logs, tables of
 * records, and lock files that package managers write. A sensitive name next
 * to a value means nothing there (a `password` column, a `google-auth`
 * version range); only credentials in a known format are looked for.
 */
export function isRecordFile(rel: string): boolean {
  const name = rel.slice(rel.lastIndexOf('/') + 1);
  return /\.(?:log|csv|tsv|psv|jsonl|ndjson|out)$/i.test(name) || /\.log\.\d{1,4}$/.test(name) || LOCK_FILES.has(name);
}

const LOCK_FILES = new Set(['poetry.lock', 'Pipfile.lock', 'uv.lock', 'pdm.lock', 'package-lock.json', 'npm-shrinkwrap.json', 'yarn.lock', 'pnpm-lock.yaml', 'Cargo.lock', 'Gemfile.lock', 'composer.lock', 'go.sum', 'conda-lock.yml', 'requirements.lock']);

/** Documentation: Markdown, reStructuredText, AsciiDoc and plain text. */
export function isDocFile(rel: string): boolean {
  return /\.(?:md|markdown|mdx|rst|adoc|txt)$/i.test(rel);
}

/** The kind of a project file, from its path relative to the project folder. */
export function fileKindOf(rel: string): FileKind {
  const name = rel.slice(rel.lastIndexOf('/') + 1);
  if (rel === 'Dockerfile') return 'dockerfile';
  if (isEnvFileName(rel)) return 'env';
  if (/^airflow_settings[^/]*\.ya?ml$/i.test(name)) return 'settings';
  if (/\.ya?ml$/i.test(name)) return 'yaml';
  if (/\.pyi?$/.test(name)) return 'python';
  return 'text';
}
