/** Credentials in any other text file of a project (configuration, SQL, scripts, notebooks, docs): ASR210. */
import type { SourceFile } from '../../files/source';
import { astroAssignments, known, type FileScan } from './found';

/** Known formats anywhere, sensitive name/value pairs, and Astro API tokens assigned by name. */
export function scanOtherFile(file: SourceFile): FileScan {
  const context = /\.(?:json|ipynb)$/i.test(file.rel) ? 'json' : 'text';
  return { found: [...known(file.text, context, ''), ...astroAssignments(file.text)], problems: [] };
}
