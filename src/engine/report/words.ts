/** Words and small pieces both renderers of the report share. */
import type { Severity } from '../types';
import type { CustomerDuty, ProjectReport, ReportFinding, ReportRuntime, ResponsibilityReport, SeverityCounts, ShareReport, SupportStatus } from './model';

export const REPORT_TITLE = 'Shared responsibility report';

export const SEVERITIES: readonly Severity[] = ['error', 'warning', 'info', 'hint'];

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

const SEVERITY_WORDS: Record<Severity, [string, string]> = { error: ['error', 'errors'], warning: ['warning', 'warnings'], info: ['info', 'info'], hint: ['hint', 'hints'] };

/** `2 errors, 6 warnings, 1 info, 0 hints`. */
export function countsText(c: SeverityCounts): string {
  return SEVERITIES.map((s) => plural(c[s], SEVERITY_WORDS[s][0], SEVERITY_WORDS[s][1])).join(', ');
}

export function severityWord(s: Severity, count = 1): string {
  return SEVERITY_WORDS[s][count === 1 ? 0 : 1];
}

/** The summary sentence of a report, without markup. */
export function summaryText(report: ShareReport): string {
  const n = report.projects.length;
  const t = report.totals;
  if (n === 0 && t.total === 0) return 'No Astro project found.';
  const where = n === 0 ? 'no Astro project' : plural(n, 'Astro project');
  return t.total === 0 ? `No findings in ${where}.` : `${plural(t.total, 'finding')} in ${where}: ${countsText(t)}.`;
}

export function catalogText(report: ShareReport): string {
  const source = { bundled: 'the bundled copy', cache: 'a cached copy of the live feed', online: 'the live feed', file: 'a catalog file' }[report.catalog.source];
  return `Judged on ${report.today} against the Astro Runtime catalog as of ${report.catalog.asOf} (${source}).`;
}

export function projectName(p: Pick<ProjectReport, 'root'>): string {
  return p.root === '' ? '.' : p.root;
}

/** The status of a responsibility in words, never by colour alone. */
export function statusText(r: ResponsibilityReport): string {
  if (r.status === 'findings') return plural(r.counts.total, 'finding');
  if (r.status === 'clear') return 'Clear';
  if (r.rulesSkipped.length) return 'Not checked: its rules could not run';
  return r.rulesOff.length ? 'Not checked: its rules are off' : 'Not checkable from the repository';
}

/** A responsibility across the whole report, in words. */
export function overallStatusText(c: CustomerDuty, short = false): string {
  if (c.counts.total) return plural(c.counts.total, 'finding');
  return c.checked ? 'Clear' : short ? 'Not checkable here' : 'Not checkable from the repository';
}

/** Rule ids with runs of neighbours joined: `ASR201–ASR206, ASR208`. */
export function ruleRanges(ids: readonly string[]): string {
  const parsed = [...ids].sort().map((id) => ({ id, m: /^([A-Z]+)(\d+)$/.exec(id) }));
  const out: string[] = [];
  for (let i = 0; i < parsed.length; ) {
    let j = i;
    while (j + 1 < parsed.length && parsed[i].m && parsed[j + 1].m && parsed[j + 1].m![1] === parsed[i].m![1] && +parsed[j + 1].m![2] === +parsed[j].m![2] + 1) j++;
    out.push(j - i >= 2 ? `${parsed[i].id}–${parsed[j].id}` : parsed.slice(i, j + 1).map((p) => p.id).join(', '));
    i = j + 1;
  }
  return out.join(', ');
}

/** Which rules checked a responsibility, and which would have but were skipped or off. */
export function rulesText(r: ResponsibilityReport): string {
  const parts = [r.rules.length ? ruleRanges(r.rules) : 'no rule'];
  if (r.rulesSkipped.length) parts.push(`${ruleRanges(r.rulesSkipped)} skipped`);
  if (r.rulesOff.length) parts.push(`${ruleRanges(r.rulesOff)} off`);
  return parts.join('; ');
}

/** The worst severity among some counts, for styling. */
export function worstOf(c: SeverityCounts): Severity | undefined {
  return SEVERITIES.find((s) => c[s] > 0);
}

export const SUPPORT_LABEL: Record<SupportStatus, string> = {
  supported: 'Supported',
  'maintenance-ends-soon': 'Maintenance ends soon',
  'basic-support-only': 'Basic support only',
  'end-of-support': 'End of support',
  unknown: 'Support unknown',
};

/** `quay.io/astronomer/astro-runtime:12.4.0`. */
export function imageRef(rt: ReportRuntime): string {
  return rt.tag ? `${rt.image}:${rt.tag}` : rt.image;
}

/** `Astro Runtime 12.4.0 (Airflow 2.10)`, or what the tag says when it names no single version. */
export function runtimeWhat(rt: ReportRuntime): string {
  if (!rt.version) return `Astro Runtime ${rt.tag ? `tag ${rt.tag}` : 'with no tag'}`;
  return `Astro Runtime ${rt.version}${rt.airflowVersion ? ` (Airflow ${rt.airflowVersion})` : ''}`;
}

/** The details after the support label, with the first letter as written (lower case). */
export function supportDetail(rt: ReportRuntime): string {
  const colon = rt.supportText.indexOf(': ');
  const rest = colon >= 0 ? rt.supportText.slice(colon + 2) : '';
  const withdrawn = rt.yanked ? 'withdrawn by Astronomer' : '';
  return [withdrawn, rest].filter(Boolean).join('; ');
}

/** `analytics/Dockerfile:1:6` (1-based, as editors and the text output show it). */
export function locationText(f: Pick<ReportFinding, 'file' | 'range'>): string {
  return `${f.file}:${f.range.start.line + 1}:${f.range.start.character + 1}`;
}

/**
 * A message cut into plain text and the code spans the engine writes in
 * backticks (`WAREHOUSE_PASSWORD`). A backtick without a partner on its line
 * stays plain text.
 */
export function messageParts(message: string): { code: boolean; text: string }[] {
  const parts: { code: boolean; text: string }[] = [];
  const re = /`([^`\r\n]+)`/g;
  let last = 0;
  for (let m = re.exec(message); m; m = re.exec(message)) {
    if (m.index > last) parts.push({ code: false, text: message.slice(last, m.index) });
    parts.push({ code: true, text: m[1] });
    last = m.index + m[0].length;
  }
  if (last < message.length) parts.push({ code: false, text: message.slice(last) });
  return parts;
}

/** The groups of a project that hold findings, in the model's order: the seven, then the check's own configuration. */
export function findingGroups(p: ProjectReport): { title: string; findings: ReportFinding[] }[] {
  const groups: { title: string; findings: ReportFinding[] }[] = p.responsibilities.filter((r) => r.findings.length).map((r) => ({ title: r.title, findings: r.findings }));
  if (p.configuration) groups.push(p.configuration);
  return groups;
}
