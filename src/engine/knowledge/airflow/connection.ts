/**
 * How Airflow reads a connection written as text: the URI form
 * (`postgresql://user:pass@host:5432/db?sslmode=require`) and the JSON form
 * (`{"conn_type": "http", "host": …, "extra": {…}}`), as
 * `airflow.models.connection.Connection` parses them. Every part keeps where
 * it is written in the text (offsets), so that a finding can point at the
 * part that is wrong. Pure functions of a string: no file, no project.
 */
import { parseTree, type Node as JsonNode, type ParseError } from 'jsonc-parser';

/** Offsets in the parsed text, end exclusive. */
export interface Span {
  start: number;
  end: number;
}

/** A part of a connection and where it is written (decoded: percent escapes undone). */
export interface Part {
  value: string;
  span: Span;
}

/** One extra of a connection. */
export interface Extra {
  /** The key as written (`verify`, `extra__http__verify`). */
  key: string;
  /** The key Airflow's hooks read: the legacy `extra__<type>__<field>` prefix removed. */
  name: string;
  /** The value: a string in the URI form, any JSON value otherwise. */
  value: unknown;
  /** Where the value is written, quotes included for a JSON string. */
  span: Span;
  /** The value's text as written there. */
  raw: string;
  /** Whether `span` is this value's own text, so that a fix may replace it (false inside a percent-encoded `__extra__`, where `span` is the whole parameter). */
  exact: boolean;
  /** How the value is written: a URI query parameter (always a string) or a JSON value (typed). */
  syntax: 'query' | 'json';
  /** A query parameter: the text to delete to remove it (`&verify=false`, or `?verify=false` when it is the only one). */
  removal?: Span;
}

export interface ParsedConnection {
  form: 'uri' | 'json';
  /** Normalised as Airflow does: lower case, `postgresql` → `postgres`, `-` → `_`. */
  type?: Part;
  /** The host; with `scheme://protocol://host`, the protocol stays in the host (`https://api.example.com`). */
  host?: Part;
  schema?: Part;
  login?: Part;
  port?: Part;
  hasPassword: boolean;
  extras: Extra[];
  /** URI form: where a path (the schema) would be written, and whether one is. */
  uri?: { authorityEnd: number; hasPath: boolean };
  /** URI form: where the path ends (before `?`, `#` or the end); past `authorityEnd` without a path when a lone `/` is written. */
  pathEnd?: number;
  /** Why part of it could not be read (the `__extra__` JSON does not parse, …). */
  problem?: string;
}

/** Airflow's normalisation of a connection type. */
export function normaliseConnType(type: string): string {
  const t = type.trim().toLowerCase();
  return t === 'postgresql' ? 'postgres' : t.replace(/-/g, '_');
}

/** The key hooks read for an extra: `extra__snowflake__insecure_mode` → `insecure_mode`. */
export function extraName(key: string): string {
  const m = /^extra__[a-z0-9_]+?__(.+)$/i.exec(key);
  return m ? m[1] : key;
}

/** A connection as Airflow reads an `AIRFLOW_CONN_*` value: JSON when it starts with `{`, a URI when it has a scheme; undefined otherwise. */
export function parseConnectionText(text: string): ParsedConnection | undefined {
  const lead = text.length - text.trimStart().length;
  if (text[lead] === '{') return parseConnectionJson(text);
  if (/^[A-Za-z][A-Za-z0-9+.-]*:\/\//.test(text)) return parseConnectionUri(text);
  return undefined;
}

function decode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

function decodeQuery(s: string): string {
  return decode(s.replace(/\+/g, ' '));
}

/** The URI form, read as `Connection._parse_from_uri` does. */
export function parseConnectionUri(text: string): ParsedConnection | undefined {
  const m = /^([A-Za-z][A-Za-z0-9+.-]*):\/\//.exec(text);
  if (!m) return undefined;
  const out: ParsedConnection = { form: 'uri', hasPassword: false, extras: [] };
  out.type = { value: normaliseConnType(m[1]), span: { start: 0, end: m[1].length } };
  let a = m[0].length;
  // `http://https://host`: the second scheme is the host's protocol.
  const second = /^([A-Za-z][A-Za-z0-9+.-]*):\/\//.exec(text.slice(a));
  const protocolStart = second ? a : undefined;
  if (second) a += second[0].length;
  let e = a;
  while (e < text.length && text[e] !== '/' && text[e] !== '?' && text[e] !== '#') e++;
  const authority = text.slice(a, e);
  const at = authority.lastIndexOf('@');
  let hostStart = a;
  if (at >= 0) {
    const userinfo = authority.slice(0, at);
    const colon = userinfo.indexOf(':');
    const login = colon >= 0 ? userinfo.slice(0, colon) : userinfo;
    if (login) out.login = { value: decode(login), span: { start: a, end: a + login.length } };
    out.hasPassword = colon >= 0 && colon < userinfo.length - 1;
    hostStart = a + at + 1;
  }
  const hostport = text.slice(hostStart, e);
  let hostEnd = e;
  const portMatch = /:(\d*)$/.exec(hostport.startsWith('[') ? hostport.slice(hostport.indexOf(']') + 1) : hostport);
  if (portMatch) {
    hostEnd = e - portMatch[0].length;
    if (portMatch[1]) out.port = { value: portMatch[1], span: { start: hostEnd + 1, end: e } };
  }
  const rawHost = text.slice(hostStart, hostEnd).replace(/^\[|\]$/g, '');
  const host = decode(rawHost).toLowerCase();
  if (second && protocolStart !== undefined) {
    out.host = { value: `${second[1].toLowerCase()}://${host}`, span: { start: protocolStart, end: hostEnd } };
  } else if (host) {
    out.host = { value: host, span: { start: hostStart, end: hostEnd } };
  }
  let p = e;
  while (p < text.length && text[p] !== '?' && text[p] !== '#') p++;
  out.uri = { authorityEnd: e, hasPath: p > e + 1 };
  out.pathEnd = p;
  if (p > e + 1) out.schema = { value: decode(text.slice(e + 1, p)), span: { start: e + 1, end: p } };
  if (text[p] === '?') {
    let q = p + 1;
    const end = text.indexOf('#', q) < 0 ? text.length : text.indexOf('#', q);
    // The text that removes the parameter between `from` and `to`: with the `&` before it, else the one after it, else with the `?`.
    const removal = (from: number, to: number): Span => (from > p + 1 ? { start: from - 1, end: to } : to < end ? { start: from, end: to + 1 } : { start: p, end: to });
    while (q < end) {
      let amp = text.indexOf('&', q);
      if (amp < 0 || amp > end) amp = end;
      const pair = text.slice(q, amp);
      const eq = pair.indexOf('=');
      const key = decodeQuery(eq < 0 ? pair : pair.slice(0, eq));
      const rawValue = eq < 0 ? '' : pair.slice(eq + 1);
      const valueStart = eq < 0 ? amp : q + eq + 1;
      const value = decodeQuery(rawValue);
      if (key === '__extra__') {
        const inner = parseExtraJson(value);
        if (!inner) out.problem = 'the `__extra__` JSON of the URI does not parse';
        const exact = value === rawValue;
        for (const x of inner ?? []) {
          out.extras.push(exact ? { ...x, span: { start: valueStart + x.span.start, end: valueStart + x.span.end } } : { ...x, span: { start: valueStart, end: amp }, raw: rawValue, exact: false });
        }
      } else if (key) {
        out.extras.push({ key, name: extraName(key), value, span: { start: valueStart, end: amp }, raw: rawValue, exact: true, syntax: 'query', removal: removal(q, amp) });
      }
      q = amp + 1;
    }
  }
  return out;
}

/** The JSON form: `{"conn_type": …, "host": …, "schema": …, "login": …, "password": …, "port": …, "extra": {…} or "…"}`. */
export function parseConnectionJson(text: string): ParsedConnection | undefined {
  const root = jsonRoot(text);
  if (!root || root.type !== 'object') return undefined;
  const out: ParsedConnection = { form: 'json', hasPassword: false, extras: [] };
  for (const prop of root.children ?? []) {
    const [k, v] = prop.children ?? [];
    if (!k || !v) continue;
    const key = String(k.value);
    const span = { start: v.offset + (v.type === 'string' ? 1 : 0), end: v.offset + v.length - (v.type === 'string' ? 1 : 0) };
    const part = (value: string): Part => ({ value, span });
    const scalar = v.type === 'string' || v.type === 'number' ? String(v.value) : undefined;
    switch (key) {
      case 'conn_type':
        if (scalar !== undefined) out.type = part(normaliseConnType(scalar));
        break;
      case 'host':
        if (scalar) out.host = part(scalar.toLowerCase());
        break;
      case 'schema':
        if (scalar) out.schema = part(scalar);
        break;
      case 'login':
        if (scalar) out.login = part(scalar);
        break;
      case 'port':
        if (scalar) out.port = part(scalar);
        break;
      case 'password':
        out.hasPassword = !!scalar;
        break;
      case 'extra':
        if (v.type === 'object') out.extras.push(...extrasOfObject(v, text));
        else if (v.type === 'string') {
          const inner = parseExtraJson(String(v.value));
          const exact = text.slice(v.offset + 1, v.offset + v.length - 1) === v.value;
          if (!inner) out.problem = 'the `extra` JSON string does not parse';
          for (const x of inner ?? []) out.extras.push(exact ? { ...x, span: { start: v.offset + 1 + x.span.start, end: v.offset + 1 + x.span.end } } : { ...x, span: { start: v.offset, end: v.offset + v.length }, raw: text.slice(v.offset, v.offset + v.length), exact: false });
        }
        break;
    }
  }
  return out;
}

/** The extras of a JSON object written as text (`conn_extra: '{"verify": false}'`); undefined when it is not a JSON object. */
export function parseExtraJson(text: string): Extra[] | undefined {
  const root = jsonRoot(text);
  if (!root || root.type !== 'object') return undefined;
  return extrasOfObject(root, text);
}

function jsonRoot(text: string): JsonNode | undefined {
  const errors: ParseError[] = [];
  const root = parseTree(text, errors, { allowTrailingComma: true, disallowComments: false });
  return errors.length === 0 ? root : undefined;
}

function extrasOfObject(object: JsonNode, text: string): Extra[] {
  const out: Extra[] = [];
  for (const prop of object.children ?? []) {
    const [k, v] = prop.children ?? [];
    if (!k || !v) continue;
    const key = String(k.value);
    const raw = text.slice(v.offset, v.offset + v.length);
    const value = v.type === 'object' || v.type === 'array' ? JSON.parse(raw) : v.value;
    out.push({ key, name: extraName(key), value, span: { start: v.offset, end: v.offset + v.length }, raw, exact: true, syntax: 'json' });
  }
  return out;
}
