import { secretsOf } from '../analysis/secrets/occurrences';
import { LineIndex } from '../fs/text';
import { named } from './secretVerdicts';
import type { Fix, Range } from '../types';
import type { FileVerdict, ProjectRule } from './rule';

/**
 * `.env` or `airflow_settings.yaml` holds a credential and .gitignore or
 * .dockerignore does not exclude it. Reported on the ignore file that lacks
 * the entry; when that file does not exist, on the first line of the
 * project's Dockerfile (the file every Astro project has), with a fix that
 * creates the ignore file. A file without a credential (the untouched
 * template, local settings) is not reported: its exposure costs nothing yet,
 * and the value that would change that is reported where it is written.
 */
export const secretFileExposed: ProjectRule = {
  meta: {
    id: 'ASR208',
    name: 'secret-file-exposed',
    responsibility: 'secrets',
    defaultSeverity: 'warning',
    summary: '.env or airflow_settings.yaml holds a credential and is not excluded by .gitignore or .dockerignore.',
    instead:
      'List `.env` and `airflow_settings.yaml` in both `.gitignore` (so they are never committed) and `.dockerignore` (so the image build never copies them): the quick fix adds the missing entry.',
  },
  checkProject(project) {
    const files = project.files;
    if (!files) return [];
    const { exposureOf, occurrences } = secretsOf(project);
    const verdicts: FileVerdict[] = [];
    for (const local of files.localOnly) {
      const path = project.root === '' ? local.rel : `${project.root}/${local.rel}`;
      const held = occurrences.filter((o) => (local.isDir ? o.file.startsWith(`${path}/`) : o.file === path));
      if (held.length === 0) continue;
      const exposure = exposureOf(local.rel, local.isDir);
      const holds = `${named(held[0])} (in ${held[0].where})${held.length > 1 ? ` and ${held.length - 1} more credential${held.length > 2 ? 's' : ''}` : ''}`;
      const checks = [
        { missing: exposure.committed, ignore: files.gitignore, tool: '.gitignore', effect: 'git would commit it' },
        { missing: exposure.inImage, ignore: files.dockerignore, tool: '.dockerignore', effect: "the Runtime image's ONBUILD step would copy it into the image" },
      ];
      for (const c of checks) {
        if (!c.missing) continue;
        const exists = c.ignore.text !== undefined;
        const target = exists ? c.ignore.path : project.dockerfilePath;
        verdicts.push({
          file: target,
          range: exists ? firstLine(c.ignore.text!) : firstLine(project.dockerfileFile.text),
          message: `\`${local.rel}\` holds ${holds}, but ${exists ? `${c.tool} does not exclude it` : `the project has no ${c.tool}`}: ${c.effect}. Add \`${local.rel}\` to ${c.tool}, and keep Deployment credentials in Astro environment variables marked secret or in a secrets backend.`,
          brief: `${local.rel} not in ${c.tool}`,
          fixes: [addEntryFix(c.ignore.path, c.ignore.text, local.rel, c.tool)],
        });
      }
    }
    return verdicts;
  },
};

function firstLine(text: string): Range {
  const nl = text.indexOf('\n');
  const end = (nl < 0 ? text : text.slice(0, nl)).replace(/\r$/, '').length;
  return { start: { line: 0, character: 0 }, end: { line: 0, character: end } };
}

/** Appends the entry as a last line (the last matching pattern wins, so it overrides an earlier `!` exception), keeping the file's line endings; creates the file when missing. */
export function addEntryFix(path: string, text: string | undefined, entry: string, tool: string): Fix {
  const title = `Add ${entry} to ${tool}`;
  if (text === undefined) {
    return { title: `${title} (create ${tool})`, isPreferred: true, edits: [{ file: path, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, newText: `${entry}\n`, createFile: true }] };
  }
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const end = new LineIndex(text).positionAt(text.length);
  const lead = text === '' || text.endsWith('\n') ? '' : eol;
  return { title, isPreferred: true, edits: [{ file: path, range: { start: end, end }, newText: `${lead}${entry}${eol}` }] };
}
