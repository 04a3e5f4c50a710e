/** Credentials in requirement files: index URLs with user information, requirement URLs, `-r`/`-c` URLs, and known formats in them (ASR204). */
import type { RequirementFile } from '../../files/requirements/model';
import type { Range } from '../../types';
import { known, merge, urlCredentials, type Found } from './found';

/** A credential in a requirement file, at its range in that file. */
export interface RequirementSecret {
  found: Found;
  range: Range;
}

export function scanRequirementFile(file: RequirementFile): RequirementSecret[] {
  const out: RequirementSecret[] = [];
  for (const o of requirementValues(file)) {
    for (const f of merge([...urlCredentials(o.value, 'requirements', 0, o.where), ...known(o.value, 'requirements', o.where)])) {
      const r = o.range;
      const line = r.start.line;
      const range = r.start.line === r.end.line ? { start: { line, character: r.start.character + f.start }, end: { line, character: r.start.character + f.end } } : r;
      out.push({ found: f, range });
    }
  }
  return out;
}

const INDEX_OPTIONS = new Set(['--index-url', '--extra-index-url', '--find-links']);

function requirementValues(file: RequirementFile): { value: string; range: Range; where: string }[] {
  const out: { value: string; range: Range; where: string }[] = [];
  for (const o of file.options) if (INDEX_OPTIONS.has(o.name) && o.value && o.valueRange) out.push({ value: o.value, range: o.valueRange, where: `\`${o.name}\`` });
  for (const r of file.requirements) if (r.url && r.urlRange) out.push({ value: r.url, range: r.urlRange, where: r.name ? `the URL of \`${r.name}\`` : 'a requirement URL' });
  for (const i of file.includes) if (/:\/\//.test(i.target)) out.push({ value: i.target, range: i.targetRange, where: `\`${i.kind === 'constraint' ? '-c' : '-r'}\`` });
  return out;
}
