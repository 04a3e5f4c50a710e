import { compatible, entries, lineOf, removeLineFix, requirementSpan, sameMarker, written } from '../analysis/requirements/judge';
import type { Requirement, RequirementFile } from '../files/requirements/model';
import type { FileVerdict, ProjectRule } from './rule';

/**
 * A project listed twice in one file (with the same environment marker): the
 * same line again, or two lines whose version specifiers pip applies
 * together; or version specifiers for one project, anywhere in the files
 * installed together, that no version satisfies at once. Lines that only add
 * extras to one version are not reported.
 */
/** The requirement with its name normalised, extras sorted and spaces dropped. */
function canonical(req: Requirement): string {
  return `${req.normalizedName}[${[...req.extras].map((e) => e.toLowerCase()).sort().join(',')}]${req.specifier.replace(/\s+/g, '')}@${req.url ?? ''}`;
}

export const requirementDuplicate: ProjectRule = {
  meta: {
    id: 'ASR305',
    name: 'requirement-duplicate',
    responsibility: 'code',
    defaultSeverity: 'warning',
    summary: 'A Python package is listed twice, or with version specifiers that contradict each other.',
  },
  checkProject(project) {
    const seen = new Map<string, { file: RequirementFile; req: Requirement }[]>();
    const verdicts: FileVerdict[] = [];
    const reported = new Set<string>();
    for (const entry of entries(project.requirements)) {
      const { file, req } = entry;
      if (!req.normalizedName) continue;
      const key = `${req.file}:${req.range.start.line}:${req.range.start.character}`;
      const earlier = seen.get(req.normalizedName) ?? [];
      seen.set(req.normalizedName, [...earlier, entry]);
      // The same file read twice (as requirements and as constraints) is one text.
      if (reported.has(key) || earlier.some((e) => e.req.file === req.file && e.req.range.start.line === req.range.start.line)) continue;
      const conflict = earlier.find((e) => sameMarker(e.req, req) && !compatible(e.req.specs, req.specs));
      // Listed again in the same file: the same line twice, or two version specifiers that pip applies together.
      // Two lines that only add extras to one version (`pkg[http]`, `pkg[snowflake]`) say nothing that disagrees.
      const duplicate = earlier.find((e) => e.file === file && sameMarker(e.req, req) && (canonical(e.req) === canonical(req) || (e.req.specs.length > 0 && req.specs.length > 0)));
      const other = conflict ?? duplicate;
      if (!other) continue;
      reported.add(key);
      const where = other.req.file === req.file ? `line ${lineOf(other.req.range)}` : `${other.req.file} line ${lineOf(other.req.range)}`;
      const sameText = canonical(other.req) === canonical(req);
      let message: string;
      if (conflict) {
        message = `\`${written(req)}\` contradicts \`${written(other.req)}\` (${where}): no version satisfies both. pip stops with a resolution error, or, when the files are installed by separate commands, the later install silently replaces the version the first one chose. Make the two agree, or keep one of them.`;
      } else if (sameText) {
        message = `\`${written(req)}\` is already listed on ${where}. The copy adds nothing, and once one of them is updated and the other is not, the file says two things about one package. Remove this line.`;
      } else {
        message = `\`${req.name}\` is already listed on ${where} as \`${written(other.req)}\`. pip applies both lines together, so the version you get is not the one either line shows. Merge them into one line.`;
      }
      verdicts.push({
        file: req.file,
        range: requirementSpan(req),
        message,
        brief: `${req.name} listed twice`,
        fixes: other.req.file === req.file ? [removeLineFix(req, `Remove this line (keep line ${lineOf(other.req.range)})`, sameText)] : [],
      });
    }
    return verdicts;
  },
};
