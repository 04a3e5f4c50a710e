/** The CLI's output formats. JSON is a documented contract (README, "JSON output"). */
import type { CheckResult } from '../engine/check';
import type { PackageIntel } from '../engine/knowledge/packages/intel';
import { CLI_NAME } from '../engine/product';
import { plural } from '../engine/report/words';
import type { RuntimeCatalog } from '../engine/knowledge/runtime/catalog';
import { daysBetween } from '../engine/knowledge/runtime/lifecycle';
import type { Finding, Range, Severity } from '../engine/types';

export interface Report {
  version: string;
  catalog: RuntimeCatalog;
  today: string;
  result: CheckResult;
  notes: string[];
  /** Whether OSV advisories could be used (ASR306), and why not. */
  advisories: { status: PackageIntel['status']; reason?: string };
  /** False when `--rule ASR306=off`: no word about skipped vulnerability checks then. */
  vulnerabilityRuleOn?: boolean;
  /** With `--baseline`: the file as given, how many findings it held (not in `result`), and how many of its entries no finding matches any more. */
  baseline?: { file: string; baselined: number; unmatched: number };
}

const oneBased = (r: Range) => ({
  start: { line: r.start.line + 1, column: r.start.character + 1 },
  end: { line: r.end.line + 1, column: r.end.character + 1 },
});

export function toJson(report: Report): string {
  const { catalog, result } = report;
  const doc = {
    tool: { name: CLI_NAME, version: report.version },
    catalog: { source: catalog.info.source, asOf: catalog.info.asOf },
    today: report.today,
    advisories: { status: report.advisories.status },
    ...(report.baseline ? { baseline: report.baseline } : {}),
    projects: result.projects,
    findings: result.findings.map((f) => ({
      ruleId: f.ruleId,
      rule: f.rule,
      responsibility: f.responsibility,
      severity: f.severity,
      file: f.file,
      range: oneBased(f.range),
      message: f.message,
      ...(f.fingerprint ? { fingerprint: f.fingerprint } : {}),
      ...(f.related ? { related: f.related } : {}),
      fixes: f.fixes.map((fix) => ({
        title: fix.title,
        ...(fix.isPreferred ? { isPreferred: true } : {}),
        edits: fix.edits.map((e) => ({ file: e.file, range: oneBased(e.range), newText: e.newText })),
      })),
    })),
    problems: result.problems,
  };
  return JSON.stringify(doc, null, 2);
}

const COLORS: Record<Severity | 'dim' | 'bold', [number, number]> = {
  error: [31, 39],
  warning: [33, 39],
  info: [36, 39],
  hint: [90, 39],
  dim: [2, 22],
  bold: [1, 22],
};

/** The text output; `quiet`: its summary alone (for logs). */
export function toText(report: Report, color: boolean, quiet = false): string {
  if (quiet) return summaryLines(report).join('\n');
  const paint = (kind: keyof typeof COLORS, s: string) => (color ? `\u001b[${COLORS[kind][0]}m${s}\u001b[${COLORS[kind][1]}m` : s);
  const { catalog, result, today } = report;
  const lines: string[] = [];
  const age = daysBetween(catalog.info.asOf, today);
  const source = { bundled: 'bundled copy', cache: 'cached copy of the live feed', online: 'live feed', file: `file ${catalog.info.origin ?? ''}`.trim() }[catalog.info.source];
  lines.push(paint('dim', `Runtime catalog: ${source}, as of ${catalog.info.asOf}${age > 0 ? ` (${age} day${age === 1 ? '' : 's'} old)` : ''}; judged on ${today}.`));
  if (report.advisories.status !== 'online' && report.vulnerabilityRuleOn !== false) {
    lines.push(paint('dim', `Vulnerability checks (ASR306) skipped: ${report.advisories.reason ?? report.advisories.status}.`));
  }
  if (result.projects.length === 0) {
    lines.push('No Astro project found (a folder with a Dockerfile and .astro/config.yaml, or a Dockerfile built on an Astronomer image).');
  } else {
    const described = result.projects.map((p) => {
      const rt = p.runtime;
      const what = rt ? (rt.version ? `Runtime ${rt.version}${rt.airflowVersion ? `, Airflow ${rt.airflowVersion}` : ''}` : `Runtime ${rt.tag ?? 'unpinned'}`) : 'not Astro Runtime';
      return `${p.root || '.'} (${what})`;
    });
    lines.push(paint('dim', `${result.projects.length} Astro project${result.projects.length === 1 ? '' : 's'}: ${described.join(', ')}`));
  }
  const byFile = new Map<string, Finding[]>();
  for (const f of result.findings) byFile.set(f.file, [...(byFile.get(f.file) ?? []), f]);
  for (const [file, findings] of byFile) {
    lines.push('', paint('bold', file));
    for (const f of findings) {
      const pos = `${f.range.start.line + 1}:${f.range.start.character + 1}`;
      lines.push(`  ${pos.padEnd(6)} ${paint(f.severity, f.severity.padEnd(7))} ${f.message}  ${paint('dim', `${f.ruleId} ${f.rule}`)}`);
      const preferred = f.fixes.find((x) => x.isPreferred) ?? f.fixes[0];
      if (preferred) lines.push(`         ${paint('dim', `fix: ${preferred.title}`)}`);
    }
  }
  for (const p of result.problems) lines.push('', paint('warning', `could not fully read ${p.file}: ${p.message}`));
  lines.push('', ...summaryLines(report));
  return lines.join('\n');
}

/** What the baseline held back (with `--baseline`), and the count of findings by severity. */
function summaryLines(report: Report): string[] {
  const { findings } = report.result;
  const count = (s: Severity) => findings.filter((f) => f.severity === s).length;
  const total = findings.length;
  const lines: string[] = [];
  const b = report.baseline;
  if (b) {
    const stale = b.unmatched > 0 ? `; ${b.unmatched} of its entries no longer match${b.unmatched === 1 ? 'es' : ''} a finding (${CLI_NAME} baseline --prune removes ${b.unmatched === 1 ? 'it' : 'them'})` : '';
    lines.push(`Baseline ${b.file}: ${plural(b.baselined, 'finding')} not shown${stale}.`);
  }
  lines.push(total === 0 ? 'No findings.' : `${plural(total, 'finding')}: ${plural(count('error'), 'error')}, ${plural(count('warning'), 'warning')}, ${count('info')} info.`);
  return lines;
}
