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
import type { SyntaxNode } from '@lezer/common';
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

export function scanPython(text: string): Found[] {
  const tree = parser.parse(text);
  const out: Found[] = [];
  const lines = new LineIndex(text);
  const imports = { os: /^[ \t]*import[ \t]+(?:[\w.]+[ \t]*,[ \t]*)*os\b(?![ \t]+as)/m.test(text) };
  const seen = new Set<number>();

  const judgeLiteral = (name: string, s: PyString, where: string, force = false) => {
    if (seen.has(s.start) || isTemplate(s, text)) return;
    seen.add(s.start);
    // The python context takes the literal as written, prefix and quotes included; offsets are then relative to the node.
    const judged = judgeAssignment(name, text.slice(s.node.from, s.node.to), 'python');
    let hit = judged && { ...judged, start: s.node.from + judged.start, end: s.node.from + judged.end };
    if (!hit && force && s.value !== '' && !isPlaceholder(s.value) && !isReference(s.value)) hit = { kind: 'password', start: s.start, end: s.start + s.value.length, preview: maskPreview(s.value, 'password') };
    if (!hit) return;
    const found: Found = { start: hit.start, end: hit.end, kind: hit.kind, special: hit.special, preview: hit.preview, where };
    const fix = environFix(name, s, text, lines, imports.os, tree.topNode);
    if (fix) found.fixes = [fix];
    out.push(found);
  };

  tree.iterate({
    enter: (ref) => {
      const node = ref.node;
      switch (node.name) {
        case 'FormatString':
          return false;
        case 'AssignStatement': {
          const value = node.lastChild;
          const s = stringOf(value, text);
          if (!s) break;
          // Every target before the value: `a = b = "x"`.
          for (let c = node.firstChild; c && c !== value; c = c.nextSibling) {
            const name = targetName(c, text);
            if (name) {
              judgeLiteral(name, s, `\`${name}\``);
              break;
            }
          }
          break;
        }
        case 'ArgList':
        case 'ParamList': {
          const callee = node.name === 'ArgList' ? calleeName(node, text) : undefined;
          const isConnection = callee !== undefined && /(^|\.)Connection$/.test(callee);
          for (let c = node.firstChild; c; c = c.nextSibling) {
            if (c.name !== 'VariableName' || c.nextSibling?.name !== 'AssignOp') continue;
            const name = text.slice(c.from, c.to);
            const s = stringOf(c.nextSibling.nextSibling, text);
            if (!s) continue;
            const where = callee ? `\`${name}=\` of \`${callee}(…)\`` : `the default of \`${name}\``;
            judgeLiteral(name, s, where, isConnection && name === 'password');
          }
          break;
        }
        case 'DictionaryExpression': {
          for (let c = node.firstChild; c; c = c.nextSibling) {
            if (c.name !== 'String' || c.nextSibling?.name !== ':') continue;
            const key = stringOf(c, text);
            const s = stringOf(c.nextSibling.nextSibling, text);
            if (key && s) judgeLiteral(key.value, s, `dictionary key \`${key.value}\``);
          }
          break;
        }
        case 'String': {
          const s = stringOf(node, text);
          if (s && !isTemplate(s, text)) out.push(...urlCredentials(s.value, 'python', s.start, 'a URL in a string'));
          break;
        }
        default:
          break;
      }
      return undefined;
    },
  });
  return out;
}

function calleeName(argList: SyntaxNode, text: string): string | undefined {
  const call = argList.parent;
  if (call?.name !== 'CallExpression' || !call.firstChild || call.firstChild === argList) return undefined;
  return text.slice(call.firstChild.from, call.firstChild.to).replace(/\s+/g, '');
}

/** `"literal"` → `os.environ["NAME"]`, adding `import os` when the module lacks it. */
function environFix(name: string, s: PyString, text: string, lines: LineIndex, hasOs: boolean, top: SyntaxNode): Fix | undefined {
  const envName = name.replace(/[^A-Za-z0-9_]/g, '_').replace(/^(\d)/, '_$1').toUpperCase();
  if (!envName || s.node.parent?.name === 'ContinuedString') return undefined;
  const edits: Fix['edits'] = [{ file: '', range: lines.rangeOf(s.node.from, s.node.to), newText: `os.environ["${envName}"]` }];
  if (!hasOs) {
    const at = importInsertOffset(text, top);
    const eol = text.includes('\r\n') ? '\r\n' : '\n';
    edits.unshift({ file: '', range: lines.rangeOf(at, at), newText: `import os${eol}` });
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
