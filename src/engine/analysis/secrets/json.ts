/**
 * Credentials in JSON files and Jupyter notebooks, read from the parsed
 * document: every string value judged by its key (with the keys beside it:
 * a local `host`, a `user` equal to the password), `name`/`value` pairs, JSON
 * written inside a string, and command lines inside a value. Arrays of many
 * records of the same shape (datasets, exports, fixtures) are data: only
 * known formats count there. A notebook's code cells are read as Python,
 * its Markdown cells and stored outputs as text. A file that does not parse
 * is read as text.
 */
import { decodeString, joinDecoded, parseJsonFile, propertyOf, type DecodedString, type JsonNode } from '../../files/json';
import { SourceFile } from '../../files/source';
import { mightHoldSecret } from '../../knowledge/secrets/detect';
import { astroAssignments, jsonSecrets, judge, known, lineScan, siblingsOf, withoutLocalSetup, type FileScan, type Found, type Siblings } from './found';
import { scanPythonFile } from './python';

export function scanJson(file: SourceFile): FileScan {
  const text = file.text;
  const json = file.model(parseJsonFile);
  if (!json.root) return { found: [...known(text, 'json', ''), ...astroAssignments(text)], problems: [] };
  const out: Found[] = [...known(text, 'json', '', 0, { pairs: false }), ...astroAssignments(text)];
  if (/\.ipynb$/i.test(file.rel) && json.root.type === 'object') {
    scanNotebook(file, json.root, out);
    return { found: out, problems: [] };
  }
  const judgeString = (name: string, node: JsonNode, siblings: Siblings) => {
    const value = decodeString(text, node);
    const where = name ? `\`${name}\`` : '';
    let hits = name ? judge(name, value.text, 'json', 0, where, siblings) : [];
    if (hits.length === 0 && value.text.trimStart().startsWith('{')) hits = jsonSecrets(value.text, 0, where);
    if (hits.length === 0 && mightHoldSecret(value.text)) hits = lineScan(value.text, 'text', 0, (n) => (n === 'URL' ? where : `\`${n}\``));
    out.push(...placeIn(hits, value));
  };
  const visit = (node: JsonNode, key: string) => {
    if (node.type === 'object') {
      if (isRecords(node)) return;
      const props = (node.children ?? []).map(propertyOf).filter((p): p is NonNullable<typeof p> => p !== undefined);
      const siblings = siblingsOf(props.map((p) => [p.key, p.value?.type === 'string' ? (p.value.value as string) : undefined]));
      // `{"name": "DB_PASSWORD", "value": "…"}`: the value is named by its sibling.
      const named = props.find((p) => (p.key === 'name' || p.key === 'key') && p.value?.type === 'string')?.value?.value as string | undefined;
      for (const { key: k, value } of props) {
        if (!value) continue;
        if (value.type === 'string') judgeString(k === 'value' && named ? named : k, value, siblings);
        else visit(value, k);
      }
    } else if (node.type === 'array') {
      if (isRecords(node)) return;
      for (const item of node.children ?? []) {
        if (item.type === 'string') judgeString(key, item, {});
        else visit(item, key);
      }
    }
  };
  visit(json.root, '');
  return { found: out, problems: [] };
}

/** Hits in a decoded string, placed at the file offsets where their characters are written. */
function placeIn(hits: Found[], value: DecodedString): Found[] {
  return hits.flatMap((f) => (f.end > f.start && f.end <= value.text.length ? [{ ...f, start: value.starts[f.start], end: value.ends[f.end - 1], fixes: undefined }] : []));
}

/** Records below which an array (or an object of objects) is read as configuration. */
const MIN_RECORDS = 10;

/**
 * Many objects of one shape, as datasets, exports and test fixtures hold
 * them: at least MIN_RECORDS objects, most with the same keys. Exported
 * Airflow connections are configuration however many there are.
 */
function isRecords(node: JsonNode): boolean {
  const items = node.type === 'array' ? (node.children ?? []) : (node.children ?? []).map((p) => p.children?.[1]).filter((v): v is JsonNode => v !== undefined);
  const objects = items.filter((c) => c.type === 'object');
  if (objects.length < MIN_RECORDS || objects.length < items.length * 0.8) return false;
  const shapes = new Map<string, number>();
  for (const o of objects) {
    const keys = (o.children ?? []).map((p) => propertyOf(p)?.key ?? '').sort();
    if (keys.some((k) => k === 'conn_type' || k === 'conn_id')) return false;
    const shape = keys.join('\u0000');
    shapes.set(shape, (shapes.get(shape) ?? 0) + 1);
  }
  return Math.max(...shapes.values()) >= objects.length * 0.8;
}

/** A notebook: code cells as Python, Markdown and raw cells and stored outputs as text. */
function scanNotebook(file: SourceFile, root: JsonNode, out: Found[]): void {
  const text = file.text;
  const cells = (root.children ?? []).map(propertyOf).find((p) => p?.key === 'cells')?.value;
  for (const cell of cells?.type === 'array' ? cells.children?.filter((c) => c.type === 'object') ?? [] : []) {
    const props = new Map((cell.children ?? []).map(propertyOf).filter((p): p is NonNullable<typeof p> => p !== undefined).map((p) => [p.key, p.value]));
    const source = joined(text, props.get('source'));
    if (source.text.length > 0) {
      if (props.get('cell_type')?.value === 'code') {
        const code = new SourceFile(file.path, file.rel, 'python', source.text);
        out.push(...placeIn(withoutLocalSetup(scanPythonFile(code).found, source.text, false), source));
      } else out.push(...placeIn(withoutLocalSetup(known(source.text, 'text', ''), source.text, true), source));
    }
    const outputs = props.get('outputs');
    for (const output of outputs?.type === 'array' ? (outputs.children ?? []) : []) {
      const o = new Map((output.children ?? []).map(propertyOf).filter((p): p is NonNullable<typeof p> => p !== undefined).map((p) => [p.key, p.value]));
      const data = o.get('data');
      const plain = data?.type === 'object' ? (data.children ?? []).map(propertyOf).find((p) => p?.key === 'text/plain')?.value : undefined;
      for (const node of [o.get('text'), plain]) {
        const printed = joined(text, node);
        if (printed.text.length > 0 && mightHoldSecret(printed.text)) out.push(...placeIn(known(printed.text, 'text', 'a cell output'), printed));
      }
    }
  }
}

/** A notebook text: one string, or an array of lines. */
function joined(text: string, node: JsonNode | undefined): DecodedString {
  if (node?.type === 'string') return decodeString(text, node);
  if (node?.type === 'array') return joinDecoded((node.children ?? []).filter((c) => c.type === 'string').map((c) => decodeString(text, c)));
  return { text: '', starts: [], ends: [] };
}
