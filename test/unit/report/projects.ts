/** Projects and results the report's tests share. */
import type { CheckResult } from '../../../src/engine/check';
import { MemoryFs } from '../../../src/engine/fs/fs';
import type { Finding, Severity } from '../../../src/engine/types';
import { range, testCatalog, TODAY } from '../helpers';
import { FAKE, TEMPLATE } from '../secrets/project';

/** Two projects from the `astro dev init` template: analytics with three findings, ml with none. */
export function twoProjects(): MemoryFs {
  const files: Record<string, string> = {};
  for (const [name, text] of Object.entries(TEMPLATE)) {
    files[`analytics/${name}`] = text;
    files[`ml/${name}`] = text;
  }
  // Past the end of maintenance on TODAY (ASR102 warning), a password in .env (ASR202 info: ignored by both files), an unpinned requirement (ASR301 warning).
  files['analytics/Dockerfile'] = 'FROM quay.io/astronomer/astro-runtime:12.4.0\n';
  files['analytics/.env'] = `SNOWFLAKE_PASSWORD=${FAKE.password}\n`;
  files['analytics/requirements.txt'] = 'pandas\n';
  return new MemoryFs(files);
}

export const REPORT_OPTIONS = { catalog: testCatalog(), today: TODAY, warningDays: 30, version: '9.9.9' };

export function finding(file: string, severity: Severity, responsibility: string, message = 'something to look at', ruleId = 'ASR301'): Finding {
  return { ruleId, rule: 'some-rule', responsibility: responsibility as Finding['responsibility'], severity, file, range: range(0, 0, 0, 1), message, fixes: [] };
}

export function result(roots: string[], findings: Finding[]): CheckResult {
  return { projects: roots.map((root) => ({ root, runtime: null })), findings, problems: [], intel: 'offline' };
}

