import type { Position, Range } from '../types';

/** Maps offsets in a text to line/character positions and back. */
export class LineIndex {
  private readonly starts: number[] = [0];

  constructor(readonly text: string) {
    for (let i = 0; i < text.length; i++) {
      if (text.charCodeAt(i) === 10) this.starts.push(i + 1);
    }
  }

  /** The offset at which each line starts. */
  get lineStarts(): readonly number[] {
    return this.starts;
  }

  positionAt(offset: number): Position {
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo, character: offset - this.starts[lo] };
  }

  offsetAt(position: Position): number {
    const start = this.starts[Math.min(position.line, this.starts.length - 1)] ?? 0;
    return Math.min(start + position.character, this.text.length);
  }

  /** The text of line `n` (0-based), without its line break. */
  lineText(n: number): string {
    if (n < 0 || n >= this.starts.length) return '';
    const end = n + 1 < this.starts.length ? this.starts[n + 1] - 1 : this.text.length;
    const line = this.text.slice(this.starts[n], end);
    return line.endsWith('\r') ? line.slice(0, -1) : line;
  }

  rangeOf(start: number, end: number): Range {
    return { start: this.positionAt(start), end: this.positionAt(end) };
  }
}

/** The largest file read as something a person wrote. */
export const MAX_TEXT_BYTES = 1024 * 1024;

/** Why a file's text is not read (too large, or binary), or undefined when it is fine. */
export function unreadableReason(text: string, max = MAX_TEXT_BYTES): string | undefined {
  if (text.length > max) return `skipped: larger than ${max / 1024 / 1024} MB`;
  if (text.includes('\u0000')) return 'skipped: binary content';
  return undefined;
}

/** Hides the user information of URLs (`https://user:token@host` → `https://…@host`) in text meant for people. */
export function redactUrlCredentials(text: string): string {
  return text.replace(/\/\/[^/@\s`'"]{1,512}@/g, '//…@');
}
