/**
 * Baselines: `.astro-sr-baseline.json` lists findings a team has accepted for
 * now (adopting the check on an old repository), by fingerprint, rule id and
 * path only: no message, no line, never a value. `astro-sr check --baseline`
 * reports only findings not in it; the editor shows those in it as hints.
 * Paths are relative to the baseline file's folder, as the fingerprints'.
 */
import type { Finding, Severity } from '../types';
import { fingerprintPath } from './fingerprint';

export const BASELINE_FILE_NAME = '.astro-sr-baseline.json';

/** The format's version: a file of another version is refused, not misread. */
export const BASELINE_VERSION = 1;

export interface BaselineEntry {
  /** Relative to the baseline file's folder, with `/`. */
  path: string;
  ruleId: string;
  fingerprint: string;
}

const ABOUT = 'Findings accepted for now: `astro-sr check --baseline <this file>` reports only others. Written by `astro-sr baseline`; `astro-sr baseline --prune` removes entries that no longer match.';

/** The entries of a baseline file's text; throws an Error saying what is wrong. */
export function parseBaseline(text: string): BaselineEntry[] {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (err) {
    throw new Error(`not JSON (${(err as Error).message})`);
  }
  const { version, findings } = (doc ?? {}) as { version?: unknown; findings?: unknown };
  if (version !== BASELINE_VERSION) throw new Error(`not a version ${BASELINE_VERSION} baseline (version: ${JSON.stringify(version)})`);
  if (!Array.isArray(findings)) throw new Error('no `findings` list');
  return findings.map((e: Partial<BaselineEntry>, i) => {
    if (typeof e?.path !== 'string' || typeof e.ruleId !== 'string' || typeof e.fingerprint !== 'string' || !/^[0-9a-f]{64}$/.test(e.fingerprint)) {
      throw new Error(`entry ${i + 1} needs a path, a ruleId and a fingerprint (64 hex digits)`);
    }
    return { path: e.path, ruleId: e.ruleId, fingerprint: e.fingerprint };
  });
}

/** The file's text: entries sorted by path, rule and fingerprint, one per line, so that a change of the baseline diffs as the lines it adds or removes. */
export function formatBaseline(entries: readonly BaselineEntry[]): string {
  const unique = new Map(entries.map((e) => [e.fingerprint, e]));
  const sorted = [...unique.values()].sort((a, b) => compare(a.path, b.path) || compare(a.ruleId, b.ruleId) || compare(a.fingerprint, b.fingerprint));
  const lines = sorted.map((e) => `    { "path": ${JSON.stringify(e.path)}, "ruleId": ${JSON.stringify(e.ruleId)}, "fingerprint": ${JSON.stringify(e.fingerprint)} }`);
  return `{\n  "version": ${BASELINE_VERSION},\n  "about": ${JSON.stringify(ABOUT)},\n  "findings": [\n${lines.join(',\n')}${lines.length ? '\n' : ''}  ]\n}\n`;
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Baseline entries of findings (with fingerprints) of a check whose root is at `prefix` relative to the baseline's folder. */
export function baselineEntriesOf(findings: readonly Finding[], prefix: string): BaselineEntry[] {
  return findings.filter((f) => f.fingerprint !== undefined).map((f) => ({ path: fingerprintPath(prefix, f.file), ruleId: f.ruleId, fingerprint: f.fingerprint! }));
}

/** Whether an entry is about a file below one of the checked roots (`scopes`: their paths relative to the baseline's folder, '' for the folder itself): only those can be judged to match no more. */
export function inScope(entry: BaselineEntry, scopes: readonly string[]): boolean {
  return scopes.some((s) => s === '' || entry.path.startsWith(`${s}/`));
}

export interface BaselineSplit {
  /** Findings not in the baseline: what is reported. */
  fresh: Finding[];
  /** How many findings the baseline holds. */
  baselined: number;
  /** Entries below the checked roots that no finding matches any more (fixed, or changed). */
  unmatched: BaselineEntry[];
}

/** Splits a check's findings by a baseline (their fingerprints must be made from the baseline's folder). */
export function splitByBaseline(findings: readonly Finding[], entries: readonly BaselineEntry[], scopes: readonly string[]): BaselineSplit {
  const known = new Set(entries.map((e) => e.fingerprint));
  const found = new Set(findings.map((f) => f.fingerprint));
  const fresh = findings.filter((f) => f.fingerprint === undefined || !known.has(f.fingerprint));
  return { fresh, baselined: findings.length - fresh.length, unmatched: entries.filter((e) => inScope(e, scopes) && !found.has(e.fingerprint)) };
}

/** How the editor shows a finding the baseline holds: as a hint, not at all, or as any other. */
export type BaselineShow = 'hint' | 'hidden' | 'asIs';

/** The setting's value as written (anything unknown is the default, `hint`). */
export function baselineShowOf(value: string | undefined): BaselineShow {
  return value === 'hidden' || value === 'asIs' ? value : 'hint';
}

/** The severity a finding is shown at; undefined when it is not shown. */
export function shownSeverity(severity: Severity, baselined: boolean, show: BaselineShow): Severity | undefined {
  if (!baselined || show === 'asIs') return severity;
  return show === 'hint' ? 'hint' : undefined;
}
