/**
 * Deployment files (deployments as code, `astro deployment create
 * --deployment-file`): a YAML document with a top-level `deployment:`,
 * whose `environment_variables[]` have `key`, `value` and `is_secret`. The
 * entries are the YAML document's own nodes, with their source ranges.
 */
import { isScalar, isSeq, type Node as YamlNode, type Pair } from 'yaml';
import { get, parseYamlFile, scalarString, type YamlFile } from './yaml';
import type { SourceFile } from './source';

export interface DeploymentVariable {
  key: string;
  value?: YamlNode | null;
  /** The `is_secret` pair, when written. */
  isSecret?: Pair;
}

export interface DeploymentFile {
  yaml: YamlFile;
  environmentVariables: DeploymentVariable[];
}

/** Whether a YAML text is a Deployment file (a top-level `deployment:` key). */
export function isDeploymentText(text: string): boolean {
  return /^deployment:/m.test(text);
}

export function parseDeploymentFile(file: SourceFile): DeploymentFile {
  const yaml = file.model(parseYamlFile);
  const out: DeploymentFile = { yaml, environmentVariables: [] };
  if (!yaml.doc) return out;
  const vars = get(get(yaml.doc.contents, 'deployment')?.value, 'environment_variables')?.value;
  for (const item of isSeq(vars) ? vars.items : []) {
    const key = scalarString(get(item, 'key')?.value);
    if (!key) continue;
    out.environmentVariables.push({ key, value: get(item, 'value')?.value as YamlNode | null | undefined, isSecret: get(item, 'is_secret') });
  }
  return out;
}

/** The value of `is_secret` as written (true/false, or the strings), undefined when absent. */
export function isSecretValue(v: DeploymentVariable): unknown {
  return isScalar(v.isSecret?.value) ? v.isSecret!.value.value : undefined;
}
