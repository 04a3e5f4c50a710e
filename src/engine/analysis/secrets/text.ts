/** Credentials in any other text file of a project (configuration, SQL, scripts, notebooks, docs): ASR210. */
import { isDocFile, isRecordFile } from '../../files/kinds';
import type { SourceFile } from '../../files/source';
import { astroAssignments, known, withoutLocalSetup, type FileScan } from './found';
import { scanJson } from './json';

/** Known formats anywhere, sensitive name/value pairs (not in logs, records and lock files), and Astro API tokens assigned by name. */
export function scanOtherFile(file: SourceFile): FileScan {
  const context = /\.(?:json|ipynb)$/i.test(file.rel) ? 'json' : 'text';
  const pairs = !isRecordFile(file.rel);
  if (context === 'json' && pairs) return scanJson(file);
  const found = [...known(file.text, context, '', 0, { pairs }), ...(pairs ? astroAssignments(file.text) : [])];
  return { found: withoutLocalSetup(found, file.text, isDocFile(file.rel)), problems: [] };
}
