/**
 * What a rule is: its public metadata beside a check that returns early and
 * reads top to bottom. The engine runs the checks and folds their verdicts.
 */
import type { FromImage } from '../dockerfile/parse';
import type { AstroProject } from '../project';
import type { RuntimeCatalog, RuntimeRelease } from '../runtime/catalog';
import type { ImageKind, TagReading } from '../runtime/image';
import type { Fix, ResponsibilityKey, Severity } from '../types';

export interface RuleMeta {
  /** Public and stable: users write it in settings and CI. */
  id: string;
  name: string;
  responsibility: ResponsibilityKey;
  defaultSeverity: Severity;
  /** One line: what the rule reports. */
  summary: string;
}

export interface CheckContext {
  catalog: RuntimeCatalog;
  /** The date lifecycle rules judge against (YYYY-MM-DD). */
  today: string;
  /** How many days before an end-of-maintenance or end-of-support date to warn. */
  warningDays: number;
}

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
