/**
 * Runs the rules over Astro projects and folds their verdicts: at most one
 * finding per image reference, the most severe, naming the others.
 */
import { finalImage } from './dockerfile/parse';
import type { ProjectFs } from './fs';
import { findProjects, imageKindOf, type AstroProject } from './project';
import { ruleDocsUrl } from './product';
import { IMAGE_RULES } from './rules';
import type { CheckContext, ImageRule, ImageSubject, Verdict } from './rules/rule';
import type { RuntimeCatalog } from './runtime/catalog';
import { readTag } from './runtime/image';
import { SEVERITY_RANK, type Finding, type Fix, type ReadProblem, type Severity } from './types';

export type RuleSetting = Severity | 'off';

export interface CheckOptions {
  catalog: RuntimeCatalog;
  /** YYYY-MM-DD; defaults to today (UTC). */
  today?: string;
  /** Days before an end date that ASR102 starts to warn. Default 30. */
  warningDays?: number;
  /** Per-rule severity or 'off', by id or name. */
  rules?: Record<string, RuleSetting>;
}

export interface ProjectSummary {
  root: string;
  runtime: { image: string; tag: string | null; version: string | null; airflowVersion: string | null } | null;
}

export interface CheckResult {
  projects: ProjectSummary[];
  findings: Finding[];
  problems: ReadProblem[];
}

export const DEFAULT_WARNING_DAYS = 30;

export function todayUtc(): string {
  return new Date().toISOString().slice(0, 10);
}

export function contextOf(options: CheckOptions): CheckContext {
  const today = options.today ?? todayUtc();
  return { catalog: options.catalog.releasedBy(today), today, warningDays: options.warningDays ?? DEFAULT_WARNING_DAYS };
}

/** Checks every Astro project under `root`. */
export async function checkTree(fs: ProjectFs, options: CheckOptions, root = ''): Promise<CheckResult> {
  const { projects, problems } = await findProjects(fs, root);
  const findings = projects.flatMap((p) => checkProject(p, options));
  const catalog = contextOf(options).catalog;
  return { projects: projects.map((p) => summarize(p, catalog)), findings, problems };
}

/** The images of a project, with what the catalog knows of each. */
export function subjectsOf(project: AstroProject, catalog: RuntimeCatalog): ImageSubject[] {
  const final = finalImage(project.dockerfile);
  return project.dockerfile.stages
    .filter((stage) => stage.fromStage === undefined)
    .map((stage) => {
      const image = imageKindOf(stage);
      const subject: ImageSubject = { project, stage, isFinal: stage === final, image };
      if (image.kind === 'runtime') {
        subject.tag = readTag(stage.tag, image.family);
        // A version of the other family (3.0-4 on quay.io/astronomer/astro-runtime) names an image that does not exist.
        if (subject.tag.kind === 'exact' && subject.tag.at.family === image.family) subject.release = catalog.get(subject.tag.at.family, subject.tag.at.version);
      }
      return subject;
    });
}

export function checkProject(project: AstroProject, options: CheckOptions): Finding[] {
  const ctx = contextOf(options);
  const settings = normalizeSettings(options.rules);
  const findings: Finding[] = [];
  for (const subject of subjectsOf(project, ctx.catalog)) {
    const verdicts: { rule: ImageRule; verdict: Verdict; severity: Severity }[] = [];
    for (const rule of IMAGE_RULES) {
      const setting = settings.get(rule.meta.id);
      if (setting === 'off') continue;
      const verdict = rule.checkImage(subject, ctx);
      if (verdict) verdicts.push({ rule, verdict, severity: setting ?? verdict.severity ?? rule.meta.defaultSeverity });
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
  return findings;
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
    const rule = IMAGE_RULES.find((r) => r.meta.id === key.toUpperCase() || r.meta.name === key);
    if (rule) map.set(rule.meta.id, value);
  }
  return map;
}

export function summarize(project: AstroProject, catalog: RuntimeCatalog): ProjectSummary {
  const final = subjectsOf(project, catalog).find((s) => s.isFinal);
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

export { ruleDocsUrl };
