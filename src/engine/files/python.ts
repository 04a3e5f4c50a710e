/**
 * Python source as the secret scanners read it: a lexical pass that finds
 * where each logical line starts (strings, comments, brackets and backslash
 * continuations understood), and parsing with `@lezer/python` (error
 * tolerant) of a whole module, or of single statements on demand, so that a
 * file is parsed only where something may need a parse.
 */
import { parser } from '@lezer/python';
import type { SyntaxNode, Tree } from '@lezer/common';
import type { SourceFile } from './source';

export interface PythonModule {
  /** Where each logical line starts (the first is 0). */
  starts: readonly number[];
  /** Whether the module imports `os` under its own name. */
  importsOs: boolean;
}

export function readPythonModule(file: SourceFile): PythonModule {
  return { starts: logicalLineStarts(file.text), importsOs: /^[ \t]*import[ \t]+(?:[\w.]+[ \t]*,[ \t]*)*os\b(?![ \t]+as)/m.test(file.text) };
}

/** The whole module, parsed once. */
export function parsePythonTree(file: SourceFile): Tree {
  return parser.parse(file.text);
}

/** The module's header (docstring, comments and imports, up to the first other top-level statement), parsed once. */
export function parsePythonHeader(file: SourceFile): Tree {
  return parser.parse(file.text.slice(0, moduleHeaderEnd(file.text, file.model(readPythonModule).starts)));
}

/** One statement parsed alone: `source` is the text the tree was parsed from, found at `from` in the file. */
export interface ParsedStatement {
  tree: Tree;
  source: string;
  from: number;
}

/** What is appended to a statement that does not parse alone: the body of a `def …:` or `if …:` line, the function under a decorator. */
const COMPLETIONS = ['', '\n pass', '\ndef _(): pass'];

/** The statements holding the offsets, each parsed alone; undefined when one of them does not parse. */
export function parseStatementsAt(file: SourceFile, at: readonly number[]): ParsedStatement[] | undefined {
  const text = file.text;
  const starts = file.model(readPythonModule).starts;
  const windows = new Map<number, number>();
  for (const offset of at) {
    const k = lastAtOrBefore(starts, offset);
    let from = starts[k];
    while (text[from] === ' ' || text[from] === '\t' || text[from] === '\f') from++;
    windows.set(from, k + 1 < starts.length ? starts[k + 1] : text.length);
  }
  const out: ParsedStatement[] = [];
  for (const [from, to] of windows) {
    const statement = text.slice(from, to);
    let parsed: ParsedStatement | undefined;
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

/** The callee of a call's argument list (`requests.get`, `models.DAG`), spaces removed; undefined for an argument list of anything else. */
export function calleeOf(argList: SyntaxNode, source: string): string | undefined {
  const call = argList.parent;
  // (lezer makes a new node object at each visit: nodes are compared by position)
  if (call?.name !== 'CallExpression' || !call.firstChild || call.firstChild.from === argList.from) return undefined;
  return source.slice(call.firstChild.from, call.firstChild.to).replace(/\s+/g, '');
}

/** The name of the decorator an argument list belongs to (`dag` for `@dag(…)`), spaces removed; undefined for an argument list of anything else. */
export function decoratorOf(argList: SyntaxNode, source: string): string | undefined {
  const decorator = argList.parent;
  return decorator?.name === 'Decorator' ? source.slice(decorator.from + 1, argList.from).replace(/\s+/g, '') : undefined;
}
