/**
 * `.astro-sr.yaml`: the check's own configuration file, at the root of a
 * repository or of an Astro project. Parsed once into a model whose every
 * entry keeps the range of its key, so that a mistake is reported on the
 * key that holds it and the rest of the file still counts. Which rule ids
 * exist is not known here (policy/config.ts resolves them).
 */
import ignore, { type Ignore } from 'ignore';
import { isMap, isScalar, isSeq, parseDocument, type Node, type Pair, type YAMLMap } from 'yaml';
import type { Range } from '../types';
import type { SourceFile } from './source';

export const CONFIG_FILE_NAME = '.astro-sr.yaml';

export type SeverityChoice = 'off' | 'error' | 'warning' | 'info' | 'hint';
export const SEVERITY_CHOICES: readonly SeverityChoice[] = ['off', 'error', 'warning', 'info', 'hint'];

/** One entry of `rules:`: a severity, options, or both. */
export interface RuleEntry {
  /** As written: an id (`ASR301`) or a name (`requirement-unpinned`). */
  key: string;
  keyRange: Range;
  severity?: SeverityChoice;
  /** Options by their name as written (`warning-days`), with the range of each key. */
  options: { name: string; value: unknown; range: Range }[];
}

export interface FindingIgnore {
  /** A rule id or name as written. */
  rule: string;
  ruleRange: Range;
  /** A gitignore-style pattern relative to the folder of the configuration file; every file when absent. */
  path?: string;
  /** Text the finding's first line must contain. */
  line?: string;
  reason: string;
  range: Range;
}

export interface ConfigModel {
  rules: RuleEntry[];
  /** Gitignore-style patterns, relative to the folder of the file: never checked. */
  ignore: { pattern: string; range: Range }[];
  ignoreFindings: FindingIgnore[];
  inlineIgnores?: { value: boolean; range: Range };
  runtimeCatalog?: { value: string; range: Range };
  network?: { value: 'online' | 'offline'; range: Range };
  /** What is wrong in the file, at the key that is wrong; the rest still counts. */
  problems: { range: Range; message: string }[];
}

const TOP_KEYS = ['rules', 'ignore', 'ignore-findings', 'inline-ignores', 'runtime-catalog', 'network'];

/** The model of a `.astro-sr.yaml`. */
export function configModel(file: SourceFile): ConfigModel {
  const model: ConfigModel = { rules: [], ignore: [], ignoreFindings: [], problems: [] };
  const whole = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
  const rangeOf = (node: Node | null | undefined | unknown): Range => {
    const r = (node as Node | null | undefined)?.range;
    return r ? { start: file.lines.positionAt(r[0]), end: file.lines.positionAt(r[1]) } : whole;
  };
  const problem = (node: unknown, message: string) => model.problems.push({ range: rangeOf(node), message });

  if (file.text.trim() === '') return model;
  const doc = parseDocument(file.text, { prettyErrors: false });
  if (doc.errors.length > 0) {
    const error = doc.errors[0];
    const at = file.lines.positionAt(error.pos[0]).line;
    model.problems.push({ range: { start: { line: at, character: 0 }, end: { line: at, character: file.lines.lineText(at).length } }, message: `not valid YAML: ${error.message.split('\n')[0]}` });
    return model;
  }
  const root = doc.contents;
  if (root === null || (isScalar(root) && (root.value === null || root.value === ''))) return model;
  if (!isMap(root)) {
    problem(root, 'the configuration is a mapping of keys (rules, ignore, ignore-findings, inline-ignores, runtime-catalog, network)');
    return model;
  }
  for (const pair of (root as YAMLMap).items as Pair[]) {
    const key = isScalar(pair.key) ? String(pair.key.value) : undefined;
    const value = pair.value as Node | null;
    switch (key) {
      case 'rules':
        readRules(value, model, pair, rangeOf, problem);
        break;
      case 'ignore':
        if (!isSeq(value)) {
          problem(pair.key, '`ignore` is a list of path patterns (gitignore syntax)');
          break;
        }
        for (const item of value.items) {
          if (isScalar(item) && typeof item.value === 'string' && item.value.trim() !== '') model.ignore.push({ pattern: item.value.trim(), range: rangeOf(item) });
          else problem(item, 'each entry of `ignore` is a path pattern, written as text');
        }
        break;
      case 'ignore-findings':
        readFindingIgnores(value, model, pair, rangeOf, problem);
        break;
      case 'inline-ignores':
        if (isScalar(value) && typeof value.value === 'boolean') model.inlineIgnores = { value: value.value, range: rangeOf(pair.key) };
        else problem(value ?? pair.key, '`inline-ignores` is true (comments may suppress findings) or false (they may not)');
        break;
      case 'runtime-catalog':
        if (isScalar(value) && typeof value.value === 'string' && value.value.trim() !== '') model.runtimeCatalog = { value: value.value.trim(), range: rangeOf(value) };
        else problem(value ?? pair.key, '`runtime-catalog` is the path of a Runtime catalog file (the feed format)');
        break;
      case 'network':
        if (isScalar(value) && (value.value === 'online' || value.value === 'offline')) model.network = { value: value.value, range: rangeOf(value) };
        else problem(value ?? pair.key, '`network` is `online` or `offline`');
        break;
      default:
        problem(pair.key, `unknown key \`${key ?? '?'}\`; the keys are ${TOP_KEYS.map((k) => `\`${k}\``).join(', ')}`);
    }
  }
  return model;
}

type RangeOf = (node: unknown) => Range;
type Problem = (node: unknown, message: string) => void;

function readRules(value: Node | null, model: ConfigModel, pair: Pair, rangeOf: RangeOf, problem: Problem): void {
  if (!isMap(value)) {
    problem(pair.key, '`rules` maps rule ids or names to a severity (off, error, warning, info, hint) or to options');
    return;
  }
  for (const entry of value.items as Pair[]) {
    if (!isScalar(entry.key)) continue;
    const key = String(entry.key.value);
    const rule: RuleEntry = { key, keyRange: rangeOf(entry.key), options: [] };
    const v = entry.value as Node | null;
    if (isScalar(v)) {
      const s = severityOf(v.value);
      if (s) rule.severity = s;
      else problem(v, `the severity of \`${key}\` is one of ${SEVERITY_CHOICES.join(', ')}`);
    } else if (isMap(v)) {
      for (const option of v.items as Pair[]) {
        if (!isScalar(option.key)) continue;
        const name = String(option.key.value);
        const optionValue = isScalar(option.value) ? option.value.value : option.value;
        if (name === 'severity') {
          const s = severityOf(optionValue);
          if (s) rule.severity = s;
          else problem(option.value ?? option.key, `the severity of \`${key}\` is one of ${SEVERITY_CHOICES.join(', ')}`);
        } else rule.options.push({ name, value: optionValue, range: rangeOf(option.key) });
      }
    } else {
      problem(entry.key, `\`${key}\` takes a severity (${SEVERITY_CHOICES.join(', ')}) or a mapping of options`);
      continue;
    }
    model.rules.push(rule);
  }
}

function severityOf(value: unknown): SeverityChoice | undefined {
  // YAML 1.2 reads a bare `off` as text, YAML 1.1 tools as false: both mean off.
  if (value === false) return 'off';
  return typeof value === 'string' && (SEVERITY_CHOICES as readonly string[]).includes(value.toLowerCase()) ? (value.toLowerCase() as SeverityChoice) : undefined;
}

function readFindingIgnores(value: Node | null, model: ConfigModel, pair: Pair, rangeOf: RangeOf, problem: Problem): void {
  if (!isSeq(value)) {
    problem(pair.key, '`ignore-findings` is a list of entries with `rule`, `path`, an optional `line` and a `reason`');
    return;
  }
  for (const item of value.items) {
    if (!isMap(item)) {
      problem(item, 'each entry of `ignore-findings` is a mapping: `rule`, `path`, an optional `line` and a `reason`');
      continue;
    }
    const text = (name: string): { value?: string; node?: unknown; key?: unknown } => {
      const p = (item.items as Pair[]).find((x) => isScalar(x.key) && x.key.value === name);
      if (!p) return {};
      return { value: isScalar(p.value) && p.value.value !== null ? String(p.value.value) : undefined, node: p.value, key: p.key };
    };
    for (const p of item.items as Pair[]) {
      const name = isScalar(p.key) ? String(p.key.value) : '?';
      if (!['rule', 'path', 'line', 'reason'].includes(name)) problem(p.key, `unknown key \`${name}\` in an entry of \`ignore-findings\` (rule, path, line, reason)`);
    }
    const rule = text('rule');
    const reason = text('reason');
    const path = text('path');
    const line = text('line');
    if (!rule.value) {
      problem(item, 'this entry names no `rule` (a rule id or name)');
      continue;
    }
    if (!reason.value?.trim()) {
      problem(rule.key, 'this entry gives no `reason`: say why the finding is accepted, for whoever reads it next');
      continue;
    }
    model.ignoreFindings.push({
      rule: rule.value,
      ruleRange: rangeOf(rule.node),
      path: path.value?.trim() || undefined,
      line: line.value || undefined,
      reason: reason.value.trim(),
      range: rangeOf(item),
    });
  }
}

/** A configuration file as it applies to a check: its model, and where it sits relative to the checked root. */
export interface ConfigSource {
  file: SourceFile;
  /**
   * The folder of the file relative to the checked root ('' for the root),
   * or, for a file above the checked root (the repository's, when a
   * sub-folder is checked), the checked root relative to the file's folder
   * in `outerPrefix`.
   */
  dir: string;
  outerPrefix?: string;
}

/** A path relative to the checked root, made relative to the folder of a configuration file; undefined when the file does not cover it. */
export function relativeToConfig(source: ConfigSource, path: string): string | undefined {
  if (source.outerPrefix !== undefined) return source.outerPrefix === '' ? path : `${source.outerPrefix}/${path}`;
  if (source.dir === '') return path;
  return path.startsWith(`${source.dir}/`) ? path.slice(source.dir.length + 1) : undefined;
}

/** Whether a path (relative to the checked root) is left out by the `ignore:` patterns of any of the files, read with gitignore semantics. */
export function ignoredPaths(sources: readonly ConfigSource[]): (path: string) => boolean {
  const levels = sources
    .map((source) => ({ source, patterns: source.file.model(configModel).ignore.map((i) => i.pattern) }))
    .filter((l) => l.patterns.length > 0)
    .map(({ source, patterns }) => ({ source, ig: ignore().add(patterns) }));
  if (levels.length === 0) return () => false;
  return (path) => {
    for (const { source, ig } of levels) {
      const rel = relativeToConfig(source, path);
      if (rel !== undefined && rel !== '' && matchesPath(ig, rel)) return true;
    }
    return false;
  };
}

/** Whether gitignore patterns match a path (relative to their folder), or a folder holding it. */
export function matchesPath(ig: Ignore, rel: string): boolean {
  const parts = rel.split('/');
  for (let k = 1; k <= parts.length; k++) {
    const prefix = parts.slice(0, k).join('/');
    if (ig.ignores(k < parts.length ? `${prefix}/` : prefix)) return true;
  }
  return false;
}
