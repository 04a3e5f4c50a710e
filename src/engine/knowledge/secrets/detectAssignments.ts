/**
 * Assignments in free text, found by a hand-written scanner rather than by
 * regular expressions (whose unanchored search recheck rates polynomial):
 * `password="…"`, `api_key: '…'`, `'token': '…'` (Python dicts),
 * `\"token\": \"…\"` (JSON inside a string), and, outside Python, unquoted
 * `KEY=value` / `key: value`. Each `=` or `:` costs at most a bounded walk
 * back over the name and forward over the value, so the scan is linear.
 */
import type { SecretContext } from './types';

export interface Assignment {
  name: string;
  /** Offsets of the value (without its quotes) in the text. */
  start: number;
  end: number;
  quoted: boolean;
}

const MAX_NAME = 128;
const MAX_VALUE = 4096;

function isNameChar(c: string | undefined): boolean {
  return c !== undefined && ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c === '_' || c === '.' || c === '-');
}

function isNameStart(c: string | undefined): boolean {
  return c !== undefined && ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c === '_');
}

const UNQUOTED_STOP = new Set([' ', '\t', '\n', '\r', '"', "'", '`', ',', ';', '(', ')', '[', ']', '{', '}']);

/** The name ending just before `end` (after skipping spaces and an optional closing quote), or undefined. */
function nameBefore(text: string, end: number): { name: string; quote: string } | undefined {
  let i = end - 1;
  let spaces = 0;
  while (i >= 0 && (text[i] === ' ' || text[i] === '\t') && spaces < 4) {
    i--;
    spaces++;
  }
  let quote = '';
  if (text[i] === '"' || text[i] === "'") {
    quote = text[i];
    i--;
    if (text[i] === '\\') {
      quote = `\\${quote}`;
      i--;
    }
  }
  const nameEnd = i + 1;
  while (i >= 0 && nameEnd - i <= MAX_NAME && isNameChar(text[i])) i--;
  const nameStart = i + 1;
  if (nameStart >= nameEnd || !isNameStart(text[nameStart])) return undefined;
  if (quote) {
    // A quoted name must open with the same quote: "name", 'name', \"name\".
    const open = quote.length === 2 ? text.slice(nameStart - 2, nameStart) : text[nameStart - 1];
    if (open !== quote) return undefined;
  } else if (isNameChar(text[nameStart - 1])) return undefined;
  // `?key=value&…`: URL query parameters are judged by the connection-string pattern, which knows which ones hold credentials.
  if (!quote && (text[nameStart - 1] === '?' || text[nameStart - 1] === '&')) return undefined;
  // `${NAME:-default}`, `${NAME:=default}`: a shell parameter expansion, whose default is judged with the reference as a whole.
  if (!quote && text[nameStart - 1] === '{' && text[nameStart - 2] === '$') return undefined;
  return { name: text.slice(nameStart, nameEnd), quote };
}

/** The value starting at `from`: a quoted string (any context) or, outside Python, an unquoted word. */
function valueAfter(text: string, from: number, context: SecretContext | undefined, escapedQuotes: boolean, colon = false): { start: number; end: number; quoted: boolean } | undefined {
  let i = from;
  let spaces = 0;
  while (i < text.length && (text[i] === ' ' || text[i] === '\t') && spaces < 4) {
    i++;
    spaces++;
  }
  // String prefixes: r"", b'', f"" (the f-string's fields are judged as templates).
  let p = i;
  while (p < text.length && p - i < 2 && 'rRbBuUfF'.includes(text[p])) p++;
  if (text[p] !== '"' && text[p] !== "'" && text[p] !== '\\') p = i; // not a string prefix after all
  const escaped = escapedQuotes && text[p] === '\\' && (text[p + 1] === '"' || text[p + 1] === "'");
  const q = escaped ? text[p + 1] : text[p];
  if (q === '"' || q === "'") {
    const start = p + (escaped ? 2 : 1);
    let j = start;
    while (j < text.length && j - start < MAX_VALUE && text[j] !== '\n') {
      if (escaped) {
        if (text[j] === '\\' && text[j + 1] === q) return { start, end: j, quoted: true };
        if (text[j] === q) return undefined;
      } else {
        if (text[j] === '\\') {
          j += 2;
          continue;
        }
        if (text[j] === q) return { start, end: j, quoted: true };
      }
      j++;
    }
    return undefined;
  }
  if (p !== i || context === 'python' || context === 'json') return undefined;
  const first = text[i];
  if (first === undefined || first === '#' || UNQUOTED_STOP.has(first)) return undefined;
  let j = i;
  while (j < text.length && j - i < MAX_VALUE && !UNQUOTED_STOP.has(text[j])) j++;
  // `Variable.get(…)`, `os.environ[…]`, `f(x)`: code that reads the value, not a value.
  if (text[j] === '(' || text[j] === '[') return undefined;
  // A trailing backslash continues the line (shell) or breaks it (Markdown): it is not part of the value.
  while (j > i + 1 && text[j - 1] === '\\') j--;
  // `Name: words and more words` in prose or YAML: the value is the rest of the line, judged whole (a sentence is no password).
  if (colon && (text[j] === ' ' || text[j] === '\t') && (context === 'text' || context === 'yaml' || context === undefined)) {
    let k = j;
    while (k < text.length && (text[k] === ' ' || text[k] === '\t')) k++;
    if (k < text.length && text[k] !== '#' && text[k] !== '\n' && text[k] !== '\r') {
      let end = text.indexOf('\n', k);
      if (end < 0) end = text.length;
      while (end > k && /\s/.test(text[end - 1])) end--;
      // Not when the line goes on with another pair (`user: bob password: x`).
      const rest = text.slice(k, end);
      if (end - i <= MAX_VALUE && !rest.includes(':') && !rest.includes('=')) j = end;
    }
  }
  return { start: i, end: j, quoted: false };
}

/** Every assignment in `text` whose value is a string literal or (outside Python) an unquoted word. */
export function findAssignments(text: string, context?: SecretContext): Assignment[] {
  const out: Assignment[] = [];
  for (let k = 0; k < text.length; k++) {
    const c = text[k];
    if (c !== '=' && c !== ':') continue;
    if (c === '=') {
      const prev = text[k - 1];
      if (prev === '=' || prev === '!' || prev === '<' || prev === '>' || prev === ':' || text[k + 1] === '=') continue;
    } else {
      // `key: value` (YAML, dicts) but not `scheme://`, `::`, `a:b` inside a token.
      if (text[k + 1] === '/' || text[k + 1] === ':' || text[k - 1] === ':') continue;
    }
    const name = nameBefore(text, k);
    if (!name) continue;
    if (c === ':' && !name.quote && text[k + 1] !== ' ' && text[k + 1] !== '\t' && text[k + 1] !== '"' && text[k + 1] !== "'") continue;
    // Inside JSON, code is written in strings with escaped quotes (`"password = \\"…\\"\\n"` in a notebook cell).
    const value = valueAfter(text, k + 1, context, name.quote.startsWith('\\') || context === 'json', c === ':');
    if (!value) continue;
    // Unquoted values after `:` only in YAML-like text (`key: value`), not in a dict or JSON written inline.
    out.push({ name: name.name, start: value.start, end: value.end, quoted: value.quoted });
    // Go on after an unquoted value: skipping it keeps the scan linear (`a=a=a=…`). A quoted value is read again for
    // the pairs inside it (`"extra": "{\"token\": \"…\"}"`); quotes pair up, so that stays linear too.
    if (!value.quoted) k = Math.max(k, value.end - 1);
  }
  return out;
}
