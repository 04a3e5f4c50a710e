/**
 * Credentials in JSON files and Jupyter notebooks, read from the parsed
 * value: every string judged by its key (with the keys beside it: a local
 * `host`, a `user` equal to the password), `name`/`value` pairs, JSON
 * written inside a string, and command lines inside a value. Arrays of many
 * records of the same shape (datasets, exports, fixtures) are data: only
 * known formats count there. A notebook's code cells are read as Python,
 * its Markdown cells and stored outputs as text. A hit is then located in
 * the file, through any escapes. A file that does not parse is read as text.
 */
import { parseJsonFile, stringAt, type DecodedString, type JSONPath } from '../../files/json';
import { SourceFile } from '../../files/source';
import { mightHoldSecret, namesCredential } from '../../knowledge/secrets/detect';
import { astroAssignments, jsonSecrets, judge, known, lineScan, siblingsOf, markLocalSetup, type FileScan, type Found, type Siblings } from './found';
import { scanPythonFile } from './python';

export function scanJson(file: SourceFile): FileScan {
  const text = file.text;
  // Without a sensitive name anywhere, only known formats can be found: the value need not be read.
  if (!namesCredential(text)) return { found: [...known(text, 'json', '', 0, { pairs: false }), ...astroAssignments(text)], problems: [] };
  // Parsed here and let go after the scan (a data file's value can be large); the scan's result is what is kept.
  const json = parseJsonFile(file);
  if (json.problem !== undefined) return { found: [...known(text, 'json', ''), ...astroAssignments(text)], problems: [] };
  const out: Found[] = [...known(text, 'json', '', 0, { pairs: false }), ...astroAssignments(text)];
  if (/\.ipynb$/i.test(file.rel) && isObject(json.value)) {
    scanNotebook(file, json.value, out);
    return { found: out, problems: [] };
  }
  const judgeString = (name: string, value: string, path: JSONPath, siblings: Siblings) => {
    const where = name ? `\`${name}\`` : '';
    let hits = name ? judge(name, value, 'json', 0, where, siblings) : [];
    if (hits.length === 0 && value.trimStart().startsWith('{')) hits = jsonSecrets(value, 0, where);
    if (hits.length === 0 && mightHoldSecret(value)) hits = lineScan(value, 'text', 0, (n) => (n === 'URL' ? where : `\`${n}\``));
    if (hits.length > 0) out.push(...placeIn(hits, stringAt(file, path)));
  };
  const visit = (value: unknown, key: string, path: JSONPath) => {
    if (Array.isArray(value)) {
      if (isRecords(value)) return;
      value.forEach((item, i) => (typeof item === 'string' ? judgeString(key, item, [...path, i], {}) : visit(item, key, [...path, i])));
    } else if (isObject(value)) {
      if (isRecords(Object.values(value))) return;
      const entries = Object.entries(value);
      const siblings = siblingsOf(entries.map(([k, v]) => [k, typeof v === 'string' ? v : undefined]));
      // `{"name": "DB_PASSWORD", "value": "…"}`: the value is named by its sibling.
      const named = typeof value.name === 'string' ? value.name : typeof value.key === 'string' ? value.key : undefined;
      for (const [k, v] of entries) {
        if (typeof v === 'string') judgeString(k === 'value' && named ? named : k, v, [...path, k], siblings);
        else visit(v, k, [...path, k]);
      }
    }
  };
  visit(json.value, '', []);
  return { found: out, problems: [] };
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Hits in a decoded string, placed at the file offsets where their characters are written (fixes do not carry over). */
function placeIn(hits: Found[], value: DecodedString | undefined): Found[] {
  if (!value) return [];
  return hits.flatMap((f) => (f.end > f.start && f.end <= value.text.length ? [{ ...f, start: value.starts[f.start], end: value.ends[f.end - 1], fixes: undefined }] : []));
}

/** Records below which an array (or an object of objects) is read as configuration. */
const MIN_RECORDS = 10;

/**
 * Many objects of one shape, as datasets, exports and test fixtures hold
 * them: at least MIN_RECORDS objects, most with the same keys. Exported
 * Airflow connections are configuration however many there are.
 */
function isRecords(items: unknown[]): boolean {
  const objects = items.filter(isObject);
  if (objects.length < MIN_RECORDS || objects.length < items.length * 0.8) return false;
  const shapes = new Map<string, number>();
  for (const o of objects) {
    if ('conn_type' in o || 'conn_id' in o) return false;
    const shape = Object.keys(o).sort().join('\u0000');
    shapes.set(shape, (shapes.get(shape) ?? 0) + 1);
  }
  return Math.max(...shapes.values()) >= objects.length * 0.8;
}

/** A notebook: code cells as Python, Markdown and raw cells and stored outputs as text. */
function scanNotebook(file: SourceFile, notebook: Record<string, unknown>, out: Found[]): void {
  const cells = Array.isArray(notebook.cells) ? notebook.cells : [];
  cells.forEach((cell, c) => {
    if (!isObject(cell)) return;
    const source = lines(cell.source);
    if (source.length > 0) {
      const text = source.join('');
      const code = cell.cell_type === 'code';
      const hits = code ? scanPythonFile(new SourceFile(file.path, file.rel, 'python', text)).found : known(text, 'text', '');
      out.push(...placeInLines(file, markLocalSetup(hits, text, !code), ['cells', c, 'source'], source, typeof cell.source === 'string'));
    }
    const outputs = Array.isArray(cell.outputs) ? cell.outputs : [];
    outputs.forEach((output, o) => {
      if (!isObject(output)) return;
      const data = isObject(output.data) ? output.data : {};
      const printedAt: [unknown, JSONPath][] = [
        [output.text, ['cells', c, 'outputs', o, 'text']],
        [data['text/plain'], ['cells', c, 'outputs', o, 'data', 'text/plain']],
      ];
      for (const [value, path] of printedAt) {
        const printed = lines(value);
        const text = printed.join('');
        if (text.length === 0 || !mightHoldSecret(text)) continue;
        out.push(...placeInLines(file, known(text, 'text', 'a cell output'), path, printed, typeof value === 'string'));
      }
    });
  });
}

/** A notebook text: one string, or an array of lines. */
function lines(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  return Array.isArray(value) ? value.filter((l): l is string => typeof l === 'string') : [];
}

/** Hits in the joined lines of a notebook text, placed in the file (a hit spanning two lines goes on its first). */
function placeInLines(file: SourceFile, hits: Found[], path: JSONPath, parts: string[], single: boolean): Found[] {
  const out: Found[] = [];
  for (const f of hits) {
    let at = 0;
    for (let i = 0; i < parts.length; i++) {
      const end = at + parts[i].length;
      if (f.start < end) {
        const local = { ...f, start: f.start - at, end: Math.min(f.end, end) - at };
        out.push(...placeIn([local], stringAt(file, single ? path : [...path, i])));
        break;
      }
      at = end;
    }
  }
  return out;
}
