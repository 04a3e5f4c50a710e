/**
 * What a rule is: its public metadata beside a check that returns early and
 * reads top to bottom. The engine runs the checks and folds their verdicts.
 */
import type { CheckContext } from '../analysis/context';
import type { ImageSubject } from '../analysis/runtime/subjects';
import type { AstroProject } from '../project/model';
import type { FindingCategory, Fix, Range, Severity } from '../types';

export type { CheckContext, PinOperator } from '../analysis/context';
export type { ImageSubject } from '../analysis/runtime/subjects';

export interface RuleMeta {
  /** Public and stable: users write it in settings and CI. */
  id: string;
  name: string;
  /** The customer's responsibility the rule checks; `tool` for findings about the check's own set-up. */
  responsibility: FindingCategory;
  defaultSeverity: Severity;
  /** One line: what the rule reports. */
  summary: string;
  /** Rules that are off unless a setting turns them on. Default: true. */
  enabledByDefault?: boolean;
  /** For the hover on a finding: what to do instead, where the finding is (Markdown, one paragraph). */
  instead?: string;
  /** Options the configuration file may set for this rule (`rules: { ASR102: { warning-days: 60 } }`). */
  options?: RuleOption[];
}

/** An option of a rule, as written in `.astro-sr.yaml`. */
export interface RuleOption {
  name: string;
  description: string;
  /** A whole number at least `minimum`, one of `values`, or a regular expression (JavaScript syntax, matched ignoring case). */
  type: { integer: { minimum: number } } | { values: readonly string[] } | { pattern: { maxLength: number } };
}

export interface Verdict {
  /** Defaults to the rule's default severity. */
  severity?: Severity;
  message: string;
  /** A few words for when this verdict is named inside another finding's message. */
  brief: string;
  fixes?: Fix[];
}

export interface ImageRule {
  meta: RuleMeta;
  checkImage(subject: ImageSubject, ctx: CheckContext): Verdict | undefined;
}

/** A verdict about a place in one of the project's files. */
export interface FileVerdict extends Verdict {
  /** Path relative to the checked root, with `/`. */
  file: string;
  range: Range;
}

/** A rule over a whole project (its requirement files, settings files, code). */
export interface ProjectRule {
  meta: RuleMeta;
  checkProject(project: AstroProject, ctx: CheckContext): FileVerdict[];
}

export type Rule = ImageRule | ProjectRule;

export function isImageRule(rule: Rule): rule is ImageRule {
  return 'checkImage' in rule;
}

/** A rule whose findings the engine makes itself, about the check's own set-up (ignore comments, the configuration file). */
export interface SetupRule {
  meta: RuleMeta;
}
