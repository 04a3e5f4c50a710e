/**
 * Inline ignores: `astro-sr: ignore ASR301, ASR305 -- reason` in a comment of
 * the file's own style (`#` in Dockerfiles, YAML, `.env`, requirement files,
 * packages.txt, Python and shell; `--` in SQL), at the end of the line it
 * applies to, or on its own line before it (several such lines stack on the
 * line after them). Files that cannot hold a comment (JSON, notebooks) have
 * none: there, only the configuration file can accept a finding.
 */
import type { Range } from '../types';
import type { SourceFile } from './source';

export const IGNORE_DIRECTIVE = 'astro-sr:';

export interface InlineIgnore {
  /** The line the ignore applies to (0-based). */
  target: number;
  /** The range of the directive, from `astro-sr:` to the end of the comment. */
  range: Range;
  /** The rule ids or names as written, each with its range. */
  ids: { id: string; range: Range }[];
  reason?: string;
}

/** The comment marker a file's ignores are written after; undefined when the file cannot hold a comment. */
export function commentMarkerOf(path: string): '#' | '--' | undefined {
  const name = path.slice(path.lastIndexOf('/') + 1).toLowerCase();
  // Data, and documentation that may show the syntax itself (Markdown headings start with `#` too), hold no ignores; nor does the configuration file.
  if (/\.(json|jsonl|ndjson|ipynb|csv|tsv|md|markdown|mdx|rst|adoc|html?)$/.test(name) || name === '.astro-sr.yaml') return undefined;
  if (name.endsWith('.sql')) return '--';
  return '#';
}

const DIRECTIVE = /astro-sr:\s*ignore\b/g;

/** The inline ignores of a file, in line order. */
export function inlineIgnoresModel(file: SourceFile): InlineIgnore[] {
  if (!file.text.includes(IGNORE_DIRECTIVE)) return [];
  const marker = commentMarkerOf(file.path);
  if (!marker) return [];
  const out: InlineIgnore[] = [];
  const lines = file.lines;
  /** Ignores written on their own line, waiting for the line they apply to. */
  let pending: InlineIgnore[] = [];
  const count = lines.lineStarts.length;
  for (let n = 0; n < count; n++) {
    const text = lines.lineText(n);
    const found = text.includes(IGNORE_DIRECTIVE) ? directiveOn(text, marker) : undefined;
    if (!found) {
      for (const p of pending) p.target = n;
      pending = [];
      continue;
    }
    const ignore: InlineIgnore = {
      target: n,
      range: { start: { line: n, character: found.start }, end: { line: n, character: text.length } },
      ids: found.ids.map((t) => ({ id: t.id, range: { start: { line: n, character: t.at }, end: { line: n, character: t.at + t.id.length } } })),
      reason: found.reason,
    };
    out.push(ignore);
    if (found.ownLine) pending.push(ignore);
    else {
      for (const p of pending) p.target = n;
      pending = [];
    }
  }
  return out;
}

/** The directive in a line's comment: where it starts, its ids with their columns, its reason, and whether the comment is the whole line. */
function directiveOn(text: string, marker: '#' | '--'): { start: number; ids: { id: string; at: number }[]; reason?: string; ownLine: boolean } | undefined {
  DIRECTIVE.lastIndex = 0;
  const m = DIRECTIVE.exec(text);
  if (!m) return undefined;
  // The directive opens a comment: the marker right before it, at the start of the line or after a space.
  const before = text.slice(0, m.index);
  const opening = (marker === '#' ? /(^|\s)#+\s*$/ : /(^|\s)--+\s*$/).exec(before);
  if (!opening) return undefined;
  let rest = text.slice(m.index + m[0].length);
  const restAt = m.index + m[0].length;
  let reason: string | undefined;
  const sep = rest.search(/\s--(\s|$)/);
  if (sep >= 0) {
    reason = rest.slice(sep + 3).trim() || undefined;
    rest = rest.slice(0, sep);
  }
  const ids: { id: string; at: number }[] = [];
  for (const t of rest.matchAll(/[^\s,]+/g)) ids.push({ id: t[0], at: restAt + t.index! });
  return { start: m.index, ids, reason, ownLine: before.slice(0, opening.index).trim() === '' };
}
