/**
 * Writing to `.astro-sr.yaml`: an `ignore-findings:` entry that accepts a
 * rule's findings in one file. The file is edited as text, so that its
 * comments and layout stay as the team wrote them.
 */
import { LineIndex } from '../fs/text';
import type { Range } from '../types';

/** The edit that adds an entry accepting `ruleId` in `path` (relative to the file's folder) to a configuration file's text (undefined: the file does not exist yet). */
export function acceptFindingEdit(text: string | undefined, ruleId: string, path: string, reason: string): { range: Range; newText: string } {
  const entry = (indent: string) => [`${indent}- rule: ${ruleId}`, `${indent}  path: ${JSON.stringify(path)}`, `${indent}  reason: ${reason}`].join('\n') + '\n';
  const start = { line: 0, character: 0 };
  if (text === undefined || text.trim() === '') return { range: { start, end: text === undefined ? start : new LineIndex(text).positionAt(text.length) }, newText: `ignore-findings:\n${entry('  ')}` };
  const lines = new LineIndex(text);
  const count = lines.lineStarts.length;
  for (let n = 0; n < count; n++) {
    const line = lines.lineText(n);
    const key = /^ignore-findings:\s*(\[\s*\])?\s*(#.*)?$/.exec(line);
    if (!key) continue;
    if (key[1]) return { range: { start: { line: n, character: 0 }, end: { line: n, character: line.length } }, newText: `ignore-findings:\n${entry('  ').replace(/\n$/, '')}` };
    // After the key, in the indentation its entries already use.
    let indent = '  ';
    for (let k = n + 1; k < count; k++) {
      const m = /^(\s*)-\s/.exec(lines.lineText(k));
      if (m) {
        indent = m[1];
        break;
      }
      if (/^\S/.test(lines.lineText(k))) break;
    }
    const at = { line: n + 1, character: 0 };
    return { range: { start: at, end: at }, newText: n + 1 < count ? entry(indent) : `\n${entry(indent)}` };
  }
  const end = lines.positionAt(text.length);
  return { range: { start: end, end }, newText: `${text.endsWith('\n') ? '' : '\n'}ignore-findings:\n${entry('  ')}` };
}
