import { secretsOf } from '../analysis/secrets/occurrences';
import { LineIndex } from '../fs/text';
import type { Fix, Range } from '../types';
import type { FileVerdict, ProjectRule } from './rule';

const WHAT: Record<string, string> = {
  '.env': 'environment variables for local development',
  'airflow_settings.yaml': 'connections and variables for local development',
};

/**
 * `.env` or `airflow_settings.yaml` exists but .gitignore or .dockerignore
 * does not exclude it. Reported on the ignore file that lacks the entry; when
 * that file does not exist, on the first line of the project's Dockerfile
 * (the file every Astro project has), with a fix that creates the ignore file.
 */
export const secretFileExposed: ProjectRule = {
  meta: {
    id: 'ASR208',
    name: 'secret-file-exposed',
    responsibility: 'secrets',
    defaultSeverity: 'warning',
    summary: '.env or airflow_settings.yaml is not excluded by .gitignore or .dockerignore.',
    instead:
      'List `.env` and `airflow_settings.yaml` in both `.gitignore` (so they are never committed) and `.dockerignore` (so the image build never copies them): the quick fix adds the missing entry.',
  },
  checkProject(project) {
    const files = project.files;
    if (!files) return [];
    const { exposureOf } = secretsOf(project);
    const verdicts: FileVerdict[] = [];
    for (const local of files.localOnly) {
      const exposure = exposureOf(local.rel, local.isDir);
      const holds = WHAT[local.rel] ?? 'local settings';
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
          message: `\`${local.rel}\` holds ${holds}, often with credentials, but ${exists ? `${c.tool} does not exclude it` : `the project has no ${c.tool}`}: ${c.effect}. Add \`${local.rel}\` to ${c.tool}, and keep Deployment credentials in Astro environment variables marked secret or in a secrets backend.`,
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
