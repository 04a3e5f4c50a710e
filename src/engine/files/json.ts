/**
 * JSON files (configuration, exported connections and variables, data,
 * Jupyter notebooks), parsed once with `jsonc-parser` into a tree whose nodes
 * keep their offsets, and the text of a string literal with, for each of its
 * characters, where it is written in the file (escapes undone).
 */
import { parseTree, type Node as JsonNode, type ParseError } from 'jsonc-parser';
import type { SourceFile } from './source';

export type { Node as JsonNode } from 'jsonc-parser';

export interface JsonFile {
  root?: JsonNode;
  /** Why the text is not read as JSON (`offset 12: …`). */
  problem?: string;
}

export function parseJsonFile(file: SourceFile): JsonFile {
  const errors: ParseError[] = [];
  const root = parseTree(file.text, errors, { allowTrailingComma: true, disallowComments: false });
  if (!root || errors.length > 0) return { problem: errors.length ? `not valid JSON at line ${file.lines.positionAt(errors[0].offset).line + 1}` : 'empty' };
  return { root };
}

/** A string's text, with where each of its characters is written in the file. */
export interface DecodedString {
  text: string;
  /** Offset in the file where character i's encoding starts, and just after it ends (`\n` takes two). */
  starts: number[];
  ends: number[];
}

/** Decodes the JSON string literal node `node` of `source` (a file's text). */
export function decodeString(source: string, node: JsonNode): DecodedString {
  const close = node.offset + node.length - 1;
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
    out.text += c;
    out.starts.push(i);
    out.ends.push(i + len);
    i += len;
  }
  return out;
}

const ESCAPES: Record<string, string> = { n: '\n', r: '\r', t: '\t', b: '\b', f: '\f' };

/** Several decoded strings as one text (the lines of a notebook cell). */
export function joinDecoded(parts: readonly DecodedString[]): DecodedString {
  return { text: parts.map((p) => p.text).join(''), starts: parts.flatMap((p) => p.starts), ends: parts.flatMap((p) => p.ends) };
}

/** A property's key and value nodes. */
export function propertyOf(prop: JsonNode): { key: string; value?: JsonNode } | undefined {
  const [k, v] = prop.children ?? [];
  return k && typeof k.value === 'string' ? { key: k.value, value: v } : undefined;
}

/** Whether an object's or array's value is a string literal node. */
export function isStringNode(node: JsonNode | undefined): node is JsonNode {
  return node?.type === 'string';
}
