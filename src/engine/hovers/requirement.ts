/**
 * The text of a hover on a requirement line, in Markdown: what is written,
 * what it resolves to when known, the advisories of a pinned version, and
 * the customer's side of the shared responsibility model. Pure: the editor
 * hands in what it knows; no `vscode` here.
 */
import { satisfies } from '@renovatebot/pep440/lib/specifier';
import { redactUrlCredentials } from '../fs/text';
import type { Advisory, AdvisorySeverity, PackageIntel } from '../knowledge/packages/intel';
import { compareVersions } from '../knowledge/packages/pep440';
import { ruleDocsUrl } from '../product';
import { RESPONSIBILITIES, RESPONSIBILITY_MODEL_URL } from '../knowledge/responsibilities';
import { fixTarget } from '../rules/ASR306-requirement-vulnerable';
import type { Requirement } from '../files/requirements/model';

/** How many advisories a hover lists before "and N more". */
export const HOVER_ADVISORIES = 3;

/** Whether package intel was looked up: as PackageIntel's status, or still being looked up. */
export type IntelAvailability = PackageIntel['status'] | 'pending';

export interface RequirementHoverInput {
  requirement: Requirement;
  /** What is known of the package. */
  intel: {
    availability: IntelAvailability;
    /** The newest release on the index, when known. */
    latest?: string;
    /** The advisories of the pinned version, when looked up. */
    advisories?: readonly Advisory[];
  };
  /** Our findings on this requirement's lines. */
  findings: readonly { ruleId: string; rule: string }[];
}

const SEVERITY_ORDER: readonly AdvisorySeverity[] = ['critical', 'high', 'moderate', 'low', 'unknown'];

/** Backticks that survive any text inside. */
function code(text: string): string {
  const fence = text.includes('`') ? '`` ' : '`';
  return `${fence}${text}${fence === '`' ? '`' : ' ``'}`;
}

/** Markdown-escapes text that is shown as prose. */
function escape(text: string): string {
  return text.replace(/[\\`*[\]<>]/g, (c) => `\\${c}`);
}

/** The requirement as written, without options and hashes. */
export function writtenForm(req: Requirement): string {
  const extras = req.extras.length ? `[${req.extras.join(',')}]` : '';
  const marker = req.marker ? ` ; ${req.marker}` : '';
  if (req.kind === 'named') return `${req.name ?? ''}${extras}${req.specifier}${marker}`;
  // A URL's user information is a credential: never repeat it.
  const url = redactUrlCredentials(req.url ?? '');
  if (req.editable) return `-e ${url}${extras}`;
  return req.name && !url.includes(`egg=${req.name}`) ? `${req.name}${extras} @ ${url}${marker}` : `${url}${extras}${marker}`;
}

function resolution(req: Requirement, latest: string | undefined): string {
  if (req.kind === 'vcs') {
    const rev = req.vcs?.revision;
    return rev
      ? `Installed from ${req.vcs!.scheme} at revision ${code(rev)}: a tag or a commit stays put, a branch moves with every build.`
      : `Installed from ${req.vcs?.scheme ?? 'version control'} without a revision: whatever the default branch holds when the image is built.`;
  }
  if (req.kind === 'url') return `Installed from this URL${req.pinnedVersion ? `, version ${req.pinnedVersion}` : ''}.`;
  if (req.kind === 'path') return `Installed from a local ${req.url?.toLowerCase().endsWith('.whl') ? 'wheel' : 'path'}${req.pinnedVersion ? `, version ${req.pinnedVersion}` : ''}: it must be in the image's build context.`;
  const newest = latest ? `the newest on PyPI` : undefined;
  if (req.pinnedVersion) {
    if (!latest) return `Pinned to **${req.pinnedVersion}**.`;
    const cmp = safeCompare(latest, req.pinnedVersion);
    if (cmp === 0) return `Pinned to **${req.pinnedVersion}**, ${newest}.`;
    if (cmp !== undefined && cmp > 0) return `Pinned to **${req.pinnedVersion}**; ${newest} is **${latest}**.`;
    return `Pinned to **${req.pinnedVersion}** (${newest}: ${latest}).`;
  }
  if (req.specs.length === 0) {
    return latest
      ? `Not pinned: resolves to **${latest}** today, ${newest}, and to whatever is newest at each build.`
      : 'Not pinned: resolves to whatever is newest on the package index at each build.';
  }
  if (!latest) return `Resolves to the newest release that satisfies ${code(req.specifier)} at each build.`;
  const fits = safeSatisfies(latest, req.specifier);
  if (fits === true) return `Resolves to **${latest}** today, ${newest}, and may move within ${code(req.specifier)} at each build.`;
  if (fits === false) return `The newest on PyPI, **${latest}**, is outside ${code(req.specifier)}: an older release is installed.`;
  return `Newest on PyPI: **${latest}**.`;
}

function safeCompare(a: string, b: string): number | undefined {
  try {
    return compareVersions(a, b);
  } catch {
    return undefined;
  }
}

function safeSatisfies(version: string, specifier: string): boolean | undefined {
  try {
    return satisfies(version, specifier.replace(/\s+/g, ''));
  } catch {
    return undefined;
  }
}

/** The oldest fixed version above the pin, when one exists. */
function fixedAbove(a: Advisory, pinned: string): string | undefined {
  return a.fixed.find((v) => (safeCompare(v, pinned) ?? 0) > 0);
}

function advisoriesText(req: Requirement, input: RequirementHoverInput['intel']): string {
  const pinned = req.pinnedVersion;
  switch (input.availability) {
    case 'offline':
      return '_Advisories were not checked: looking them up is turned off (`astroSharedResponsibility.advisories.online`)._';
    case 'unavailable':
      return '_Advisories were not checked: OSV could not be reached, and nothing was cached._';
    case 'pending':
      if (pinned && req.normalizedName) return '_Looking up advisories…_';
  }
  if (!pinned || !req.normalizedName) {
    return req.kind === 'named'
      ? '_Advisories were not checked: they are looked up for a pinned version (`==`) only._'
      : '_Advisories were not checked: they are looked up for a named package pinned with `==` only._';
  }
  const list = input.advisories;
  if (!list) return `_Advisories for ${req.name} ${pinned} were not looked up yet._`;
  if (list.length === 0) return `No published advisories for ${req.name} ${pinned} ([OSV](https://osv.dev)).`;
  const sorted = [...list].sort((a, b) => SEVERITY_ORDER.indexOf(a.severity) - SEVERITY_ORDER.indexOf(b.severity) || (a.id < b.id ? -1 : 1));
  const lines = [`**${list.length === 1 ? 'An advisory' : `${list.length} advisories`}** for ${req.name} ${pinned} ([OSV](https://osv.dev)):`, ''];
  for (const a of sorted.slice(0, HOVER_ADVISORIES)) {
    const id = a.url ? `[${a.id}](${a.url})` : a.id;
    const cve = a.id.startsWith('CVE-') ? undefined : a.aliases.find((x) => x.startsWith('CVE-'));
    const fixed = fixedAbove(a, pinned);
    const facts = [a.severity === 'unknown' ? 'severity not rated' : a.severity, fixed ? `fixed in ${fixed}` : 'no fixed release'];
    lines.push(`- ${id}${cve ? ` (${cve})` : ''} · ${facts.join(' · ')}${a.summary ? `: ${escape(a.summary)}` : ''}`);
  }
  if (sorted.length > HOVER_ADVISORIES) lines.push(`- and ${sorted.length - HOVER_ADVISORIES} more`);
  const target = fixTarget(pinned, sorted);
  lines.push('');
  if (!target) lines.push('No release fixes them yet.');
  else if (target.unfixed.length === 0) lines.push(`**${target.version}** is the nearest release that fixes ${sorted.length === 1 ? 'it' : 'all of them'}.`);
  else lines.push(`**${target.version}** fixes the most; ${target.unfixed.length} remain${target.unfixed.length === 1 ? 's' : ''} unfixed.`);
  return lines.join('\n');
}

/** The hover's Markdown. */
export function requirementHover(input: RequirementHoverInput): string {
  const req = input.requirement;
  const duty = RESPONSIBILITIES.code;
  const title = req.name ? `**${escape(req.name)}**` : `**${req.kind === 'vcs' ? 'VCS requirement' : req.kind === 'url' ? 'URL requirement' : 'Local requirement'}**`;
  const parts = [
    `${title} ${code(writtenForm(req))}${req.editable ? ' · editable' : ''}${req.hashes.length ? ` · ${req.hashes.length} hash${req.hashes.length === 1 ? '' : 'es'}` : ''}`,
    resolution(req, input.intel.latest),
    advisoriesText(req, input.intel),
    `**Your responsibility: ${duty.title}.** ${duty.duty}`,
  ];
  const seen = new Set<string>();
  const rules = input.findings.filter((f) => !seen.has(f.ruleId) && seen.add(f.ruleId));
  const links = [
    ...duty.docs.map((d) => `[${d.title}](${d.url})`),
    `[Shared responsibility model](${RESPONSIBILITY_MODEL_URL})`,
    ...rules.map((f) => `[${f.ruleId} ${f.rule}](${ruleDocsUrl(f.ruleId)})`),
  ];
  parts.push(links.join(' · '));
  return parts.join('\n\n');
}
