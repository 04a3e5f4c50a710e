/**
 * `--format github`: GitHub Actions workflow commands (`::error file=…`), so
 * that findings show inline in a pull request without code scanning. One
 * command per finding, escaped as GitHub's toolkit (@actions/core) escapes
 * them, so that a message can neither break its line nor start a command of
 * its own; paths relative to the repository root (see workspace.ts); and a
 * closing summary line. Messages never hold a secret's value.
 */
import { CLI_NAME } from '../engine/product';
import { plural } from '../engine/report/words';
import type { Severity } from '../engine/types';
import type { Report } from './format';
import { pathBase, workspaceOf } from './workspace';

/** GitHub has three annotation levels; info and hint findings are notices. */
const COMMAND: Record<Severity, 'error' | 'warning' | 'notice'> = { error: 'error', warning: 'warning', info: 'notice', hint: 'notice' };

/**
 * `root` is the checked folder; `workspace` the repository root GitHub
 * resolves annotation paths against (GITHUB_WORKSPACE, or the current folder).
 */
export function toGithub(report: Report, root: string, workspace: string = workspaceOf(process.env)): string {
  const { prefix } = pathBase(root, workspace);
  const { findings, problems } = report.result;
  const lines = findings.map((f) =>
    workflowCommand(
      COMMAND[f.severity],
      // 1-based; the end column is the one after the finding, as in the JSON and SARIF outputs.
      { file: prefix + f.file, line: f.range.start.line + 1, col: f.range.start.character + 1, endLine: f.range.end.line + 1, endColumn: f.range.end.character + 1, title: f.ruleId },
      f.message,
    ),
  );
  for (const p of problems) lines.push(workflowCommand('warning', { file: prefix + p.file, title: CLI_NAME }, `could not fully read ${p.file}: ${p.message}`));
  if (report.advisories.status !== 'online' && report.vulnerabilityRuleOn !== false) {
    lines.push(workflowCommand('notice', { title: CLI_NAME }, `Vulnerability checks (ASR306) skipped: ${report.advisories.reason ?? report.advisories.status}.`));
  }
  lines.push(summary(findings.map((f) => f.severity)));
  return lines.join('\n');
}

/** `::name key=value,…::message`, with the toolkit's escaping; properties without a value are left out, as the toolkit does. */
export function workflowCommand(name: string, properties: Record<string, string | number | undefined>, message: string): string {
  const props = Object.entries(properties)
    .filter(([, v]) => v !== undefined && v !== '')
    .map(([k, v]) => `${k}=${escapeProperty(String(v))}`);
  return `::${name}${props.length > 0 ? ` ${props.join(',')}` : ''}::${escapeData(message)}`;
}

/** @actions/core's escapeData: `%` first, so that what it writes is not read as an escape. */
export function escapeData(s: string): string {
  return s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** @actions/core's escapeProperty: also `:` and `,`, which end a property. */
export function escapeProperty(s: string): string {
  return escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

/** The last line, plain text in the log: how many findings at each level. */
function summary(severities: readonly Severity[]): string {
  if (severities.length === 0) return `${CLI_NAME}: no findings.`;
  const count = (s: Severity) => severities.filter((x) => x === s).length;
  const parts = [plural(count('error'), 'error'), plural(count('warning'), 'warning'), plural(count('info') + count('hint'), 'notice')];
  return `${CLI_NAME}: ${plural(severities.length, 'finding')}: ${parts.join(', ')}.`;
}
