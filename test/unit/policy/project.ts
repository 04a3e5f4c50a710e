/** A project in memory with a configuration file and ignores, checked as the CLI checks a tree. */
import { checkTree, type CheckOptions } from '../../../src/engine/check';
import { MemoryFs } from '../../../src/engine/fs/fs';
import type { Finding } from '../../../src/engine/types';
import { testCatalog, TODAY } from '../helpers';

/** An Astro project on a current Runtime: no finding of its own. */
export const BASE: Record<string, string> = {
  Dockerfile: 'FROM quay.io/astronomer/astro-runtime:13.4.0\n',
  '.astro/config.yaml': 'project:\n  name: test\n',
  '.gitignore': '.env\nairflow_settings.yaml\n',
  '.dockerignore': '.env\nairflow_settings.yaml\n',
};

export async function check(files: Record<string, string>, options: Partial<CheckOptions> = {}): Promise<Finding[]> {
  const result = await checkTree(new MemoryFs({ ...BASE, ...files }), { catalog: testCatalog(), today: TODAY, ...options });
  return result.findings;
}

/** `RULE file line:col` of each finding, in reading order. */
export function where(findings: readonly Finding[]): string[] {
  return findings.map((f) => `${f.ruleId} ${f.file} ${f.range.start.line + 1}:${f.range.start.character + 1}`);
}
