/**
 * Expands `$NAME`, `${NAME}`, `${NAME:-word}` and `${NAME:+word}` the way
 * Docker does in `FROM` and `ARG`, keeping for every produced character the
 * offset in the Dockerfile it came from, so that a fix can edit the place
 * the text is written (the `FROM` line or an `ARG` default).
 */
export interface SourcedText {
  text: string;
  /** Offset in the Dockerfile of each character of `text`; -1 for none. */
  offsets: number[];
}

export interface ArgValue {
  name: string;
  /** undefined when the ARG has no default. */
  value: SourcedText | undefined;
}

export interface Expansion extends SourcedText {
  /** Names used without a value (an ARG with no default, or never declared). */
  missing: string[];
}

const NAME = /[A-Za-z_][A-Za-z0-9_]*/y;

export function expand(src: SourcedText, scope: ReadonlyMap<string, ArgValue>, escapeChar = '\\'): Expansion {
  const out: Expansion = { text: '', offsets: [], missing: [] };
  const push = (s: SourcedText) => {
    out.text += s.text;
    out.offsets.push(...s.offsets);
  };
  const { text, offsets } = src;
  let i = 0;
  while (i < text.length) {
    const ch = text[i];
    if (ch === escapeChar && text[i + 1] === '$') {
      push({ text: '$', offsets: [offsets[i + 1]] });
      i += 2;
      continue;
    }
    if (ch !== '$') {
      push({ text: ch, offsets: [offsets[i]] });
      i++;
      continue;
    }
    const braced = text[i + 1] === '{';
    NAME.lastIndex = i + (braced ? 2 : 1);
    const m = NAME.exec(text);
    if (!m) {
      push({ text: ch, offsets: [offsets[i]] });
      i++;
      continue;
    }
    const name = m[0];
    let end = NAME.lastIndex;
    let modifier: { op: string; word: SourcedText } | undefined;
    if (braced) {
      const close = text.indexOf('}', end);
      if (close < 0) {
        // Unterminated: keep the text as written.
        push({ text: text.slice(i), offsets: offsets.slice(i) });
        break;
      }
      const op = text.slice(end, end + 2);
      if (op === ':-' || op === ':+') {
        modifier = { op, word: { text: text.slice(end + 2, close), offsets: offsets.slice(end + 2, close) } };
      }
      end = close + 1;
    }
    const value = scope.get(name)?.value;
    if (modifier?.op === ':-') {
      push(value && value.text !== '' ? value : expandInner(modifier.word, scope, escapeChar, out));
    } else if (modifier?.op === ':+') {
      if (value && value.text !== '') push(expandInner(modifier.word, scope, escapeChar, out));
    } else if (value) {
      push(value);
    } else {
      out.missing.push(name);
    }
    i = end;
  }
  return out;
}

function expandInner(word: SourcedText, scope: ReadonlyMap<string, ArgValue>, escapeChar: string, out: Expansion): SourcedText {
  const inner = expand(word, scope, escapeChar);
  out.missing.push(...inner.missing);
  return inner;
}

export function sourced(text: string, start: number): SourcedText {
  return { text, offsets: Array.from({ length: text.length }, (_, k) => start + k) };
}
