/**
 * The npm package as a user gets it, for the packaging, Action and pre-commit
 * tests: packed once per test run with `npm pack` (whose `prepare` script
 * builds dist/), installed once from the tarball into an empty folder. npm
 * runs without the network and without the settings of an `npm test` that
 * may be running these tests.
 */
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

/** The repository: this file compiles to OUTDIR/test/unit/cli/packed.js, four levels below it. */
export const REPO = path.resolve(__dirname, '../../../..');
export const PACKAGE_JSON: { name: string; version: string; scripts: Record<string, string>; bin: Record<string, string> } = JSON.parse(readFileSync(path.join(REPO, 'package.json'), 'utf8'));

/** A folder for this test run, removed when the process ends. */
const scratch = mkdtempSync(path.join(os.tmpdir(), 'asr-packed-'));
process.once('exit', () => rmSync(scratch, { recursive: true, force: true }));

/** Environment for npm: no inherited npm_* settings, an empty cache, and a registry that refuses connections, so that nothing is fetched. */
export function npmEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^npm_/i.test(k)));
  return {
    ...env,
    npm_config_cache: path.join(scratch, 'npm-cache'),
    npm_config_registry: 'http://127.0.0.1:9/',
    npm_config_update_notifier: 'false',
    ...extra,
  };
}

export function npm(args: string[], cwd: string, env: NodeJS.ProcessEnv = npmEnv()): SpawnSyncReturns<string> {
  return spawnSync('npm', args, { cwd, env, encoding: 'utf8', shell: process.platform === 'win32' });
}

/** `npm`, failing with its output when it fails. */
function npmOk(args: string[], cwd: string): string {
  const r = npm(args, cwd);
  if (r.status !== 0) throw new Error(`npm ${args.join(' ')} exited with ${r.status}:\n${r.stdout}\n${r.stderr}`);
  return r.stdout;
}

export interface Packed {
  tarball: string;
  /** The tarball's size in bytes. */
  size: number;
  unpackedSize: number;
  files: { path: string; size: number; mode: number }[];
}

let packed: Packed | undefined;
/** `npm pack` of the repository, once per run. */
export function packOnce(): Packed {
  if (packed) return packed;
  const dest = path.join(scratch, 'pack');
  mkdirSync(dest);
  // --json keeps the prepare script's banner off stdout.
  const [info] = JSON.parse(npmOk(['pack', '--json', '--pack-destination', dest], REPO)) as (Omit<Packed, 'tarball'> & { filename: string })[];
  packed = { tarball: path.join(dest, info.filename), size: info.size, unpackedSize: info.unpackedSize, files: info.files };
  return packed;
}

let installed: string | undefined;
/**
 * The tarball installed as the README says, into an empty folder; returns
 * the folder of its `astro-sr` command. `--prefix` keeps npm in that folder
 * (without it npm installs into the nearest folder above that holds a
 * package.json); `--ignore-scripts` because the package runs nothing at install.
 */
export function installedBin(): string {
  if (installed) return installed;
  const prefix = path.join(scratch, 'install');
  mkdirSync(prefix);
  npmOk(['install', '--prefix', prefix, '--offline', '--no-audit', '--no-fund', '--ignore-scripts', packOnce().tarball], prefix);
  installed = path.join(prefix, 'node_modules', '.bin');
  return installed;
}

/** The bundled CLI in the repository's dist/, as `npm pack` built it. */
export function repoCli(): string {
  packOnce();
  return path.join(REPO, 'dist', 'cli.js');
}
