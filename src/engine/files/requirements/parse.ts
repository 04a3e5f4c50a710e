/**
 * Reads a requirements or constraints file the way pip does (pip's
 * `req_file.py`): `\` continuations, comments, per-line options, includes,
 * and PEP 508 requirements, with ranges on the physical lines of the file.
 * Never throws: a line pip would reject becomes an `invalid` entry.
 */
import { parse as parseSpecifiers } from '@renovatebot/pep440/lib/specifier';
import { explain as explainVersion } from '@renovatebot/pep440/lib/version';
import { LineIndex, unreadableReason } from '../../fs/text';
import { normalizeName } from '../../knowledge/packages/pep503';
import type { Range } from '../../types';
import type { SourceFile } from '../source';
import type { InvalidRequirementLine, Requirement, RequirementFile, RequirementInclude, RequirementOption, RequirementSpec } from './model';

/** Largest requirement file read; anything bigger is not one a person wrote. */
export { MAX_TEXT_BYTES as MAX_REQUIREMENTS_BYTES } from '../../fs/text';

/** A piece of a logical line with, for every character, its offset in the file (-1 for none). */
interface Src {
  text: string;
  offs: number[];
}

function slice(s: Src, start: number, end = s.text.length): Src {
  return { text: s.text.slice(start, end), offs: s.offs.slice(start, end) };
}

function trimSrc(s: Src): Src {
  let a = 0;
  let b = s.text.length;
  while (a < b && /\s/.test(s.text[a])) a++;
  while (b > a && /\s/.test(s.text[b - 1])) b--;
  return slice(s, a, b);
}

const VCS_SCHEMES: Record<string, 'git' | 'hg' | 'svn' | 'bzr'> = {
  git: 'git',
  'git+http': 'git',
  'git+https': 'git',
  'git+ssh': 'git',
  'git+git': 'git',
  'git+file': 'git',
  'hg+file': 'hg',
  'hg+http': 'hg',
  'hg+https': 'hg',
  'hg+ssh': 'hg',
  'hg+static-http': 'hg',
  svn: 'svn',
  'svn+ssh': 'svn',
  'svn+http': 'svn',
  'svn+https': 'svn',
  'svn+svn': 'svn',
  'svn+file': 'svn',
  'bzr+http': 'bzr',
  'bzr+https': 'bzr',
  'bzr+ssh': 'bzr',
  'bzr+sftp': 'bzr',
  'bzr+ftp': 'bzr',
  'bzr+lp': 'bzr',
  'bzr+file': 'bzr',
};

function schemeOf(text: string): string | undefined {
  const i = text.indexOf(':');
  return i < 0 ? undefined : text.slice(0, i).toLowerCase();
}

/** pip's `is_url`: a scheme pip downloads from or a VCS scheme. */
function isUrl(text: string): boolean {
  const scheme = schemeOf(text);
  return scheme !== undefined && (['http', 'https', 'file', 'ftp'].includes(scheme) || scheme in VCS_SCHEMES);
}

const ARCHIVE_SUFFIXES = ['.whl', '.zip', '.tar.gz', '.tgz', '.tar', '.tar.bz2', '.tbz', '.tar.xz', '.txz', '.tlz', '.tar.lz', '.tar.lzma'];

function isArchive(path: string): boolean {
  const p = path.toLowerCase();
  return ARCHIVE_SUFFIXES.some((s) => p.endsWith(s));
}

/**
 * pip's `_looks_like_path`, narrowed to what can name a folder: pip takes such a text for a local
 * project only when that folder exists, and otherwise parses it as PEP 508 (and fails). Without the
 * disk, a single word starting with `.`, `/` or `~`, or one with `/` and no version operator, is taken
 * for a path; anything else (`pkg==1.0 // note`) is read as PEP 508.
 */
function looksLikePath(text: string): boolean {
  if (/\s/.test(text)) return false;
  if (/^[./~]/.test(text)) return true;
  return text.includes('/') && !/[=<>!~;@]/.test(text);
}

const NAME_RE = /^[A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?$/;
/** `${NAME}` as pip expands it (upper case, digits, underscore only). */
const ENV_VAR_RE = /\$\{[A-Z0-9_]+\}/g;

/** The same text with every `${NAME}` replaced by zeros of the same length: valid in names, versions and URLs. */
function maskEnvVars(text: string): string {
  return text.replace(ENV_VAR_RE, (m) => '0'.repeat(m.length));
}

// ---------------------------------------------------------------- options

interface OptionDef {
  long: string;
  short?: string;
  takesValue: boolean;
  /** Options pip applies to the requirement on the same line. */
  perRequirement?: boolean;
}

const OPTIONS: OptionDef[] = [
  { long: '--index-url', short: '-i', takesValue: true },
  { long: '--extra-index-url', takesValue: true },
  { long: '--no-index', takesValue: false },
  { long: '--constraint', short: '-c', takesValue: true },
  { long: '--requirement', short: '-r', takesValue: true },
  { long: '--editable', short: '-e', takesValue: true },
  { long: '--find-links', short: '-f', takesValue: true },
  { long: '--no-binary', takesValue: true },
  { long: '--only-binary', takesValue: true },
  { long: '--prefer-binary', takesValue: false },
  { long: '--require-hashes', takesValue: false },
  { long: '--pre', takesValue: false },
  { long: '--trusted-host', takesValue: true },
  { long: '--use-feature', takesValue: true },
  { long: '--global-option', takesValue: true, perRequirement: true },
  { long: '--hash', takesValue: true, perRequirement: true },
  { long: '--config-settings', takesValue: true, perRequirement: true },
];

interface Token {
  /** The word after shell quoting is undone. */
  value: string;
  /** File offset of each character of `value`. */
  offs: number[];
  /** Offsets in the file of the word as written (quotes included). */
  start: number;
  end: number;
}

class LineError extends Error {}

/** `shlex.split` (POSIX mode), keeping where each character came from. */
function shlexSplit(s: Src): Token[] {
  const tokens: Token[] = [];
  let cur: Token | undefined;
  const begin = (i: number) => (cur ??= { value: '', offs: [], start: s.offs[i], end: s.offs[i] + 1 });
  const add = (i: number) => {
    cur!.value += s.text[i];
    cur!.offs.push(s.offs[i]);
    cur!.end = s.offs[i] + 1;
  };
  let i = 0;
  while (i < s.text.length) {
    const ch = s.text[i];
    if (ch === ' ' || ch === '\t' || ch === '\r' || ch === '\n') {
      if (cur) tokens.push(cur);
      cur = undefined;
      i++;
    } else if (ch === '\\') {
      begin(i);
      if (i + 1 >= s.text.length) throw new LineError('a backslash at the end of the options escapes nothing');
      add(i + 1);
      cur!.end = s.offs[i + 1] + 1;
      i += 2;
    } else if (ch === "'" || ch === '"') {
      begin(i);
      let j = i + 1;
      for (;;) {
        if (j >= s.text.length) throw new LineError(`the options have a ${ch} with no closing ${ch}`);
        const c = s.text[j];
        if (c === ch) break;
        if (ch === '"' && c === '\\' && (s.text[j + 1] === '"' || s.text[j + 1] === '\\')) j++;
        add(j);
        j++;
      }
      cur!.end = s.offs[j] + 1;
      i = j + 1;
    } else {
      begin(i);
      add(i);
      i++;
    }
  }
  if (cur) tokens.push(cur);
  return tokens;
}

interface ParsedOption {
  def: OptionDef;
  /** Where the option is written (name and value). */
  start: number;
  end: number;
  value?: string;
  /** File offset of each character of the value (quotes undone). */
  valueOffs?: number[];
}

function findLong(name: string): OptionDef {
  const exact = OPTIONS.find((o) => o.long === name);
  if (exact) return exact;
  // optparse accepts any unambiguous abbreviation of a long option.
  const matches = OPTIONS.filter((o) => o.long.startsWith(name));
  if (matches.length === 1) return matches[0];
  if (matches.length > 1) throw new LineError(`\`${name}\` is ambiguous: it could be ${matches.map((m) => `\`${m.long}\``).join(' or ')}`);
  if (name === '--install-option') throw new LineError('pip no longer accepts `--install-option` (removed in pip 23.1)');
  throw new LineError(`pip has no option \`${name}\` in requirement files`);
}

/** optparse over the tokens after the requirement; positional words are ignored, as pip ignores them. */
function parseOptions(tokens: Token[]): ParsedOption[] {
  const out: ParsedOption[] = [];
  for (let k = 0; k < tokens.length; k++) {
    const t = tokens[k];
    const v = t.value;
    if (v === '--') break;
    if (!v.startsWith('-') || v === '-') continue;
    const takeNext = (def: OptionDef, name: string): ParsedOption => {
      const next = tokens[k + 1];
      if (!next) throw new LineError(`\`${name}\` needs a value`);
      k++;
      return { def, start: t.start, end: next.end, value: next.value, valueOffs: next.offs };
    };
    if (v.startsWith('--')) {
      const eq = v.indexOf('=');
      const name = eq < 0 ? v : v.slice(0, eq);
      const def = findLong(name);
      if (!def.takesValue) {
        if (eq >= 0) throw new LineError(`\`${def.long}\` takes no value`);
        out.push({ def, start: t.start, end: t.end });
      } else if (eq >= 0) {
        out.push({ def, start: t.start, end: t.end, value: v.slice(eq + 1), valueOffs: t.offs.slice(eq + 1) });
      } else {
        out.push(takeNext(def, def.long));
      }
    } else {
      const def = OPTIONS.find((o) => o.short === v.slice(0, 2));
      if (!def) throw new LineError(`pip has no option \`${v.slice(0, 2)}\` in requirement files`);
      if (v.length > 2) out.push({ def, start: t.start, end: t.end, value: v.slice(2), valueOffs: t.offs.slice(2) });
      else out.push(takeNext(def, def.short!));
    }
    const last = out[out.length - 1];
    validateOptionValue(last);
  }
  return out;
}

function validateOptionValue(o: ParsedOption): void {
  if (o.def.long === '--hash') {
    const i = o.value!.indexOf(':');
    if (i < 0) throw new LineError('`--hash` needs a hash name and a value, like `--hash=sha256:…`');
    const algo = o.value!.slice(0, i);
    if (!['sha256', 'sha384', 'sha512'].includes(algo)) throw new LineError(`\`--hash\` accepts sha256, sha384 and sha512, not ${algo}`);
  } else if (o.def.long === '--config-settings' && !o.value!.includes('=')) {
    throw new LineError('`--config-settings` needs a value of the form KEY=VALUE');
  }
}

// ---------------------------------------------------------------- PEP 508

/** A requirement read from its text; positions are indices in the Src it was read from. */
interface ReqParts {
  kind: Requirement['kind'];
  name?: [number, number];
  /** When the name comes from somewhere other than the text at `name` (a wheel file name). */
  nameText?: string;
  extras: string[];
  extrasSpan?: [number, number];
  specs: { operator: string; version: string; span: [number, number] }[];
  specifier?: [number, number];
  marker?: [number, number];
  url?: [number, number];
  pinnedFromWheel?: string;
}

const MARKER_VARIABLES = new Set([
  'python_version',
  'python_full_version',
  'os_name',
  'os.name',
  'sys_platform',
  'sys.platform',
  'platform_release',
  'platform_system',
  'platform_version',
  'platform.version',
  'platform_machine',
  'platform.machine',
  'platform_python_implementation',
  'platform.python_implementation',
  'python_implementation',
  'implementation_name',
  'implementation_version',
  'extra',
  'extras',
  'dependency_groups',
]);

/** Checks an environment marker's grammar (PEP 508); returns a message when it is wrong. */
export function markerProblem(text: string): string | undefined {
  const toks: string[] = [];
  const re = /\s*(?:(\(|\))|('[^']*'|"[^"]*")|(===|==|~=|!=|<=|>=|<|>)|(not\s+in\b|in\b|and\b|or\b)|([A-Za-z_][A-Za-z0-9_.]*)|(\S))/y;
  let m: RegExpExecArray | null;
  re.lastIndex = 0;
  while (re.lastIndex < text.length && (m = re.exec(text))) {
    if (m[6] !== undefined) return m[6] === "'" || m[6] === '"' ? 'a quoted string in the marker is not closed' : `unexpected \`${m[6]}\` in the marker`;
    toks.push(m[0].trim().replace(/\s+/g, ' '));
    if (/^\s*$/.test(text.slice(re.lastIndex))) break;
  }
  if (toks.length === 0) return 'the marker after `;` is empty';
  let k = 0;
  const isValue = (t: string | undefined) => t !== undefined && (/^['"]/.test(t) || MARKER_VARIABLES.has(t));
  const isOp = (t: string | undefined) => t !== undefined && /^(===|==|~=|!=|<=|>=|<|>|in|not in)$/.test(t);
  const expr = (): string | undefined => {
    for (;;) {
      const t = toks[k];
      if (t === '(') {
        k++;
        const p = expr();
        if (p) return p;
        if (toks[k] !== ')') return 'a `(` in the marker is not closed';
        k++;
      } else {
        if (!isValue(t)) return t && /^[A-Za-z_]/.test(t) && !/^['"]/.test(t) ? `\`${t}\` is not a marker variable` : 'the marker expects a variable or a quoted string';
        k++;
        if (!isOp(toks[k])) return 'the marker expects a comparison such as `==` or `in`';
        k++;
        if (!isValue(toks[k])) return 'the marker expects a variable or a quoted string after the comparison';
        k++;
      }
      if (toks[k] === 'and' || toks[k] === 'or') {
        k++;
        continue;
      }
      return undefined;
    }
  };
  const p = expr();
  if (p) return p;
  if (k < toks.length) return `unexpected \`${toks[k]}\` in the marker`;
  return undefined;
}

/** Reads `name[extras] specifiers ; marker` or `name[extras] @ url ; marker` (PEP 508), as packaging does. */
function parseNamed(text: string): ReqParts {
  const masked = maskEnvVars(text);
  let i = 0;
  const ws = () => {
    while (i < masked.length && /\s/.test(masked[i])) i++;
  };
  ws();
  const nameMatch = /[A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?/y;
  nameMatch.lastIndex = i;
  const nm = nameMatch.exec(masked);
  if (!nm) throw new LineError(masked[i] === '=' || masked[i] === '<' || masked[i] === '>' ? 'the line has a version but no package name' : 'pip expects a package name at the start of the line');
  const parts: ReqParts = { kind: 'named', name: [i, i + nm[0].length], extras: [], specs: [] };
  i += nm[0].length;
  ws();
  if (masked[i] === '[') {
    const close = masked.indexOf(']', i);
    if (close < 0) throw new LineError('the extras after the name have no closing `]`');
    const inner = masked.slice(i + 1, close).trim();
    if (inner !== '') {
      for (const e of inner.split(',')) {
        const x = e.trim();
        if (!NAME_RE.test(x)) throw new LineError(`\`${x || ','}\` is not a valid extra name`);
        parts.extras.push(text.slice(masked.indexOf(x, i), masked.indexOf(x, i) + x.length));
      }
    }
    parts.extrasSpan = [i, close + 1];
    i = close + 1;
    ws();
  }
  if (masked[i] === '@') {
    i++;
    ws();
    const start = i;
    while (i < masked.length && !/\s/.test(masked[i])) i++;
    if (i === start) throw new LineError('`@` is not followed by a URL');
    const url = masked.slice(start, i);
    // A URL from `${VAR}` is only known when pip runs.
    const fromVariable = /^\$\{[A-Z0-9_]+\}/.test(text.slice(start, i));
    if (!fromVariable && !/^[A-Za-z][A-Za-z0-9+.-]*:/.test(url)) throw new LineError(`\`${text.slice(start, i)}\` after \`@\` is not a URL`);
    parts.url = [start, i];
    const scheme = fromVariable ? '' : schemeOf(url)!;
    parts.kind = scheme in VCS_SCHEMES ? 'vcs' : scheme === 'file' ? 'path' : 'url';
    ws();
    if (i < masked.length) {
      if (masked[i] !== ';') throw new LineError('after the URL pip expects the end of the line or `; marker`');
      i = markerAt(masked, i, parts);
    }
    return parts;
  }
  let paren = false;
  if (masked[i] === '(') {
    paren = true;
    i++;
    ws();
  }
  const specStart = i;
  let specEnd = i;
  const opRe = /(===|~=|==|!=|<=|>=|<|>)/y;
  for (;;) {
    opRe.lastIndex = i;
    const om = opRe.exec(masked);
    if (!om) {
      if (parts.specs.length > 0) throw new LineError('a `,` in the version specifier is not followed by a version');
      break;
    }
    const opStart = i;
    i += om[0].length;
    ws();
    const vStart = i;
    while (i < masked.length && !/[\s,;)[]/.test(masked[i])) i++;
    const version = masked.slice(vStart, i);
    const written = text.slice(vStart, i);
    if (version === '') throw new LineError(`\`${om[0]}\` is not followed by a version`);
    if (!parseSpecifiers(`${om[0]}${version}`)) {
      throw new LineError(
        explainVersion(version.replace(/\.\*$/, '')) || om[0] === '===' ? `\`${om[0]}${written}\` is not a valid version specifier` : `\`${written}\` is not a valid version (PEP 440)`,
      );
    }
    parts.specs.push({ operator: om[0], version: written, span: [opStart, i] });
    specEnd = i;
    ws();
    if (masked[i] === ',') {
      i++;
      ws();
      continue;
    }
    break;
  }
  if (parts.specs.length > 0) parts.specifier = [specStart, specEnd];
  if (paren) {
    if (masked[i] !== ')') throw new LineError('the `(` before the version specifier is not closed');
    i++;
    ws();
  }
  if (i >= masked.length) return parts;
  if (masked[i] === ';') {
    i = markerAt(masked, i, parts);
    return parts;
  }
  if (masked[i] === '[') throw new LineError('extras must come before the version specifier, as in `name[extra]>=1.0`');
  if (masked[i] === '=' && parts.specs.length === 0) throw new LineError('`=` is not a version operator: use `==` to pin a version');
  if (/[A-Za-z0-9]/.test(masked[i])) {
    throw new LineError(
      parts.specs.length === 0
        ? `two package names run together (\`${text.slice(parts.name![0], parts.name![1])}\` and \`${text.slice(i).split(/\s/)[0]}\`): put each requirement on its own line`
        : `unexpected \`${text.slice(i).split(/\s/)[0]}\` after the version specifier; put each requirement on its own line, and separate specifiers with \`,\``,
    );
  }
  if (masked.startsWith('//', i)) throw new LineError('`//` does not start a comment in a requirements file: write comments after ` #`');
  throw new LineError(`unexpected \`${masked[i]}\`: pip expects a version specifier, \`; marker\` or the end of the line`);
}

function markerAt(masked: string, i: number, parts: ReqParts): number {
  let start = i + 1;
  while (start < masked.length && /\s/.test(masked[start])) start++;
  const problem = markerProblem(masked.slice(start));
  if (problem) throw new LineError(problem);
  let end = masked.length;
  while (end > start && /\s/.test(masked[end - 1])) end--;
  parts.marker = [start, end];
  return masked.length;
}

/** `name-version(-build)?-py-abi-platform.whl`. */
function wheelNameVersion(filename: string): { name: string; version: string } | undefined {
  const m = /^([^\s-]+?)-([^\s-]+?)(?:-(\d[^-]*))?-([^\s-]+?)-([^\s-]+?)-([^\s-]+?)\.whl$/i.exec(filename);
  if (!m) return undefined;
  return { name: m[1], version: m[2] };
}

// ---------------------------------------------------------------- the file

interface LogicalLine {
  src: Src;
  /** The first and last physical lines it is written on. */
  firstLine: number;
  lastLine: number;
}

/** pip's `join_lines` then `ignore_comments`. */
function logicalLines(text: string, lineStarts: readonly number[]): LogicalLine[] {
  const out: LogicalLine[] = [];
  const COMMENT_LINE = /^\s*#/;
  let pending: Src | undefined;
  let pendingFirst = 0;
  const finish = (src: Src, first: number, last: number) => {
    // COMMENT_RE = (^|\s+)#.*$ : the first `#` at the start or after whitespace ends the line.
    const m = /(^|\s+)#/.exec(src.text);
    const cut = m ? slice(src, 0, m.index) : src;
    const trimmed = trimSrc(cut);
    if (trimmed.text !== '') out.push({ src: trimmed, firstLine: first, lastLine: last });
  };
  for (let n = 0; n < lineStarts.length; n++) {
    const start = lineStarts[n];
    let end = n + 1 < lineStarts.length ? lineStarts[n + 1] - 1 : text.length;
    if (end > start && text[end - 1] === '\r') end--;
    let lineText = text.slice(start, end);
    let lineStart = start;
    if (n === 0 && lineText.startsWith('\ufeff')) {
      lineText = lineText.slice(1);
      lineStart++;
    }
    const src: Src = { text: lineText, offs: Array.from({ length: lineText.length }, (_, k) => lineStart + k) };
    const isComment = COMMENT_LINE.test(lineText);
    if (!lineText.endsWith('\\') || isComment) {
      const piece = isComment ? { text: ' ' + src.text, offs: [lineStart, ...src.offs] } : src;
      if (pending) {
        finish({ text: pending.text + piece.text, offs: [...pending.offs, ...piece.offs] }, pendingFirst, n);
        pending = undefined;
      } else {
        finish(piece, n, n);
      }
    } else {
      // line.strip("\\"): backslashes at both ends go.
      let a = 0;
      let b = src.text.length;
      while (a < b && src.text[a] === '\\') a++;
      while (b > a && src.text[b - 1] === '\\') b--;
      const piece = slice(src, a, b);
      if (!pending) {
        pending = piece;
        pendingFirst = n;
      } else {
        pending = { text: pending.text + piece.text, offs: [...pending.offs, ...piece.offs] };
      }
    }
  }
  if (pending) finish(pending, pendingFirst, lineStarts.length - 1);
  return out;
}

/** Joins a relative include to the including file's folder; undefined when it leaves the checked root or is not a local path. */
export function resolveInclude(fromFile: string, target: string): string | undefined {
  if (/^[A-Za-z][A-Za-z0-9+.-]*:/.test(target) || target.startsWith('/') || target.startsWith('~') || target.includes('${')) return undefined;
  const dir = fromFile.includes('/') ? fromFile.slice(0, fromFile.lastIndexOf('/')) : '';
  return normalizePath(dir === '' ? target : `${dir}/${target}`);
}

/** Collapses `.` and `..` in a relative path; undefined when it climbs above its start. */
export function normalizePath(path: string): string | undefined {
  const out: string[] = [];
  for (const part of path.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') {
      if (out.length === 0) return undefined;
      out.pop();
    } else out.push(part);
  }
  return out.join('/');
}

export function parseRequirementsFile(path: string, text: string, kind: 'requirements' | 'constraints'): RequirementFile {
  const file: RequirementFile = { path, kind, requirements: [], includes: [], options: [], invalid: [] };
  const skipped = unreadableReason(text);
  if (skipped) return { ...file, skipped };
  const index = new LineIndex(text);
  const lineStarts = index.lineStarts;
  const rangeOf = (start: number, end: number) => index.rangeOf(start, end);
  const srcRange = (s: Src, a: number, b: number): Range => rangeOf(s.offs[a], s.offs[b - 1] + 1);

  for (const line of logicalLines(text, lineStarts)) {
    const { src } = line;
    const lineRange = srcRange(src, 0, src.text.length);
    const fullRange: Range = {
      start: { line: line.firstLine, character: 0 },
      end: line.lastLine + 1 < lineStarts.length ? { line: line.lastLine + 1, character: 0 } : index.positionAt(text.length),
    };
    try {
      readLine(src);
    } catch (err) {
      if (!(err instanceof LineError)) throw err;
      file.invalid.push({ range: lineRange, text: src.text, message: err.message } satisfies InvalidRequirementLine);
    }

    function readLine(s: Src): void {
      // break_args_options: the first space-separated word starting with `-` begins the options.
      let p = -1;
      for (let k = 0; k < s.text.length; k++) {
        if (s.text[k] === '-' && (k === 0 || s.text[k - 1] === ' ')) {
          p = k;
          break;
        }
      }
      const args = p < 0 ? s : slice(s, 0, Math.max(0, p - 1));
      const optionSrc = p < 0 ? { text: '', offs: [] } : slice(s, p);
      const options = parseOptions(shlexSplit(optionSrc));
      const reqArgs = trimSrc(args);
      if (reqArgs.text !== '') {
        const req = readRequirement(reqArgs, false);
        for (const o of options) {
          if (o.def.long === '--hash') req.hashes.push(o.value!);
        }
        file.requirements.push(req);
        return;
      }
      const editable = options.find((o) => o.def.long === '--editable');
      if (editable) {
        const valueSrc: Src = { text: editable.value!, offs: editable.valueOffs! };
        file.requirements.push(readRequirement(valueSrc, true));
        return;
      }
      const include = options.find((o) => o.def.long === '--requirement') ?? options.find((o) => o.def.long === '--constraint');
      if (include) {
        const target = include.value!;
        if (target === '') throw new LineError(`\`${include.def.long}\` needs a file`);
        file.includes.push({
          kind: include.def.long === '--requirement' ? 'requirement' : 'constraint',
          target,
          resolved: resolveInclude(path, target),
          range: rangeOf(include.start, include.end),
          targetRange: valueRange(include),
        } satisfies RequirementInclude);
        return;
      }
      for (const o of options) {
        if (o.def.perRequirement) continue;
        const opt: RequirementOption = { name: o.def.long, range: rangeOf(o.start, o.end) };
        if (o.value !== undefined) {
          opt.value = o.value;
          opt.valueRange = valueRange(o);
        }
        file.options.push(opt);
      }
    }

    function valueRange(o: ParsedOption): Range {
      const offs = o.valueOffs!;
      return offs.length ? rangeOf(offs[0], offs[offs.length - 1] + 1) : rangeOf(o.end, o.end);
    }

    function readRequirement(s: Src, editable: boolean): Requirement {
      const req: Requirement = {
        file: path,
        range: lineRange,
        fullRange,
        kind: 'named',
        extras: [],
        specifier: '',
        specs: [],
        editable,
        hashes: [],
      };
      const put = (parts: ReqParts, base: Src) => {
        req.kind = parts.kind;
        req.extras = parts.extras;
        if (parts.name) {
          req.name = parts.nameText ?? base.text.slice(parts.name[0], parts.name[1]);
          req.nameRange = srcRange(base, parts.name[0], parts.name[1]);
        } else if (parts.nameText) req.name = parts.nameText;
        if (req.name !== undefined) req.normalizedName = normalizeName(req.name);
        if (parts.extrasSpan) req.extrasRange = srcRange(base, parts.extrasSpan[0], parts.extrasSpan[1]);
        if (parts.specifier) {
          req.specifier = base.text.slice(parts.specifier[0], parts.specifier[1]);
          req.specifierRange = srcRange(base, parts.specifier[0], parts.specifier[1]);
        }
        req.specs = parts.specs.map((sp): RequirementSpec => ({ operator: sp.operator, version: sp.version, range: srcRange(base, sp.span[0], sp.span[1]) }));
        if (parts.marker) req.marker = base.text.slice(parts.marker[0], parts.marker[1]);
        if (parts.url) {
          req.url = base.text.slice(parts.url[0], parts.url[1]);
          req.urlRange = srcRange(base, parts.url[0], parts.url[1]);
        }
        const exact = req.specs.find((sp) => (sp.operator === '==' || sp.operator === '===') && !sp.version.endsWith('.*') && !sp.version.includes('${'));
        if (exact) req.pinnedVersion = exact.version;
        else if (parts.pinnedFromWheel) req.pinnedVersion = parts.pinnedFromWheel;
      };

      if (editable) {
        const parts = readEditable(s.text);
        put(parts, s);
        if (req.url && req.kind === 'vcs') req.vcs = readVcs(req.url, s, parts.url!);
      } else {
        const parts = readRequirementText(s.text);
        put(parts, s);
        if (req.url && req.kind === 'vcs') req.vcs = readVcs(req.url, s, parts.url!);
      }
      if (kind === 'constraints') {
        if (!req.name) throw new LineError('a constraints file can only hold named requirements: this one has no package name');
        if (editable) throw new LineError('a constraints file cannot hold editable (`-e`) requirements');
        if (req.extras.length > 0) throw new LineError('a constraints file cannot hold extras (`[…]`): constrain the package without them');
      }
      return req;
    }

    function readVcs(url: string, s: Src, span: [number, number]): Requirement['vcs'] {
      const scheme = VCS_SCHEMES[schemeOf(url)!];
      // pip: urlsplit the URL without `vcs+`; a revision is the part after the last `@` of the path.
      const rest = url.indexOf('://');
      const pathStart = rest < 0 ? url.indexOf(':') + 1 : url.indexOf('/', rest + 3);
      if (pathStart < 0) return { scheme };
      const stop = url.slice(pathStart).search(/[?#]/);
      const pathEnd = stop < 0 ? url.length : pathStart + stop;
      const at = url.lastIndexOf('@', pathEnd - 1);
      if (at < pathStart) return { scheme };
      const revision = url.slice(at + 1, pathEnd);
      if (revision === '') return { scheme };
      return { scheme, revision, revisionRange: srcRange(s, span[0] + at + 1, span[0] + pathEnd) };
    }
  }
  return file;
}

/** pip's `parse_req_from_line` for one requirement. */
function readRequirementText(text: string): ReqParts {
  const masked = maskEnvVars(text);
  const url = isUrl(masked);
  const sep = url ? '; ' : ';';
  const cut = masked.indexOf(sep);
  const body = cut < 0 ? text : text.slice(0, cut);
  const bodyMasked = cut < 0 ? masked : masked.slice(0, cut);
  let end = body.length;
  while (end > 0 && /\s/.test(body[end - 1])) end--;
  const withMarker = (parts: ReqParts): ReqParts => {
    if (cut >= 0) {
      let start = cut + sep.length;
      while (start < masked.length && /\s/.test(masked[start])) start++;
      let mEnd = masked.length;
      while (mEnd > start && /\s/.test(masked[mEnd - 1])) mEnd--;
      if (mEnd > start) {
        const problem = markerProblem(masked.slice(start, mEnd));
        if (problem) throw new LineError(problem);
        parts.marker = [start, mEnd];
      }
    }
    return parts;
  };
  if (url) {
    return withMarker(readLink(text, bodyMasked.slice(0, end), 0, end));
  }
  // `name @ url` is PEP 508 even though it contains `/`.
  const direct = /^\s*[A-Za-z0-9][A-Za-z0-9._-]*\s*(\[[^\]]*\])?\s*@/.test(masked);
  if (!direct) {
    const pathText = bodyMasked.slice(0, end);
    const extras = /^(.+)(\[[^\]]+\])$/.exec(pathText);
    const bare = extras ? extras[1] : pathText;
    if (isArchive(bare) || looksLikePath(bare)) {
      const parts: ReqParts = { kind: 'path', extras: [], specs: [], url: [0, bare.length] };
      if (extras) {
        parts.extrasSpan = [bare.length, pathText.length];
        parts.extras = extras[2]
          .slice(1, -1)
          .split(',')
          .map((e) => e.trim())
          .filter(Boolean);
      }
      const base = bare.slice(bare.lastIndexOf('/') + 1);
      if (bare.toLowerCase().endsWith('.whl')) {
        const wheel = wheelNameVersion(base);
        if (!wheel) throw new LineError(`\`${base}\` is not a valid wheel file name`);
        parts.nameText = wheel.name;
        parts.pinnedFromWheel = wheel.version;
      }
      return withMarker(parts);
    }
  }
  return parseNamed(text);
}

/** A URL requirement: a wheel (name and version from its file name), an archive or a VCS URL (name from `#egg=`). */
function readLink(text: string, masked: string, start: number, end: number): ReqParts {
  const url = masked.slice(start, end);
  const scheme = schemeOf(url)!;
  const parts: ReqParts = { kind: scheme in VCS_SCHEMES ? 'vcs' : scheme === 'file' ? 'path' : 'url', extras: [], specs: [], url: [start, end] };
  const hash = url.indexOf('#');
  const pathPart = (hash < 0 ? url : url.slice(0, hash)).replace(/\?.*$/, '');
  const filename = pathPart.slice(pathPart.lastIndexOf('/') + 1);
  if (filename.toLowerCase().endsWith('.whl') && parts.kind !== 'vcs') {
    const wheel = wheelNameVersion(decodeURIComponentSafe(filename));
    if (!wheel) throw new LineError(`\`${filename}\` is not a valid wheel file name`);
    parts.nameText = wheel.name;
    parts.pinnedFromWheel = wheel.version;
    return parts;
  }
  const egg = /[#&]egg=([^&]*)/.exec(url);
  if (egg && egg[1] !== '') {
    const eggStart = start + egg.index + egg[0].length - egg[1].length;
    const inner = parseNamed(text.slice(eggStart, eggStart + egg[1].length));
    parts.name = [eggStart + inner.name![0], eggStart + inner.name![1]];
    parts.extras = inner.extras;
    if (inner.specs.length) {
      parts.specs = inner.specs.map((sp) => ({ ...sp, span: [eggStart + sp.span[0], eggStart + sp.span[1]] as [number, number] }));
      parts.specifier = [eggStart + inner.specifier![0], eggStart + inner.specifier![1]];
    }
  }
  return parts;
}

function decodeURIComponentSafe(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

/** pip's `parse_editable`: a local project folder (with extras) or a VCS URL with `#egg=`. */
function readEditable(text: string): ReqParts {
  const masked = maskEnvVars(text);
  const extras = /^(.+)(\[[^\]]+\])$/.exec(masked);
  const bare = extras ? extras[1] : masked;
  let scheme = schemeOf(bare);
  if (scheme && ['git', 'hg', 'svn', 'bzr'].includes(scheme) && !bare.toLowerCase().startsWith(`${scheme}://`)) scheme = `${scheme}+${scheme}`;
  if (scheme === 'file' || !isUrl(bare)) {
    if (scheme !== 'file' && /^[A-Za-z][A-Za-z0-9+.-]*:\/\//.test(bare)) {
      throw new LineError(`\`-e ${text}\` is neither a local folder nor a VCS URL (git+…, hg+…, svn+…, bzr+…)`);
    }
    const parts: ReqParts = { kind: 'path', extras: [], specs: [], url: [0, bare.length] };
    if (extras) {
      parts.extrasSpan = [bare.length, masked.length];
      parts.extras = extras[2]
        .slice(1, -1)
        .split(',')
        .map((e) => e.trim())
        .filter(Boolean);
    }
    const egg = /[#&]egg=([^&]*)/.exec(bare);
    if (egg && egg[1] !== '') {
      const eggStart = egg.index + egg[0].length - egg[1].length;
      const inner = parseNamed(text.slice(eggStart, eggStart + egg[1].length));
      parts.name = [eggStart + inner.name![0], eggStart + inner.name![1]];
    }
    return parts;
  }
  if (!(scheme! in VCS_SCHEMES)) throw new LineError(`\`-e ${text}\` is neither a local folder nor a VCS URL (git+…, hg+…, svn+…, bzr+…)`);
  const parts = readLink(text, masked, 0, masked.length);
  if (!parts.name) throw new LineError('pip cannot tell the package name of this editable VCS requirement: add `#egg=name` to the URL');
  return parts;
}

/** A requirement file's model, made once per file (`file.model(requirementsModel)`). */
export function requirementsModel(file: SourceFile): RequirementFile {
  return parseRequirementsFile(file.path, file.text, 'requirements');
}

/** A constraint file's model, made once per file. */
export function constraintsModel(file: SourceFile): RequirementFile {
  return parseRequirementsFile(file.path, file.text, 'constraints');
}
