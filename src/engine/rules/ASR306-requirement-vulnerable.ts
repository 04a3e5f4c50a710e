import type { Advisory } from '../knowledge/packages/intel';
import { affects, severityRank } from '../knowledge/packages/osv';
import { compareVersions, sortVersions } from '../knowledge/packages/pep440';
import type { Requirement } from '../files/requirements/model';
import type { Fix, Range } from '../types';
import type { FileVerdict, ProjectRule } from './rule';

/** How many advisories a message names before "and N more". */
const NAMED = 3;

/** A pinned Python requirement has published vulnerabilities (OSV). Needs the network; silent offline. */
export const requirementVulnerable: ProjectRule = {
  meta: {
    id: 'ASR306',
    name: 'requirement-vulnerable',
    responsibility: 'code',
    defaultSeverity: 'warning',
    summary: 'A pinned Python package has known vulnerabilities; a fixed release is named when one exists.',
  },
  checkProject(project, ctx) {
    const intel = ctx.intel;
    if (!intel || !project.requirements) return [];
    const verdicts: FileVerdict[] = [];
    for (const file of project.requirements.files) {
      for (const req of file.requirements) {
        if (req.kind !== 'named' || !req.normalizedName || !req.pinnedVersion) continue;
        const advisories = intel.advisories(req.normalizedName, req.pinnedVersion);
        if (!advisories?.length) continue;
        verdicts.push(verdictFor(req, req.pinnedVersion, advisories));
      }
    }
    return verdicts;
  },
};

function verdictFor(req: Requirement, pinned: string, advisories: readonly Advisory[]): FileVerdict {
  const sorted = [...advisories].sort((a, b) => severityRank(b.severity) - severityRank(a.severity) || (a.id < b.id ? -1 : 1));
  const serious = sorted.some((a) => a.severity === 'critical' || a.severity === 'high');
  const name = req.name ?? req.normalizedName!;
  const count = sorted.length === 1 ? 'a known vulnerability' : `${sorted.length} known vulnerabilities`;
  const target = fixTarget(pinned, sorted);
  let advice: string;
  if (!target) {
    advice = `No release fixes ${sorted.length === 1 ? 'it' : 'them'} yet: read the advisories for a workaround, or replace the package.`;
  } else if (target.unfixed.length === 0) {
    advice = `Upgrade to ${target.version}, the nearest release that fixes ${sorted.length === 1 ? 'it' : sorted.length === 2 ? 'both' : 'all of them'}.`;
  } else {
    advice = `Upgrade to ${target.version}, the newest fixed release; no release fixes ${listOf(target.unfixed.map((a) => a.id))} yet.`;
  }
  const fix = target && versionFix(req, pinned, target.version);
  return {
    file: req.file,
    range: req.range,
    severity: serious ? 'error' : 'warning',
    message: `${name} ${pinned} has ${count}: ${listOf(sorted.map(describe))}. ${advice}`,
    brief: `${name} ${pinned} has ${count}`,
    fixes: fix ? [fix] : [],
  };
}

/** `GHSA-… (CVE-…, high)`: the id, a CVE alias when there is one, and the severity when rated. */
function describe(a: Advisory): string {
  const cve = a.id.startsWith('CVE-') ? undefined : a.aliases.find((x) => x.startsWith('CVE-'));
  const extra = [cve, a.severity === 'unknown' ? undefined : a.severity].filter(Boolean);
  return extra.length ? `${a.id} (${extra.join(', ')})` : a.id;
}

/** `A`, `A and B`, `A, B and C`, `A, B, C and 2 more`. */
function listOf(items: readonly string[]): string {
  if (items.length <= NAMED) return items.length === 1 ? items[0] : `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
  return `${items.slice(0, NAMED).join(', ')} and ${items.length - NAMED} more`;
}

/**
 * The version to move to: the nearest fixed version above the pinned one that
 * is affected by none of the advisories; when none is, the highest fixed
 * version (with what it leaves unfixed); undefined when no fix is above the pin.
 */
export function fixTarget(pinned: string, advisories: readonly Advisory[]): { version: string; unfixed: Advisory[] } | undefined {
  const candidates = sortVersions(advisories.flatMap((a) => a.fixed)).filter((v) => compareVersions(v, pinned) > 0);
  if (candidates.length === 0) return undefined;
  const unfixedAt = (v: string) => advisories.filter((a) => !fixes(a, pinned, v));
  for (const v of candidates) {
    if (unfixedAt(v).length === 0) return { version: v, unfixed: [] };
  }
  const highest = candidates[candidates.length - 1];
  return { version: highest, unfixed: unfixedAt(highest) };
}

/** Whether `version` is clear of the advisory: outside its ranges, or (without ranges) at or above a fix newer than the pin. */
function fixes(advisory: Advisory, pinned: string, version: string): boolean {
  const affected = affects(advisory, version);
  if (affected !== undefined) return !affected;
  return advisory.fixed.some((f) => compareVersions(f, pinned) > 0 && compareVersions(f, version) <= 0);
}

/** Replaces only the version text of the `==` (or `===`) spec that pins the requirement. */
function versionFix(req: Requirement, pinned: string, target: string): Fix | undefined {
  const spec = req.specs.find((s) => (s.operator === '==' || s.operator === '===') && s.version === pinned);
  if (!spec) return undefined;
  // The spec's range ends with its version (whether or not it starts at the operator).
  const { end, start } = spec.range;
  if (end.character < pinned.length || (start.line === end.line && end.character - start.character < pinned.length)) return undefined;
  const range: Range = { start: { line: end.line, character: end.character - pinned.length }, end };
  return { title: `Upgrade ${req.name ?? req.normalizedName} to ${target}`, isPreferred: true, edits: [{ file: req.file, range, newText: target }] };
}
