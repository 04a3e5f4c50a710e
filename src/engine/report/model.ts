/**
 * The shared-responsibility report: a check's result laid out along Astro's
 * shared responsibility model. Per project, each of the customer's seven
 * responsibilities is clear, has findings, or cannot be checked from a
 * repository at all; beside them stand what no repository shows and the
 * sides that are Astronomer's and the cloud provider's. A plain, JSON-able
 * model: the Markdown and HTML renderers and the editor read the same one.
 *
 * Built from findings and metadata only, never from a file's text, so it
 * holds nothing a finding's message does not (and those never hold a
 * secret's value).
 */
import type { CheckResult, ProjectSummary, RuleSetting } from '../check';
import {
  ASTRONOMER_SIDE,
  CLOUD_PROVIDER_SIDE,
  CUSTOMER_RESPONSIBILITIES,
  isCustomerResponsibility,
  RESPONSIBILITIES,
  RESPONSIBILITY_MODEL_URL,
  type CustomerResponsibilityKey,
  type TheirSide,
} from '../knowledge/responsibilities';
import type { RuntimeCatalog, CatalogSource } from '../knowledge/runtime/catalog';
import { daysBetween, lifecycleOf } from '../knowledge/runtime/lifecycle';
import { CLI_NAME } from '../product';
import { RULES, ruleById } from '../rules';
import type { Finding, ReadProblem, Severity } from '../types';

/** The version of this model's shape; raised when a field changes meaning or goes away. */
export const SHARE_REPORT_VERSION = 1;

export interface SeverityCounts {
  error: number;
  warning: number;
  info: number;
  hint: number;
  total: number;
}

/** A finding as the report lists it: the engine's finding, its place in `ShareReport.findings` and the project it belongs to. */
export interface ReportFinding extends Finding {
  /** Its index in `ShareReport.findings` (what `data-index` of the HTML names). */
  index: number;
  /** The root of the project it belongs to ('' for a project at the checked root), or null when it is outside every project. */
  project: string | null;
}

/**
 * - `clear`: rules check it and found nothing;
 * - `findings`: at least one finding;
 * - `not-checkable`: no rule (that is on) can check it from a repository.
 */
export type ResponsibilityStatus = 'clear' | 'findings' | 'not-checkable';

export interface ResponsibilityReport {
  key: CustomerResponsibilityKey;
  title: string;
  /** What the customer owns here. */
  duty: string;
  docs: { title: string; url: string }[];
  /** Ids of the rules that checked it. */
  rules: string[];
  /** Ids of the rules that would check it but were turned off. */
  rulesOff: string[];
  /** Ids of the rules that are on but could not run (ASR306 without the advisory database). */
  rulesSkipped: string[];
  status: ResponsibilityStatus;
  counts: SeverityCounts;
  /** In reading order (file, line, column). */
  findings: ReportFinding[];
  /** What of it no repository shows. */
  outside: string;
}

/** Findings that are not about one of the customer's responsibilities, or that belong to no project. */
export interface FindingGroup {
  title: string;
  counts: SeverityCounts;
  findings: ReportFinding[];
}

/**
 * Where a Runtime release stands on the report's date:
 * - `supported`: maintained, and not ending within the warning days;
 * - `maintenance-ends-soon`: maintained, but not for longer than the warning days;
 * - `basic-support-only`: maintenance has ended (only basic support is left, possibly ending soon);
 * - `end-of-support`: no support at all any more;
 * - `unknown`: the tag names no single release, or the catalog does not know it.
 */
export type SupportStatus = 'supported' | 'maintenance-ends-soon' | 'basic-support-only' | 'end-of-support' | 'unknown';

export interface ReportRuntime {
  image: string;
  tag: string | null;
  version: string | null;
  airflowVersion: string | null;
  support: SupportStatus;
  /** The support status and its dates in one sentence fragment, for people. */
  supportText: string;
  /** The last day of maintenance of the release (YYYY-MM-DD), when the catalog knows it. */
  endOfMaintenance: string | null;
  /** The last day of basic support of the release (YYYY-MM-DD), when the catalog knows it. */
  endOfBasicSupport: string | null;
  /** Astronomer withdrew the release. */
  yanked: boolean;
}

export interface ProjectReport {
  /** Relative to the checked root, with `/`; '' for a project at the checked root. */
  root: string;
  /** The final image, when it is Astro Runtime; null otherwise. */
  runtime: ReportRuntime | null;
  /** The seven, in the model's order. */
  responsibilities: ResponsibilityReport[];
  /** Findings about the check's own set-up (its configuration and ignore comments), or of any other category; null when there are none. */
  configuration: FindingGroup | null;
  counts: SeverityCounts;
}

/** One of the customer's responsibilities, once for the whole report: what it is, what no repository shows. */
export interface CustomerDuty {
  key: CustomerResponsibilityKey;
  title: string;
  duty: string;
  outside: string;
  docs: { title: string; url: string }[];
  /** Whether a rule that is on checks part of it from the repository. */
  checked: boolean;
  /** Its findings across every project. */
  counts: SeverityCounts;
}

export interface ShareReport {
  reportVersion: typeof SHARE_REPORT_VERSION;
  tool: { name: string; version: string };
  /** The date the check judged against (YYYY-MM-DD). */
  today: string;
  warningDays: number;
  catalog: { source: CatalogSource; asOf: string };
  /** Astronomer's page on the model. */
  modelUrl: string;
  /** Exactly the findings of the check, counted. */
  totals: SeverityCounts;
  projects: ProjectReport[];
  /** Findings in no project's folder; null when there are none. */
  outsideProjects: FindingGroup | null;
  /** What the check could not fully read. */
  problems: ReadProblem[];
  /** What the reader should know about how complete the check was (a skipped lookup, say). */
  notes: string[];
  /** The customer's side, once, with what no repository shows. */
  customer: CustomerDuty[];
  astronomer: TheirSide;
  cloudProvider: TheirSide;
  /** Every finding, flat, in the check's order; groups hold the same entries. */
  findings: ReportFinding[];
}

export interface ReportOptions {
  catalog: RuntimeCatalog;
  today: string;
  warningDays: number;
  /** The version of the tool, as the report names it. */
  version: string;
  /** Rule ids that were off in the check (see `rulesOffBy`); default: those off unless a setting turns them on. */
  rulesOff?: Set<string>;
  /** Rule ids that were on but could not run, such as ASR306 when the advisory database could not be reached. */
  rulesSkipped?: Set<string>;
  notes?: string[];
}

export const CONFIGURATION_GROUP_TITLE = 'Configuration of this check';
export const OUTSIDE_PROJECTS_TITLE = 'Outside every Astro project';

/** The rules that were off in a check with these settings (by id or name): turned off, or off by default and not turned on. */
export function rulesOffBy(settings: Record<string, RuleSetting> = {}): Set<string> {
  const given = new Map<string, RuleSetting>();
  for (const [key, value] of Object.entries(settings)) {
    const rule = ruleById(key);
    if (rule) given.set(rule.id, value);
  }
  const off = new Set<string>();
  for (const r of RULES) {
    const setting = given.get(r.id);
    if (setting === undefined ? r.enabledByDefault === false : setting === 'off') off.add(r.id);
  }
  return off;
}

export function buildReport(result: CheckResult, options: ReportOptions): ShareReport {
  const rulesOff = options.rulesOff ?? rulesOffBy();
  const skipped = options.rulesSkipped ?? new Set<string>();
  const roots = result.projects.map((p) => p.root);
  // A deep, JSON-clean copy (no undefined fields): the report is plain data that survives JSON unchanged.
  const findings: ReportFinding[] = result.findings.map((f, index) => ({ ...(JSON.parse(JSON.stringify(f)) as Finding), index, project: projectOf(f.file, roots) }));

  const projects = result.projects.map((summary) => {
    const own = findings.filter((f) => f.project === summary.root);
    const responsibilities = CUSTOMER_RESPONSIBILITIES.map((key) => responsibilityReport(key, own, rulesOff, skipped));
    const other = own.filter((f) => !isCustomerResponsibility(f.responsibility));
    const project: ProjectReport = {
      root: summary.root,
      runtime: runtimeOf(summary, options),
      responsibilities,
      configuration: other.length ? group(CONFIGURATION_GROUP_TITLE, other) : null,
      counts: countsOf(own),
    };
    return project;
  });
  const loose = findings.filter((f) => f.project === null);

  return {
    reportVersion: SHARE_REPORT_VERSION,
    tool: { name: CLI_NAME, version: options.version },
    today: options.today,
    warningDays: options.warningDays,
    catalog: { source: options.catalog.info.source, asOf: options.catalog.info.asOf },
    modelUrl: RESPONSIBILITY_MODEL_URL,
    totals: countsOf(result.findings),
    projects,
    outsideProjects: loose.length ? group(OUTSIDE_PROJECTS_TITLE, loose) : null,
    problems: result.problems.map((p) => ({ ...p })),
    notes: [...(options.notes ?? [])],
    customer: CUSTOMER_RESPONSIBILITIES.map((key) => {
      const r = RESPONSIBILITIES[key];
      const checked = rulesOf(key).some((id) => !rulesOff.has(id) && !skipped.has(id));
      return { key, title: r.title, duty: r.duty, outside: r.outside, docs: r.docs.map((d) => ({ ...d })), checked, counts: countsOf(findings.filter((f) => f.responsibility === key)) };
    }),
    astronomer: copySide(ASTRONOMER_SIDE),
    cloudProvider: copySide(CLOUD_PROVIDER_SIDE),
    findings,
  };
}

/** The root of the project a file belongs to: the longest root that holds it ('' holds every file). */
export function projectOf(file: string, roots: readonly string[]): string | null {
  let best: string | null = null;
  for (const root of roots) {
    if (root !== '' && !file.startsWith(`${root}/`)) continue;
    if (best === null || root.length > best.length) best = root;
  }
  return best;
}

export function countsOf(findings: readonly Pick<Finding, 'severity'>[]): SeverityCounts {
  const counts: SeverityCounts = { error: 0, warning: 0, info: 0, hint: 0, total: findings.length };
  for (const f of findings) counts[f.severity as Severity]++;
  return counts;
}

function rulesOf(key: CustomerResponsibilityKey): string[] {
  return RULES.filter((r) => r.responsibility === key).map((r) => r.id);
}

function responsibilityReport(key: CustomerResponsibilityKey, projectFindings: readonly ReportFinding[], rulesOff: ReadonlySet<string>, skipped: ReadonlySet<string>): ResponsibilityReport {
  const r = RESPONSIBILITIES[key];
  const all = rulesOf(key);
  const rules = all.filter((id) => !rulesOff.has(id) && !skipped.has(id));
  const findings = projectFindings.filter((f) => f.responsibility === key);
  return {
    key,
    title: r.title,
    duty: r.duty,
    docs: r.docs.map((d) => ({ ...d })),
    rules,
    rulesOff: all.filter((id) => rulesOff.has(id)),
    rulesSkipped: all.filter((id) => !rulesOff.has(id) && skipped.has(id)),
    status: findings.length ? 'findings' : rules.length ? 'clear' : 'not-checkable',
    counts: countsOf(findings),
    findings,
    outside: r.outside,
  };
}

function group(title: string, findings: ReportFinding[]): FindingGroup {
  return { title, counts: countsOf(findings), findings };
}

function copySide(side: TheirSide): TheirSide {
  return { ...side, duties: side.duties.map((d) => ({ ...d })) };
}

function runtimeOf(summary: ProjectSummary, options: ReportOptions): ReportRuntime | null {
  const rt = summary.runtime;
  if (!rt) return null;
  const base = { image: rt.image, tag: rt.tag, version: rt.version, airflowVersion: rt.airflowVersion };
  if (!rt.version) {
    return { ...base, support: 'unknown', supportText: 'support unknown: the tag names no single Runtime release', endOfMaintenance: null, endOfBasicSupport: null, yanked: false };
  }
  const release = options.catalog.get(rt.version.includes('-') ? 'v3' : 'v2', rt.version);
  if (!release) {
    return { ...base, support: 'unknown', supportText: `support unknown: the Runtime catalog (as of ${options.catalog.info.asOf}) does not list ${rt.version}`, endOfMaintenance: null, endOfBasicSupport: null, yanked: false };
  }
  const eom = release.endOfMaintenance ?? null;
  const eobs = release.endOfBasicSupport ?? null;
  const dated = { ...base, endOfMaintenance: eom, endOfBasicSupport: eobs, yanked: release.yanked };
  const until = (what: string, date: string | null) => (date ? `${what} until ${date}` : undefined);
  const inDays = (date: string) => {
    const days = daysBetween(options.today, date);
    return days === 0 ? 'today' : `in ${days} day${days === 1 ? '' : 's'}`;
  };
  const state = lifecycleOf(release, options.today, options.warningDays);
  switch (state.state) {
    case 'supported': {
      const dates = [until('maintained', eom), until('basic support', eobs)].filter(Boolean).join(', ');
      return { ...dated, support: 'supported', supportText: `supported: ${dates || 'the catalog gives no end dates for this release yet'}` };
    }
    case 'ending-soon':
      if (state.which === 'maintenance') {
        return { ...dated, support: 'maintenance-ends-soon', supportText: `maintenance ends soon: last day ${state.date} (${inDays(state.date)})${eobs ? `, basic support until ${eobs}` : ''}` };
      }
      return { ...dated, support: 'basic-support-only', supportText: `basic support only${eom ? `: maintenance ended on ${eom}` : ''}, and basic support ends soon: last day ${state.date} (${inDays(state.date)})` };
    case 'maintenance-ended':
      return { ...dated, support: 'basic-support-only', supportText: `basic support only: maintenance ended on ${state.date}${eobs ? `, basic support until ${eobs}` : ''}` };
    case 'unsupported':
      return { ...dated, support: 'end-of-support', supportText: `end of support: basic support ended on ${state.date}` };
  }
}
