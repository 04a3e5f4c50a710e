import { connectionHostKind, connectionLabel, connectionSeverity, connectionsOf, hostName, projectServices, type AirflowConnection, type Located } from '../analysis/airflow/connections';
import { hostKind } from '../knowledge/hosts';
import type { Fix, Range } from '../types';
import type { FileVerdict, ProjectRule } from './rule';

/**
 * Connection types whose hook builds its URL from the schema, `http` when
 * there is none: HttpHook, HttpAsyncHook and LivyHook (the host when it holds
 * `://`, else `{schema or "http"}://{host}`), ElasticsearchSQLHook
 * (`{schema or "http"}://{host}:{port}`). `https` is no type of Airflow's: it
 * is what a URI starting with `https://` becomes, and the HTTP hooks read it
 * like `http`.
 */
const HTTP_FAMILY = new Map([
  ['http', 'the HTTP hook'],
  ['https', 'the HTTP hook'],
  ['livy', 'the Livy hook'],
  ['elasticsearch', 'the Elasticsearch hook'],
]);

/** Services whose clients always use TLS, whatever the connection's type says (a Databricks or Snowflake connection written as an `https://` URI). */
const ALWAYS_TLS_HOST = /(?:^|\.)(?:azuredatabricks\.net|cloud\.databricks\.com|gcp\.databricks\.com|snowflakecomputing\.com)$/;
const ALWAYS_TLS_ID = /databricks|snowflake/;

/** The scheme the HTTP hook sends with, and the part of the connection that makes it so. */
interface Scheme {
  value: string;
  by: 'host' | 'schema' | 'default';
  range: Range;
}

function effectiveScheme(conn: AirflowConnection): Scheme {
  const host = conn.host;
  const own = host && /^([a-z][a-z0-9+.-]*):\/\//i.exec(host.value);
  if (host && own) return { value: own[1].toLowerCase(), by: 'host', range: leading(host, own[0].length) };
  if (conn.schema && conn.schema.value.trim() !== '') return { value: conn.schema.value.trim().toLowerCase(), by: 'schema', range: conn.schema.range };
  return { value: 'http', by: 'default', range: conn.type?.range ?? conn.range };
}

/** The range of the first `length` characters of a part, when the part is written as its value on one line; else the whole part. */
function leading(part: Located, length: number): Range {
  const { start, end } = part.range;
  if (start.line !== end.line || end.character - start.character !== part.value.length) return part.range;
  return { start, end: { line: start.line, character: start.character + length } };
}

/** The edit that makes the hook use https: the schema written as `https`. */
function httpsFixes(conn: AirflowConnection, scheme: Scheme): Fix[] {
  const title = 'Use https: write the schema `https`';
  if (scheme.by === 'default' && conn.pathInsert) {
    const { file, position, end } = conn.pathInsert;
    return [{ title, isPreferred: true, edits: [{ file, range: { start: position, end }, newText: '/https' }] }];
  }
  if (conn.setField && (scheme.by === 'default' || scheme.by === 'schema')) {
    const edit = conn.setField('conn_schema', 'https');
    return edit ? [{ title, isPreferred: true, edits: [edit] }] : [];
  }
  if (scheme.by === 'schema' && conn.schema && conn.schema.value === 'http') {
    const { start, end } = conn.schema.range;
    if (start.line === end.line && end.character - start.character === 4) return [{ title, isPreferred: true, edits: [{ file: conn.file, range: conn.schema.range, newText: 'https' }] }];
  }
  return [];
}

/** An HTTP connection whose hook sends plain http to a remote host, the `https://…` URI trap included. */
export const connectionCleartextHttp: ProjectRule = {
  meta: {
    id: 'ASR401',
    name: 'connection-cleartext-http',
    responsibility: 'network',
    defaultSeverity: 'warning',
    summary: 'An HTTP connection sends its requests, and the credentials with them, to a remote host over plain http (a URI written `https://host` included: the HTTP hook reads no scheme from it).',
    instead:
      "Make the connection say `https` where the HTTP hook looks for it: the schema (`conn_schema: https`, `\"schema\": \"https\"`, or the URI's path: `AIRFLOW_CONN_API='https://api.acme-corp.io/https'`), or a host written with its scheme (`\"host\": \"https://api.acme-corp.io\"`). A URI's own `https://` only names the connection type; the hook builds `http://host` unless the schema says otherwise.",
  },
  checkProject(project) {
    const services = projectServices(project);
    const verdicts: FileVerdict[] = [];
    for (const conn of connectionsOf(project)) {
      verdicts.push(...endpointVerdicts(conn, services));
      const type = conn.type?.value;
      if (!type || !HTTP_FAMILY.has(type) || ALWAYS_TLS_ID.test(conn.id)) continue;
      const kind = connectionHostKind(conn, services);
      const host = hostName(conn.host?.value);
      if (!kind || !host || kind === 'local' || ALWAYS_TLS_HOST.test(host)) continue;
      const scheme = effectiveScheme(conn);
      if (scheme.value !== 'http') continue;
      const hook = HTTP_FAMILY.get(type)!;
      let why: string;
      let action: string;
      if (scheme.by === 'host') {
        why = 'its host is written with `http://`';
        action = 'Write the host with `https://`.';
      } else if (scheme.by === 'schema') {
        why = `its schema is \`http\`, and ${hook} builds its URL as \`<schema>://<host>\``;
        action = 'Set the schema to `https`.';
      } else if (type === 'https' && conn.form === 'uri') {
        why = `Airflow reads the \`https\` of \`https://…\` as the connection type, not as the protocol, and ${hook} takes the protocol from the schema (the URI's path), which is empty, so it uses \`http://\``;
        action = `Add the path \`/https\`: \`https://${host}${conn.port ? `:${conn.port.value}` : ''}/https\`.`;
      } else if (type === 'https') {
        why = `${hook} ignores the connection type \`https\` and takes the protocol from the schema, which is empty, so it uses \`http://\``;
        action = 'Set the schema to `https`.';
      } else {
        why = `it has no schema, and ${hook} then builds its URL as \`http://<host>\``;
        action = conn.form === 'uri' ? "Set the schema to `https` (the URI's path: `…/https`)." : 'Set the schema to `https`.';
      }
      const credentials = conn.login || conn.hasPassword ? ', the login and password sent with them' : '';
      const message = `${capitalized(connectionLabel(conn))} sends its requests to \`${host}\` over plain http: ${why}. The requests${credentials} and the responses cross the network unencrypted, where anyone on the path can read and change them. ${action}`;
      verdicts.push({
        file: conn.file,
        range: scheme.range,
        severity: connectionSeverity('warning', kind, conn.reach),
        message,
        brief: 'HTTP connection over plain http',
        fixes: httpsFixes(conn, scheme),
      });
    }
    return verdicts;
  },
};

/**
 * An `endpoint_url` extra over plain `http://` to a host off the developer's
 * machine: what an AWS connection (S3, or an S3-compatible store such as
 * MinIO) talks to instead of AWS's own https endpoints. No fix: the server
 * may not answer on https.
 */
function endpointVerdicts(conn: AirflowConnection, services: ReadonlySet<string>): FileVerdict[] {
  const out: FileVerdict[] = [];
  for (const x of conn.extras) {
    if (x.name !== 'endpoint_url' || typeof x.value !== 'string' || !/^http:\/\//i.test(x.value.trim())) continue;
    const host = hostName(x.value.trim());
    if (!host) continue;
    const kind = hostKind(host, services);
    if (kind === 'local') continue;
    const credentials = conn.login || conn.hasPassword ? ', with the access keys that sign them,' : '';
    out.push({
      file: conn.file,
      range: x.range,
      severity: connectionSeverity('warning', kind, conn.reach),
      message: `${capitalized(connectionLabel(conn))} sends its requests to \`${host}\` over plain http: its \`${x.key}\` is an \`http://\` URL. The requests${credentials} and the data they read and write cross the network unencrypted, where anyone on the path can read and change them. Serve the endpoint over https and write \`https://\`.`,
      brief: 'connection endpoint over plain http',
    });
  }
  return out;
}

function capitalized(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
