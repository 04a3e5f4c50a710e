/**
 * A YAML file, parsed once with the `yaml` package into a document whose
 * nodes keep their source ranges. A document with errors, or one that uses
 * an alias to an anchor that does not exist (`*PLACEHOLDER*`, which YAML
 * tools reject), is not used: `problem` says why, and readers fall back to
 * reading the text line by line.
 */
import { isMap, isScalar, parseDocument, visit, type Document, type Pair, type Scalar } from 'yaml';
import type { SourceFile } from './source';

export interface YamlFile {
  doc?: Document;
  /** Why the document is not used (`line 3: …`); undefined when it parsed. */
  problem?: string;
}

export function parseYamlFile(file: SourceFile): YamlFile {
  const doc = parseDocument(file.text, { uniqueKeys: false, prettyErrors: false });
  if (doc.errors.length > 0) {
    const first = doc.errors[0];
    return { problem: `${first.linePos?.[0] ? `line ${first.linePos[0].line}: ` : ''}${first.message.split('\n')[0]}` };
  }
  let problem: string | undefined;
  visit(doc, {
    Alias(_, node) {
      if (node.resolve(doc)) return undefined;
      const line = node.range ? file.lines.positionAt(node.range[0]).line + 1 : undefined;
      problem = `${line ? `line ${line}: ` : ''}a value starting with \`*\` is read as an alias to an anchor that is not defined (quote the value if it is text)`;
      return visit.BREAK;
    },
  });
  return problem === undefined ? { doc } : { problem };
}

/** The pair of a mapping with this key, or undefined. */
export function get(map: unknown, key: string): Pair | undefined {
  if (!isMap(map)) return undefined;
  return map.items.find((p) => isScalar(p.key) && p.key.value === key) as Pair | undefined;
}

/** A scalar's value as a string ('' for null); undefined when the node is not a scalar. */
export function scalarString(node: unknown): string | undefined {
  if (!isScalar(node)) return undefined;
  if (node.value === null || node.value === undefined) return '';
  return typeof node.value === 'string' ? node.value : String(node.value);
}

/** Where a string scalar's value is written: `exact` when the source is the value itself (plain, or quoted without escapes), so offsets inside the value are offsets in the file. */
export interface ScalarSource {
  value: string;
  start: number;
  end: number;
  exact: boolean;
}

export function scalarSource(node: Scalar, text: string): ScalarSource | undefined {
  if (!node.range || typeof node.value !== 'string') return undefined;
  const [from, to] = node.range;
  const src = text.slice(from, to);
  const value = node.value;
  if (src === value) return { value, start: from, exact: true, end: to };
  if ((src[0] === '"' || src[0] === "'") && src.slice(1, -1) === value) return { value, start: from + 1, exact: true, end: to - 1 };
  return { value, start: from, exact: false, end: to };
}
