/**
 * What a rule is: its public metadata beside a check that returns early and
 * reads top to bottom. The engine runs the checks and folds their verdicts.
 */
import type { FromImage } from '../dockerfile/parse';
import type { AstroProject } from '../project';
import type { RuntimeCatalog, RuntimeRelease } from '../runtime/catalog';
import type { ImageKind, TagReading } from '../runtime/image';
import type { PackageIntel } from '../packages/intel';
import type { Fix, Range, ResponsibilityKey, Severity } from '../types';

export interface RuleMeta {
  /** Public and stable: users write it in settings and CI. */
  id: string;
  name: string;
  responsibility: ResponsibilityKey;
  defaultSeverity: Severity;
  /** One line: what the rule reports. */
  summary: string;
  /** Rules that are off unless a setting turns them on. Default: true. */
  enabledByDefault?: boolean;
  /** For the hover on a finding: what to do instead, where the finding is (Markdown, one paragraph). */
  instead?: string;
}

export interface CheckContext {
  catalog: RuntimeCatalog;
  /** The date lifecycle rules judge against (YYYY-MM-DD). */
  today: string;
  /** How many days before an end-of-maintenance or end-of-support date to warn. */
  warningDays: number;
  /** What is known about Python packages (advisories, newest versions), when it was gathered. */
  intel?: PackageIntel;
  /** The operator fixes write when they pin a Python requirement. */
  pinOperator: PinOperator;
}

export type PinOperator = '==' | '~=';

/** One `FROM` image of a project, with what is known about it. */
export interface ImageSubject {
  project: AstroProject;
  stage: FromImage;
  /** True for the image the project's build produces. */
  isFinal: boolean;
  image: ImageKind;
  /** For Runtime images: what the tag says. */
  tag?: TagReading;
  /** For Runtime images with a version the catalog knows. */
  release?: RuntimeRelease;
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
