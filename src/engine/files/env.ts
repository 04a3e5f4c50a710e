/**
 * `.env` files as the Astro CLI and python-dotenv read them: `KEY=VALUE`
 * lines, `export KEY=VALUE`, `#` comments, quotes trimmed, a ` # comment`
 * after an unquoted value. Every assignment keeps where its name and value
 * are written (offsets in the file).
 */
import type { SourceFile } from './source';

export interface EnvAssignment {
  name: string;
  /** Offset of the line in the file. */
  lineStart: number;
  /** Offset of the value (after an opening quote) in the file. */
  valueStart: number;
  /** The value: quotes removed, or an unquoted value without its ` # comment`. */
  value: string;
  quoted: boolean;
}

export interface EnvFile {
  assignments: EnvAssignment[];
  /** Lines that are neither assignments, comments nor blank (a stray command, a value continued from the line before). */
  otherLines: { start: number; text: string }[];
}

const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_.-]*$/;

/** `[export ]NAME = value` split by hand: the name, and where the value starts; undefined for other lines. */
function assignmentOf(line: string): { name: string; valueStart: number } | undefined {
  const eq = line.indexOf('=');
  if (eq < 0) return undefined;
  let left = line.slice(0, eq).trim();
  if (left.startsWith('export ') || left.startsWith('export\t')) left = left.slice(7).trim();
  if (!ENV_NAME.test(left)) return undefined;
  let valueStart = eq + 1;
  while (line[valueStart] === ' ' || line[valueStart] === '\t') valueStart++;
  return { name: left, valueStart };
}

/** A bare value without its ` # comment`. */
function withoutComment(value: string): string {
  for (let k = 0; k < value.length; k++) {
    if (value[k] === '#' && (k === 0 || value[k - 1] === ' ' || value[k - 1] === '\t')) return value.slice(0, k).trimEnd();
  }
  return value.trimEnd();
}

export function parseEnvFile(file: SourceFile): EnvFile {
  const out: EnvFile = { assignments: [], otherLines: [] };
  let offset = 0;
  for (const line of file.text.split('\n')) {
    const body = line.endsWith('\r') ? line.slice(0, -1) : line;
    const m = assignmentOf(body);
    if (m) {
      let valueStart = m.valueStart;
      let value = body.slice(valueStart);
      const q = value[0];
      const close = q === '"' || q === "'" ? value.indexOf(q, 1) : -1;
      if (close > 0) {
        value = value.slice(1, close);
        valueStart++;
      } else {
        value = withoutComment(value);
      }
      out.assignments.push({ name: m.name, lineStart: offset, valueStart: offset + valueStart, value, quoted: close > 0 });
    } else if (!/^\s*(#|$)/.test(body)) {
      out.otherLines.push({ start: offset, text: body });
    }
    offset += line.length + 1;
  }
  return out;
}
