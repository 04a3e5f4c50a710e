/**
 * Literal credentials in Python code, read with a real parser
 * (`@lezer/python`, error-tolerant): string literals assigned to sensitive
 * names, passed as sensitive keyword arguments or parameter defaults, stored
 * under sensitive dictionary keys, a `Connection(…)` with a password, and
 * URLs with a password in any string. Never judged: f-strings, `.format` and
 * `%` templates, and anything that is not a literal (`os.environ[…]`,
 * `os.getenv(…)`, `Variable.get(…)`, `BaseHook.get_connection(…)`), nor
 * Jinja templates (the detectors treat `{{ … }}` as a reference).
 *
 * A cheap lexical reading (pythonCandidates) finds where a literal may be
 * given to a sensitive name; only the statements holding those places are
 * parsed, each alone, and the whole module only when one does not parse alone.
 */
import type { SyntaxNode, Tree } from '@lezer/common';
import { calleeOf, parsePythonHeader, parsePythonTree, parseStatementsAt, readPythonModule } from '../../files/python';
import type { SourceFile } from '../../files/source';
import { isPlaceholder, isReference, isSensitiveName, judgeAssignment, maskPreview } from '../../knowledge/secrets/detect';
import type { Fix } from '../../types';
import { known, memoOf, siblingsOf, urlCredentials, urlUserInfos, type FileScan, type Found, type Siblings } from './found';

/**
 * Credentials in one Python file of the project: the literals the parser
 * judges, and known formats in comments and other strings. The parser's
 * verdict on a literal wins over the text scan's (a demo login it leaves out
 * is not found again as `"password": "…"` text).
 */
export function scanPythonFile(file: SourceFile): FileScan {
  const candidates = pythonCandidates(file.text);
  const judged: [number, number][] = [];
  const parsed = candidates.length > 0 ? scanPython(file, candidates, judged) : [];
  const text = known(file.text, 'python', 'a comment or string', 0, undefined, memoOf(file)).filter((f) => !judged.some(([from, to]) => f.start < to && from < f.end));
  return { found: [...text, ...parsed], problems: [] };
}

/** `=` or `:` before a string literal; the name before it is read backwards (a regex anchored on the name would start at every letter). */
const PY_LITERAL_AFTER = /[:=][ \t]*(?:\([ \t\r\n]{0,64})?[rRbBuU]{0,2}["']/g;

/** Calls whose first two arguments are a name and its value: setters, options, configuration, environment defaults. */
const SETTER_CALLEE = /(?:^|\.)(?:option|options|config|conf|set|setdefault|putenv|getenv|get|setenv|put|add|update|param|setProperty|set_option|setConf|setOption|header|add_header|hset)$/;

/** `auth=("etl", "…")`, `HTTPBasicAuth(`: where a user name and a password may be given together. */
const PY_AUTH_PAIR = /\b(?:(?:auth|basic_auth|http_auth)[ \t]*=[ \t]*\([ \t\r\n]{0,64}[rRbBuU]{0,2}["']|(?:HTTPBasicAuth|HTTPDigestAuth|HTTPProxyAuth|BasicAuth|DigestAuth)\()/g;
/** `name="DB_PASSWORD"` (a `value=` beside it is named by it). */
const PY_NAMED_VALUE = /\b(?:name|key)[ \t]*=[ \t]*["']([A-Za-z_][A-Za-z0-9_.-]{0,127})["']/g;

/** Calls whose two first arguments are a user name and its password. */
const BASIC_AUTH_CALLEE = /(?:^|\.)(?:HTTPBasicAuth|HTTPDigestAuth|HTTPProxyAuth|BasicAuth|DigestAuth)$/;

/** `.option("password", "…")`, `os.getenv("API_KEY", "…")`, `os.environ.setdefault("NAME", "…")`, `Variable.set(…)`: a name and a value given as two literals. */
const PY_SETTER_CALL = /\b(?:option|options|config|conf|set|setdefault|putenv|getenv|get|setenv|put|add|update|param|setProperty|set_option|setConf|setOption|header|add_header|hset)\([ \t\r\n]{0,64}["']([A-Za-z_][A-Za-z0-9_.-]{0,127})["'][ \t\r\n]{0,64},[ \t\r\n]{0,64}[rRbBuU]{0,2}["']/g;

function isWordChar(c: number): boolean {
  // Python names may hold letters beyond ASCII (`contraseña`).
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || (c >= 0xc0 && c !== 0xd7 && c !== 0xf7);
}

/**
 * Where a Python file may give a string literal to a sensitive name (the
 * literal's opening quote), or hold a URL with a password (the URL's user
 * part): the cheap reading that decides what is parsed. Known formats are
 * found without parsing; a file with no candidate is not parsed at all.
 */
export function pythonCandidates(text: string): number[] {
  const out: number[] = [];
  if (text.includes('://')) for (const u of urlUserInfos(text)) if (u.password) out.push(u.userStart);
  for (const m of text.matchAll(PY_LITERAL_AFTER)) {
    let end = m.index!;
    while (end > 0 && (text[end - 1] === ' ' || text[end - 1] === '\t')) end--;
    if (end > 0 && (text[end - 1] === '"' || text[end - 1] === "'")) end--;
    let start = end;
    while (start > 0 && isWordChar(text.charCodeAt(start - 1))) start--;
    if (start === end) continue;
    const name = text.slice(start, end);
    const quote = m.index! + m[0].length - 1;
    // isSensitiveName is memoized (classifyName): code repeats the same few hundred names.
    if (isSensitiveName(name) && literalMayBeSecret(name, text, quote)) out.push(quote);
  }
  for (const m of text.matchAll(PY_SETTER_CALL)) {
    const quote = m.index! + m[0].length - 1;
    if (isSensitiveName(m[1]) && literalMayBeSecret(m[1], text, quote)) out.push(quote);
  }
  // A user name and its password: `auth=("etl", "…")`, `HTTPBasicAuth("etl", "…")`; a value named by `name="DB_PASSWORD"`.
  if (text.includes('uth')) for (const m of text.matchAll(PY_AUTH_PAIR)) out.push(m.index!);
  for (const m of text.matchAll(PY_NAMED_VALUE)) if (isSensitiveName(m[1])) out.push(m.index!);
  return out;
}

/**
 * Whether the string literal whose quote is at `quote` may be judged a secret
 * when given to `name` (the same judgement the parsed scan makes; anything
 * this cheap reading cannot tell, such as a triple-quoted or unterminated
 * literal, counts as "may").
 */
function literalMayBeSecret(name: string, text: string, quote: number): boolean {
  const q = text[quote];
  if (text[quote + 1] === q && text[quote + 2] === q) return true;
  let end = quote + 1;
  while (end < text.length && text[end] !== q && text[end] !== '\n') end += text[end] === '\\' ? 2 : 1;
  if (text[end] !== q) return true;
  let start = quote;
  while (start > 0 && /[rRbBuUfF]/.test(text[start - 1])) start--;
  // The same name and literal recur (and, as a file is typed in, recur from one check to the next): judged once.
  const key = `${name}\u0000${text.slice(start, end + 1)}`;
  let verdict = judgedLiterals.get(key);
  if (verdict === undefined) {
    if (judgedLiterals.size >= 20_000) judgedLiterals.clear();
    judgedLiterals.set(key, (verdict = judgeCandidate(name, text, start, quote, end)));
  }
  return verdict;
}

const judgedLiterals = new Map<string, boolean>();

function judgeCandidate(name: string, text: string, start: number, quote: number, end: number): boolean {
  if (/[fF]/.test(text.slice(start, quote))) return false;
  const value = text.slice(quote + 1, end);
  if (value === '' || isPlaceholder(value) || isReference(value)) return false;
  // Connection(password="…") and the like are judged without a randomness test.
  return /pass|pwd/i.test(name) || judgeAssignment(name, text.slice(start, end + 1), 'python') !== undefined;
}

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
interface PythonScan {
  file: SourceFile;
  /** File offsets of every literal judged, reported or not. */
  judged: [number, number][];
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
export function scanPython(file: SourceFile, at?: readonly number[], judged: [number, number][] = []): Found[] {
  const scan: PythonScan = { file, judged, top: () => file.model(parsePythonHeader).topNode, seen: new Set(), out: [] };
  const statements = at ? parseStatementsAt(file, at) : undefined;
  if (statements) {
    for (const { tree, source, from } of statements) walk(tree, source, from, scan);
    return scan.out;
  }
  const tree = file.model(parsePythonTree);
  scan.top = () => tree.topNode;
  walk(tree, file.text, 0, scan);
  return scan.out;
}

/** The literals of one parsed piece of the file: `source` is the text the tree was parsed from, found at `base` in the file. */
function walk(tree: Tree, source: string, base: number, scan: PythonScan): void {
  const judgeLiteral = (name: string, s: PyString, where: string, { force = false, fixable = true, siblings }: { force?: boolean; fixable?: boolean; siblings?: Siblings } = {}) => {
    if (scan.seen.has(base + s.start) || isTemplate(s, source)) return;
    scan.seen.add(base + s.start);
    scan.judged.push([base + s.node.from, base + s.node.to]);
    // A password equal to the user name beside it is a demo or default login.
    if (siblings?.user !== undefined && s.value === siblings.user) return;
    // The python context takes the literal as written, prefix and quotes included; offsets are then relative to the node.
    const judged = judgeAssignment(name, source.slice(s.node.from, s.node.to), 'python');
    let hit = judged && { ...judged, start: s.node.from + judged.start, end: s.node.from + judged.end };
    if (!hit && force && s.value !== '' && !isPlaceholder(s.value) && !isReference(s.value)) hit = { kind: 'password', start: s.start, end: s.start + s.value.length, preview: maskPreview(s.value, 'password') };
    if (!hit) return;
    const found: Found = { start: base + hit.start, end: base + hit.end, kind: hit.kind, special: hit.special, preview: hit.preview, where, host: siblings?.host };
    const fix = fixable ? environFix(name, s, base, scan) : undefined;
    if (fix) found.fixes = [fix];
    scan.out.push(found);
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
          const callee = node.name === 'ArgList' ? calleeOf(node, source) : undefined;
          const isConnection = callee !== undefined && /(^|\.)Connection$/.test(callee);
          // `.option("password", "…")`, `.config("spark.hadoop.fs.s3a.secret.key", "…")`, `os.getenv("API_KEY", "…")`,
          // `os.environ.setdefault("NAME", "…")`, `Variable.set("name", "…")`: the first literal names the second.
          // No fix: the call itself sets (or defaults) the value, and the literal should go.
          if (callee !== undefined && SETTER_CALLEE.test(callee)) {
            const args = [...argumentsOf(node)];
            const key = stringOf(args[0] ?? null, source);
            const s = stringOf(args[1] ?? null, source);
            if (key && s) judgeLiteral(key.value, s, `\`${key.value}\` of \`${callee}(…)\``, { fixable: false });
          }
          // `HTTPBasicAuth("etl", "…")`, `aiohttp.BasicAuth("etl", "…")`: a user name, then its password.
          if (callee !== undefined && BASIC_AUTH_CALLEE.test(callee)) {
            const [user, password] = [...argumentsOf(node)].map((a) => stringOf(a, source));
            if (password) judgeLiteral('password', password, `the password of \`${callee}(…)\``, { force: true, fixable: false, siblings: { user: user?.value } });
          }
          const keywords: [string, SyntaxNode][] = [];
          for (let c = node.firstChild; c; c = c.nextSibling) {
            if (c.name === 'VariableName' && c.nextSibling?.name === 'AssignOp' && c.nextSibling.nextSibling) keywords.push([source.slice(c.from, c.to), c.nextSibling.nextSibling]);
          }
          const siblings = siblingsOf(keywords.map(([name, value]) => [name, stringOf(value, source)?.value]));
          // `V1EnvVar(name="DB_PASSWORD", value="…")`: the value is named by its sibling.
          const named = keywords.find(([name]) => name === 'name' || name === 'key');
          const namedAs = named ? stringOf(named[1], source)?.value : undefined;
          for (const [name, value] of keywords) {
            // `auth=("etl", "…")` (requests, httpx): a user name and its password.
            if ((name === 'auth' || name === 'basic_auth' || name === 'http_auth') && value.name === 'TupleExpression') {
              const [user, password] = [...tupleItems(value)].map((a) => stringOf(a, source));
              if (password) judgeLiteral('password', password, `\`${name}=\` of \`${callee ?? 'a call'}(…)\``, { force: true, fixable: false, siblings: { ...siblings, user: user?.value } });
              continue;
            }
            const s = stringOf(value, source);
            if (!s) continue;
            if (name === 'value' && namedAs) {
              judgeLiteral(namedAs, s, `\`${namedAs}\` of \`${callee ?? 'a call'}(…)\``, { fixable: false, siblings });
              continue;
            }
            const where = callee ? `\`${name}=\` of \`${callee}(…)\`` : `the default of \`${name}\``;
            judgeLiteral(name, s, where, { force: isConnection && name === 'password', siblings });
          }
          break;
        }
        case 'DictionaryExpression': {
          const entries: [PyString, SyntaxNode | null][] = [];
          for (let c = node.firstChild; c; c = c.nextSibling) {
            if (c.name !== 'String' || c.nextSibling?.name !== ':') continue;
            const key = stringOf(c, source);
            if (key) entries.push([key, c.nextSibling.nextSibling]);
          }
          const siblings = siblingsOf(entries.map(([key, value]) => [key.value, stringOf(value, source)?.value]));
          for (const [key, value] of entries) {
            const s = stringOf(value, source);
            if (s) judgeLiteral(key.value, s, `dictionary key \`${key.value}\``, { siblings });
          }
          break;
        }
        case 'String': {
          const s = stringOf(node, source);
          if (s && !isTemplate(s, source)) scan.out.push(...urlCredentials(s.value, 'python', base + s.start, 'a URL in a string'));
          break;
        }
        default:
          break;
      }
      return undefined;
    },
  });
}

/** The items of a tuple `(a, b)`. */
function* tupleItems(tuple: SyntaxNode): Generator<SyntaxNode> {
  for (let c = tuple.firstChild; c; c = c.nextSibling) if (c.name !== '(' && c.name !== ')' && c.name !== ',') yield c;
}

/** The positional arguments of an argument list (its nodes between the brackets and commas). */
function* argumentsOf(argList: SyntaxNode): Generator<SyntaxNode> {
  for (let c = argList.firstChild; c; c = c.nextSibling) {
    if (c.name === '(' || c.name === ')' || c.name === ',') continue;
    if (c.nextSibling?.name === 'AssignOp' || c.prevSibling?.name === 'AssignOp') return; // keywords follow
    yield c;
  }
}

/** `"literal"` → `os.environ["NAME"]`, adding `import os` when the module lacks it. `s` is in the piece found at `base`. */
function environFix(name: string, s: PyString, base: number, scan: PythonScan): Fix | undefined {
  const file = scan.file;
  const envName = name.replace(/[^A-Za-z0-9_]/g, '_').replace(/^(\d)/, '_$1').toUpperCase();
  if (!envName || s.node.parent?.name === 'ContinuedString') return undefined;
  const edits: Fix['edits'] = [{ file: '', range: file.lines.rangeOf(base + s.node.from, base + s.node.to), newText: `os.environ["${envName}"]` }];
  if (!file.model(readPythonModule).importsOs) {
    const at = importInsertOffset(file.text, scan.top());
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
