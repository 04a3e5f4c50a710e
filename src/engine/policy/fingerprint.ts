/**
 * Findings' fingerprints: what identifies a finding across commits, so that a
 * baseline (`.astro-sr-baseline.json`) and code-scanning alerts stay attached
 * to it when unrelated lines move. Made of the rule id, the file's path and
 * the finding's own line(s) with their whitespace normalised, so that lines
 * added or removed above it and a reworded message change nothing, while an
 * edit of the offending line does. A credential's line is not used: its
 * value is hashed (and that hash hashed again with the rest), so no
 * fingerprint holds or reveals a value. An occurrence counter tells
 * identical lines of one file apart.
 */
import { createHash } from 'node:crypto';
import { posix } from 'node:path';
import { SECRET_RULE_IDS } from '../analysis/secrets/occurrences';
import type { SourceFile } from '../files/source';
import type { Finding, Range } from '../types';

/** Changes when what a fingerprint is made of changes (every baseline then needs writing again). */
const FINGERPRINT_VERSION = 'astro-sr/1';

const VALUE_RULES: ReadonlySet<string> = new Set(SECRET_RULE_IDS);

function sha256(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/** The finding's lines, each trimmed and with runs of whitespace made one space. */
export function normalisedLines(file: SourceFile, range: Range): string {
  // A range ending at the start of a line does not cover that line.
  const last = range.end.line > range.start.line && range.end.character === 0 ? range.end.line - 1 : range.end.line;
  const lines: string[] = [];
  for (let n = range.start.line; n <= last; n++) lines.push(file.lines.lineText(n).trim().replace(/\s+/g, ' '));
  return lines.join('\n');
}

/** What of the file identifies the finding: its normalised lines, or for a credential a hash of the value (the text its range covers). */
function contentOf(finding: Finding, file: SourceFile | undefined): string {
  if (!file) return '';
  if (!VALUE_RULES.has(finding.ruleId)) return normalisedLines(file, finding.range);
  const value = file.text.slice(file.lines.offsetAt(finding.range.start), file.lines.offsetAt(finding.range.end));
  return `value:${sha256(value)}`;
}

/** `file` (relative to the checked root) as fingerprints name it: below `prefix`, the checked root relative to the folder fingerprints start from. */
export function fingerprintPath(prefix: string, file: string): string {
  return prefix === '' ? file : posix.normalize(`${prefix}/${file}`);
}

/**
 * The findings (in reading order) with their fingerprints. `sourceOf` gives
 * the text of a finding's file as the check read it (a finding on a file it
 * did not read is identified by its rule and path alone); `prefix` is the
 * checked root's path relative to the folder paths start from (a baseline's
 * folder), '' for the checked root itself.
 */
export function withFingerprints(findings: readonly Finding[], sourceOf: (path: string) => SourceFile | undefined, prefix = ''): Finding[] {
  const seen = new Map<string, number>();
  return findings.map((f) => {
    const key = [FINGERPRINT_VERSION, f.ruleId, fingerprintPath(prefix, f.file), contentOf(f, sourceOf(f.file))].join('\u0000');
    const occurrence = seen.get(key) ?? 0;
    seen.set(key, occurrence + 1);
    return { ...f, fingerprint: sha256(`${key}\u0000${occurrence}`) };
  });
}
