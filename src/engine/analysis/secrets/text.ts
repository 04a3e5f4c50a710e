/** Credentials in any other text file of a project (configuration, SQL, scripts, notebooks, docs): ASR210. */
import { isRecordFile } from '../../files/kinds';
import type { SourceFile } from '../../files/source';
import { astroAssignments, known, type FileScan } from './found';

/** Known formats anywhere, sensitive name/value pairs (not in logs, records and lock files), and Astro API tokens assigned by name. */
export function scanOtherFile(file: SourceFile): FileScan {
  const context = /\.(?:json|ipynb)$/i.test(file.rel) ? 'json' : 'text';
  const pairs = !isRecordFile(file.rel);
  return { found: [...known(file.text, context, '', 0, { pairs }), ...(pairs ? astroAssignments(file.text) : [])], problems: [] };
}
