/** Reports made by hand, for the output formats' tests: exactly the findings a test needs. */
import type { Report } from '../../../src/cli/format';
import type { Finding, ReadProblem } from '../../../src/engine/types';
import { testCatalog, TODAY } from '../helpers';

/** A finding of ASR205 on line `line` (1-based) of dags/etl.py, columns 5 to 12; `more` overrides any field. */
export function finding(line: number, more: Partial<Finding> = {}): Finding {
  return {
    ruleId: 'ASR205',
    rule: 'secret-in-python',
    responsibility: 'secrets',
    severity: 'warning',
    file: 'dags/etl.py',
    range: { start: { line: line - 1, character: 4 }, end: { line: line - 1, character: 11 } },
    message: 'password (`Tq8v…`) in `DB_PASSWORD`.',
    fixes: [],
    ...more,
  };
}

export function reportOf(findings: Finding[], problems: ReadProblem[] = []): Report {
  return {
    version: '1.2.3',
    catalog: testCatalog(),
    today: TODAY,
    result: { projects: [], findings, problems, intel: 'offline' },
    notes: [],
    advisories: { status: 'offline', reason: '--offline (OSV advisories need the network)' },
  };
}
