import { redactUrlCredentials } from '../fs/text';
import type { FileVerdict, ProjectRule } from './rule';

/** A line of a requirement or constraint file that pip rejects, stopping the whole install. */
export const requirementInvalid: ProjectRule = {
  meta: {
    id: 'ASR307',
    name: 'requirement-invalid',
    responsibility: 'code',
    defaultSeverity: 'error',
    summary: 'A line of a requirements or constraints file is one pip rejects.',
  },
  checkProject(project) {
    const verdicts: FileVerdict[] = [];
    const seen = new Set<string>();
    for (const file of project.requirements?.files ?? []) {
      for (const bad of file.invalid) {
        const key = `${file.path}:${bad.range.start.line}:${bad.message}`;
        if (seen.has(key)) continue;
        seen.add(key);
        verdicts.push({
          file: file.path,
          range: bad.range,
          message: `pip rejects this line, and with it the whole install, so the image does not build: ${redactUrlCredentials(bad.message)}.`,
          brief: 'a line pip rejects',
        });
      }
    }
    return verdicts;
  },
};
