/**
 * What the commands that check a tree share: the options of a check, their
 * validation, and running it (catalog, whole-tree check, what the advisories
 * lookups said). `report` uses it; `check` in main.ts does the same steps.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { DEFAULT_WARNING_DAYS, todayUtc, type CheckResult, type RuleSetting } from '../engine/check';
import type { PackageIntel } from '../engine/knowledge/packages/intel';
import type { RuntimeCatalog } from '../engine/knowledge/runtime/catalog';
import { loadCatalog } from '../engine/knowledge/runtime/feed';
import type { PinOperator } from '../engine/analysis/context';
import { CLI_NAME } from '../engine/product';
import { ruleById } from '../engine/rules';
import { CONFIG_FILE_NAME, type ConfigSource } from '../engine/files/config';
import { SourceFile } from '../engine/files/source';
import { policyOf, type ProjectPolicy } from '../engine/policy/config';
import { checkWholeTree, toConfigSource, type OuterConfig } from './parallel';

declare const PRODUCT_VERSION: string | undefined;
/** The product's version: set by the bundler, `0.0.0-dev` when run from compiled sources. */
export const VERSION = typeof PRODUCT_VERSION === 'string' ? PRODUCT_VERSION : '0.0.0-dev';

/** Where a command writes (the same shape as main.ts's `Io`). */
export interface CliIo {
  out: (s: string) => void;
  err: (s: string) => void;
  isTty: boolean;
  env: NodeJS.ProcessEnv;
}

/** A mistake in the command line: exit code 2, with a pointer to `--help`. */
export class CliUsageError extends Error {}

/** A command's exit code: what `run` returns, or 2 when it throws, with the message (and, for a usage mistake, how to get `help`, e.g. `astro-sr report --help`). */
export async function exitCodeOf(run: () => Promise<number>, io: CliIo, help: string): Promise<number> {
  try {
    return await run();
  } catch (err) {
    const usage = err instanceof CliUsageError || (err as { code?: string }).code?.startsWith('ERR_PARSE_ARGS');
    io.err(`${CLI_NAME}: ${(err as Error).message}${usage ? `\nRun '${help}' for usage.` : ''}`);
    return 2;
  }
}

/** The `parseArgs` options every checking command takes. */
const CHECK_ARGS = {
  catalog: { type: 'string' as const },
  offline: { type: 'boolean' as const, default: false },
  today: { type: 'string' as const },
  'warning-days': { type: 'string' as const },
  rule: { type: 'string' as const, multiple: true as const, default: [] as string[] },
  'pin-operator': { type: 'string' as const },
};

/** The command line of a command that checks a tree: check's options, `--help` and the command's own `options`. */
export function parseCheckCommand<const T extends NonNullable<ParseArgsConfig['options']>>(argv: string[], options: T) {
  return parseArgs({ args: argv, allowPositionals: true, options: { ...CHECK_ARGS, ...options, help: { type: 'boolean', short: 'h', default: false } } as const });
}

/** The values of CHECK_ARGS. */
export interface CheckArgValues {
  catalog?: string;
  offline?: boolean;
  today?: string;
  'warning-days'?: string;
  rule?: string[];
  'pin-operator'?: string;
}

/** What the command line asked for. Rule severities, warning days and the pin operator override the configuration files; what is not given comes from them. */
export interface CheckSettings {
  catalogFile?: string;
  offline: boolean;
  today: string;
  /** --warning-days when given. */
  warningDays?: number;
  rules: Record<string, RuleSetting>;
  /** --pin-operator when given. */
  pinOperator?: PinOperator;
}

/** Validates the options of a check; throws CliUsageError with the same words as `check`. */
export function checkSettingsOf(values: CheckArgValues): CheckSettings {
  const today = values.today ?? todayUtc();
  // Round-trip the date: Date.parse accepts 2026-02-30 (as 2026-03-02).
  const parsed = Date.parse(`${today}T00:00:00Z`);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(today) || Number.isNaN(parsed) || new Date(parsed).toISOString().slice(0, 10) !== today) throw new CliUsageError('--today must be a date written YYYY-MM-DD');
  const warningDays = values['warning-days'] === undefined ? undefined : Number(values['warning-days']);
  if (warningDays !== undefined && (!Number.isInteger(warningDays) || warningDays < 0)) throw new CliUsageError('--warning-days must be a whole number of days');
  const rules: Record<string, RuleSetting> = {};
  for (const spec of values.rule ?? []) {
    const m = /^([^=]+)=(off|error|warning|info|hint)$/.exec(spec);
    if (!m || !ruleById(m[1])) throw new CliUsageError(`--rule takes ID=off|error|warning|info|hint with a known rule id or name, not '${spec}'`);
    rules[ruleById(m[1])!.id] = m[2] as RuleSetting;
  }
  const pinOperator = values['pin-operator'];
  if (pinOperator !== undefined && pinOperator !== '==' && pinOperator !== '~=') throw new CliUsageError('--pin-operator must be == or ~=');
  return { catalogFile: values.catalog, offline: values.offline === true, today, warningDays, rules, pinOperator };
}

export interface TreeRun {
  root: string;
  /** The warning days the check used at the checked root (flag, configuration file or default). */
  warningDays: number;
  /** Rules the flags and the configuration file at the checked root turn off. */
  rulesOff: Record<string, RuleSetting>;
  catalog: RuntimeCatalog;
  result: CheckResult;
  /** Notes of the catalog and the package lookups, for people. */
  notes: string[];
  /** Whether the check ran without the network (the flag or the configuration). */
  offline: boolean;
  /** Whether OSV advisories could be used (ASR306), and why not. */
  advisories: { status: PackageIntel['status']; reason?: string };
}

/**
 * Checks the tree at `target` as `check` does; a message and exit code 2 when
 * the folder or the catalog cannot be read. `fingerprintPrefix`: the folder's
 * path relative to the folder the findings' fingerprints name paths from.
 */
export async function runCheck(target: string | undefined, settings: CheckSettings, io: CliIo, fingerprintPrefix = ''): Promise<TreeRun | { exitCode: number }> {
  const root = path.resolve(target ?? '.');
  let isDir = false;
  try {
    isDir = statSync(root).isDirectory();
  } catch {
    /* reported below */
  }
  if (!isDir) {
    io.err(`${CLI_NAME}: cannot read the folder ${root}`);
    return { exitCode: 2 };
  }
  const cacheDir = cacheDirectory(io.env);
  // The configuration files at and above the checked root choose the catalog and the network; the flags win.
  const outerConfigs = outerConfigsOf(root);
  const top = topPolicy(root, outerConfigs);
  const configCatalog = top.policy.runtimeCatalog && path.resolve(top.dirOf(top.policy.runtimeCatalog.source), top.policy.runtimeCatalog.value);
  const catalogFile = settings.catalogFile ? path.resolve(settings.catalogFile) : configCatalog;
  const offline = settings.offline || top.policy.network?.value === 'offline';
  let loaded;
  try {
    loaded = await loadCatalog({ file: catalogFile, online: !offline, cacheDir });
  } catch (err) {
    io.err(`${CLI_NAME}: cannot read the catalog ${catalogFile}: ${(err as Error).message}`);
    return { exitCode: 2 };
  }
  const { result, intel } = await checkWholeTree({
    root,
    catalog: loaded.catalog,
    today: settings.today,
    overrides: { rules: settings.rules, warningDays: settings.warningDays, pinOperator: settings.pinOperator },
    outerConfigs,
    fingerprintPrefix,
    online: !offline,
    cacheDir,
    env: io.env,
  });
  // Without anything to look up nothing is fetched; the status then says whether it would have been.
  const advisories: TreeRun['advisories'] = offline
    ? { status: 'offline', reason: settings.offline ? '--offline (OSV advisories need the network)' : `\`network: offline\` in ${top.policy.network?.source.file.path} (OSV advisories need the network)` }
    : intel && intel.status !== 'online'
      ? { status: intel.status, reason: intel.notes?.find((n) => n.includes('OSV')) ?? intel.notes?.[0] ?? 'the advisory database could not be reached' }
      : { status: 'online' };
  const rulesOff: Record<string, RuleSetting> = {};
  for (const [id, setting] of [...top.policy.rules, ...Object.entries(settings.rules)]) rulesOff[id] = setting;
  return {
    root,
    warningDays: settings.warningDays ?? top.policy.warningDays ?? DEFAULT_WARNING_DAYS,
    rulesOff,
    catalog: loaded.catalog,
    result,
    notes: [...loaded.notes, ...(intel?.notes ?? [])],
    advisories,
    offline,
  };
}

/** The folder the CLI caches the Runtime feed and package lookups in. */
export function cacheDirectory(env: NodeJS.ProcessEnv = process.env): string {
  const base = env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache');
  return path.join(base, CLI_NAME);
}

/**
 * The `.astro-sr.yaml` files above the checked folder, up to the root of the
 * repository holding it (the folder with `.git`), outermost first; none when
 * the folder is not in a repository, or is its root.
 */
export function outerConfigsOf(root: string): OuterConfig[] {
  if (existsSync(path.join(root, '.git'))) return [];
  const found: OuterConfig[] = [];
  for (let dir = path.dirname(root); ; dir = path.dirname(dir)) {
    const file = path.join(dir, CONFIG_FILE_NAME);
    if (existsSync(file)) {
      try {
        found.unshift({ path: slashes(path.relative(root, file)), text: readFileSync(file, 'utf8'), outerPrefix: slashes(path.relative(dir, root)) });
      } catch {
        /* unreadable: as if absent */
      }
    }
    if (existsSync(path.join(dir, '.git'))) return found;
    if (path.dirname(dir) === dir) return [];
  }
}

/** A path with `/` separators. */
export function slashes(p: string): string {
  return p.split(path.sep).join('/');
}

/** The configuration that applies at the checked root itself: the files above it and its own. */
function topPolicy(root: string, outer: readonly OuterConfig[]): { policy: ProjectPolicy; dirOf: (source: ConfigSource) => string } {
  const sources = outer.map(toConfigSource);
  const own = path.join(root, CONFIG_FILE_NAME);
  if (existsSync(own)) {
    try {
      sources.push({ file: new SourceFile(CONFIG_FILE_NAME, CONFIG_FILE_NAME, 'yaml', readFileSync(own, 'utf8')), dir: '' });
    } catch {
      /* reported by the check */
    }
  }
  return { policy: policyOf(sources), dirOf: (source) => path.dirname(path.resolve(root, source.file.path)) };
}
