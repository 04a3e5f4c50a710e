/** Helpers for dependency-rule tests: a project in memory, package intel that knows newest versions. */
import { checkTree, type CheckOptions, type CheckResult } from '../../../src/engine/check';
import { MemoryFs } from '../../../src/engine/fs/fs';
import type { PackageIntel } from '../../../src/engine/knowledge/packages/intel';
import type { Finding } from '../../../src/engine/types';
import { testCatalog, TODAY } from '../helpers';

export const RUNTIME_DOCKERFILE = 'FROM quay.io/astronomer/astro-runtime:13.2.0\n';

/** Checks a root project made of `files`, with a Runtime Dockerfile and .astro/config.yaml unless given. */
export async function checkFiles(files: Record<string, string>, options: Partial<CheckOptions> = {}): Promise<CheckResult> {
  const all: Record<string, string> = { Dockerfile: RUNTIME_DOCKERFILE, '.astro/config.yaml': 'project:\n  name: test\n', ...files };
  return checkTree(new MemoryFs(all), { catalog: testCatalog(), today: TODAY, ...options });
}

/** The findings of one rule. */
export async function findingsOf(ruleId: string, files: Record<string, string>, options: Partial<CheckOptions> = {}): Promise<Finding[]> {
  const result = await checkFiles(files, options);
  return result.findings.filter((f) => f.ruleId === ruleId);
}

/** Package intel that knows the newest release of some packages. */
export function intelKnowing(latest: Record<string, string>): PackageIntel {
  return { status: 'online', advisories: () => undefined, latest: (name) => latest[name] };
}
