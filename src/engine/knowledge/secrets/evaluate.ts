/**
 * Measures the detectors on a labelled corpus (test/corpus/secrets): the
 * unit test and the benchmark both use this. Format of a corpus file
 * (`*.tsv`, UTF-8, one case a line, `#` lines and blank lines ignored):
 *
 *   <label>\t<context>\t<name>\t<text>
 *
 * - label: `secret` or `clean`;
 * - context: a SecretContext (`dockerfile`, `env`, `yaml`, `requirements`,
 *   `python`, `json`, `text`);
 * - name: empty for free text, judged with scanText(text, context) (a
 *   secret when it returns a hit); otherwise the name a value is assigned
 *   to, and text is that value exactly as a scanner passes it, judged with
 *   judgeAssignment(name, text, context);
 * - text: the rest of the line, verbatim (a tab inside it is kept).
 *
 * Mistakes report the file, line, label and kind, never the text: the
 * corpus holds secret-shaped values.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { judgeAssignment, scanText } from './detect';
import type { SecretContext } from './types';

export interface CorpusCase {
  file: string;
  line: number;
  label: 'secret' | 'clean';
  context: SecretContext;
  name: string;
  text: string;
}

export interface CorpusMistake {
  file: string;
  line: number;
  /** `fp`: clean case reported as a secret; `fn`: secret case not reported. */
  type: 'fp' | 'fn';
  context: SecretContext;
  name: string;
  /** What was reported (for false positives). */
  kind?: string;
}

export interface CorpusResult {
  tp: number;
  fp: number;
  fn: number;
  tn: number;
  precision: number;
  recall: number;
  mistakes: CorpusMistake[];
  /** Cases by file name. */
  files: Record<string, number>;
}

const CONTEXTS: ReadonlySet<string> = new Set(['dockerfile', 'env', 'yaml', 'requirements', 'python', 'json', 'text']);

export interface EvaluateOptions {
  /** Also read `*.tsv` files in sub-folders (default false: the folder itself only). */
  recursive?: boolean;
}

/** Reads the cases of every `*.tsv` file in `dir`. Throws on a malformed line, naming it. */
export function readCorpus(dir: string, options: EvaluateOptions = {}): CorpusCase[] {
  const cases: CorpusCase[] = [];
  for (const entry of readdirSync(dir).sort()) {
    const full = path.join(dir, entry);
    if (statSync(full).isDirectory()) {
      if (options.recursive) cases.push(...readCorpus(full, options).map((c) => ({ ...c, file: `${entry}/${c.file}` })));
      continue;
    }
    if (!entry.endsWith('.tsv')) continue;
    const lines = readFileSync(full, 'utf8').split(/\r?\n/);
    lines.forEach((raw, i) => {
      if (raw.trim() === '' || raw.startsWith('#')) return;
      const parts = raw.split('\t');
      if (parts.length < 4) throw new Error(`${entry}:${i + 1}: expected 4 tab-separated fields`);
      const [label, context, name] = parts;
      const text = parts.slice(3).join('\t');
      if (label !== 'secret' && label !== 'clean') throw new Error(`${entry}:${i + 1}: label must be secret or clean`);
      if (!CONTEXTS.has(context)) throw new Error(`${entry}:${i + 1}: unknown context ${context}`);
      cases.push({ file: entry, line: i + 1, label, context: context as SecretContext, name, text });
    });
  }
  return cases;
}

/** What the detectors say of one case: the kind reported, or undefined. */
export function judgeCase(c: CorpusCase): string | undefined {
  if (c.name === '') return scanText(c.text, c.context)[0]?.kind;
  return judgeAssignment(c.name, c.text, c.context)?.kind;
}

/** Precision and recall of the detectors on the corpus in `dir`. */
export function evaluateCorpus(dir: string, options: EvaluateOptions = {}): CorpusResult {
  const result: CorpusResult = { tp: 0, fp: 0, fn: 0, tn: 0, precision: 0, recall: 0, mistakes: [], files: {} };
  for (const c of readCorpus(dir, options)) {
    result.files[c.file] = (result.files[c.file] ?? 0) + 1;
    const kind = judgeCase(c);
    if (c.label === 'secret') {
      if (kind) result.tp++;
      else {
        result.fn++;
        result.mistakes.push({ file: c.file, line: c.line, type: 'fn', context: c.context, name: c.name });
      }
    } else if (kind) {
      result.fp++;
      result.mistakes.push({ file: c.file, line: c.line, type: 'fp', context: c.context, name: c.name, kind });
    } else result.tn++;
  }
  result.precision = result.tp + result.fp === 0 ? 1 : result.tp / (result.tp + result.fp);
  result.recall = result.tp + result.fn === 0 ? 1 : result.tp / (result.tp + result.fn);
  return result;
}
