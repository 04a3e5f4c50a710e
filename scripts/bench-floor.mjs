#!/usr/bin/env node
// The floor for `npm run bench`: the least a Node scanner must do to search the
// files astro-sr searches. It walks the tree the way `astro-sr check` does and
// reads the same files, once each, then tests one combined regular expression
// (the known-format patterns of scripts/bench-patterns.mjs) on each line.
// Nothing else: no parsing, no rules, no output beyond one JSON line of counts.
// One thread.
//
// The files astro-sr reads (findProjects and loadSecretFiles in src/engine/),
// which this script copies:
//  - folders named in SKIPPED_DIRS are never entered, nor, below a folder
//    holding a pyvenv.cfg (a virtual environment's root), its own folders
//    (VENV_DIRS, and `site` and `python*` in its `include/`); symbolic links
//    are never followed;
//  - every Dockerfile met on the walk is read, and the `.astro/config.yaml`
//    beside it: the folder is an Astro project when that config exists or the
//    Dockerfile's final stage is built from an Astronomer image;
//  - in each project, every file not binary by its extension (BINARY_EXT) is
//    read, down to nested projects (read as projects of their own), plus the
//    .gitignore files of the folders above the project up to the checked root;
//  - at most MAX_READ_BYTES of a file are read; files longer than
//    MAX_TEXT_CHARS characters, or holding a NUL, are not searched, nor are
//    .gitignore files and the project's .dockerignore (astro-sr reads those for
//    their rules only).
// scripts/bench-tools.mjs checks these lists against their definitions in src/
// (wherever they are) and compares the files read here with the files astro-sr
// opens in a recorded run.
//
// Usage: node scripts/bench-floor.mjs DIR [--scope projects|all] [--list FILE]
//   --scope all  reads every file outside the skipped folders that is not binary
//                by its extension, Astro project or not (the files the benchmark
//                gives secretlint and ripgrep); counting, not timed.
//   --list FILE  writes the absolute path of every file read, one a line.
import { closeSync, constants, fstatSync, openSync, readdirSync, readSync, writeFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { COMBINED } from './bench-patterns.mjs';

/** astro-sr's SKIPPED_DIRS (src/engine/), as is. */
export const SKIPPED_DIRS = ['node_modules', '.git', '.hg', '.svn', '__pycache__', '.venv', 'venv', '.tox', '.nox', '.mypy_cache', '.pytest_cache', '.ruff_cache', 'site-packages'];
/** astro-sr's BINARY_EXT (src/engine/), as is. */
export const BINARY_EXT = /\.(png|jpe?g|gif|bmp|ico|webp|tiff?|pdf|zip|gz|tgz|bz2|xz|zst|7z|tar|jar|war|whl|egg|so|dylib|dll|exe|bin|o|a|pyc|pyo|pyd|class|parquet|avro|orc|feather|arrow|pkl|pickle|joblib|h5|hdf5|npy|npz|onnx|pt|pth|ckpt|safetensors|db|sqlite3?|duckdb|mp[34]|mov|avi|wav|flac|ogg|woff2?|ttf|otf|eot|xlsx?|docx?|pptx?)$/i;
/** astro-sr's MAX_TEXT_BYTES (compared with a text's length in characters) and MAX_READ_BYTES (src/engine/). */
export const MAX_TEXT_CHARS = 1024 * 1024;
export const MAX_READ_BYTES = 4 * MAX_TEXT_CHARS + 4;

/** The extensions BINARY_EXT names, spelled out (`jpe?g` gives jpg and jpeg), for ripgrep's and secretlint's globs. */
export function binaryExtensions() {
  const alternatives = /^\\\.\((.*)\)\$$/.exec(BINARY_EXT.source)[1].split('|');
  const expand = (s) => {
    const m = /^(.*?)(?:(.)\?|\[([^\]]+)\])(.*)$/.exec(s);
    if (!m) return [s];
    const [, head, optional, klass, tail] = m;
    const middles = optional !== undefined ? ['', optional] : [...klass];
    return middles.flatMap((mid) => expand(`${head}${mid}${tail}`));
  };
  return alternatives.flatMap(expand);
}

const SKIPPED = new Set(SKIPPED_DIRS);
/** astro-sr's VENV_DIRS (src/engine/files/kinds.ts), as is. */
export const VENV_DIRS = ['bin', 'lib', 'lib64', 'Lib', 'Scripts', 'share', 'etc'];
const VENV = new Set(VENV_DIRS);
/** The folders of `dir` that astro-sr enters. */
function subdirs(dir, entries, venvIncludes) {
  const venv = entries.some((e) => e.isFile() && e.name === 'pyvenv.cfg');
  const out = [];
  for (const e of entries) {
    if (!e.isDirectory() || SKIPPED.has(e.name) || (venv && VENV.has(e.name))) continue;
    if (venvIncludes.has(dir) && (e.name === 'site' || /^python\d/.test(e.name))) continue;
    const path = join(dir, e.name);
    if (venv && e.name === 'include') venvIncludes.add(path);
    out.push(path);
  }
  return out;
}

/** Reads at most MAX_READ_BYTES of a file as UTF-8, as astro-sr's NodeFs does; undefined when it is not a regular file or is gone. */
function readText(path) {
  let fd;
  try {
    fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch {
    return undefined;
  }
  try {
    const stat = fstatSync(fd);
    if (!stat.isFile()) return undefined;
    const size = Math.min(stat.size, MAX_READ_BYTES);
    const buf = Buffer.allocUnsafe(size);
    let got = 0;
    while (got < size) {
      const n = readSync(fd, buf, got, size - got, got);
      if (n === 0) break;
      got += n;
    }
    return buf.toString('utf8', 0, got);
  } catch {
    return undefined;
  } finally {
    closeSync(fd);
  }
}

function list(dir) {
  try {
    return readdirSync(dir, { withFileTypes: true });
  } catch {
    return [];
  }
}

const hasFile = (entries, name) => entries.some((e) => e.name === name && e.isFile());

/**
 * Whether a Dockerfile's final stage is built from an Astronomer image
 * (classifyImage in src/engine/): `FROM` lines with
 * continuations joined, `ARG` defaults substituted, `FROM <stage>` followed.
 */
export function buildsFromAstronomer(text) {
  const lines = text.replace(/\\[ \t]*\r?\n/g, '').split(/\r?\n/);
  const args = new Map();
  const stages = [];
  for (const raw of lines) {
    const line = raw.trim();
    let m = /^ARG\s+([A-Za-z_][A-Za-z0-9_]*)=("?)([^"\s]*)\2/i.exec(line);
    if (m) {
      args.set(m[1], m[3]);
      continue;
    }
    m = /^FROM\s+(.*)$/i.exec(line);
    if (!m) continue;
    const words = m[1].split(/\s+/).filter((w) => !w.startsWith('--'));
    const image = (words[0] ?? '').replace(/\$\{?([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?\}?/g, (_, name, dflt) => args.get(name) ?? dflt ?? '');
    stages.push({ image, name: words[1]?.toLowerCase() === 'as' ? words[2]?.toLowerCase() : undefined });
  }
  let stage = stages[stages.length - 1];
  for (let hops = 0; stage && hops < stages.length; hops++) {
    const earlier = stages.find((s) => s !== stage && s.name !== undefined && s.name === stage.image.toLowerCase());
    if (!earlier) break;
    stage = earlier;
  }
  if (!stage) return false;
  let ref = stage.image.toLowerCase().replace(/@.*$/, '');
  const slash = ref.lastIndexOf('/');
  const colon = ref.lastIndexOf(':');
  if (colon > slash) ref = ref.slice(0, colon);
  const parts = ref.split('/');
  const hasRegistry = parts.length > 1 && (/[.:]/.test(parts[0]) || parts[0] === 'localhost');
  const registry = hasRegistry ? parts[0] : 'docker.io';
  const path = (hasRegistry ? parts.slice(1) : parts).join('/');
  const last = path.slice(path.lastIndexOf('/') + 1);
  if (last === 'ap-airflow' && (path === 'astronomer/ap-airflow' || path === 'astronomerinc/ap-airflow' || path.endsWith('/astronomer/ap-airflow'))) return true;
  if ((last === 'astro-runtime' || last === 'astro-runtime-slim') && (path === `astronomer/${last}` || path.endsWith(`/astronomer/${last}`))) return true;
  if (path === 'runtime' && (registry === 'astrocrpublic.azurecr.io' || registry === 'air.astronomer.io')) return true;
  return path === 'astronomer/runtime' || path.endsWith('/astronomer/runtime');
}

/** Walks `root` and searches what astro-sr searches (scope 'projects') or every file outside the skipped folders (scope 'all'). */
export function floor(root, { scope = 'projects', listed } = {}) {
  const counts = { projects: 0, files: 0, bytes: 0, searched: 0, lines: 0, matches: 0 };
  const search = (text) => {
    counts.searched++;
    for (const line of text.split('\n')) {
      counts.lines++;
      if (COMBINED.test(line)) counts.matches++;
    }
  };
  const read = (path) => {
    const text = readText(path);
    if (text === undefined) return undefined;
    counts.files++;
    counts.bytes += Buffer.byteLength(text);
    listed?.push(path);
    return text;
  };
  const consider = (text) => {
    if (text !== undefined && text.length <= MAX_TEXT_CHARS && !text.includes('\u0000')) search(text);
  };

  if (scope === 'all') {
    const stack = [root];
    while (stack.length > 0) {
      const dir = stack.pop();
      for (const e of list(dir)) {
        if (e.isDirectory()) {
          if (!SKIPPED.has(e.name)) stack.push(join(dir, e.name));
        } else if (e.isFile() && !BINARY_EXT.test(e.name)) {
          consider(read(join(dir, e.name)));
        }
      }
    }
    return counts;
  }

  // 1. Find the projects, breadth first, as findProjects does; keep the texts already read.
  const projects = new Set();
  const kept = new Map(); // Dockerfiles and configs read while finding projects: path -> text
  const venvIncludes = new Set();
  let level = [root];
  while (level.length > 0) {
    const next = [];
    for (const dir of level) {
      const entries = list(dir);
      if (hasFile(entries, 'Dockerfile')) {
        const dockerfile = join(dir, 'Dockerfile');
        const text = read(dockerfile);
        if (text !== undefined && text.length <= MAX_TEXT_CHARS && !text.includes('\u0000')) {
          const configPath = join(dir, '.astro', 'config.yaml');
          const config = read(configPath);
          kept.set(dockerfile, text);
          if (config !== undefined) kept.set(configPath, config);
          if (config !== undefined || buildsFromAstronomer(text)) projects.add(dir);
        }
      }
      next.push(...subdirs(dir, entries, venvIncludes));
    }
    level = next;
  }
  counts.projects = projects.size;

  // 2. The .gitignore files above each project, up to the checked root, once each.
  const gitignoresAbove = new Set();
  for (const project of projects) {
    const parts = relative(root, project).split(sep).filter(Boolean);
    for (let k = 0; k < parts.length; k++) gitignoresAbove.add(join(root, ...parts.slice(0, k), '.gitignore'));
  }

  // 3. Each project's files, as loadSecretFiles walks them.
  const walk = (dir, top) => {
    const entries = list(dir);
    if (!top && projects.has(dir)) return;
    for (const sub of subdirs(dir, entries, venvIncludes)) walk(sub, false);
    for (const e of entries) {
      const path = join(dir, e.name);
      if (e.isFile()) {
        const forRulesOnly = e.name === '.gitignore' || (top && e.name === '.dockerignore');
        if (forRulesOnly) {
          if (!gitignoresAbove.has(path)) read(path);
        } else if (!BINARY_EXT.test(e.name)) {
          const text = kept.has(path) ? kept.get(path) : read(path);
          kept.delete(path);
          consider(text);
        }
      }
    }
  };
  for (const project of projects) walk(project, true);
  for (const path of gitignoresAbove) read(path);
  return counts;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const { values, positionals } = parseArgs({ allowPositionals: true, options: { scope: { type: 'string', default: 'projects' }, list: { type: 'string' } } });
  if (positionals.length !== 1 || (values.scope !== 'projects' && values.scope !== 'all')) {
    process.stderr.write('usage: node scripts/bench-floor.mjs DIR [--scope projects|all] [--list FILE]\n');
    process.exit(2);
  }
  const listed = values.list ? [] : undefined;
  const counts = floor(positionals[0], { scope: values.scope, listed });
  if (listed) writeFileSync(values.list, listed.length ? `${listed.join('\n')}\n` : '');
  process.stdout.write(`${JSON.stringify(counts)}\n`);
}
