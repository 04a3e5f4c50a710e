/**
 * The configuration that applies to a project: its `.astro-sr.yaml` files,
 * outermost first, merged so that the nearest file wins key by key (a rule's
 * severity, each option, `inline-ignores`), while `ignore:` patterns and
 * `ignore-findings:` entries of every file count. Rule ids and names are
 * resolved against the registry here; what cannot be used is a problem at
 * its key (ASR003), and the rest still counts.
 */
import { configModel, ignoredPaths, matchesPath, relativeToConfig, type ConfigSource, type FindingIgnore } from '../files/config';
import type { PinOperator } from '../analysis/context';
import { ruleById } from '../rules';
import type { RuleMeta } from '../rules/rule';
import type { Range, Severity } from '../types';
import ignore, { type Ignore } from 'ignore';

export type RuleSetting = Severity | 'off';

/** An `ignore-findings:` entry, resolved. */
export interface AcceptedFinding {
  ruleId: string;
  entry: FindingIgnore;
  source: ConfigSource;
  /** Whether the entry's path pattern covers a path relative to the checked root. */
  covers(path: string): boolean;
}

export interface ProjectPolicy {
  sources: readonly ConfigSource[];
  /** Severity per rule id set by the files (the nearest wins). */
  rules: Map<string, RuleSetting>;
  /** Where each rule's severity comes from. */
  ruleSources: Map<string, ConfigSource>;
  warningDays?: number;
  pinOperator?: PinOperator;
  accepted: AcceptedFinding[];
  /** Whether inline ignores suppress findings (default true), and the file that said so. */
  inlineIgnores: boolean;
  inlineIgnoresSource?: ConfigSource;
  runtimeCatalog?: { value: string; source: ConfigSource };
  network?: { value: 'online' | 'offline'; source: ConfigSource };
  /** Whether a path (relative to the checked root) is left out by `ignore:`. */
  ignored(path: string): boolean;
  problems: { file: string; range: Range; message: string }[];
}

const EMPTY: ProjectPolicy = {
  sources: [],
  rules: new Map(),
  ruleSources: new Map(),
  accepted: [],
  inlineIgnores: true,
  ignored: () => false,
  problems: [],
};

const policies = new WeakMap<readonly ConfigSource[], ProjectPolicy>();

/** The policy of a list of configuration files (outermost first); the same list gives the same object. */
export function policyOf(sources: readonly ConfigSource[] | undefined): ProjectPolicy {
  if (!sources || sources.length === 0) return EMPTY;
  let policy = policies.get(sources);
  if (!policy) policies.set(sources, (policy = resolve(sources)));
  return policy;
}

function resolve(sources: readonly ConfigSource[]): ProjectPolicy {
  const policy: ProjectPolicy = { ...EMPTY, sources, rules: new Map(), ruleSources: new Map(), accepted: [], problems: [], ignored: ignoredPaths(sources) };
  for (const source of sources) {
    const model = source.file.model(configModel);
    const file = source.file.path;
    const problem = (range: Range, message: string) => policy.problems.push({ file, range, message });
    for (const p of model.problems) problem(p.range, p.message);
    for (const entry of model.rules) {
      const meta = ruleById(entry.key);
      if (!meta) {
        problem(entry.keyRange, unknownRule(entry.key));
        continue;
      }
      if (entry.severity) {
        policy.rules.set(meta.id, entry.severity);
        policy.ruleSources.set(meta.id, source);
      }
      for (const option of entry.options) {
        const known = meta.options?.find((o) => o.name === option.name);
        if (!known) {
          problem(option.range, `${meta.id} has no option \`${option.name}\`${meta.options?.length ? `; its options: ${meta.options.map((o) => `\`${o.name}\``).join(', ')}` : ' (only `severity`)'}`);
          continue;
        }
        const value = optionValue(known.type, option.value);
        if (value === undefined) {
          problem(option.range, 'integer' in known.type ? `\`${option.name}\` is a whole number, at least ${known.type.integer.minimum}` : `\`${option.name}\` is one of ${known.type.values.map((v) => `\`${v}\``).join(', ')}`);
          continue;
        }
        applyOption(policy, meta, option.name, value);
      }
    }
    for (const entry of model.ignoreFindings) {
      const meta = ruleById(entry.rule);
      if (!meta) {
        problem(entry.ruleRange, unknownRule(entry.rule));
        continue;
      }
      policy.accepted.push({ ruleId: meta.id, entry, source, covers: pathMatcher(source, entry.path) });
    }
    if (model.inlineIgnores) {
      policy.inlineIgnores = model.inlineIgnores.value;
      policy.inlineIgnoresSource = source;
    }
    if (model.runtimeCatalog) policy.runtimeCatalog = { value: model.runtimeCatalog.value, source };
    if (model.network) policy.network = { value: model.network.value, source };
  }
  return policy;
}

function unknownRule(key: string): string {
  return `no rule has the id or name \`${key}\` (\`astro-sr rules\` lists them)`;
}

function optionValue(type: NonNullable<RuleMeta['options']>[number]['type'], value: unknown): number | string | undefined {
  if ('integer' in type) return typeof value === 'number' && Number.isInteger(value) && value >= type.integer.minimum ? value : undefined;
  return typeof value === 'string' && type.values.includes(value) ? value : undefined;
}

/** Where each rule option goes in the check's context. */
function applyOption(policy: ProjectPolicy, meta: RuleMeta, name: string, value: number | string): void {
  if (meta.id === 'ASR102' && name === 'warning-days') policy.warningDays = value as number;
  if (meta.id === 'ASR301' && name === 'pin-operator') policy.pinOperator = value as PinOperator;
}

/** Whether an `ignore-findings:` path pattern (gitignore semantics, relative to the file's folder) covers a path; every path the file covers when there is no pattern. */
function pathMatcher(source: ConfigSource, pattern: string | undefined): (path: string) => boolean {
  let ig: Ignore | undefined;
  return (path) => {
    const rel = relativeToConfig(source, path);
    if (rel === undefined || rel === '') return false;
    if (!pattern) return true;
    ig ??= ignore().add(pattern);
    return matchesPath(ig, rel);
  };
}
