/**
 * Judgements the dependency rules share: whether a requirement is pinned,
 * whether two specifier sets can both hold (PEP 440), where a requirement is
 * written, and the edit that deletes one.
 */
import { satisfies } from '@renovatebot/pep440/lib/specifier';
import { explain } from '@renovatebot/pep440/lib/version';
import type { Fix, Range } from '../../types';
import type { Requirement, RequirementFile, RequirementSet, RequirementSpec } from '../../files/requirements/model';

/** Operators that pin a requirement to one version or one release series. */
export const PINNING_OPERATORS = new Set(['==', '===', '~=']);

/** Pinned: `==`, `===` or `~=`, or a range bounded on both sides (`>=1.2,<1.3`). */
export function isPinned(req: Requirement): boolean {
  if (req.specs.some((s) => PINNING_OPERATORS.has(s.operator))) return true;
  const lower = req.specs.some((s) => s.operator === '>=' || s.operator === '>');
  const upper = req.specs.some((s) => s.operator === '<' || s.operator === '<=');
  return lower && upper;
}

/** The requirement as a user reads it: from its name to the end of its specifier (or extras). */
export function requirementSpan(req: Requirement): Range {
  const start = req.nameRange?.start ?? req.range.start;
  const end = (req.specifierRange ?? req.extrasRange ?? req.nameRange ?? req.range).end;
  return { start, end };
}

/** Writes how a requirement reads: `name[extras]specifier`. */
export function written(req: Requirement): string {
  const extras = req.extras.length ? `[${req.extras.join(',')}]` : '';
  return `${req.name ?? req.url ?? ''}${extras}${req.specifier}`;
}

/** A fix that deletes the physical lines of a requirement, line breaks included. */
export function removeLineFix(req: Requirement, title: string, isPreferred = true): Fix {
  return { title, isPreferred: isPreferred || undefined, edits: [{ file: req.file, range: req.fullRange, newText: '' }] };
}

/** Every requirement of the set, with its file, in installation order. */
export function* entries(set: RequirementSet | undefined): Generator<{ file: RequirementFile; req: Requirement }> {
  for (const file of set?.files ?? []) for (const req of file.requirements) yield { file, req };
}

function specString(specs: readonly RequirementSpec[]): string {
  return specs.map((s) => `${s.operator}${s.version}`).join(',');
}

/** Versions where two specifier sets' boundaries lie, and versions just around them. */
function candidates(specs: readonly RequirementSpec[]): string[] {
  const out = new Set<string>(['0', '0.0.1', '99999']);
  for (const s of specs) {
    const v = s.version.replace(/\.\*$/, '');
    const e = explain(v);
    if (!e) continue;
    out.add(v);
    const epoch = e.epoch ? `${e.epoch}!` : '';
    const r = e.release;
    for (let i = 0; i < r.length; i++) {
      out.add(epoch + [...r.slice(0, i), r[i] + 1].join('.'));
      if (r[i] > 0) out.add(epoch + [...r.slice(0, i), r[i] - 1, 999999].join('.'));
    }
    out.add(epoch + [...r, 1].join('.'));
    out.add(epoch + [...r, 0, 1].join('.'));
    out.add(`${e.public}.post1`);
  }
  return [...out];
}

/** Whether some version satisfies both specifier sets (PEP 440); true when either cannot be judged (`===`, `${VAR}`). */
export function compatible(a: readonly RequirementSpec[], b: readonly RequirementSpec[]): boolean {
  if (a.length === 0 || b.length === 0) return true;
  const unjudgeable = (specs: readonly RequirementSpec[]) => specs.some((s) => s.operator === '===' || s.version.includes('${'));
  if (unjudgeable(a) || unjudgeable(b)) return true;
  const sa = specString(a);
  const sb = specString(b);
  return candidates([...a, ...b]).some((v) => satisfies(v, sa, { prereleases: true }) && satisfies(v, sb, { prereleases: true }));
}

/** Markers compared as text, ignoring whitespace and quote style. */
export function sameMarker(a: Requirement, b: Requirement): boolean {
  const norm = (m: string | undefined) => (m ?? '').replace(/\s+/g, '').replace(/"/g, "'");
  return norm(a.marker) === norm(b.marker);
}

/** The text that pins to `version` with the chosen operator (`~=` needs two release parts). */
export function pinText(version: string, operator: '==' | '~='): string {
  if (operator === '~=') {
    const e = explain(version);
    if (e && !e.local) return e.release.length >= 2 ? `~=${version}` : `~=${version}.0`;
  }
  return `==${version}`;
}

export function lineOf(range: Range): number {
  return range.start.line + 1;
}
