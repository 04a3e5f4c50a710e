import { satisfies } from '@renovatebot/pep440/lib/specifier';
import { entries, isPinned, pinText, requirementSpan, written } from '../analysis/requirements/judge';
import type { Requirement } from '../files/requirements/model';
import type { Fix } from '../types';
import type { CheckContext, FileVerdict, ProjectRule } from './rule';

/**
 * A named requirement that pip may resolve to any new release: no version,
 * only a lower bound, or only `!=`/`<`. Pinned: `==`, `===`, `~=`, or a range
 * bounded on both sides. Entries of constraint files are not judged; a
 * requirement a constraint pins is pinned; `apache-airflow` is ASR303's;
 * `astro-run-dag` is the Astro CLI's own line for `astro run`.
 */
export const requirementUnpinned: ProjectRule = {
  meta: {
    id: 'ASR301',
    name: 'requirement-unpinned',
    responsibility: 'code',
    defaultSeverity: 'warning',
    options: [{ name: 'pin-operator', description: 'The operator the quick fix pins a requirement with: `==` (exact) or `~=` (patch releases allowed).', type: { values: ['==', '~='] } }],
    summary: 'A Python requirement is not pinned to a version or release series.',
  },
  checkProject(project, ctx) {
    const set = project.requirements;
    if (!set) return [];
    // A constraints file we cannot read (Airflow's published constraints URL) may pin everything.
    if (set.unread.some((u) => u.kind === 'constraint')) return [];
    const pinnedSomewhere = new Set<string>();
    for (const { req } of entries(set)) if (req.normalizedName && isPinned(req)) pinnedSomewhere.add(req.normalizedName);
    const verdicts: FileVerdict[] = [];
    for (const { file, req } of entries(set)) {
      if (file.kind !== 'requirements' || req.kind !== 'named' || !req.normalizedName) continue;
      if (req.normalizedName === 'apache-airflow') continue;
      // Written by `astro run` for local runs and removed by the Astro CLI before a deploy.
      if (req.normalizedName === 'astro-run-dag') continue;
      if (isPinned(req) || pinnedSomewhere.has(req.normalizedName)) continue;
      verdicts.push(verdictFor(req, ctx));
    }
    return verdicts;
  },
};

function verdictFor(req: Requirement, ctx: CheckContext): FileVerdict {
  const name = req.name!;
  const latest = ctx.intel?.latest(req.normalizedName!);
  const usable = latest !== undefined && (req.specifier === '' || satisfies(latest, req.specifier, { prereleases: true }));
  const target = usable ? pinText(latest, ctx.pinOperator) : undefined;
  const what =
    req.specs.length === 0
      ? `\`${written(req)}\` has no version`
      : req.specs.some((s) => s.operator === '>=' || s.operator === '>')
        ? `\`${written(req)}\` sets only a lower bound`
        : `\`${written(req)}\` only excludes versions`;
  const provider = req.normalizedName!.startsWith('apache-airflow-providers-');
  const how = target
    ? `Pin it, for example \`${name}${target}\` (the newest release on PyPI)`
    : `Pin it to the version you tested with \`==\`${provider ? ' or `~=` (as Astronomer suggests for providers)' : ' (or `~=` for a release series)'}`;
  const fixes: Fix[] = [];
  if (target) {
    const at = req.specifierRange ?? { start: (req.extrasRange ?? req.nameRange!).end, end: (req.extrasRange ?? req.nameRange!).end };
    fixes.push({ title: `Pin ${name}${target} (newest on PyPI)`, isPreferred: true, edits: [{ file: req.file, range: at, newText: target }] });
  }
  return {
    file: req.file,
    range: requirementSpan(req),
    message: `${what}: every build installs whatever release is newest, so a new release can change or break your DAGs with no change in your project, and an image you deployed before cannot be rebuilt as it was. ${how}.`,
    brief: `${name} unpinned`,
    fixes,
  };
}
