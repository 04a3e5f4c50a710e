/**
 * `airflow_settings.yaml`, the Astro CLI's file of connections, variables
 * and pools for local development: `airflow.connections[]` (`conn_id`,
 * `conn_type`, `conn_host`, `conn_schema`, `conn_login`, `conn_password`,
 * `conn_port`, `conn_uri`, `conn_extra` as a mapping or a JSON string),
 * `airflow.variables[]` (`variable_name`, `variable_value`) and
 * `airflow.pools[]`. The entries are the YAML document's own nodes, so every
 * field keeps its source range.
 */
import { isMap, isScalar, isSeq, type Node as YamlNode, type Scalar, type YAMLMap } from 'yaml';
import { get, parseYamlFile, scalarString, type YamlFile } from './yaml';
import type { SourceFile } from './source';

export interface SettingsConnection {
  /** `conn_id`, or undefined when it is missing. */
  id?: string;
  /** Every field as written: its name and value node. */
  fields: { name: string; key: Scalar; value: YamlNode | null }[];
  node: YAMLMap;
}

export interface SettingsVariable {
  name?: string;
  value?: YamlNode | null;
  node: YAMLMap;
}

export interface AirflowSettingsFile {
  yaml: YamlFile;
  connections: SettingsConnection[];
  variables: SettingsVariable[];
}

export function parseAirflowSettings(file: SourceFile): AirflowSettingsFile {
  const yaml = file.model(parseYamlFile);
  const out: AirflowSettingsFile = { yaml, connections: [], variables: [] };
  if (!yaml.doc) return out;
  const airflow = get(yaml.doc.contents, 'airflow')?.value;
  const connections = get(airflow, 'connections')?.value;
  for (const conn of isSeq(connections) ? connections.items : []) {
    if (!isMap(conn)) continue;
    const fields: SettingsConnection['fields'] = [];
    for (const pair of conn.items) if (isScalar(pair.key)) fields.push({ name: String(pair.key.value), key: pair.key, value: (pair.value ?? null) as YamlNode | null });
    out.connections.push({ id: scalarString(get(conn, 'conn_id')?.value) || undefined, fields, node: conn });
  }
  const variables = get(airflow, 'variables')?.value;
  for (const variable of isSeq(variables) ? variables.items : []) {
    if (!isMap(variable)) continue;
    out.variables.push({ name: scalarString(get(variable, 'variable_name')?.value) || undefined, value: get(variable, 'variable_value')?.value as YamlNode | null | undefined, node: variable });
  }
  return out;
}
