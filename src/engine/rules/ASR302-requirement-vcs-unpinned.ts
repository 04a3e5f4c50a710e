import { entries } from '../analysis/requirements/judge';
import type { FileVerdict, ProjectRule } from './rule';

/** A commit id that cannot move: 40 (SHA-1) or 64 (SHA-256) hex digits. */
const FULL_HASH = /^(?:[0-9a-f]{40}|[0-9a-f]{64})$/i;

/** Whether a VCS revision names one fixed state of the repository. */
function isFixedRevision(scheme: 'git' | 'hg' | 'svn' | 'bzr', revision: string): boolean {
  if (scheme === 'git' || scheme === 'hg') return FULL_HASH.test(revision);
  // Subversion revision numbers never change their content; Bazaar revision ids do not either.
  if (scheme === 'svn') return /^\d+$/.test(revision);
  return /^revid:/.test(revision);
}

/** A requirement installed from a VCS URL without a full commit hash: a branch, a tag, a short hash or nothing. */
export const requirementVcsUnpinned: ProjectRule = {
  meta: {
    id: 'ASR302',
    name: 'requirement-vcs-unpinned',
    responsibility: 'code',
    defaultSeverity: 'warning',
    summary: 'A requirement installed from a version control URL is not pinned to a full commit hash.',
  },
  checkProject(project) {
    const verdicts: FileVerdict[] = [];
    for (const { req } of entries(project.requirements)) {
      if (req.kind !== 'vcs' || !req.vcs || !req.url) continue;
      const { scheme, revision, revisionRange } = req.vcs;
      if (revision?.includes('${')) continue;
      if (revision && isFixedRevision(scheme, revision)) continue;
      const who = req.name ? `\`${req.name}\`` : 'This package';
      const id = scheme === 'git' || scheme === 'hg' ? 'the full commit hash (40 hexadecimal characters for git)' : scheme === 'svn' ? 'a revision number' : 'a `revid:` revision';
      let what: string;
      if (!revision) what = `${who} is installed from the newest commit of the repository's default branch`;
      else if ((scheme === 'git' || scheme === 'hg') && /^[0-9a-f]{7,39}$/i.test(revision)) what = `${who} is installed at the abbreviated commit \`${revision}\`, which pip has to guess from and which can become ambiguous`;
      else what = `${who} is installed at \`${revision}\`, a branch or tag that can be moved to another commit`;
      verdicts.push({
        file: req.file,
        range: revisionRange ?? req.urlRange ?? req.range,
        message: `${what}: the code you deploy can change with no commit in your project, and nobody reviews what changed. Pin ${id} with \`@<revision>\` in the URL.`,
        brief: `${req.name ?? 'VCS requirement'} not pinned to a commit`,
      });
    }
    return verdicts;
  },
};
