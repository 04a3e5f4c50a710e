/**
 * `--format github`: GitHub Actions workflow commands (`::error file=…`), so
 * that findings show inline in a pull request without code scanning.
 * STUB: written by the SARIF/output work of issue 11.
 */
import type { Report } from './format';

export function toGithub(report: Report): string {
  void report;
  throw new Error('--format github is not written yet');
}
