/** Core types shared by the engine, the CLI and the extension. Never imports `vscode`. */

export type Severity = 'error' | 'warning' | 'info' | 'hint';

/** The customer's responsibilities in Astro's shared responsibility model. */
export type ResponsibilityKey = 'access' | 'secrets' | 'identity' | 'code' | 'runtime' | 'resources' | 'network';

/** What a finding is about: one of the customer's responsibilities, or the check's own set-up (its configuration file and ignore comments). */
export type FindingCategory = ResponsibilityKey | 'tool';

/** A position in a text file: 0-based line, 0-based UTF-16 column (as in VS Code). */
export interface Position {
  line: number;
  character: number;
}

export interface Range {
  start: Position;
  end: Position;
}

export interface TextEdit {
  /** Path relative to the checked root, with `/`. */
  file: string;
  range: Range;
  newText: string;
  /** The file does not exist yet: create it with `newText` (the range is then 0:0-0:0). */
  createFile?: boolean;
}

export interface Fix {
  title: string;
  edits: TextEdit[];
  /** The fix a user most likely wants; at most one per finding. */
  isPreferred?: boolean;
}

export interface Finding {
  ruleId: string;
  rule: string;
  responsibility: FindingCategory;
  severity: Severity;
  /** Path relative to the checked root, with `/`. */
  file: string;
  range: Range;
  message: string;
  fixes: Fix[];
  /** Rule ids of other findings on the same subject folded into this one. */
  related?: string[];
  /**
   * Stable across unrelated edits (lines added above, message wording): from
   * the rule id, the file path and a normalised form of the finding's own
   * line(s) (for a secret, a hash of its value), with an occurrence counter
   * for identical lines. Hex; never holds a value.
   */
  fingerprint?: string;
}

/** Something the engine could not read; reported, never thrown. */
export interface ReadProblem {
  file: string;
  message: string;
}

export const SEVERITY_RANK: Record<Severity, number> = { error: 3, warning: 2, info: 1, hint: 0 };
