/**
 * Literal credentials in Python code, read with a real parser
 * (`@lezer/python`, error-tolerant): string literals assigned to sensitive
 * names, passed as sensitive keyword arguments or parameter defaults, stored
 * under sensitive dictionary keys, a `Connection(…)` with a password, and
 * URLs with a password in any string. Never judged: f-strings, `.format` and
 * `%` templates, and anything that is not a literal (`os.environ[…]`,
 * `os.getenv(…)`, `Variable.get(…)`, `BaseHook.get_connection(…)`), nor
 * Jinja templates (the detectors treat `{{ … }}` as a reference).
 */
import { parser } from '@lezer/python';
import type { SyntaxNode, Tree } from '@lezer/common';
import { LineIndex } from '../text';
import type { Fix } from '../types';
import { isPlaceholder, isReference, judgeAssignment, maskPreview } from './detect';
import { urlCredentials, type Found } from './scan';

interface PyString {
  node: SyntaxNode;
  /** The text between the quotes, escapes not undone. */
  value: string;
  /** Offset of `value` in the file. */
  start: number;
}

/** A plain string literal (not an f-string, bytes are fine), or undefined. */
function stringOf(node: SyntaxNode | null, text: string): PyString | undefined {
  // `api_key = (\n    "…"\n)`: a literal in parentheses, as formatters wrap long lines.
  while (node && node.name === 'ParenthesizedExpression') node = node.firstChild?.nextSibling ?? null;
  if (!node || node.name !== 'String') return undefined;
  const src = text.slice(node.from, node.to);
  const m = /^([rRbBuU]{0,2})('''|"""|'|")/.exec(src);
  if (!m) return undefined;
  const open = m[1].length + m[2].length;
  if (src.length < open + m[2].length || !src.endsWith(m[2])) return undefined;
  return { node, value: src.slice(open, src.length - m[2].length), start: node.from + open };
}

/** A `.format` receiver, or a string that is `%`-formatted. */
function isTemplate(s: PyString, text: string): boolean {
  const parent = s.node.parent;
  if (parent?.name === 'MemberExpression' && /^\s*\.\s*format\b/.test(text.slice(s.node.to, parent.to))) return true;
  if (parent?.name === 'BinaryExpression' && /^\s*%/.test(text.slice(s.node.to, parent.to)) && /%[-#0 +]*(\(\w+\))?[sdifr]/.test(s.value)) return true;
  return false;
}

/** The name a value is given to: the last name of an assignment target (`x`, `self.x`, `d["x"]`). */
function targetName(node: SyntaxNode, text: string): string | undefined {
  switch (node.name) {
    case 'VariableName':
      return text.slice(node.from, node.to);
    case 'MemberExpression': {
      const last = node.lastChild;
      if (last?.name === 'PropertyName') return text.slice(last.from, last.to);
      // Subscript: name[...] → the key when it is a string.
      const key = node.getChild('String');
      const s = key ? stringOf(key, text) : undefined;
      return s?.value;
    }
    default:
      return undefined;
  }
}

/** What every statement of one file shares while it is scanned. */
interface FileScan {
  text: string;
  lines: LineIndex;
  hasOs: boolean;
  /** The module's top node, for where `import os` goes (parsed on first need). */
  top: () => SyntaxNode;
  /** File offsets of the literals judged already. */
  seen: Set<number>;
  out: Found[];
}

/**
 * Literal credentials in a Python file. With `at` (offsets that
 * pythonCandidates found), only the statements holding them are parsed, each
 * on its own; the whole file is parsed when one of them does not parse alone.
 */
export function scanPython(text: string, at?: readonly number[]): Found[] {
  const starts = at ? logicalLineStarts(text) : undefined;
  const file: FileScan = {
    text,
    lines: new LineIndex(text),
    hasOs: /^[ \t]*import[ \t]+(?:[\w.]+[ \t]*,[ \t]*)*os\b(?![ \t]+as)/m.test(text),
    top: () => parser.parse(text.slice(0, moduleHeaderEnd(text, starts ?? logicalLineStarts(text)))).topNode,
    seen: new Set(),
    out: [],
  };
  const statements = at && starts ? parseStatements(text, starts, at) : undefined;
  if (statements) {
    for (const { tree, source, from } of statements) walk(tree, source, from, file);
    return file.out;
  }
  const tree = parser.parse(text);
  file.top = () => tree.topNode;
  walk(tree, text, 0, file);
  return file.out;
}

/** What is appended to a statement that does not parse alone: the body of a `def …:` or `if …:` line, the function under a decorator. */
const COMPLETIONS = ['', '\n pass', '\ndef _(): pass'];

/** The statements holding the offsets, each parsed alone; undefined when one does not parse. */
function parseStatements(text: string, starts: readonly number[], at: readonly number[]): { tree: Tree; source: string; from: number }[] | undefined {
  const windows = new Map<number, number>();
  for (const offset of at) {
    const k = lastAtOrBefore(starts, offset);
    let from = starts[k];
    while (text[from] === ' ' || text[from] === '\t' || text[from] === '\f') from++;
    windows.set(from, k + 1 < starts.length ? starts[k + 1] : text.length);
  }
  const out: { tree: Tree; source: string; from: number }[] = [];
  for (const [from, to] of windows) {
    const statement = text.slice(from, to);
    let parsed: { tree: Tree; source: string; from: number } | undefined;
    for (const completion of COMPLETIONS) {
      const source = statement + completion;
      const tree = parser.parse(source);
      if (!hasError(tree)) {
        parsed = { tree, source, from };
        break;
      }
    }
    if (!parsed) return undefined;
    out.push(parsed);
  }
  return out;
}

function hasError(tree: Tree): boolean {
  let error = false;
  tree.iterate({
    enter: (ref) => {
      if (ref.type.isError) error = true;
      return !error;
    },
  });
  return error;
}

/** The index of the last start at or before `offset` (starts are sorted and begin with 0). */
function lastAtOrBefore(starts: readonly number[], offset: number): number {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid] <= offset) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/**
 * Where each logical line of a Python file starts: 0, and every line that
 * does not continue a bracket, a string or a backslash. A lexical reading:
 * strings (single, triple, with escapes), comments, brackets. Unbalanced
 * brackets only make a statement longer.
 */
export function logicalLineStarts(text: string): number[] {
  const starts = [0];
  const n = text.length;
  let depth = 0;
  let i = 0;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === 35 /* # */) {
      const nl = text.indexOf('\n', i);
      i = nl < 0 ? n : nl;
    } else if (c === 34 /* " */ || c === 39 /* ' */) {
      i = stringEnd(text, i);
    } else if (c === 92 /* \ */) {
      // A backslash outside a string joins the next line (\r\n counts as one).
      i += text[i + 1] === '\r' && text[i + 2] === '\n' ? 3 : 2;
    } else {
      if (c === 40 || c === 91 || c === 123) depth++;
      else if ((c === 41 || c === 93 || c === 125) && depth > 0) depth--;
      else if (c === 10 && depth === 0 && i + 1 < n) starts.push(i + 1);
      i++;
    }
  }
  return starts;
}

/** Just after the string literal opening at `i` (an unterminated one-line string ends before its newline). */
function stringEnd(text: string, i: number): number {
  const q = text[i];
  const n = text.length;
  if (text[i + 1] === q && text[i + 2] === q) {
    for (let j = i + 3; j < n; j++) {
      if (text[j] === '\\') j++;
      else if (text[j] === q && text[j + 1] === q && text[j + 2] === q) return j + 3;
    }
    return n;
  }
  for (let j = i + 1; j < n; j++) {
    const c = text[j];
    if (c === '\\') j++;
    else if (c === q) return j + 1;
    else if (c === '\n') return j;
  }
  return n;
}

/** The end of the module's header: its docstring, comments and imports, up to the first other top-level statement. */
function moduleHeaderEnd(text: string, starts: readonly number[]): number {
  for (const start of starts) {
    const c = text[start];
    if (c === ' ' || c === '\t' || c === '\r' || c === '\n' || c === '#' || start >= text.length) continue;
    if (/^(?:(?:import|from)\b|[rRbBuU]{0,2}["'])/.test(text.slice(start, start + 8))) continue;
    return start;
  }
  return text.length;
}

/** The literals of one parsed piece of the file: `source` is the text the tree was parsed from, found at `base` in the file. */
function walk(tree: Tree, source: string, base: number, file: FileScan): void {
  const judgeLiteral = (name: string, s: PyString, where: string, force = false, fixable = true) => {
    if (file.seen.has(base + s.start) || isTemplate(s, source)) return;
    file.seen.add(base + s.start);
    // The python context takes the literal as written, prefix and quotes included; offsets are then relative to the node.
    const judged = judgeAssignment(name, source.slice(s.node.from, s.node.to), 'python');
    let hit = judged && { ...judged, start: s.node.from + judged.start, end: s.node.from + judged.end };
    if (!hit && force && s.value !== '' && !isPlaceholder(s.value) && !isReference(s.value)) hit = { kind: 'password', start: s.start, end: s.start + s.value.length, preview: maskPreview(s.value, 'password') };
    if (!hit) return;
    const found: Found = { start: base + hit.start, end: base + hit.end, kind: hit.kind, special: hit.special, preview: hit.preview, where };
    const fix = fixable ? environFix(name, s, base, file) : undefined;
    if (fix) found.fixes = [fix];
    file.out.push(found);
  };

  tree.iterate({
    enter: (ref) => {
      const node = ref.node;
      switch (node.name) {
        case 'FormatString':
          return false;
        case 'AssignStatement': {
          const value = node.lastChild;
          const s = stringOf(value, source);
          if (!s) break;
          // Every target before the value: `a = b = "x"`.
          for (let c = node.firstChild; c && c !== value; c = c.nextSibling) {
            const name = targetName(c, source);
            if (name) {
              judgeLiteral(name, s, `\`${name}\``);
              break;
            }
          }
          break;
        }
        case 'ArgList':
        case 'ParamList': {
          const callee = node.name === 'ArgList' ? calleeName(node, source) : undefined;
          const isConnection = callee !== undefined && /(^|\.)Connection$/.test(callee);
          // `os.environ.setdefault("NAME", "…")`, `os.putenv("NAME", "…")`, `Variable.set("name", "…")`: the first literal names the second.
          if (callee !== undefined && /(?:^|\.)(?:environ\.setdefault|putenv|Variable\.set)$/.test(callee)) {
            const args = [...argumentsOf(node)];
            const key = stringOf(args[0] ?? null, source);
            const s = stringOf(args[1] ?? null, source);
            // No os.environ fix here: the call itself sets the value, and the line should go.
            if (key && s) judgeLiteral(key.value, s, `\`${key.value}\` of \`${callee}(…)\``, false, false);
          }
          for (let c = node.firstChild; c; c = c.nextSibling) {
            if (c.name !== 'VariableName' || c.nextSibling?.name !== 'AssignOp') continue;
            const name = source.slice(c.from, c.to);
            const s = stringOf(c.nextSibling.nextSibling, source);
            if (!s) continue;
            const where = callee ? `\`${name}=\` of \`${callee}(…)\`` : `the default of \`${name}\``;
            judgeLiteral(name, s, where, isConnection && name === 'password');
          }
          break;
        }
        case 'DictionaryExpression': {
          for (let c = node.firstChild; c; c = c.nextSibling) {
            if (c.name !== 'String' || c.nextSibling?.name !== ':') continue;
            const key = stringOf(c, source);
            const s = stringOf(c.nextSibling.nextSibling, source);
            if (key && s) judgeLiteral(key.value, s, `dictionary key \`${key.value}\``);
          }
          break;
        }
        case 'String': {
          const s = stringOf(node, source);
          if (s && !isTemplate(s, source)) file.out.push(...urlCredentials(s.value, 'python', base + s.start, 'a URL in a string'));
          break;
        }
        default:
          break;
      }
      return undefined;
    },
  });
}

/** The positional arguments of an argument list (its nodes between the brackets and commas). */
function* argumentsOf(argList: SyntaxNode): Generator<SyntaxNode> {
  for (let c = argList.firstChild; c; c = c.nextSibling) {
    if (c.name === '(' || c.name === ')' || c.name === ',') continue;
    if (c.nextSibling?.name === 'AssignOp' || c.prevSibling?.name === 'AssignOp') return; // keywords follow
    yield c;
  }
}

function calleeName(argList: SyntaxNode, text: string): string | undefined {
  const call = argList.parent;
  if (call?.name !== 'CallExpression' || !call.firstChild || call.firstChild === argList) return undefined;
  return text.slice(call.firstChild.from, call.firstChild.to).replace(/\s+/g, '');
}

/** `"literal"` → `os.environ["NAME"]`, adding `import os` when the module lacks it. `s` is in the piece found at `base`. */
function environFix(name: string, s: PyString, base: number, file: FileScan): Fix | undefined {
  const envName = name.replace(/[^A-Za-z0-9_]/g, '_').replace(/^(\d)/, '_$1').toUpperCase();
  if (!envName || s.node.parent?.name === 'ContinuedString') return undefined;
  const edits: Fix['edits'] = [{ file: '', range: file.lines.rangeOf(base + s.node.from, base + s.node.to), newText: `os.environ["${envName}"]` }];
  if (!file.hasOs) {
    const at = importInsertOffset(file.text, file.top());
    const eol = file.text.includes('\r\n') ? '\r\n' : '\n';
    edits.unshift({ file: '', range: file.lines.rangeOf(at, at), newText: `import os${eol}` });
  }
  return { title: `Read ${envName} from the environment (os.environ) instead`, edits, isPreferred: true };
}

/** Before the first top-level import, else after the module docstring and `from __future__` lines, else at the top. */
function importInsertOffset(text: string, top: SyntaxNode): number {
  let after = 0;
  for (let c = top.firstChild; c; c = c.nextSibling) {
    if (c.name === 'ImportStatement' && !/^from\s+__future__\b/.test(text.slice(c.from, c.to))) return c.from;
    if (c.name === 'ExpressionStatement' && c.firstChild?.name === 'String' && after === 0) {
      after = lineEndAfter(text, c.to);
      continue;
    }
    if (c.name === 'ImportStatement') {
      after = lineEndAfter(text, c.to);
      continue;
    }
    if (c.name !== 'Comment') break;
  }
  return after;
}

function lineEndAfter(text: string, offset: number): number {
  const nl = text.indexOf('\n', offset);
  return nl < 0 ? text.length : nl + 1;
}
