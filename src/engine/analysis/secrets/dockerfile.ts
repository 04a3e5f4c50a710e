/** Credentials in a Dockerfile: ENV, ARG and LABEL values by name, RUN and other lines as free text, known formats anywhere. */
import { dockerfileModel } from '../../files/dockerfile/parse';
import type { SourceFile } from '../../files/source';
import { judge, known, lineScan, memoOf, type FileScan, type Found } from './found';

export function scanDockerfile(file: SourceFile): FileScan {
  const text = file.text;
  const lines = file.lines;
  const out: Found[] = known(text, 'dockerfile', 'a line', 0, undefined, memoOf(file));
  const assignmentLines = new Set<number>();
  for (const step of file.model(dockerfileModel).steps) {
    if (step.keyword !== 'ENV' && step.keyword !== 'ARG' && step.keyword !== 'LABEL') continue;
    for (let l = step.range.start.line; l <= step.range.end.line; l++) assignmentLines.add(l);
    for (const p of step.properties ?? []) {
      if (!p.valueRange) continue;
      let start = lines.offsetAt(p.valueRange.start);
      let end = lines.offsetAt(p.valueRange.end);
      const q = text[start];
      if ((q === '"' || q === "'") && end - start >= 2 && text[end - 1] === q) {
        start++;
        end--;
      }
      out.push(...judge(p.name, text.slice(start, end), 'dockerfile', start, `${step.keyword} \`${p.name}\``));
    }
  }
  // Everything else line by line: RUN (also continued and heredoc lines), comments, other instructions.
  let offset = 0;
  const rawLines = text.split('\n');
  for (let l = 0; l < rawLines.length; l++) {
    const line = rawLines[l];
    if (!assignmentLines.has(l) && !/^\s*FROM\s/i.test(line)) out.push(...lineScan(line, 'dockerfile', offset, (name) => (name === 'URL' ? 'a URL in a RUN line' : `\`${name}\` in a RUN line`)));
    offset += line.length + 1;
  }
  return { found: out, problems: [] };
}
