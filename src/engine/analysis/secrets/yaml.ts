/**
 * Credentials in YAML files: airflow_settings.yaml (connection passwords,
 * URIs and extras, variables), Deployment files (environment variables and
 * `is_secret`), and any other YAML file (known formats and Astro tokens,
 * reported by ASR210). A file whose YAML does not parse is read line by line.
 */
import { isMap, isPair, isScalar, isSeq, type Node as YamlNode } from 'yaml';
import { isDeploymentText, isSecretValue, parseDeploymentFile } from '../../files/deployment';
import { parseAirflowSettings } from '../../files/settings';
import type { SourceFile } from '../../files/source';
import { scalarSource, type YamlFile } from '../../files/yaml';
import { isPlaceholder, isReference, isSensitiveName, judgeAssignment, maskPreview } from '../../knowledge/secrets/detect';
import { astroAssignments, fromHit, isJson, jsonSecrets, judge, known, lineScan, placeInScalar, type FileScan, type Found } from './found';

function yamlLineScan(text: string): Found[] {
  return lineScan(text, 'yaml', 0, (name) => `\`${name}\``);
}

function unparsed(yaml: YamlFile): string {
  return `could not read as YAML (${yaml.problem}); looked for credentials line by line instead`;
}

/** airflow_settings.yaml: connections (password, URI, extra), variables. */
export function scanSettings(file: SourceFile): FileScan {
  const text = file.text;
  const out = known(text, 'yaml', 'a line of the file');
  const settings = file.model(parseAirflowSettings);
  if (!settings.yaml.doc) return { found: [...out, ...yamlLineScan(text)], problems: [unparsed(settings.yaml)] };
  const problems: string[] = [];
  for (const conn of settings.connections) {
    const id = conn.id ?? '(no conn_id)';
    for (const { name: field, value: node } of conn.fields) {
      const where = `\`${field}\` of connection \`${id}\``;
      if (field === 'conn_extra' && isMap(node)) {
        out.push(...yamlMapSecrets(node, text, where));
        continue;
      }
      if (!isScalar(node) || typeof node.value !== 'string' || node.value === '') continue;
      const src = scalarSource(node, text)!;
      if (field === 'conn_password') {
        const v = src.value;
        if (isPlaceholder(v) || isReference(v)) continue;
        const hit = judgeAssignment('conn_password', v, 'yaml') ?? { kind: 'password', start: 0, end: v.length, preview: maskPreview(v, 'password') };
        out.push(...placeInScalar([{ ...fromHit(hit, 0), where }], node, src));
      } else if (field === 'conn_extra') {
        const inJson = jsonSecrets(src.value, 0, where, (a, b) => (src.exact ? [src.start + a, src.start + b] : [node.range![0], node.range![1]]));
        if (inJson.length === 0 && !isJson(src.value)) {
          if (src.value.trim().startsWith('{')) problems.push(`${where}: the JSON does not parse; looked for credentials line by line instead`);
          out.push(...placeInScalar(lineScan(src.value, 'json', 0, () => where), node, src));
        }
        out.push(...inJson);
      } else {
        out.push(...placeInScalar(judge(field, src.value, 'yaml', 0, where), node, src));
      }
    }
  }
  for (const variable of settings.variables) {
    const node = variable.value;
    if (!variable.name || !isScalar(node) || typeof node.value !== 'string' || node.value === '') continue;
    const src = scalarSource(node, text)!;
    const where = `variable \`${variable.name}\``;
    out.push(...placeInScalar(judge(variable.name, src.value, 'yaml', 0, where), node, src));
    if (src.value.trim().startsWith('{')) out.push(...jsonSecrets(src.value, 0, where, (a, b) => (src.exact ? [src.start + a, src.start + b] : [node.range![0], node.range![1]])));
  }
  return { found: out, problems };
}

/** Every sensitive key of a YAML mapping, at any depth. */
function yamlMapSecrets(map: YamlNode, text: string, where: string): Found[] {
  const out: Found[] = [];
  const visit = (node: unknown, key: string) => {
    if (isMap(node)) {
      for (const p of node.items) visit(p.value, isScalar(p.key) ? String(p.key.value) : key);
    } else if (isSeq(node)) {
      for (const v of node.items) visit(v, key);
    } else if (isPair(node)) {
      visit(node.value, key);
    } else if (isScalar(node) && typeof node.value === 'string' && node.value !== '') {
      const src = scalarSource(node, text)!;
      out.push(...placeInScalar(judge(key, src.value, 'yaml', 0, `${where}, key \`${key}\``), node, src));
    }
  };
  visit(map, '');
  return out;
}

/** Deployments as code: `deployment.environment_variables[]` with `key`, `value`, `is_secret`. Other YAML: known formats only (for ASR206/ASR207). */
export function scanYaml(file: SourceFile): FileScan {
  const text = file.text;
  // Not a deployment file: only the specific rules (private keys, Astro tokens) apply.
  if (!isDeploymentText(text)) return { found: [...known(text, 'yaml', ''), ...astroAssignments(text)].map((f) => ({ ...f, plainFile: true })), problems: [] };
  const out = known(text, 'yaml', 'a line');
  const deployment = file.model(parseDeploymentFile);
  if (!deployment.yaml.doc) return { found: [...out, ...yamlLineScan(text)], problems: [unparsed(deployment.yaml)] };
  for (const variable of deployment.environmentVariables) {
    const { key, value: valueNode } = variable;
    const isSecret = isSecretValue(variable);
    const where = `environment variable \`${key}\``;
    let valueHits: Found[] = [];
    if (isScalar(valueNode) && valueNode.value !== null && valueNode.value !== undefined && String(valueNode.value) !== '') {
      const src = scalarSource(valueNode, text) ?? { value: String(valueNode.value), start: valueNode.range![0], exact: false, end: valueNode.range![1] };
      valueHits = judge(key, src.value, 'yaml', 0, where);
      const v = src.value;
      if (valueHits.length === 0 && (isSecret === true || isSecret === 'true') && !isPlaceholder(v) && !isReference(v)) {
        valueHits = [{ kind: 'secret value', start: 0, end: v.length, preview: maskPreview(v), where }];
      }
      out.push(...placeInScalar(valueHits, valueNode, src));
    }
    const secretPair = variable.isSecret;
    if (valueHits.length === 0 && isSensitiveName(key) && (isSecret === false || isSecret === 'false') && secretPair && isScalar(secretPair.value) && secretPair.value.range) {
      const [from, to] = secretPair.value.range;
      out.push({ kind: 'sensitive variable not marked secret', start: from, end: to, preview: '', where, notMarkedSecret: true });
    }
  }
  return { found: out, problems: [] };
}
