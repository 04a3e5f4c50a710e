/**
 * JSON files (configuration, exported connections and variables, data,
 * Jupyter notebooks): the value, parsed natively (with `jsonc-parser`
 * when the text has comments or trailing commas), and, on demand, where a
 * value is written: `jsonc-parser`'s tree, built only for a file where
 * something has to be located, and the text of a string literal with, for
 * each of its characters, where it is written in the file (escapes undone).
 */
import { findNodeAtLocation, getNodeValue, parseTree, type JSONPath, type Node as JsonNode, type ParseError } from 'jsonc-parser';
import type { SourceFile } from './source';

export type { JSONPath } from 'jsonc-parser';

export interface JsonFile {
  value?: unknown;
  /** Why the text is not read as JSON (`not valid JSON at line 3`). */
  problem?: string;
}

export function parseJsonFile(file: SourceFile): JsonFile {
  const text = file.text.charCodeAt(0) === 0xfeff ? file.text.slice(1) : file.text;
  try {
    return { value: JSON.parse(text) };
  } catch {
    const tree = file.model(jsonTree);
    if (tree.root) return { value: getNodeValue(tree.root) };
    return { problem: tree.problem };
  }
}

/** The tree of a JSON file with every node's offset: built once, and only where a value must be located. */
function jsonTree(file: SourceFile): { root?: JsonNode; problem?: string } {
  const errors: ParseError[] = [];
  const root = parseTree(file.text, errors, { allowTrailingComma: true, disallowComments: false });
  if (!root || errors.length > 0) return { problem: errors.length ? `not valid JSON at line ${file.lines.positionAt(errors[0].offset).line + 1}` : 'empty' };
  return { root };
}

/** Where the string at `path` is written, decoded; undefined when there is no string there. */
export function stringAt(file: SourceFile, path: JSONPath): DecodedString | undefined {
  const root = file.model(jsonTree).root;
  const node = root && findNodeAtLocation(root, path);
  return node?.type === 'string' ? decodeString(file.text, node) : undefined;
}

/** A string's text, with where each of its characters is written in the file. */
export interface DecodedString {
  text: string;
  /** Offset in the file where character i's encoding starts, and just after it ends (`\n` takes two). */
  starts: number[];
  ends: number[];
}

/** Decodes the JSON string literal node `node` of `source` (a file's text). */
function decodeString(source: string, node: JsonNode): DecodedString {
  const close = node.offset + node.length - 1;
  const chars: string[] = [];
  const out: DecodedString = { text: '', starts: [], ends: [] };
  for (let i = node.offset + 1; i < close; ) {
    let len = 1;
    let c = source[i];
    if (c === '\\') {
      const e = source[i + 1];
      len = 2;
      if (e === 'u') {
        c = String.fromCharCode(parseInt(source.slice(i + 2, i + 6), 16) || 0);
        len = 6;
      } else c = ESCAPES[e] ?? e;
    }
    chars.push(c);
    out.starts.push(i);
    out.ends.push(i + len);
    i += len;
  }
  out.text = chars.join('');
  return out;
}

const ESCAPES: Record<string, string> = { n: '\n', r: '\r', t: '\t', b: '\b', f: '\f' };
