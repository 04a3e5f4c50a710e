/**
 * The model of what an Astro project installs with pip and apt: requirement
 * and constraint files (read as pip reads them) and packages.txt. Ranges are
 * 0-based, in the file the text is written in.
 */
import type { Range } from '../../types';

export interface RequirementSpec {
  /** `==`, `===`, `~=`, `!=`, `<=`, `>=`, `<`, `>`. */
  operator: string;
  version: string;
  range: Range;
}

export type RequirementKind = 'named' | 'url' | 'vcs' | 'path';

export interface Requirement {
  /** The file it is written in, relative to the checked root. */
  file: string;
  /** The whole logical line, continuation lines included, without a trailing comment. */
  range: Range;
  /** The physical lines the entry is written on, from the start of its first line to the start of the next line (or the end of the file): what a fix removes to delete it. */
  fullRange: Range;
  kind: RequirementKind;
  /** The project name as written (from `name @ url` or `#egg=name` too), when there is one. */
  name?: string;
  /** PEP 503 normalised name. */
  normalizedName?: string;
  nameRange?: Range;
  extras: string[];
  /** `[extra,…]` as written, brackets included. */
  extrasRange?: Range;
  /** The version specifier as written, e.g. `>=1.0,<2`; '' when none. */
  specifier: string;
  specifierRange?: Range;
  specs: RequirementSpec[];
  /** The environment marker after `;`, when any. */
  marker?: string;
  /** For url, vcs and path requirements: the URL or path as written (after `${VAR}` expansion is NOT applied). */
  url?: string;
  urlRange?: Range;
  /** For VCS requirements: the scheme and the revision after `@`, when any. */
  vcs?: { scheme: 'git' | 'hg' | 'svn' | 'bzr'; revision?: string; revisionRange?: Range };
  editable: boolean;
  hashes: string[];
  /** The exact version a `==` or `===` without wildcard pins, when it does. */
  pinnedVersion?: string;
}

export interface RequirementInclude {
  kind: 'requirement' | 'constraint';
  /** The path as written after `-r` / `-c`. */
  target: string;
  /** The included file relative to the checked root, when it is a local path. */
  resolved?: string;
  range: Range;
  /** Where the path or URL is written. */
  targetRange: Range;
}

export interface RequirementOption {
  /** The long form: `--index-url`, `--extra-index-url`, `--find-links`, `--trusted-host`, `--no-binary`, `--only-binary`, `--pre`, … */
  name: string;
  value?: string;
  range: Range;
  valueRange?: Range;
}

/** A line pip would reject. */
export interface InvalidRequirementLine {
  range: Range;
  text: string;
  message: string;
}

export interface RequirementFile {
  path: string;
  kind: 'requirements' | 'constraints';
  requirements: Requirement[];
  includes: RequirementInclude[];
  options: RequirementOption[];
  invalid: InvalidRequirementLine[];
  /** Why the file was not read (too large, binary); then every list is empty. */
  skipped?: string;
}

/** The files installed together into the project's image: requirements.txt first, then what the Dockerfile installs, with their includes. */
export interface RequirementSet {
  files: RequirementFile[];
  /** Files installed together with these that could not be read: remote URLs, paths only the image has. */
  unread: UnreadInclude[];
}

export interface UnreadInclude {
  kind: 'requirement' | 'constraint';
  /** The path or URL as written. */
  target: string;
  /** The file (a requirement file or the Dockerfile) that names it. */
  from: string;
}

export interface AptPackage {
  name: string;
  version?: string;
  range: Range;
  nameRange: Range;
}

export interface PackagesFile {
  path: string;
  packages: AptPackage[];
  /** Why the file was not read (too large, binary). */
  skipped?: string;
}
