/**
 * Baselines on the command line: `astro-sr baseline [PATH]` writes
 * `.astro-sr-baseline.json` (every finding's fingerprint, rule id and path:
 * no value, no message, no line), `--prune` removes the entries that no
 * longer match a finding; `check --baseline FILE` reports only the findings
 * not in it. Paths and fingerprints start from the baseline file's folder, so
 * that a sub-folder, or the same folder from elsewhere, is checked against
 * the same entries.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { BASELINE_FILE_NAME, baselineEntriesOf, formatBaseline, inScope, parseBaseline, splitByBaseline, type BaselineEntry } from '../engine/policy/baseline';
import { CLI_NAME } from '../engine/product';
import { plural } from '../engine/report/words';
import type { CheckResult } from '../engine/check';
import { checkSettingsOf, CliUsageError, exitCodeOf, parseCheckCommand, runCheck, slashes, type CliIo } from './options';
import type { Report } from './format';

export const BASELINE_HELP = `Usage: ${CLI_NAME} baseline [PATH] [options]

Checks every Astro project under PATH (default: the current folder), as
'${CLI_NAME} check' does, and writes what it finds to ${BASELINE_FILE_NAME} in PATH:
each finding's fingerprint, rule id and path (never a value or a message),
sorted. '${CLI_NAME} check --baseline ${BASELINE_FILE_NAME}' then reports only
findings that are not in it. Entries for files outside PATH are kept.

Options:
  --baseline FILE     the baseline to write (default: PATH/${BASELINE_FILE_NAME})
  --prune             only remove the entries that no longer match a finding (fixed or changed)
  --catalog, --offline, --today, --warning-days, --rule, --pin-operator: as for check

Exit codes: 0 the baseline was written, 2 usage error, unreadable PATH or baseline.`;

export function baselineCommand(argv: string[], io: CliIo): Promise<number> {
  return exitCodeOf(() => run(argv, io), io, `${CLI_NAME} baseline --help`);
}

async function run(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCheckCommand(argv, {
    baseline: { type: 'string' },
    prune: { type: 'boolean', default: false },
  });
  if (values.help) {
    io.out(BASELINE_HELP);
    return 0;
  }
  const [target, ...extra] = positionals;
  if (extra.length) throw new CliUsageError(`unexpected argument '${extra[0]}'`);
  if (values.baseline === '') throw new CliUsageError('--baseline needs a file name');
  const settings = checkSettingsOf(values);
  const root = path.resolve(target ?? '.');
  const file = path.resolve(values.baseline ?? path.join(root, BASELINE_FILE_NAME));
  const before = existsSync(file) ? readBaseline(file) : undefined;
  if (values.prune && !before) throw new Error(`no baseline to prune at ${shown(file)}`);

  const scope = slashes(path.relative(path.dirname(file), root));
  const checked = await runCheck(root, settings, io, scope);
  if ('exitCode' in checked) return checked.exitCode;
  const found = baselineEntriesOf(checked.result.findings, scope);
  const matching = new Set(found.map((e) => e.fingerprint));
  // Entries of files this check did not read stay as they are.
  const others = (before ?? []).filter((e) => !inScope(e, [scope]));
  const entries = values.prune ? (before ?? []).filter((e) => !inScope(e, [scope]) || matching.has(e.fingerprint)) : [...others, ...found];
  try {
    writeFileSync(file, formatBaseline(entries));
  } catch (err) {
    io.err(`${CLI_NAME}: cannot write ${file}: ${(err as Error).message}`);
    return 2;
  }
  if (values.prune) {
    const removed = before!.length - entries.length;
    io.out(`${shown(file)}: removed ${plural(removed, 'entry', 'entries')} that no longer match; ${plural(entries.length, 'entry', 'entries')} left.`);
  } else {
    io.out(`${shown(file)}: ${plural(found.length, 'finding')} baselined${others.length ? ` (and ${plural(others.length, 'entry', 'entries')} for files outside ${shown(root)} kept)` : ''}.`);
  }
  return 0;
}

/** The entries of a baseline file; an Error naming the file when it cannot be read or is not a baseline. */
export function readBaseline(file: string): BaselineEntry[] {
  try {
    return parseBaseline(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new Error(`cannot read the baseline ${shown(file)}: ${(err as Error).message}`);
  }
}

/**
 * A check's result without the findings the baseline holds, and what the
 * output says about it. The findings' fingerprints must start from the
 * baseline's folder; `scopes` are the checked folders relative to it.
 */
export function applyBaseline(result: CheckResult, entries: readonly BaselineEntry[], scopes: readonly string[], file: string): { result: CheckResult; baseline: NonNullable<Report['baseline']> } {
  const split = splitByBaseline(result.findings, entries, scopes);
  return { result: { ...result, findings: split.fresh }, baseline: { file, baselined: split.baselined, unmatched: split.unmatched.length } };
}

/** A path as a person named it: relative to the current folder when inside it. */
function shown(file: string): string {
  const rel = path.relative(process.cwd(), file);
  return rel === '' ? '.' : rel.startsWith('..') || path.isAbsolute(rel) ? file : rel;
}
