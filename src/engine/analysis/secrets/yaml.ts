/**
 * Credentials in YAML files: airflow_settings.yaml (connection passwords,
 * URIs and extras, variables), Deployment files (environment variables and
 * `is_secret`), and any other YAML file (known formats and Astro tokens,
 * reported by ASR210). A file whose YAML does not parse is read line by line.
 */
import { isMap, isPair, isScalar, isSeq, type Node as YamlNode, type Scalar } from 'yaml';
import { isComposeFileName, parseComposeFile } from '../../files/compose';
import { isDeploymentText, isSecretValue, parseDeploymentFile } from '../../files/deployment';
import { parseAirflowSettings } from '../../files/settings';
import type { SourceFile } from '../../files/source';
import { parseYamlFile, scalarSource, scalarString, type YamlFile } from '../../files/yaml';
import { isPlaceholder, isReference, isSensitiveName, judgeAssignment, maskPreview, mightHoldSecret, namesCredential } from '../../knowledge/secrets/detect';
import { astroAssignments, fromHit, isJson, jsonSecrets, judge, known, lineScan, placeInScalar, siblingsOf, type FileScan, type Found, type Siblings } from './found';

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
    const siblings = siblingsOf(conn.fields.map((f) => [f.name, scalarString(f.value)]));
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
        if (isPlaceholder(v) || isReference(v) || v === siblings.user) continue;
        const hit = judgeAssignment('conn_password', v, 'yaml') ?? { kind: 'password', start: 0, end: v.length, preview: maskPreview(v, 'password') };
        out.push(...placeInScalar([{ ...fromHit(hit, 0), where, host: siblings.host }], node, src));
      } else if (field === 'conn_extra') {
        const inJson = jsonSecrets(src.value, 0, where, (a, b) => (src.exact ? [src.start + a, src.start + b] : [node.range![0], node.range![1]]));
        if (inJson.length === 0 && !isJson(src.value)) {
          if (src.value.trim().startsWith('{')) problems.push(`${where}: the JSON does not parse; looked for credentials line by line instead`);
          out.push(...placeInScalar(lineScan(src.value, 'json', 0, () => where), node, src));
        }
        out.push(...inJson);
      } else {
        out.push(...placeInScalar(judge(field, src.value, 'yaml', 0, where, siblings), node, src));
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
  if (!isDeploymentText(text)) return scanPlainYaml(file);
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

/**
 * Any other YAML file (dbt profiles, Compose files, CI, Kubernetes
 * manifests, configuration), reported by ASR210: known formats anywhere, and
 * every value under a sensitive key read whole from the parsed document, with
 * the keys beside it (a `host` on the developer's machine, a `user` equal to
 * the password), Kubernetes-style `name:`/`value:` pairs; the variables a
 * Compose service's own image is set up with are marked local. A file whose
 * YAML does not parse is read line by line.
 */
function scanPlainYaml(file: SourceFile): FileScan {
  const text = file.text;
  const plain = (found: Found[]) => found.map((f) => ({ ...f, plainFile: true }));
  // Without a sensitive name anywhere, only known formats can be found: the document need not be parsed.
  if (!namesCredential(text)) return { found: plain([...known(text, 'yaml', '', 0, { pairs: false }), ...astroAssignments(text)]), problems: [] };
  const yaml = file.model(parseYamlFile);
  if (!yaml.doc) return { found: plain([...known(text, 'yaml', ''), ...astroAssignments(text)]), problems: [] };
  const out: Found[] = [...known(text, 'yaml', '', 0, { pairs: false }), ...astroAssignments(text)];
  const initialised = file.model(composeInitialised);
  // A Compose service's own set-up credential is judged, and marked local: the same value elsewhere is that credential too.
  const mark = (found: Found[], node: Scalar) => (initialised.has(node) ? found.map((f) => ({ ...f, local: true })) : found);
  const judgeScalar = (name: string, node: Scalar, siblings: Siblings, where = `\`${name}\``) => {
    if (typeof node.value !== 'string' || node.value === '') return;
    const src = scalarSource(node, text)!;
    if (!src.exact) {
      // A block or escaped scalar: its source is read as it is written, so that offsets stay the file's.
      out.push(...known(text.slice(node.range![0], node.range![1]), 'yaml', where, node.range![0]));
      return;
    }
    const hits = judge(name, src.value, 'yaml', 0, where, siblings);
    if (hits.length === 0 && src.value.trim().startsWith('{')) hits.push(...jsonSecrets(src.value, 0, where));
    // Text inside a value: a command line with a password, `NAME=value` items.
    if (hits.length === 0 && mightHoldSecret(src.value)) hits.push(...lineScan(src.value, 'yaml', 0, (n) => (n === 'URL' ? where : `\`${n}\``)));
    out.push(...mark(placeInScalar(hits, node, src), node));
  };
  // `- NAME=value` (a Compose environment list, container args): the value is judged by its name.
  const assignmentItem = (node: Scalar): boolean => {
    const src = typeof node.value === 'string' ? scalarSource(node, text) : undefined;
    const m = src?.exact ? /^([A-Za-z_][A-Za-z0-9_.-]{0,127})=/.exec(src.value) : null;
    if (!src || !m) return false;
    out.push(...mark(judge(m[1], src.value.slice(m[0].length), 'env', src.start + m[0].length, `\`${m[1]}\``), node));
    return true;
  };
  const visit = (node: unknown, key: string) => {
    if (isMap(node)) {
      const scalars: [string, string | undefined][] = [];
      for (const p of node.items) if (isScalar(p.key)) scalars.push([String(p.key.value), scalarString(p.value)]);
      const siblings = siblingsOf(scalars);
      // `- name: DB_PASSWORD` / `value: …` (Kubernetes, Helm, task definitions): the value is named by its sibling.
      const named = scalars.find(([k]) => k === 'name' || k === 'key')?.[1];
      for (const p of node.items) {
        const k = isScalar(p.key) ? String(p.key.value) : key;
        if (isScalar(p.value)) judgeScalar(k === 'value' && named ? named : k, p.value, siblings, k === 'value' && named ? `\`${named}\`` : `\`${k}\``);
        else visit(p.value, k);
      }
    } else if (isSeq(node)) {
      for (const item of node.items) {
        if (!isScalar(item)) visit(item, key);
        else if (!assignmentItem(item)) judgeScalar(key, item, {});
      }
    } else if (isPair(node)) {
      visit(node.value, key);
    }
  };
  visit(yaml.doc.contents, '');
  return { found: plain(out), problems: [] };
}

/**
 * The environment entries of a Compose file's services that set the
 * service's own image up (`POSTGRES_PASSWORD` of a `postgres` image,
 * `MINIO_ROOT_PASSWORD` of `minio/minio`, `NEO4J_AUTH` of `neo4j`): the
 * credential of a container the developer starts on their own machine.
 */
function composeInitialised(file: SourceFile): Set<unknown> {
  const out = new Set<unknown>();
  if (!isComposeFileName(file.rel)) return out;
  for (const service of file.model(parseComposeFile).services) {
    if (!service.image) continue;
    for (const entry of service.environment) {
      if (entry.node && initialisesImage(entry.name, service.image)) out.add(entry.node);
    }
  }
  return out;
}

/** Image names whose variables carry another prefix. */
const IMAGE_PREFIXES: Record<string, string[]> = { grafana: ['gf'], mssql: ['sa', 'mssql'], 'azure-sql-edge': ['sa', 'mssql'], keycloak: ['kc', 'keycloak'], metabase: ['mb'], 'astro-runtime': ['airflow'], runtime: ['airflow'] };

/** Whether an environment variable of a service configures the service's own image (its first word names the image). */
export function initialisesImage(variable: string, image: string): boolean {
  const first = variable.replace(/^_+/, '').split('_')[0].toLowerCase();
  const ref = image.split('@')[0];
  const last = ref.slice(ref.lastIndexOf('/') + 1);
  const name = (last.includes(':') ? last.slice(0, last.indexOf(':')) : last).toLowerCase();
  if (first.length < 2 || name === '') return false;
  return name.startsWith(first) || first.startsWith(name) || (IMAGE_PREFIXES[name] ?? []).includes(first);
}
