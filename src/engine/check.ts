/**
 * Runs the rules over Astro projects and folds their verdicts: at most one
 * finding per image reference, the most severe, naming the others. A
 * whole-tree check walks the tree once, reads what each project's image
 * installs (so that package intel is gathered once for all of them), then
 * loads, checks and lets go of one project at a time.
 */
import type { CheckContext, PinOperator } from './analysis/context';
import { packageQueries } from './analysis/requirements/queries';
import { subjectsOf, type ImageSubject } from './analysis/runtime/subjects';
import { secretsOf } from './analysis/secrets/occurrences';
import type { ProjectFs } from './fs/fs';
import { NO_INTEL, type IntelGatherer, type PackageIntel } from './knowledge/packages/intel';
import type { RuntimeCatalog } from './knowledge/runtime/catalog';
import { dockerfileFolders, listingsOf, probeProject, sortProblems, walkTree, type TreeWalk } from './project/find';
import { loadInstalls, loadProjectFiles, releaseProjectFiles, sourceOf, SourceReader, type ModelCache } from './project/load';
import type { AstroProject } from './project/model';
import { IMAGE_RULES, PROJECT_RULES, ruleById } from './rules';
import type { ImageRule, Rule, SetupRule, Verdict } from './rules/rule';
import { SEVERITY_RANK, type Finding, type Fix, type ReadProblem, type Severity } from './types';
import type { ConfigSource } from './files/config';
import { policyOf, type ProjectPolicy, type RuleSetting } from './policy/config';
import { Suppressions } from './policy/suppress';
import { withFingerprints } from './policy/fingerprint';
import { SETUP_RULES } from './rules';

export type { RuleSetting } from './policy/config';

export interface CheckOptions {
  catalog: RuntimeCatalog;
  /** YYYY-MM-DD; defaults to today (UTC). */
  today?: string;
  /** Days before an end date that ASR102 starts to warn. Default 30. */
  warningDays?: number;
  /** Per-rule severity or 'off', by id or name: the defaults (the editor's settings), below the configuration files. */
  rules?: Record<string, RuleSetting>;
  /** What the user asked for on this run (the CLI's flags): above the configuration files. */
  overrides?: { rules?: Record<string, RuleSetting>; warningDays?: number; pinOperator?: PinOperator };
  /** Configuration files above the checked root (the repository's, when a sub-folder is checked), outermost first. */
  outerConfigs?: ConfigSource[];
  /** What is known about Python packages, already gathered (the editor keeps one). */
  intel?: PackageIntel;
  /** Gathers package intel for a whole-tree check; without it (and without `intel`) rules that need it are skipped. */
  gatherIntel?: IntelGatherer;
  /** The operator fixes write when they pin a Python requirement. Default '=='. */
  pinOperator?: PinOperator;
  /** Models of earlier checks, reused for files whose text has not changed. */
  cache?: ModelCache;
  /** The checked root's path relative to the folder findings' fingerprints name paths from (a baseline's folder); default '', the checked root. */
  fingerprintPrefix?: string;
}

export interface ProjectSummary {
  root: string;
  runtime: { image: string; tag: string | null; version: string | null; airflowVersion: string | null } | null;
}

export interface CheckResult {
  projects: ProjectSummary[];
  findings: Finding[];
  problems: ReadProblem[];
  /** Whether package intel (advisories, newest versions) was available. */
  intel: PackageIntel['status'];
}

export const DEFAULT_WARNING_DAYS = 30;

export function todayUtc(): string {
  return new Date().toISOString().slice(0, 10);
}

/** What the rules are given: the user's choices, with a project's configuration files between the defaults and the run's overrides. */
export function contextOf(options: CheckOptions, policy?: ProjectPolicy): CheckContext {
  const today = options.today ?? todayUtc();
  return {
    catalog: options.catalog.releasedBy(today),
    today,
    warningDays: options.overrides?.warningDays ?? policy?.warningDays ?? options.warningDays ?? DEFAULT_WARNING_DAYS,
    intel: options.intel,
    pinOperator: options.overrides?.pinOperator ?? policy?.pinOperator ?? options.pinOperator ?? '==',
    productionPattern: policy?.productionPattern,
  };
}

/** Checks every Astro project under `root`. */
export async function checkTree(fs: ProjectFs, options: CheckOptions, root = ''): Promise<CheckResult> {
  const walk = await walkTree(fs, root);
  return checkWalk(fs, walk, dockerfileFolders(walk), options, root);
}

/**
 * Checks the projects among `folders` (folders of the walk holding a
 * Dockerfile; a nested one must come with the folder holding it): the whole
 * tree, or a share of it for a parallel check. The walk's problems are part
 * of the result.
 */
export async function checkWalk(fs: ProjectFs, walk: TreeWalk, folders: readonly string[], options: CheckOptions, checkedRoot = ''): Promise<CheckResult> {
  const reader = new SourceReader(fs, [...walk.problems], options.cache);
  const projects: AstroProject[] = [];
  for (const dir of folders) {
    const project = await probeProject(reader, dir, async (d) => walk.dirs.get(d));
    if (project) projects.push(project);
  }
  projects.sort((a, b) => (a.root < b.root ? -1 : a.root > b.root ? 1 : 0));
  for (const project of projects) await loadInstalls(reader, project);

  let intel = options.intel;
  if (!intel && options.gatherIntel) {
    const queries = projects.flatMap(packageQueries);
    intel = queries.length ? await options.gatherIntel(queries) : undefined;
  }
  const checkOptions = { ...options, intel };
  const listings = listingsOf(walk, projects.map((p) => p.root), checkedRoot);
  const ignoreTexts = new Map<string, string | undefined>();
  const findings: Finding[] = [];
  const catalog = contextOf(options).catalog;
  for (const project of projects) {
    await loadProjectFiles(reader, project, listings.get(project.root)!, ignoreTexts, options.outerConfigs);
    findings.push(...checkProject(project, checkOptions));
    reader.problems.push(...secretsOf(project).problems);
    // Checked: its files are not needed any more.
    releaseProjectFiles(project);
  }
  return { projects: projects.map((p) => summarize(p, catalog)), findings: withoutRepeats(findings).sort(byPosition), problems: sortProblems(reader.problems), intel: (intel ?? NO_INTEL).status };
}

export function checkProject(project: AstroProject, options: CheckOptions): Finding[] {
  const policy = policyOf(project.files?.configs);
  const ctx = contextOf(options, policy);
  const settings = ruleSettings(options, policy);
  const enabled = (rule: Rule | SetupRule) => {
    const setting = settings.get(rule.meta.id);
    return setting === undefined ? rule.meta.enabledByDefault !== false : setting !== 'off';
  };
  const severityOf = (rule: Rule | SetupRule, verdict: { severity?: Severity }): Severity => {
    const setting = settings.get(rule.meta.id);
    return setting && setting !== 'off' ? setting : verdict.severity ?? rule.meta.defaultSeverity;
  };
  const suppressions = new Suppressions(project, policy);
  const findings: Finding[] = [];
  for (const subject of subjectsOf(project, ctx.catalog)) {
    const verdicts: { rule: ImageRule; verdict: Verdict; severity: Severity }[] = [];
    for (const rule of IMAGE_RULES) {
      if (!enabled(rule)) continue;
      const verdict = rule.checkImage(subject, ctx);
      if (verdict && !suppressions.suppresses(rule.meta.id, project.dockerfilePath, subject.stage.range)) verdicts.push({ rule, verdict, severity: severityOf(rule, verdict) });
    }
    if (verdicts.length === 0) continue;
    // Stable sort: ties keep the registry's order.
    verdicts.sort((a, b) => SEVERITY_RANK[b.severity] - SEVERITY_RANK[a.severity]);
    const [top, ...others] = verdicts;
    const also = others.length ? ` Also: ${others.map((o) => `${o.verdict.brief} (${o.rule.meta.id})`).join('; ')}.` : '';
    findings.push({
      ruleId: top.rule.meta.id,
      rule: top.rule.meta.name,
      responsibility: top.rule.meta.responsibility,
      severity: top.severity,
      file: project.dockerfilePath,
      range: subject.stage.range,
      message: top.verdict.message + also,
      fixes: mergeFixes(verdicts.map((v) => v.verdict.fixes ?? [])),
      related: others.length ? others.map((o) => o.rule.meta.id) : undefined,
    });
  }
  for (const rule of PROJECT_RULES) {
    if (!enabled(rule)) continue;
    for (const verdict of rule.checkProject(project, ctx)) {
      if (suppressions.suppresses(rule.meta.id, verdict.file, verdict.range)) continue;
      findings.push({
        ruleId: rule.meta.id,
        rule: rule.meta.name,
        responsibility: rule.meta.responsibility,
        severity: severityOf(rule, verdict),
        file: verdict.file,
        range: verdict.range,
        message: verdict.message,
        fixes: verdict.fixes ?? [],
      });
    }
  }
  // The check's own set-up: ignores that suppress nothing or are not allowed, and what the configuration files get wrong.
  const setup = (rule: SetupRule, file: string, range: Finding['range'], message: string) => {
    if (enabled(rule)) findings.push({ ruleId: rule.meta.id, rule: rule.meta.name, responsibility: rule.meta.responsibility, severity: severityOf(rule, {}), file, range, message, fixes: [] });
  };
  // An ignore of a rule that is off, or that could not run here (advisories without package intel), is not called unused.
  const conclusive = (id: string) => enabled({ meta: ruleById(id)! }) && (id !== 'ASR306' || ctx.intel?.status === 'online');
  for (const v of suppressions.setupVerdicts(conclusive)) setup(v.ruleId === 'ASR001' ? SETUP_RULES.ignoreUnused : SETUP_RULES.inlineIgnoreForbidden, v.file, v.range, v.message);
  for (const p of policy.problems) setup(SETUP_RULES.configurationInvalid, p.file, p.range, p.message);
  return withFingerprints(findings.sort(byPosition), (path) => sourceOf(project, path), options.fingerprintPrefix);
}

/** Severity per rule id: the defaults, then the configuration files (nearest wins), then the run's overrides. */
function ruleSettings(options: CheckOptions, policy: ProjectPolicy): Map<string, RuleSetting> {
  const settings = normalizeSettings(options.rules);
  for (const [id, setting] of policy.rules) settings.set(id, setting);
  for (const [id, setting] of normalizeSettings(options.overrides?.rules)) settings.set(id, setting);
  return settings;
}

/** One finding per place and message: a configuration file above several projects is checked with each of them. */
export function withoutRepeats(findings: Finding[]): Finding[] {
  const seen = new Set<string>();
  return findings.filter((f) => {
    if (f.responsibility !== 'tool') return true;
    const key = `${f.ruleId}\n${f.file}\n${f.range.start.line}:${f.range.start.character}\n${f.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** Findings in reading order: by file, then line, then column. */
export function byPosition(a: Finding, b: Finding): number {
  if (a.file !== b.file) return a.file < b.file ? -1 : 1;
  return a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character;
}

function mergeFixes(lists: Fix[][]): Fix[] {
  const out: Fix[] = [];
  for (const fix of lists.flat()) {
    if (out.some((f) => f.title === fix.title)) continue;
    out.push({ ...fix, isPreferred: fix.isPreferred && !out.some((f) => f.isPreferred) ? true : undefined });
  }
  return out;
}

function normalizeSettings(rules: Record<string, RuleSetting> | undefined): Map<string, RuleSetting> {
  const map = new Map<string, RuleSetting>();
  for (const [key, value] of Object.entries(rules ?? {})) {
    const rule = ruleById(key);
    if (rule) map.set(rule.id, value);
  }
  return map;
}

export function summarize(project: AstroProject, catalog: RuntimeCatalog): ProjectSummary {
  const final = subjectsOf(project, catalog).find((s: ImageSubject) => s.isFinal);
  if (!final || final.image.kind !== 'runtime') return { root: project.root, runtime: null };
  const { stage, tag, release } = final;
  return {
    root: project.root,
    runtime: {
      image: stage.registry ? `${stage.registry}/${stage.path}` : stage.path,
      tag: stage.tag || null,
      version: tag?.kind === 'exact' ? tag.at.version : null,
      airflowVersion: release?.airflowVersion ?? null,
    },
  };
}
