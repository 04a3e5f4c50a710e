/**
 * What the secret scanners of every file type share: the shape of a hit
 * (`Found`, offsets in the file, never the value), known formats in a text,
 * a name/value pair judged, credentials in URLs, free-form lines
 * (`NAME=value`, `--password x`, `curl -u`), JSON objects written in a
 * value, and folding overlapping hits into one.
 */
import type { Scalar } from 'yaml';
import type { ScalarSource } from '../../files/yaml';
import { isPlaceholder, isReference, isSensitiveName, judgeAssignment, maskPreview, scanText, type ScanOptions } from '../../knowledge/secrets/detect';
import { PREFILTER, PREFILTER_ALL } from '../../knowledge/secrets/patterns';
import type { SourceFile } from '../../files/source';
import { hostKind } from '../../knowledge/hosts';
import { stripQuotes } from '../../knowledge/secrets/placeholders';
import { isImageSetupVariable } from '../../knowledge/secrets/names';
import type { SecretContext, SecretHit } from '../../knowledge/secrets/types';
import type { Fix } from '../../types';

/** A hit at absolute offsets of a file's text. */
export interface Found {
  start: number;
  end: number;
  kind: string;
  special?: SecretHit['special'];
  preview: string;
  where: string;
  notMarkedSecret?: boolean;
  /** Edits within the same file (their `file` is filled in later). */
  fixes?: Fix[];
  /** Found by the whole-text scan for known formats: loses to a structured hit on the same secret, which knows better where it is. */
  generic?: boolean;
  /** In a file no structured reader knows (configuration, scripts, a YAML file that is not a Deployment file): ASR210. */
  plainFile?: boolean;
  /** The host the credential is for, when the text says (a URL's host, a `host` next to a `password`). */
  host?: string;
  /** The name the value is given to, when the text says (`POSTGRES_PASSWORD`). */
  name?: string;
  /**
   * The credential of something the developer runs on their own machine
   * (a Compose service's own set-up password): never reported, and the same
   * value written anywhere else in the project is that credential too.
   */
  local?: boolean;
}

/** What the keys next to a credential say: the host it is for and the user name it goes with. */
export interface Siblings {
  host?: string;
  user?: string;
}

/** Key names that give the host of a credential written beside them. */
export const HOST_KEYS = new Set(['host', 'hostname', 'server', 'address', 'endpoint', 'conn_host', 'db_host', 'database_host', 'ip']);
/** Key names that give the user name a password goes with. */
export const USER_KEYS = new Set(['user', 'username', 'user_name', 'login', 'uid', 'usr', 'conn_login', 'db_user']);

/** A host of someone's real service: remote, a domain name or address (a bare name is a container's or an alias), not a documentation or test domain. */
export function isRealRemoteHost(host: string): boolean {
  return host.includes('.') && hostKind(host) === 'remote' && !/(?:^|\.)(?:example\.(?:com|org|net)|example|test|invalid|localhost|local)$/i.test(host) && !/[<>{}$]/.test(host);
}

/** The siblings of a set of keys and their literal values (names compared lower-case). */
export function siblingsOf(pairs: Iterable<[string, string | undefined]>): Siblings {
  const out: Siblings = {};
  let account: string | undefined;
  for (const [key, value] of pairs) {
    if (value === undefined || value === '') continue;
    const k = key.toLowerCase();
    if (k === 'account') account ??= value;
    else if (out.host === undefined && HOST_KEYS.has(k)) out.host = value;
    else if (out.user === undefined && USER_KEYS.has(k)) out.user = value;
  }
  // A Snowflake account stands for its host when no host is written.
  out.host ??= account;
  return out;
}

/** The host of the URL whose user information ends at `at` (the `@`), lower-cased; undefined when none is written. */
export function hostAfter(text: string, at: number): string | undefined {
  let k = at + 1;
  if (text[k] === '[') {
    const close = text.indexOf(']', k);
    return close > k ? text.slice(k + 1, close).toLowerCase() : undefined;
  }
  const start = k;
  while (k < text.length && k - start < 253 && /[A-Za-z0-9.\-_]/.test(text[k])) k++;
  return k > start ? text.slice(start, k).toLowerCase() : undefined;
}

/** What scanning one file gives: its hits, and what could not be read in it (`line 3: …`). */
export interface FileScan {
  found: Found[];
  problems: string[];
}

/** Multi-line formats: a text holding one is scanned whole. */
const MULTILINE_KEY = /-----BEGIN|---- BEGIN|PuTTY-User/;

/**
 * What scanning a file's text for known formats found, by run of lines, kept
 * from one version of the file to the next: as a DAG is typed in, only the
 * lines that changed are scanned again.
 */
export interface KnownMemo {
  /** Whether a line passes the detectors' prefilter. */
  lines: Map<string, boolean>;
  /** Hits of a run of candidate lines (offsets in the run), by context and options, then by text. */
  runs: Map<string, Map<string, SecretHit[]>>;
}

/** The memo of a file whose models are kept between checks (in the editor); none for a file read once (the CLI). */
export function memoOf(file: SourceFile): KnownMemo | undefined {
  return file.kept ? file.model(knownMemo) : undefined;
}

/** A file's memo: the one of its previous version (pruned when it has grown), or a new one. */
export function knownMemo(file: SourceFile): KnownMemo {
  const before = file.previous?.model(knownMemo);
  if (before && before.lines.size < 4096 + file.text.length / 16) return before;
  return { lines: new Map(), runs: new Map() };
}

/**
 * Known formats anywhere in a text. Only runs of lines that pass the
 * detectors' prefilter are scanned (every single-line format passes it),
 * except that a text with a private key marker is scanned whole, since a key
 * block spans lines. On typical code this halves the scanning. With a memo,
 * lines and runs seen before are not tested or scanned again.
 */
export function known(text: string, context: SecretContext, where: string, base = 0, options?: ScanOptions, memo?: KnownMemo): Found[] {
  // An empty `where` stands for "name it after what the text gives the value to, if anything".
  const toFound = (h: SecretHit, at: number): Found => {
    const found: Found = { ...fromHit(h, base + at), where: where || (h.name ? `\`${h.name}\`` : ''), generic: true, name: h.name };
    // The host of a URL's password, or of a URL on the same line (`curl -u admin:… http://localhost:8080/…`).
    found.host = text[at + h.end] === '@' ? hostAfter(text, at + h.end) : text.includes('://') ? urlHostOnLine(text, at + h.start) : undefined;
    return found;
  };
  if (MULTILINE_KEY.test(text)) return scanText(text, context, options).map((h) => toFound(h, 0));
  const out: Found[] = [];
  let runStart = -1;
  let runEnd = -1;
  let runs: Map<string, SecretHit[]> | undefined;
  if (memo) {
    const kind = `${context}${options?.pairs === false ? '-' : '+'}`;
    runs = memo.runs.get(kind);
    if (!runs) memo.runs.set(kind, (runs = new Map()));
  }
  const flush = () => {
    if (runStart < 0) return;
    const run = text.slice(runStart, runEnd);
    let hits = runs?.get(run);
    if (!hits) {
      hits = scanText(run, context, options);
      runs?.set(run, hits);
    }
    for (const h of hits) out.push(toFound(h, runStart));
    runStart = -1;
  };
  if (memo) {
    // Line by line, each line's prefilter verdict looked up first.
    for (let lineStart = 0; lineStart < text.length; ) {
      const nl = text.indexOf('\n', lineStart);
      const lineEnd = nl < 0 ? text.length : nl;
      const line = text.slice(lineStart, lineEnd);
      let candidate = memo.lines.get(line);
      if (candidate === undefined) memo.lines.set(line, (candidate = PREFILTER.test(line)));
      if (candidate) {
        if (runStart >= 0 && lineStart > runEnd + 1) flush();
        if (runStart < 0) runStart = lineStart;
        runEnd = lineEnd;
      }
      lineStart = lineEnd + 1;
    }
    flush();
    return out;
  }
  // Only runs of lines holding a candidate are scanned: walk from one PREFILTER match to the next.
  const re = PREFILTER_ALL;
  re.lastIndex = 0;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const lineStart = text.lastIndexOf('\n', m.index - 1) + 1;
    const nl = text.indexOf('\n', m.index + m[0].length);
    const lineEnd = nl < 0 ? text.length : nl;
    if (runStart >= 0 && lineStart > runEnd + 1) flush();
    if (runStart < 0) runStart = lineStart;
    runEnd = lineEnd;
    re.lastIndex = lineEnd;
  }
  flush();
  return out;
}

export function fromHit(h: SecretHit, base: number): Omit<Found, 'where'> {
  return { start: base + h.start, end: base + h.end, kind: h.kind, special: h.special, preview: h.preview };
}

/**
 * A name/value pair: the detectors' judgement, and credentials inside URLs in
 * the value. `base` is the value's offset in the file. A value equal to the
 * user name beside it is a demo or default login, not a secret.
 */
export function judge(name: string, value: string, context: SecretContext, base: number, where: string, siblings?: Siblings): Found[] {
  if (siblings?.user !== undefined && stripQuotes(value.trim()) === siblings.user) return [];
  const out: Found[] = [];
  const hit = judgeAssignment(name, value, context, siblings?.host !== undefined && isRealRemoteHost(siblings.host));
  // A password of a URL in the value goes with that URL's host.
  // A pair inside the value (`"api_token": "…"` in a JSON string) is named by its own key.
  const at = hit?.name && hit.name !== name ? `\`${hit.name}\` in ${where}` : where;
  if (hit) out.push({ ...fromHit(hit, base), where: at, name: hit.name ?? name, host: value[hit.end] === '@' ? hostAfter(value, hit.end) : siblings?.host });
  out.push(...urlCredentials(value, context, base, where));
  return out;
}

/** Characters that end the user-info part of a URL. */
const USERINFO_END = new Set([' ', '\t', '\n', '\r', '/', '@', "'", '"', '`', '<', '>', '{', '}', '\\']);

/** The `user[:password]@` parts of the URLs in a text, found by hand (linear; a regex here backtracks on long inputs). */
export function* urlUserInfos(text: string): Generator<{ userStart: number; user: string; password?: string }> {
  let from = 0;
  for (;;) {
    const at = text.indexOf('://', from);
    if (at < 0) return;
    from = at + 3;
    // A scheme before `://`: at least one letter.
    const c = text.charCodeAt(at - 1);
    if (!((c >= 65 && c <= 90) || (c >= 97 && c <= 122) || (c >= 48 && c <= 57))) continue;
    let k = from;
    while (k < text.length && !USERINFO_END.has(text[k])) k++;
    if (text[k] !== '@' || k === from || k + 1 >= text.length || USERINFO_END.has(text[k + 1])) continue;
    const info = text.slice(from, k);
    const colon = info.indexOf(':');
    yield colon < 0 ? { userStart: from, user: info } : { userStart: from, user: info.slice(0, colon), password: info.slice(colon + 1) };
    from = k + 1;
  }
}

/** `scheme://user:password@host` (the password) and `https://<token>@host` (a long user part alone). */
export function urlCredentials(text: string, textContext: SecretContext, base: number, where: string): Found[] {
  if (!text.includes('://')) return [];
  // The parts of a URL are bare values; in the python context a bare value would be read as an expression.
  const context: SecretContext = textContext === 'python' ? 'text' : textContext;
  const out: Found[] = [];
  for (const { userStart, user, password } of urlUserInfos(text)) {
    if (password !== undefined && password !== '') {
      const start = userStart + user.length + 1;
      // A password equal to its user name is a demo or default login (cloudera:cloudera).
      if (isReference(password) || isPlaceholder(password) || password.startsWith('$') || password === user) continue;
      const hit = judgeAssignment('password', password, context);
      const h = hit ?? { kind: 'password in a URL', start: 0, end: password.length, preview: maskPreview(password, 'password') };
      out.push({ ...fromHit(h, base + start), kind: hit ? h.kind : 'password in a URL', where, host: hostAfter(text, start + password.length) });
    } else if (password === undefined && user.length >= 16 && !isReference(user) && !isPlaceholder(user)) {
      // A Sentry DSN's key is public by design.
      if (/(?:^|\.)sentry\.io$/.test(hostAfter(text, userStart + user.length) ?? '')) continue;
      const hit = judgeAssignment('token', user, context);
      if (hit) out.push({ ...fromHit(hit, base + userStart), where });
    }
  }
  return out;
}

const ASSIGNMENT = /(?:^|[\s;&|(,{[])(?:export\s+)?["']?([A-Za-z_][A-Za-z0-9_.-]*)["']?\s*(?:=|:(?!\/\/))[ \t]*("([^"\\\n]*)"|'([^'\n]*)'|([^\s"',;&|)}\]#]+))/g;

const LONG_FLAG = /(?:^|\s)--([A-Za-z][A-Za-z0-9-]*)(?:[ \t]+|=)("([^"\\\n]*)"|'([^'\n]*)'|([^\s"';&|)]+))/g;

const CURL_USER = /(?:^|\s)(?:-u|--user)(?:[ \t]+|=)?("([^"\n]*)"|'([^'\n]*)'|([^\s"';&|]+))/g;

/**
 * Free-form lines (RUN instructions, heredocs, unparsable YAML): `NAME=value`
 * and `name: value` pairs, `--password value` flags, `curl -u user:password`,
 * and URLs with credentials. `base` is the text's offset in the file.
 */
export function lineScan(text: string, context: SecretContext, base: number, where: (name: string) => string): Found[] {
  const out: Found[] = [];
  const valueOf = (m: RegExpMatchArray, group: number) => {
    const raw = m[group];
    const inner = m[group + 1] ?? m[group + 2] ?? m[group + 3] ?? '';
    const at = m.index! + m[0].lastIndexOf(raw) + (raw === inner ? 0 : 1);
    return { value: inner, at };
  };
  for (const m of text.matchAll(ASSIGNMENT)) {
    // `${NAME:-default}`: a shell parameter expansion, not an assignment.
    const nameAt = m.index! + m[0].indexOf(m[1]);
    if (text[nameAt - 1] === '{' && text[nameAt - 2] === '$') continue;
    const { value, at } = valueOf(m, 2);
    if (value.includes('://')) continue; // judged below as a URL
    const hit = judgeAssignment(m[1], value, context);
    if (hit) out.push({ ...fromHit(hit, base + at), where: where(m[1]), name: m[1] });
  }
  for (const m of text.matchAll(LONG_FLAG)) {
    if (!isSensitiveName(m[1])) continue;
    const { value, at } = valueOf(m, 2);
    if (value.includes('://')) continue;
    const hit = judgeAssignment(m[1], value, context);
    if (hit) out.push({ ...fromHit(hit, base + at), where: where(`--${m[1]}`), name: m[1] });
  }
  for (const m of text.matchAll(CURL_USER)) {
    const { value, at } = valueOf(m, 1);
    const colon = value.indexOf(':');
    if (colon < 0 || value.includes('://')) continue;
    const password = value.slice(colon + 1);
    if (password === '' || isReference(password) || isPlaceholder(password) || password.startsWith('$')) continue;
    const hit = judgeAssignment('password', password, context) ?? { kind: 'password', start: 0, end: password.length, preview: maskPreview(password, 'password') };
    out.push({ ...fromHit(hit, base + at + colon + 1), where: where('-u user:password'), host: urlHostOnLine(text, at) });
  }
  out.push(...urlCredentials(text, context, base, where('URL')));
  return out;
}

/** One finding per secret: overlapping hits keep the specific one (private key, Astro token), then one with a fix, then a structured one, then the longer. */
export function merge(found: Found[]): Found[] {
  const rank = (f: Found) => (f.special ? 4 : 0) + (f.fixes ? 2 : 0) + (f.generic ? 0 : 1);
  // Last tie-break: the hit that says more precisely where it is (`AIRFLOW_CONN_API`, key `password`).
  const sorted = [...found].sort((a, b) => rank(b) - rank(a) || b.end - b.start - (a.end - a.start) || a.start - b.start || b.where.length - a.where.length);
  const kept: Found[] = [];
  for (const f of sorted) if (!kept.some((k) => f.start < k.end && k.start < f.end)) kept.push(f);
  return kept.sort((a, b) => a.start - b.start);
}

/** Sensitive keys of a JSON object written in a text (`conn_extra` as a string, `AIRFLOW_CONN_X={…}`); undefined when it does not parse. */
export function jsonSecrets(json: string, base: number, where: string, locate?: (from: number, to: number) => [number, number] | undefined): Found[] {
  let data: unknown;
  try {
    data = JSON.parse(json);
  } catch {
    return [];
  }
  const out: Found[] = [];
  let cursor = 0;
  const visit = (value: unknown, key: string) => {
    if (typeof value === 'string') {
      const literal = JSON.stringify(value);
      const keyAt = key ? json.indexOf(JSON.stringify(key), cursor) : cursor;
      const at = json.indexOf(literal, keyAt < 0 ? cursor : keyAt);
      if (at < 0) return;
      cursor = at + literal.length;
      // Offsets inside the JSON literal are the value's own while the value has no escapes.
      const exact = literal.length === value.length + 2;
      for (const f of judge(key, value, 'json', 0, `${where}, key \`${key}\``)) {
        const span = exact ? [at + 1 + f.start, at + 1 + f.end] : [at, at + literal.length];
        const mapped = locate ? locate(span[0], span[1]) : ([base + span[0], base + span[1]] as [number, number]);
        if (mapped) out.push({ ...f, start: mapped[0], end: mapped[1] });
      }
    } else if (Array.isArray(value)) {
      for (const v of value) visit(v, key);
    } else if (value && typeof value === 'object') {
      for (const [k, v] of Object.entries(value)) visit(v, k);
    }
  };
  visit(data, '');
  return out;
}

export function isJson(s: string): boolean {
  try {
    JSON.parse(s);
    return true;
  } catch {
    return false;
  }
}

const ASTRO_NAMES = /\b(ASTRO_[A-Z_]{0,40}TOKEN|ASTRONOMER_KEY_SECRET)\b["']?[ \t]{0,4}[:=][ \t]{0,4}["']?([^\s"'#]{1,4096})/g;

/** Astro API tokens assigned by name in any file (CI files, scripts, READMEs). */
export function astroAssignments(text: string): Found[] {
  if (!/ASTRO/.test(text)) return [];
  const out: Found[] = [];
  for (const m of text.matchAll(ASTRO_NAMES)) {
    const value = m[2];
    const hit = judgeAssignment(m[1], value, 'text');
    if (hit?.special === 'astro-token') out.push({ ...fromHit(hit, m.index! + m[0].length - value.length), where: `\`${m[1]}\`` });
  }
  return out;
}

/** Found items of a scalar value: hits inside it mapped to the file, or the whole scalar when it is written differently (block scalars, escapes). */
export function placeInScalar(found: Found[], node: Scalar, src: ScalarSource): Found[] {
  return found.map((f) => (src.exact ? { ...f, start: src.start + f.start, end: src.start + f.end } : { ...f, start: node.range![0], end: node.range![1] }));
}

/**
 * Marks as local the credentials a well-known image is set up with
 * (`POSTGRES_PASSWORD`, `MONGO_INITDB_ROOT_PASSWORD`, …) where they set up a
 * container the developer starts: on `docker run` lines, and anywhere in
 * documentation (`docs`), which describes such commands. The password of a
 * server created on one's own machine guards nothing of value.
 */
export function markLocalSetup(found: Found[], text: string, docs: boolean): Found[] {
  return found.map((f) => {
    if (f.name === undefined || !isImageSetupVariable(f.name)) return f;
    const lineStart = text.lastIndexOf('\n', f.start) + 1;
    const lineEnd = text.indexOf('\n', f.start);
    return docs || DOCKER_RUN.test(text.slice(lineStart, lineEnd < 0 ? text.length : lineEnd)) ? { ...f, local: true } : f;
  });
}

/** The host of the first URL on the line holding `offset` (a command continued over lines with `\\` is one line), lower-cased. */
export function urlHostOnLine(text: string, offset: number): string | undefined {
  let lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  while (lineStart > 1 && continues(text, lineStart - 1)) lineStart = text.lastIndexOf('\n', lineStart - 2) + 1;
  let lineEnd = text.indexOf('\n', offset);
  while (lineEnd >= 0 && continues(text, lineEnd)) lineEnd = text.indexOf('\n', lineEnd + 1);
  if (lineEnd < 0) lineEnd = text.length;
  const at = text.indexOf('://', lineStart);
  if (at < 0 || at >= lineEnd) return undefined;
  let k = at + 3;
  // Past any user information (`user:password@`).
  for (let j = k; j < lineEnd && j - k < 512 && !USERINFO_END.has(text[j]); j++) if (text[j + 1] === '@') k = j + 1;
  return text[k] === '@' ? hostAfter(text, k) : hostAfter(text, k - 1);
}

/** Whether the line ending at the newline `nl` ends with a backslash (continues on the next line). */
function continues(text: string, nl: number): boolean {
  let k = nl - 1;
  if (text[k] === '\r') k--;
  while (k >= 0 && (text[k] === ' ' || text[k] === '\t')) k--;
  return text[k] === '\\';
}

const DOCKER_RUN = /\b(?:docker|podman)[ \t]+(?:container[ \t]+)?(?:run|create)\b/;
