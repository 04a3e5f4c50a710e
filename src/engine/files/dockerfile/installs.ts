/**
 * What a Dockerfile installs into the image: whether the Runtime's ONBUILD
 * steps run (they copy the project and install requirements.txt and
 * packages.txt), and the requirement and constraint files its RUN lines
 * install with pip or uv, mapped from the image back to the project through
 * COPY/ADD and WORKDIR. Reads the Dockerfile's model only; no file is read.
 */
import { posix } from 'node:path';
import { joinPath } from '../../fs/fs';
import { classifyImage } from '../../knowledge/runtime/image';
import { normalizePath } from '../requirements/parse';
import { shellCommands } from '../shell';
import type { SourceFile } from '../source';
import { dockerfileModel, type BuildStep, type DockerfileModel } from './parse';

/** Where the Runtime image keeps the project (its WORKDIR and AIRFLOW_HOME). */
export const RUNTIME_PROJECT_DIR = '/usr/local/airflow';

/** A requirement or constraint file an install command names. */
export interface InstalledFile {
  kind: 'requirement' | 'constraint';
  /** As written in the command. */
  target: string;
  /** Candidate project paths (relative to the project folder), most likely first; [] when it is not a project file (a URL, a file made in the image). */
  candidates: string[];
}

export interface DockerfileInstalls {
  /** Whether the final image runs the Runtime's ONBUILD steps (copying the project, installing requirements.txt and packages.txt). */
  onbuild: boolean;
  files: InstalledFile[];
}

interface CopyRule {
  sources: string[];
  /** Absolute path in the image; ends with `/` when it is a folder. */
  dest: string;
}

/** The stages the final image is built from, oldest first. */
function stageChain(dockerfile: DockerfileModel): number[] {
  const chain: number[] = [];
  let stage = dockerfile.stages[dockerfile.stages.length - 1];
  const seen = new Set<number>();
  while (stage && !seen.has(stage.stageIndex)) {
    seen.add(stage.stageIndex);
    chain.unshift(stage.stageIndex);
    if (stage.fromStage === undefined) break;
    stage = dockerfile.stages[stage.fromStage];
  }
  return chain;
}

/** Reads what the Dockerfile installs with pip (pure: no file is read). */
export function dockerfileInstalls(dockerfile: DockerfileModel): DockerfileInstalls {
  const chain = stageChain(dockerfile);
  const base = dockerfile.stages[chain[0]];
  const image = base ? classifyImage(base.registry, base.path) : { kind: 'other' as const };
  const isRuntime = image.kind === 'runtime';
  // A `-base` Runtime image has no ONBUILD steps; anything else that is not known to lack them is assumed to run them.
  const onbuild = !(isRuntime && /(^|-)base(-|$)/.test(base?.tag ?? ''));
  const env = new Map<string, string>();
  let workdir = '/';
  const copies: CopyRule[] = [];
  if (isRuntime) {
    env.set('AIRFLOW_HOME', RUNTIME_PROJECT_DIR);
    workdir = RUNTIME_PROJECT_DIR;
    if (onbuild) copies.push({ sources: ['.'], dest: `${RUNTIME_PROJECT_DIR}/` });
  }
  const files: InstalledFile[] = [];
  const stages = new Set(chain);
  for (const step of dockerfile.steps) {
    if (!stages.has(step.stageIndex)) continue;
    switch (step.keyword) {
      case 'ENV':
      case 'ARG':
        for (const p of step.properties ?? []) if (p.value !== undefined) env.set(p.name, expandVars(p.value, env) ?? p.value);
        break;
      case 'WORKDIR': {
        const dir = expandVars(step.words.join(' '), env);
        if (dir) workdir = posix.resolve(workdir, dir);
        break;
      }
      case 'COPY':
      case 'ADD': {
        if (step.flags.from !== undefined || step.words.length < 2) break;
        const dest = expandVars(step.words[step.words.length - 1], env);
        if (!dest) break;
        const abs = posix.resolve(workdir, dest) + (dest.endsWith('/') || dest === '.' || step.words.length > 2 ? '/' : '');
        copies.push({ sources: step.words.slice(0, -1).filter((s) => !/^[a-z]+:\/\//i.test(s)), dest: abs.replace(/\/+$/, '/') });
        break;
      }
      case 'RUN':
        for (const cmd of installCommands(step)) {
          for (const f of cmd) {
            const expanded = expandVars(f.target, env);
            const candidates = expanded && !/^[A-Za-z][A-Za-z0-9+.-]*:/.test(expanded) ? mapToProject(posix.resolve(workdir, expanded), copies) : [];
            files.push({ ...f, candidates });
          }
        }
        break;
      default:
        break;
    }
  }
  return { onbuild, files };
}

/** `$NAME` and `${NAME}` from the known ENV/ARG values; undefined when one is unknown. */
function expandVars(text: string, env: ReadonlyMap<string, string>): string | undefined {
  let unknown = false;
  const out = text.replace(/\$\{([A-Za-z_][A-Za-z0-9_]*)\}|\$([A-Za-z_][A-Za-z0-9_]*)/g, (_, a: string | undefined, b: string | undefined) => {
    const v = env.get((a ?? b)!);
    if (v === undefined) unknown = true;
    return v ?? '';
  });
  return unknown ? undefined : out;
}

/** Project paths an image path may come from, through the COPY/ADD instructions before it (the latest first). */
function mapToProject(path: string, copies: readonly CopyRule[]): string[] {
  const out: string[] = [];
  for (let k = copies.length - 1; k >= 0; k--) {
    const { sources, dest } = copies[k];
    for (const raw of sources) {
      const src = normalizePath(raw.replace(/^\/+/, ''));
      if (src === undefined) continue;
      const srcBase = src.slice(src.lastIndexOf('/') + 1);
      const srcDir = src.includes('/') ? src.slice(0, src.lastIndexOf('/')) : '';
      if (dest.endsWith('/')) {
        const dir = dest.slice(0, -1);
        if (!path.startsWith(`${dir}/`)) continue;
        const rest = path.slice(dir.length + 1);
        if (/[*?[]/.test(srcBase)) {
          if (!rest.includes('/') && globMatch(srcBase, rest)) out.push(joinPath(srcDir, rest));
          continue;
        }
        // A file copied into the folder, or a folder whose content is copied there (`file.txt` is taken for a file).
        if (rest === srcBase && src !== '') out.push(src);
        if (!looksLikeFile(raw)) out.push(src === '' ? rest : `${src}/${rest}`);
      } else if (path === dest) {
        out.push(src);
      } else if (path.startsWith(`${dest}/`) && !looksLikeFile(raw)) {
        const rest = path.slice(dest.length + 1);
        out.push(src === '' ? rest : `${src}/${rest}`);
      }
    }
  }
  return [...new Set(out.map((p) => normalizePath(p)).filter((p): p is string => p !== undefined && p !== ''))];
}

/** `reqs/dev.txt` names a file; `reqs`, `reqs/` and `.` may name folders. */
function looksLikeFile(source: string): boolean {
  if (source.endsWith('/')) return false;
  const base = source.slice(source.lastIndexOf('/') + 1);
  return base !== '.' && base !== '..' && /.\.[A-Za-z0-9]+$/.test(base);
}

function globMatch(pattern: string, name: string): boolean {
  const re = new RegExp(`^${pattern.replace(/[.+^${}()|\\]/g, '\\$&').replace(/\*/g, '[^/]*').replace(/\?/g, '[^/]')}$`);
  return re.test(name);
}

// ---------------------------------------------------------------- shell

/** The `-r`/`-c` files of every pip/uv install command in a RUN. */
function installCommands(step: BuildStep): Omit<InstalledFile, 'candidates'>[][] {
  const commands = step.shell !== undefined ? splitShell(step.shell) : [step.words];
  const out: Omit<InstalledFile, 'candidates'>[][] = [];
  for (const words of commands) {
    const args = pipInstallArgs(words);
    if (args) out.push(requirementArgs(args.args, args.sync));
  }
  return out;
}

/** Words of each simple command in a shell text (files/shell.ts), as text. */
export function splitShell(text: string): string[][] {
  return shellCommands(text, 0, text.length).map((words) => words.map((w) => w.text));
}

/** The arguments after `install` when the command is pip's or uv's (`pip install`, `python -m pip install`, `uv pip install`, `uv pip sync`). */
function pipInstallArgs(words: string[]): { args: string[]; sync: boolean } | undefined {
  let k = 0;
  // Skip `VAR=value` prefixes and wrappers.
  while (k < words.length && (/^[A-Za-z_][A-Za-z0-9_]*=/.test(words[k]) || ['sudo', 'exec', 'time', 'env', 'command', 'nice'].includes(words[k]))) k++;
  const cmd = words[k]?.slice(words[k].lastIndexOf('/') + 1) ?? '';
  let rest: string[];
  if (/^pip(\d+(\.\d+)?)?$/.test(cmd)) rest = words.slice(k + 1);
  else if (/^python(\d+(\.\d+)?)?$/.test(cmd)) {
    const m = words.indexOf('-m', k + 1);
    if (m < 0 || words[m + 1] !== 'pip') return undefined;
    rest = words.slice(m + 2);
  } else if (cmd === 'uv' || cmd === 'pip-sync') {
    if (cmd === 'pip-sync') return { args: words.slice(k + 1), sync: true };
    const p = words.indexOf('pip', k + 1);
    if (p < 0) return undefined;
    rest = words.slice(p + 1);
  } else return undefined;
  // Global options may come before the subcommand.
  let s = 0;
  while (s < rest.length && rest[s].startsWith('-')) s++;
  if (rest[s] === 'install') return { args: rest.slice(s + 1), sync: false };
  if (rest[s] === 'sync') return { args: rest.slice(s + 1), sync: true };
  return undefined;
}

const REQUIREMENT_FLAGS = new Set(['-r', '--requirement', '--requirements']);
const CONSTRAINT_FLAGS = new Set(['-c', '--constraint', '--constraints']);

function requirementArgs(args: string[], sync: boolean): Omit<InstalledFile, 'candidates'>[] {
  const out: Omit<InstalledFile, 'candidates'>[] = [];
  for (let k = 0; k < args.length; k++) {
    const a = args[k];
    const eq = a.indexOf('=');
    const flag = a.startsWith('--') && eq > 0 ? a.slice(0, eq) : a;
    const kind = REQUIREMENT_FLAGS.has(flag) ? 'requirement' : CONSTRAINT_FLAGS.has(flag) ? 'constraint' : undefined;
    if (kind) {
      const target = flag !== a ? a.slice(eq + 1) : args[++k];
      if (target) out.push({ kind, target });
    } else if (/^-[rc]./.test(a)) {
      out.push({ kind: a[1] === 'r' ? 'requirement' : 'constraint', target: a.slice(2) });
    } else if (sync && !a.startsWith('-')) {
      // `uv pip sync requirements.txt` and `pip-sync` take the files as arguments.
      out.push({ kind: 'requirement', target: a });
    }
  }
  return out;
}

/**
 * Which project paths (relative to the project folder) the image build
 * copies: everything (the Runtime's ONBUILD `COPY . .`, or a `COPY . …` of
 * the Dockerfile), or only the sources its COPY/ADD instructions name.
 */
export function copiedIntoImage(dockerfile: DockerfileModel, installs = dockerfileInstalls(dockerfile)): (rel: string) => boolean {
  if (installs.onbuild) return () => true;
  const sources: string[] = [];
  for (const step of dockerfile.steps) {
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

/** What a project's Dockerfile installs, read once per file (`file.model(installsModel)`). */
export function installsModel(file: SourceFile): DockerfileInstalls {
  return dockerfileInstalls(file.model(dockerfileModel));
}
