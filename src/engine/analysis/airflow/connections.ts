/**
 * Every Airflow connection a project defines, from every place it can be
 * defined: `AIRFLOW_CONN_<ID>` environment variables (as a URI or as JSON)
 * in the Dockerfile, Deployment files, `.env` and Compose files, and the
 * `connections:` of `airflow_settings.yaml` (fields, `conn_uri`, `conn_extra`
 * as a mapping or a JSON string). Every part keeps where it is written.
 */
import { isMap, isScalar, type Node as YamlNode, type YAMLMap } from 'yaml';
import { composeServiceNames } from '../../files/compose';
import { parseAirflowSettings, type SettingsConnection } from '../../files/settings';
import type { SourceFile } from '../../files/source';
import { extraName, normaliseConnType, parseConnectionText, parseExtraJson, type Extra, type ParsedConnection, type Span } from '../../knowledge/airflow/connection';
import { hostKind, type HostKind } from '../../knowledge/hosts';
import { isReference } from '../../knowledge/secrets/placeholders';
import type { AstroProject } from '../../project/model';
import type { Range, Severity, TextEdit } from '../../types';
import { envDefinitionsOf, rangeIn, scalarPlace, severityFor, type Place, type Reach } from './definitions';

/** A part of a connection: its value and where it is written. */
export interface Located {
  value: string;
  range: Range;
}

export interface ConnectionExtra {
  key: string;
  /** The key hooks read (legacy `extra__<type>__` prefix removed). */
  name: string;
  value: unknown;
  range: Range;
  /** The value as written (quotes included for a JSON string). */
  raw: string;
  /** An edit that writes `text` in place of the value, keeping its quoting; undefined when it cannot be placed exactly. */
  replace?(text: string): TextEdit;
  /** How the value is written: a URI query parameter (always a string), JSON or YAML (typed). */
  syntax: 'query' | 'json' | 'yaml';
  /** A URI query parameter: an edit that removes it (with its `&`, or the `?` when it is the only one). */
  remove?(): TextEdit;
  /** Where a part of `raw` (offsets in `raw`) is written; undefined when the value cannot be placed exactly. */
  rangeOf?(start: number, end: number): Range;
}

export interface AirflowConnection {
  /** The connection id, lower case. */
  id: string;
  /** Relative to the checked root. */
  file: string;
  reach: Reach;
  /** For people: ``AIRFLOW_CONN_API in .env``, ``connection `api` in airflow_settings.yaml``. */
  where: string;
  form: 'uri' | 'json' | 'fields';
  type?: Located;
  host?: Located;
  schema?: Located;
  login?: Located;
  port?: Located;
  hasPassword: boolean;
  extras: ConnectionExtra[];
  /** The whole definition (the value, or the connection's `conn_id`). */
  range: Range;
  /**
   * URI form: where a path (the schema) would be written, when the URI has none and is written exactly:
   * replace `position`…`end` (empty, or a lone `/`) with `/schema`.
   */
  pathInsert?: { file: string; offset: number; position: Range['start']; end: Range['start'] };
  /** Fields form: an edit that sets a field (`conn_schema`) to a plain value, replacing it or adding it. */
  setField?(field: string, value: string): TextEdit | undefined;
  /** Why part of it could not be read. */
  problem?: string;
}

/** By the project's loaded files (a new load, a new model), as the secrets of a project are. */
const memo = new WeakMap<object, AirflowConnection[]>();

/** Every connection the project defines, in file order; gathered once per loaded project. */
export function connectionsOf(project: AstroProject): AirflowConnection[] {
  const known = project.files && memo.get(project.files);
  if (known) return known;
  const out: AirflowConnection[] = [];
  for (const def of envDefinitionsOf(project)) {
    const m = /^AIRFLOW_CONN_(.+)$/i.exec(def.name);
    if (!m || def.buildOnly || isReference(def.value)) continue;
    const parsed = parseConnectionText(def.value);
    if (parsed) out.push(fromParsed(m[1].toLowerCase(), parsed, def.place, def.reach, def.where));
  }
  for (const file of project.files?.sources ?? []) {
    if (file.kind !== 'settings') continue;
    for (const conn of file.model(parseAirflowSettings).connections) {
      const c = fromSettings(file, conn);
      if (c) out.push(c);
    }
  }
  if (project.files) memo.set(project.files, out);
  return out;
}

function located(part: { value: string; span: Span } | undefined, place: Place): Located | undefined {
  return part ? { value: part.value, range: rangeIn(place, part.span) } : undefined;
}

function extraOf(x: Extra, place: Place): ConnectionExtra {
  const exact = x.exact && place.exact;
  const removal = x.removal;
  return {
    key: x.key,
    name: x.name,
    value: x.value,
    raw: x.raw,
    // Inside a percent-encoded `__extra__`, the span is the whole parameter's value: still where the value is written.
    range: rangeIn(place, x.span),
    replace: exact ? (text) => ({ file: place.file.path, range: rangeIn(place, x.span), newText: quoteLike(x.raw, text) }) : undefined,
    syntax: x.syntax,
    remove: place.exact && removal ? () => ({ file: place.file.path, range: rangeIn(place, removal), newText: '' }) : undefined,
    rangeOf: exact ? (start, end) => rangeIn(place, { start: x.span.start + start, end: x.span.start + end }) : undefined,
  };
}

/** `text` written with the quotes of `raw` (a JSON string stays a string). */
function quoteLike(raw: string, text: string): string {
  const q = raw[0];
  return (q === '"' || q === "'") && raw.length >= 2 && raw.endsWith(q) ? `${q}${text}${q}` : text;
}

function fromParsed(id: string, p: ParsedConnection, place: Place, reach: Reach, where: string): AirflowConnection {
  const file = place.file;
  const conn: AirflowConnection = {
    id,
    file: file.path,
    reach,
    where,
    form: p.form,
    type: located(p.type, place),
    host: located(p.host, place),
    schema: located(p.schema, place),
    login: located(p.login, place),
    port: located(p.port, place),
    hasPassword: p.hasPassword,
    extras: p.extras.map((x) => extraOf(x, place)),
    range: rangeIn(place),
    problem: p.problem,
  };
  if (p.uri && !p.uri.hasPath && place.exact) {
    const offset = place.start + p.uri.authorityEnd;
    conn.pathInsert = { file: file.path, offset, position: file.lines.positionAt(offset), end: file.lines.positionAt(place.start + (p.pathEnd ?? p.uri.authorityEnd)) };
  }
  return conn;
}

const FIELD_OF: Record<string, keyof Pick<AirflowConnection, 'type' | 'host' | 'schema' | 'login' | 'port'>> = {
  conn_type: 'type',
  conn_host: 'host',
  conn_schema: 'schema',
  conn_login: 'login',
  conn_port: 'port',
};

/** A connection of airflow_settings.yaml: its fields, or its `conn_uri` read as a URI. */
function fromSettings(file: SourceFile, conn: SettingsConnection): AirflowConnection | undefined {
  const id = (conn.id ?? '').toLowerCase();
  const where = `connection \`${conn.id ?? '(no conn_id)'}\` in ${file.rel}`;
  const idNode = conn.fields.find((f) => f.name === 'conn_id')?.value;
  const whole = file.lines.rangeOf(idNode?.range?.[0] ?? conn.node.range?.[0] ?? 0, idNode?.range?.[1] ?? conn.node.range?.[0] ?? 0);
  const uriField = conn.fields.find((f) => f.name === 'conn_uri');
  const uri = scalarPlace(file, uriField?.value);
  if (uri && uri.value.trim() !== '' && !isReference(uri.value)) {
    const parsed = parseConnectionText(uri.value);
    if (parsed) return fromParsed(id, parsed, uri.place, 'local', where);
  }
  const out: AirflowConnection = { id, file: file.path, reach: 'local', where, form: 'fields', hasPassword: false, extras: [], range: whole };
  for (const f of conn.fields) {
    const key = FIELD_OF[f.name];
    const v = scalarPlace(file, f.value);
    if (key && v && v.value.trim() !== '') {
      const value = key === 'type' ? normaliseConnType(v.value) : key === 'host' ? v.value.trim().toLowerCase() : v.value;
      out[key] = { value, range: rangeIn(v.place) };
    } else if (f.name === 'conn_password') {
      out.hasPassword = !!v && v.value !== '';
    } else if (f.name === 'conn_extra') {
      out.extras.push(...settingsExtras(file, f.value, out));
    }
  }
  out.setField = (field, value) => setFieldEdit(file, conn.node, field, value);
  return out;
}

function settingsExtras(file: SourceFile, node: YamlNode | null, conn: AirflowConnection): ConnectionExtra[] {
  if (isMap(node)) {
    const out: ConnectionExtra[] = [];
    for (const pair of node.items) {
      if (!isScalar(pair.key) || !pair.value) continue;
      const value = pair.value as YamlNode;
      const key = String(pair.key.value);
      if (!value.range) continue;
      const raw = file.text.slice(value.range[0], value.range[1]);
      const place: Place = { file, start: value.range[0], end: value.range[1], exact: true };
      out.push({
        key,
        name: extraName(key),
        value: isScalar(value) ? value.value : value.toJSON(),
        raw,
        range: rangeIn(place),
        replace: isScalar(value) ? (text) => ({ file: file.path, range: rangeIn(place), newText: quoteLike(raw, text) }) : undefined,
        syntax: 'yaml',
        rangeOf: (start, end) => rangeIn(place, { start, end }),
      });
    }
    return out;
  }
  const json = scalarPlace(file, node);
  if (!json || json.value.trim() === '') return [];
  const extras = parseExtraJson(json.value);
  if (!extras) {
    if (json.value.trim().startsWith('{')) conn.problem = '`conn_extra` is not valid JSON';
    return [];
  }
  return extras.map((x) => extraOf(x, json.place));
}

/** An edit that sets `field: value` in a connection's mapping: the value replaced when the field is written, else a line added after the last field. */
function setFieldEdit(file: SourceFile, map: YAMLMap, field: string, value: string): TextEdit | undefined {
  const pair = map.items.find((p) => isScalar(p.key) && p.key.value === field);
  const node = pair?.value as YamlNode | null | undefined;
  if (pair && node?.range) return { file: file.path, range: file.lines.rangeOf(node.range[0], node.range[1]), newText: value };
  if (pair && isScalar(pair.key) && pair.key.range) {
    // `conn_schema:` with no value: write it after the colon.
    const at = file.text.indexOf(':', pair.key.range[1]) + 1;
    return { file: file.path, range: file.lines.rangeOf(at, at), newText: ` ${value}` };
  }
  const first = map.items[0]?.key;
  const last = map.items[map.items.length - 1];
  if (!isScalar(first) || !first.range || !last) return undefined;
  const indent = first.range[0] - file.text.lastIndexOf('\n', first.range[0] - 1) - 1;
  const lastEnd = ((last.value as YamlNode | null)?.range ?? (isScalar(last.key) ? last.key.range : undefined))?.[1];
  if (lastEnd === undefined || map.flow) return undefined;
  // A nested block's range runs to the next line: back up over the whitespace.
  let end = lastEnd;
  while (end > 0 && /\s/.test(file.text[end - 1])) end--;
  let lineEnd = file.text.indexOf('\n', end);
  if (lineEnd < 0) lineEnd = file.text.length;
  const eol = file.text[lineEnd - 1] === '\r' ? '\r\n' : '\n';
  const at = file.text[lineEnd - 1] === '\r' ? lineEnd - 1 : lineEnd;
  return { file: file.path, range: file.lines.rangeOf(at, at), newText: `${eol}${' '.repeat(indent)}${field}: ${value}` };
}

/**
 * Where a connection's host is: undefined when there is no host to judge
 * (none written, a `${VAR}` or `{{ template }}`, a placeholder). The host's own protocol (`https://api.example.com`) and
 * any path are ignored.
 */
export function connectionHostKind(conn: AirflowConnection, services: ReadonlySet<string>): HostKind | undefined {
  const host = hostName(conn.host?.value);
  if (!host) return undefined;
  return hostKind(host, services);
}

/** Host names written where a real one will go. */
const PLACEHOLDER_HOSTS = new Set(['host', 'hostname', 'myhost', 'yourhost', 'server', 'myserver', 'servername', 'domain', 'mydomain', 'yourdomain']);

/**
 * The host name of a host field (`https://api.acme-corp.io/v1` → `api.acme-corp.io`); undefined for a
 * reference or a placeholder (`<host>`, `${HOST}`, `your-host`, `host`, `changeme.internal`, a name under
 * the reserved `.invalid` domain). Names under the documentation domains (`api.example.com`) are judged:
 * the rules' own examples are written with them.
 */
export function hostName(host: string | undefined): string | undefined {
  if (!host || isReference(host)) return undefined;
  const bare = host.replace(/^[a-z][a-z0-9+.-]*:\/\//i, '').replace(/[/?#].*$/, '').replace(/^[^@]*@/, '').replace(/:\d*$/, '');
  const lower = bare.toLowerCase();
  if (bare === '' || /[<>{}$%\s*]/.test(bare) || PLACEHOLDER_HOSTS.has(lower)) return undefined;
  if (/^(?:your|my)[-_]|(?:^|[.-])(?:changeme|change-me|replace-me|placeholder|x{3,})(?:[.-]|$)|\.invalid\.?$/.test(lower)) return undefined;
  return bare;
}

/** The names a project's containers reach on the developer's machine: the services of its Compose files and of those of the folders above it. */
export function projectServices(project: AstroProject): ReadonlySet<string> {
  const files = project.files;
  if (!files) return new Set();
  let names = servicesMemo.get(files);
  if (!names) servicesMemo.set(files, (names = composeServiceNames([...files.sources, ...files.context])));
  return names;
}

const servicesMemo = new WeakMap<object, ReadonlySet<string>>();

/**
 * Where a connection goes: a host kind; `unknown` when an address is written
 * but cannot be judged (a `${VAR}`, a placeholder); `none` when none is
 * written (the client's default endpoint: AWS, Snowflake, a Kubernetes
 * cluster's own configuration).
 */
export type EndpointKind = HostKind | 'unknown' | 'none';

/** Extras that hold the address for clients that do not read the host field: Kafka's `bootstrap.servers`, AWS's `endpoint_url`. */
const ADDRESS_EXTRAS = new Set(['bootstrap.servers', 'endpoint_url']);

/** The kind of the hosts a connection reaches (its host, and the address extras): the farthest of them. */
export function connectionEndpointKind(conn: AirflowConnection, services: ReadonlySet<string>): EndpointKind {
  const written: string[] = conn.host ? [conn.host.value] : [];
  for (const x of conn.extras) {
    if (ADDRESS_EXTRAS.has(x.name) && typeof x.value === 'string') written.push(...x.value.split(',').map((s) => s.trim()).filter((s) => s !== ''));
  }
  if (written.length === 0) return 'none';
  const kinds = new Set(written.map((h): EndpointKind => {
    const name = hostName(h);
    return name ? hostKind(name, services) : 'unknown';
  }));
  return (['remote', 'private', 'unknown', 'local'] as const).find((k) => kinds.has(k))!;
}

/** The severity of a network finding about a connection: `deployed` for a remote host (or one the text does not name), info for a private one, one step lower for a local definition. */
export function connectionSeverity(deployed: Severity, kind: EndpointKind, reach: Reach): Severity {
  return severityFor(kind === 'private' ? 'info' : deployed, reach);
}

/** How a message names a connection: ``connection `api` (`AIRFLOW_CONN_API` in .env)``, ``connection `api` in airflow_settings.yaml``. */
export function connectionLabel(conn: AirflowConnection): string {
  return conn.where.startsWith('connection ') ? conn.where : `connection \`${conn.id}\` (${conn.where})`;
}

/** One setting in a connection's extras. */
export interface ExtraSetting {
  /** The key as written. */
  key: string;
  value: unknown;
  /** The value's text (quotes included) where it could be placed, else the whole extra's. */
  raw: string;
  range: Range;
  /** Where it is: an extra of its own, a key of an extra's object (`connect_kwargs`), or a `key=value` pair of a connection string (ODBC). */
  within: 'extra' | 'object' | 'string';
  extra: ConnectionExtra;
  /** An edit that writes `text` in place of the value as written, quotes included; undefined when it cannot be placed exactly. */
  write?(text: string): TextEdit;
}

/**
 * Every place a connection's extras set a key `matches` accepts (it gets
 * the key as hooks read it, legacy prefix removed): an extra, a key of an
 * extra holding an object (`{"connect_kwargs": {"TrustServerCertificate": "yes"}}`),
 * or a pair of an extra holding a connection string (`Driver=…;Encrypt=no`).
 */
export function extraSettings(conn: AirflowConnection, matches: (key: string) => boolean): ExtraSetting[] {
  const out: ExtraSetting[] = [];
  const at = (x: ConnectionExtra, span: { start: number; end: number } | undefined) => {
    const range = span && x.rangeOf ? x.rangeOf(span.start, span.end) : undefined;
    return {
      range: range ?? x.range,
      raw: span && range ? x.raw.slice(span.start, span.end) : x.raw,
      write: range ? (text: string): TextEdit => ({ file: conn.file, range, newText: text }) : undefined,
    };
  };
  for (const x of conn.extras) {
    if (matches(x.name)) {
      const exact = x.replace !== undefined && x.rangeOf !== undefined;
      out.push({ key: x.key, value: x.value, within: 'extra', extra: x, ...at(x, exact ? { start: 0, end: x.raw.length } : undefined) });
    } else if (x.value !== null && typeof x.value === 'object' && !Array.isArray(x.value)) {
      for (const [k, v] of Object.entries(x.value as Record<string, unknown>)) {
        if (matches(extraName(k))) out.push({ key: k, value: v, within: 'object', extra: x, ...at(x, locateKeyValue(x.raw, k, /[:=]/.source)) });
      }
    } else if (typeof x.value === 'string' && x.value.includes('=') && x.value.includes(';')) {
      for (const pair of connectionStringPairs(x.value)) {
        if (matches(pair.key)) out.push({ key: pair.key, value: pair.value, within: 'string', extra: x, ...at(x, locateKeyValue(x.raw, pair.key, '=')) });
      }
    }
  }
  return out;
}

/** The `key=value` pairs of an ODBC-style connection string (`Driver={ODBC Driver 18};Encrypt=no`), braces removed. */
function connectionStringPairs(text: string): { key: string; value: string }[] {
  const out: { key: string; value: string }[] = [];
  const re = /(?:^|;)\s*([^=;{}]+?)\s*=\s*(\{[^}]*\}|[^;]*)/g;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const value = m[2].trim();
    out.push({ key: m[1], value: value.startsWith('{') && value.endsWith('}') ? value.slice(1, -1) : value });
  }
  return out;
}

/** Where the value of `key` is written in `raw` (a JSON or YAML object, or a connection string): the first `key` followed by `sep`. */
function locateKeyValue(raw: string, key: string, sep: string): { start: number; end: number } | undefined {
  const escaped = key.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const re = new RegExp(`(?:^|[\\s{,;"'])(["']?)${escaped}\\1\\s*(?:${sep})\\s*("[^"]*"|'[^']*'|\\{[^}]*\\}|[^\\s,;}\\]#]+)`, 'i');
  const m = re.exec(raw);
  if (!m) return undefined;
  const end = m.index + m[0].length;
  return { start: end - m[2].length, end };
}
