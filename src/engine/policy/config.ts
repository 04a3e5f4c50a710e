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
  /** ASR509's `production-pattern`: a regular expression that names production Deployments. */
  productionPattern?: string;
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
          problem(option.range, optionExpectation(option.name, known.type, option.value));
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

type OptionType = NonNullable<RuleMeta['options']>[number]['type'];

function optionValue(type: OptionType, value: unknown): number | string | undefined {
  if ('integer' in type) return typeof value === 'number' && Number.isInteger(value) && value >= type.integer.minimum ? value : undefined;
  if ('pattern' in type) return typeof value === 'string' && value.trim() !== '' && value.length <= type.pattern.maxLength && patternProblem(value) === undefined ? value : undefined;
  return typeof value === 'string' && type.values.includes(value) ? value : undefined;
}

/** What an option's value should be, for a value that is not. */
function optionExpectation(name: string, type: OptionType, value: unknown): string {
  if ('integer' in type) return `\`${name}\` is a whole number, at least ${type.integer.minimum}`;
  if ('pattern' in type) {
    const why = typeof value !== 'string' || value.trim() === '' ? 'is not a text' : value.length > type.pattern.maxLength ? `is longer than ${type.pattern.maxLength} characters` : patternProblem(value);
    return `\`${name}\` is a regular expression (JavaScript syntax, matched ignoring case); this one ${why}`;
  }
  return `\`${name}\` is one of ${type.values.map((v) => `\`${v}\``).join(', ')}`;
}

/**
 * Why a regular expression from a configuration file cannot be used, or
 * undefined: it does not compile, or it could take exponential time on a
 * short text (a repeated group that itself repeats or alternates, a
 * backreference). The file may come from a repository nobody has reviewed.
 */
function patternProblem(source: string): string | undefined {
  try {
    new RegExp(source, 'i');
  } catch {
    return 'does not compile';
  }
  if (/\\[1-9]|\\k</.test(source)) return 'uses a backreference, which can be slow';
  // For each open group: whether it holds a quantifier or an alternation.
  const groups: { risky: boolean }[] = [];
  for (let i = 0; i < source.length; i++) {
    const c = source[i];
    if (c === '\\') {
      i++;
      continue;
    }
    if (c === '[') {
      // Skip a character class: its `(`, `)`, `+` and `|` are literal.
      for (i++; i < source.length && source[i] !== ']'; i++) if (source[i] === '\\') i++;
      continue;
    }
    if (c === '(') groups.push({ risky: false });
    else if (c === ')') {
      const group = groups.pop();
      const next = source[i + 1];
      const repeated = next === '*' || next === '+' || (next === '{' && /^\{\d*,\d*\}/.test(source.slice(i + 1)));
      if (group?.risky && repeated) return 'repeats a group that itself repeats or alternates, which can take exponential time';
      if (groups.length > 0 && (group?.risky || repeated)) groups[groups.length - 1].risky = true;
    } else if (c === '*' || c === '+' || c === '{' || c === '|') {
      if (groups.length > 0) groups[groups.length - 1].risky = true;
    }
  }
  return undefined;
}

/** Where each rule option goes in the check's context. */
function applyOption(policy: ProjectPolicy, meta: RuleMeta, name: string, value: number | string): void {
  if (meta.id === 'ASR102' && name === 'warning-days') policy.warningDays = value as number;
  if (meta.id === 'ASR301' && name === 'pin-operator') policy.pinOperator = value as PinOperator;
  if (meta.id === 'ASR509' && name === 'production-pattern') policy.productionPattern = value as string;
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
