/**
 * The report as GitHub-flavoured Markdown, for a pull-request comment or an
 * audit record. Everything taken from findings and paths is escaped: it can
 * neither close a table cell nor start HTML, a link, emphasis or math; the
 * code spans the engine writes in its messages stay code spans.
 */
import { ruleDocsUrl } from '../product';
import type { FindingGroup, ProjectReport, ReportFinding, ShareReport } from './model';
import {
  catalogText,
  countsText,
  findingGroups,
  imageRef,
  locationText,
  messageParts,
  overallStatusText,
  plural,
  projectName,
  REPORT_TITLE,
  statusText,
  summaryText,
  SUPPORT_LABEL,
  supportDetail,
  rulesText,
  runtimeWhat,
  worstOf,
} from './words';

/** Plain text made safe for Markdown prose and table cells. */
export function escapeMarkdown(text: string): string {
  return text
    .replace(/\r\n|[\r\n]/g, ' ')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/[\\`*_[\]|~$]/g, '\\$&');
}

/** Text as one code span, whatever backticks it holds; `inTable` also escapes `|`, which GFM reads as a cell border even there. */
export function markdownCode(text: string, inTable = false): string {
  const flat = text.replace(/\r\n|[\r\n]/g, ' ');
  const longest = Math.max(0, ...(flat.match(/`+/g) ?? []).map((r) => r.length));
  const fence = '`'.repeat(longest + 1);
  const pad = flat.startsWith('`') || flat.endsWith('`') || (flat.startsWith(' ') && flat.endsWith(' ') && flat.trim() !== '') ? ' ' : '';
  const body = inTable ? flat.replace(/\|/g, '\\|') : flat;
  return `${fence}${pad}${body}${pad}${fence}`;
}

/** A finding's message: its code spans as code, the rest escaped. */
export function markdownMessage(message: string): string {
  return messageParts(message)
    .map((p) => (p.code ? markdownCode(p.text) : escapeMarkdown(p.text)))
    .join('');
}

const STATUS_MARK = { error: '❌', warning: '⚠️', info: 'ℹ️', hint: '💡' } as const;

export function renderMarkdown(report: ShareReport): string {
  const out: string[] = [];
  out.push(`# ${REPORT_TITLE}`, '');
  out.push(`**${summaryText(report)}** ${catalogText(report)}`, '');
  out.push(
    `Astronomer's [shared responsibility model](${report.modelUrl}) splits the security of Astro between Astronomer, the cloud provider and you, the customer. ` +
      'This report checks your side as far as the repository shows it, project by project; what only Astro, your identity provider or your cloud accounts show is under *Your side beyond the repository*, followed by the sides that are Astronomer’s and the cloud provider’s.',
    '',
  );
  for (const note of report.notes) out.push(`> ${escapeMarkdown(note)}`, '');

  if (report.projects.length > 1 || report.outsideProjects) {
    out.push(`## Your side across ${report.projects.length === 1 ? 'the project' : `all ${report.projects.length} projects`}`, '');
    out.push('| Your responsibility | Status | Errors | Warnings | Info | Hints |', '|---|---|--:|--:|--:|--:|');
    for (const c of report.customer) {
      const worst = worstOf(c.counts);
      const mark = c.counts.total && worst ? STATUS_MARK[worst] : c.checked ? '✅' : '➖';
      const counts = !c.checked && !c.counts.total ? ['–', '–', '–', '–'] : [c.counts.error, c.counts.warning, c.counts.info, c.counts.hint].map(String);
      out.push(`| ${escapeMarkdown(c.title)} | ${mark} ${escapeMarkdown(overallStatusText(c))} | ${counts.join(' | ')} |`);
    }
    out.push('');
  }

  if (report.projects.length === 0) {
    out.push('No Astro project was found (a folder with a `Dockerfile` and `.astro/config.yaml`, or a `Dockerfile` built on an Astronomer image).', '');
  }
  for (const p of report.projects) projectSection(p, out);
  if (report.outsideProjects) {
    out.push(`## ${escapeMarkdown(report.outsideProjects.title)}`, '');
    groupList(report.outsideProjects, out, true);
  }
  if (report.problems.length) {
    out.push('## Not fully read', '');
    for (const p of report.problems) out.push(`- ${markdownCode(p.file)}: ${escapeMarkdown(p.message)}`);
    out.push('');
  }

  out.push('## Your side beyond the repository', '');
  out.push('These are yours as well, but they live outside the repository, so no check of it can see them. Review them where they are kept.', '');
  for (const c of report.customer) {
    const links = c.docs.map((d) => `[${escapeMarkdown(d.title)}](${d.url})`).join(', ');
    out.push(`- **${escapeMarkdown(c.title)}**${c.checked ? '' : ' (not checkable from the repository)'}: ${escapeMarkdown(c.outside)} ${links}`);
  }
  out.push('');
  for (const side of [report.astronomer, report.cloudProvider]) {
    out.push(`## ${escapeMarkdown(side.title)} (theirs, not yours)`, '');
    out.push(escapeMarkdown(side.note), '');
    for (const d of side.duties) out.push(`- **${escapeMarkdown(d.title)}**: ${escapeMarkdown(d.text)}`);
    out.push('');
  }
  out.push(`<sub>${escapeMarkdown(`${report.tool.name} ${report.tool.version}`)}. [Shared responsibility model](${report.modelUrl}).</sub>`, '');
  return out.join('\n');
}

function projectSection(p: ProjectReport, out: string[]): void {
  out.push(`## Project ${markdownCode(projectName(p))}`, '');
  const rt = p.runtime;
  if (rt) {
    const detail = supportDetail(rt);
    out.push(`**Runtime:** ${markdownCode(imageRef(rt))}, ${escapeMarkdown(runtimeWhat(rt))}: **${SUPPORT_LABEL[rt.support]}**${detail ? ` (${escapeMarkdown(detail)})` : ''}.`, '');
  } else {
    out.push('**Runtime:** the final image is not Astro Runtime.', '');
  }
  out.push('| Your responsibility | Status | Errors | Warnings | Info | Hints | Checked by |', '|---|---|--:|--:|--:|--:|---|');
  for (const r of p.responsibilities) {
    const worst = worstOf(r.counts);
    const mark = r.status === 'findings' && worst ? STATUS_MARK[worst] : r.status === 'clear' ? '✅' : '➖';
    const counts = r.status === 'not-checkable' ? ['–', '–', '–', '–'] : [r.counts.error, r.counts.warning, r.counts.info, r.counts.hint].map(String);
    out.push(`| ${escapeMarkdown(r.title)} | ${mark} ${escapeMarkdown(statusText(r))} | ${counts.join(' | ')} | ${escapeMarkdown(rulesText(r))} |`);
  }
  if (p.configuration) {
    const c = p.configuration.counts;
    out.push(`| *${escapeMarkdown(p.configuration.title)}* | ${STATUS_MARK[worstOf(c) ?? 'hint']} ${plural(c.total, 'finding')} | ${c.error} | ${c.warning} | ${c.info} | ${c.hint} | – |`);
  }
  out.push('');
  const groups = findingGroups(p);
  if (groups.length === 0) {
    out.push(`No findings in ${markdownCode(projectName(p))}.`, '');
    return;
  }
  out.push(`### Findings in ${markdownCode(projectName(p))}: ${countsText(p.counts)}`, '');
  for (const g of groups) {
    out.push(`#### ${escapeMarkdown(g.title)}`, '');
    for (const f of g.findings) findingItem(f, out);
    out.push('');
  }
}

function groupList(g: FindingGroup, out: string[], withCategory: boolean): void {
  for (const f of g.findings) findingItem(f, out, withCategory);
  out.push('');
}

function findingItem(f: ReportFinding, out: string[], withCategory = false): void {
  const category = withCategory ? ` (${escapeMarkdown(f.responsibility)})` : '';
  out.push(`- ${markdownCode(locationText(f))} **${f.severity}** [${f.ruleId} ${escapeMarkdown(f.rule)}](${ruleDocsUrl(f.ruleId)})${category}: ${markdownMessage(f.message)}`);
  const preferred = f.fixes.find((x) => x.isPreferred) ?? f.fixes[0];
  if (preferred) out.push(`  - Fix: ${escapeMarkdown(preferred.title)}${f.fixes.length > 1 ? ` (${f.fixes.length - 1} more in the editor)` : ''}`);
}
