/**
 * Known credential formats in free text: runs FORMAT_PATTERNS and the checks
 * each format needs beyond its shape (a private key's body, a JWT's JSON, a
 * SAS token's other parameters, an AWS context, a placeholder in the right
 * shape), then keeps the most specific of overlapping matches.
 */
import { findAssignments } from './detectAssignments';
import { classifyName } from './names';
import type { SecretContext } from './types';
import { FORMAT_ANCHORS, FORMAT_HINTS, FORMAT_PATTERNS, isJudgedByName, PREFILTER, type FormatPattern } from './patterns';
import { AWS_DOCS_EXAMPLES, AZURITE_ACCOUNT_KEY, ASTRO_CLI_LOCAL_FERNET_KEY, distinctChars, isPlaceholder, isPublicDefault, isPublicJwt, isReference, isWordLike, looksRandom } from './placeholders';
import { judgeLiteral, percentDecode, unescapeJsonString } from './detectValue';

export interface FormatHit {
  start: number;
  end: number;
  kind: string;
  special?: 'astro-token' | 'private-key';
  /** Index of the pattern in FORMAT_PATTERNS: lower wins over an overlapping higher one. */
  priority: number;
  /** The name the value is given to, when the text says (`PASSWORD=…`, `"api_key": "…"`). */
  name?: string;
}

/** Regexes of this module, for the ReDoS test. */
export const FORMAT_CHECK_PATTERNS = {
  publicTokenHosts: /^(?:[A-Za-z0-9-]{1,63}\.){0,4}sentry\.io\b|^sentry\.[A-Za-z0-9.-]{1,100}\//,
  maskRun: /[xX*•#]{4}|\.\.\.|…|\*{2}|<[A-Za-z]/,
  serviceAccount: /"type"\s{0,4}:\s{0,4}"service_account"/,
  pemEnd: /-----END [A-Z0-9 ]{0,40}PRIVATE KEY(?: BLOCK)?-----|---- END SSH2 ENCRYPTED PRIVATE KEY ----/g,
  pemHeaderLine: /^[A-Za-z-]{1,40}: [^\n]{0,200}$/,
  sasContext: /[?&;](?:sv|se|sp|sr|srt|ss|st|spr|skoid)=/i,
  awsContext: /aws|amazon|boto|s3_|_s3|s3:/i,
  digits5: /\d{5}/,
  base64url: /^[A-Za-z0-9_-]{1,8000}$/,
} as const;

const C = FORMAT_CHECK_PATTERNS;

/** A token in a known shape that is still a placeholder: `ghp_xxxx…`, `sk-…your-key…`, `AKIA…EXAMPLE`, sequential or repeated characters. */
export function isPlaceholderToken(token: string, body = token): boolean {
  if (C.maskRun.test(token)) return true;
  const lower = token.toLowerCase();
  if (lower.includes('example') || lower.includes('placeholder') || lower.includes('redacted') || lower.includes('dummy') || lower.includes('changeme')) return true;
  if (/(?:^|[-_.])(?:your|fake|test|sample|replace|insert|here|todo)(?:[-_.]|$)/i.test(body)) return true;
  if (distinctChars(body) < Math.min(8, Math.ceil(body.length / 3))) return true;
  if (isPlaceholder(body) && isWordLike(body)) return true;
  return sequential(body);
}

function sequential(v: string): boolean {
  const s = v.replace(/[^A-Za-z0-9]/g, '').toLowerCase();
  if (s.length < 8) return false;
  let steps = 0;
  for (let i = 1; i < s.length; i++) {
    const d = s.charCodeAt(i) - s.charCodeAt(i - 1);
    if (d === 1 || d === 0 || (s[i - 1] === '9' && s[i] === '0')) steps++;
  }
  return steps >= (s.length - 1) * 0.7;
}

function decodeBase64Url(part: string): string | undefined {
  if (!C.base64url.test(part)) return undefined;
  try {
    return Buffer.from(part.replace(/-/g, '+').replace(/_/g, '/'), 'base64').toString('utf8');
  } catch {
    return undefined;
  }
}

interface JwtInfo {
  publicDemo: boolean;
  astro: boolean;
}

function inspectJwt(token: string): JwtInfo | undefined {
  const [h, p] = token.split('.');
  const header = decodeBase64Url(h);
  const payload = decodeBase64Url(p);
  if (!header || !payload) return undefined;
  let head: unknown;
  let body: unknown;
  try {
    head = JSON.parse(header);
    body = JSON.parse(payload);
  } catch {
    return undefined;
  }
  if (typeof head !== 'object' || head === null || typeof body !== 'object' || body === null) return undefined;
  const claims = body as Record<string, unknown>;
  // jwt.io's example token and tokens meant to be public (Supabase "anon" keys) are not secrets.
  const publicDemo = isPublicJwt(token) || claims.role === 'anon';
  const astro = /astronomer\.io|astronomer/i.test(payload);
  return { publicDemo, astro };
}

/** The end of a PEM private key block starting after `from`, or undefined when no key body follows (a marker alone, `...`, a string's end). */
function privateKeyBody(text: string, from: number): number | undefined {
  // Skip line breaks (real or written as \n inside a string) and RFC 1421 headers (Proc-Type, DEK-Info).
  let i = from;
  const limit = Math.min(text.length, from + 600);
  let sawHeader = false;
  while (i < limit) {
    const b = escapedBreak(text, i);
    if (b > i) i = b;
    else if (text[i] === '\n' || text[i] === '\r' || text[i] === ' ' || text[i] === '\t') i++;
    else {
      const lineEnd = nextBreak(text, i, limit);
      if (C.pemHeaderLine.test(text.slice(i, lineEnd))) {
        sawHeader = true;
        i = lineEnd;
      } else break;
    }
  }
  if (i >= text.length) return text.length; // the block goes on past what we were given
  // The body: base64 characters, possibly across (escaped) line breaks.
  let count = 0;
  let j = i;
  while (j < text.length && count < 48) {
    const ch = text[j];
    if (/[A-Za-z0-9+/=]/.test(ch)) {
      count++;
      j++;
    } else if (escapedBreak(text, j) > j) j = escapedBreak(text, j);
    else if (ch === '\n' || ch === '\r') j++;
    else break;
  }
  if (count < 40 && !(sawHeader && count >= 16)) {
    if (j >= text.length && count > 0 && !C.maskRun.test(text.slice(i, j))) return text.length;
    return undefined;
  }
  if (C.maskRun.test(text.slice(i, j))) return undefined;
  C.pemEnd.lastIndex = j;
  const end = C.pemEnd.exec(text);
  if (end && end.index - j < 16384) return end.index + end[0].length;
  // No end marker: the body runs to the last base64 character.
  let k = j;
  while (k < text.length && k - j < 16384) {
    const b = escapedBreak(text, k);
    if (b > k) k = b;
    else if (/[A-Za-z0-9+/=\n\r]/.test(text[k])) k++;
    else break;
  }
  return k;
}

/** After a line break written with escapes (`\n`, `\\n` in JSON inside JSON), the index past it; else `i`. */
function escapedBreak(text: string, i: number): number {
  let j = i;
  while (j < text.length && j - i < 8 && text[j] === '\\') j++;
  if (j > i && (text[j] === 'n' || text[j] === 'r')) return j + 1;
  return i;
}

function nextBreak(text: string, i: number, limit: number): number {
  let j = i;
  while (j < limit && text[j] !== '\n' && text[j] !== '\r' && !text.startsWith('\\n', j)) j++;
  return j;
}

/** Hosts whose URL keys are public by design (Sentry DSNs). */
const PUBLIC_TOKEN_HOSTS = FORMAT_CHECK_PATTERNS.publicTokenHosts;

/** Checks a match of `pattern` beyond its shape; returns the hit or undefined. */
function accept(p: FormatPattern, m: RegExpMatchArray, text: string, priority: number, context: SecretContext | undefined): FormatHit | undefined {
  const group = p.altGroup !== undefined && m[p.group ?? 0] === undefined ? p.altGroup : (p.group ?? 0);
  const value = m[group];
  if (value === undefined || m.index === undefined) return undefined;
  const start = m.index + (group === 0 ? 0 : m[0].indexOf(value, groupOffsetHint(p, m)));
  const end = start + value.length;
  const hit: FormatHit = { start, end, kind: p.kind, special: p.special, priority };
  if (p.nameGroup !== undefined && m[p.nameGroup]) hit.name = m[p.nameGroup];

  switch (p.id) {
    case 'private-key-pem':
    case 'private-key-ssh2': {
      const bodyEnd = privateKeyBody(text, m.index + m[0].length);
      if (bodyEnd === undefined) return undefined;
      hit.end = bodyEnd;
      if (C.serviceAccount.test(text)) hit.kind = 'Google Cloud service account key';
      else if (/ENCRYPTED/.test(m[0])) hit.kind = 'encrypted private key';
      return hit;
    }
    case 'private-key-putty':
      return /Private-Lines: \d/.test(text.slice(m.index, m.index + 4000)) ? hit : undefined;
    case 'private-key-der':
    case 'private-key-openssh-body':
      return C.maskRun.test(value) ? undefined : hit;
    case 'private-key-base64': {
      const decoded = Buffer.from(value.slice(0, 4096), 'base64').toString('latin1');
      const header = /-----BEGIN (?:[A-Z0-9]{1,10} ){0,2}PRIVATE KEY(?: BLOCK)?-----/.exec(decoded);
      if (!header || privateKeyBody(decoded, header.index + header[0].length) === undefined) return undefined;
      return hit;
    }
    case 'service-account-base64': {
      const decoded = Buffer.from(value.slice(0, 16384), 'base64').toString('latin1');
      if (!C.serviceAccount.test(decoded) || !/"private_key"\s{0,4}:\s{0,4}"-----BEGIN/.test(decoded)) return undefined;
      hit.kind = 'Google Cloud service account key (base64-encoded)';
      return hit;
    }
    case 'aws-access-key-id':
      if (AWS_DOCS_EXAMPLES.includes(value) || isPlaceholderToken(value, value.slice(4))) return undefined;
      return hit;
    case 'aws-secret-access-key': {
      const before = text.slice(Math.max(0, m.index - 80), m.index + m[0].length - value.length);
      if (!C.awsContext.test(before) && !/access/i.test(m[0])) return undefined;
      if (AWS_DOCS_EXAMPLES.includes(value) || isPlaceholderToken(value)) return undefined;
      return hit;
    }
    case 'azure-storage-key':
      if (value === AZURITE_ACCOUNT_KEY || isPlaceholderToken(value) || value.length < 40) return undefined;
      return hit;
    case 'azure-sas-signature': {
      const around = text.slice(Math.max(0, m.index - 400), Math.min(text.length, m.index + m[0].length + 400));
      if (!C.sasContext.test(around)) return undefined;
      const sig = percentDecode(value);
      if (isPlaceholderToken(sig) || isReference(sig) || sig.length < 20) return undefined;
      return hit;
    }
    case 'slack-token': {
      const body = value.slice(value.indexOf('-') + 1);
      const parts = body.split('-').filter((s) => s.length > 0);
      if (parts.length < 2 || !C.digits5.test(body) || isPlaceholderToken(value, body)) return undefined;
      if (parts[parts.length - 1].length < 8 && parts.length < 3) return undefined;
      return hit;
    }
    case 'slack-webhook': {
      const segs = value.split('/').filter((s) => s.length > 0);
      const last = segs[segs.length - 1] ?? '';
      if (segs.length < 6 || last.length < 16 || isPlaceholderToken(last)) return undefined;
      return hit;
    }
    case 'openai-style-key': {
      const body = value.replace(/^sk-(?:proj-|svcacct-|admin-|ant-(?:api|admin)\d{2}-)?/, '');
      if (body.length < 20 || isWordLike(body) || !/\d/.test(body) || !/[A-Za-z]/.test(body) || isPlaceholderToken(value, body)) return undefined;
      return hit;
    }
    case 'jwt': {
      // The pattern stops early in the payload (to stay linear); the token runs on over base64url characters and two dots.
      const token = extendJwt(text, start);
      if (!token) return undefined;
      // `pk.eyJ…`: a Mapbox public token, meant for browsers.
      if (text.slice(Math.max(0, start - 3), start) === 'pk.') return undefined;
      hit.end = start + token.length;
      const info = inspectJwt(token);
      if (!info || info.publicDemo) return undefined;
      if (info.astro) {
        hit.kind = 'Astro API token';
        hit.special = 'astro-token';
      }
      return hit;
    }
    case 'fernet-key':
      if (value === ASTRO_CLI_LOCAL_FERNET_KEY || isPlaceholderToken(value)) return undefined;
      return hit;
    case 'url-credentials': {
      const password = percentDecode(value);
      const user = percentDecode(m[1] ?? '');
      if (isReference(value) || isReference(password)) return undefined;
      if (password.length < 4 || isPlaceholder(password) || isPublicDefault(password) || password === user) return undefined;
      const verdict = judgeLiteral({ category: 'password', kind: 'password' }, password);
      return verdict ? hit : undefined;
    }
    case 'url-token': {
      const at = text.slice(m.index + m[0].length, m.index + m[0].length + 80);
      if (/^(?:[A-Za-z0-9-]{1,63}\.){0,6}(?:example\.(?:com|org|net)|localhost)\b/.test(at)) return undefined;
      // A Sentry DSN's key is public by design: browsers send it with every event.
      if (PUBLIC_TOKEN_HOSTS.test(at)) return undefined;
      if (isPlaceholderToken(value) || !looksRandom(value, 20)) return undefined;
      return hit;
    }
    case 'connection-uri-extra': {
      let extra: unknown;
      try {
        extra = JSON.parse(percentDecode(value.replace(/\+/g, ' ')));
      } catch {
        return undefined;
      }
      if (typeof extra !== 'object' || extra === null) return undefined;
      for (const [key, v] of Object.entries(extra as Record<string, unknown>)) {
        const info = typeof v === 'string' ? classifyName(key) : undefined;
        const verdict = info && judgeLiteral(info, v as string);
        if (!verdict) continue;
        hit.kind = verdict.kind;
        hit.special = verdict.special;
        hit.name = key;
        return hit;
      }
      return undefined;
    }
    case 'user-password-flag':
    case 'sql-password':
    case 'keyword-connection-string': {
      const verdict = judgeLiteral({ category: 'password', kind: 'password' }, value);
      return verdict ? hit : undefined;
    }
    case 'connection-string-parameter':
    case 'command-line-flag': {
      const name = (m[p.nameGroup ?? 1] ?? '').replace(/-/g, '_');
      // A bare `key=` holding a path names an object (an S3 or stage key, an XCom), not a credential.
      if (name.toLowerCase() === 'key' && /[/%]/.test(value)) return undefined;
      const info = classifyName(name) ?? (name.toLowerCase() === 'key' ? { category: 'key' as const, kind: 'key' } : undefined);
      if (!info) return undefined;
      const verdict = judgeLiteral(info, percentDecode(value));
      if (!verdict) return undefined;
      hit.kind = verdict.kind;
      hit.special = verdict.special;
      return hit;
    }
    case 'authorization-header': {
      let token = value;
      if (/Basic/i.test(m[0])) {
        const decoded = Buffer.from(value, 'base64').toString('utf8');
        if (!decoded.includes(':')) return undefined;
        token = decoded.slice(decoded.indexOf(':') + 1);
        if (token.length < 4 || isPlaceholder(token) || isPublicDefault(token)) return undefined;
        return hit;
      }
      if (isPlaceholderToken(token) || isReference(token) || token.length < 16) return undefined;
      if (token.startsWith('eyJ') && token.includes('.')) {
        const jwt = inspectJwt(token);
        if (jwt?.publicDemo) return undefined;
        if (jwt?.astro) {
          hit.kind = 'Astro API token';
          hit.special = 'astro-token';
        }
      }
      return hit;
    }
    case 'json-pair': {
      const info = classifyName(m[1] ?? '');
      if (!info) return undefined;
      const literal = unescapeJsonString(value);
      const verdict = judgeLiteral(info, literal);
      if (!verdict) return undefined;
      hit.kind = verdict.kind;
      hit.special = verdict.special;
      return hit;
    }
    default:
      return isPlaceholderToken(value, stripPrefix(value)) ? undefined : hit;
  }
}

/** The whole JWT starting at `start`: three base64url segments, the signature at least 16 characters; undefined otherwise. */
function extendJwt(text: string, start: number): string | undefined {
  let i = start;
  let dots = 0;
  let segment = 0;
  while (i < text.length && i - start < 16384) {
    const c = text[i];
    if (c === '.') {
      if (dots === 2 || segment === 0) break;
      dots++;
      segment = 0;
    } else if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c === '_' || c === '-') segment++;
    else break;
    i++;
  }
  if (dots !== 2 || segment < 16) return undefined;
  return text.slice(start, i);
}

/** Where to look for the value group inside the match (after the name group, when there is one). */
function groupOffsetHint(p: FormatPattern, m: RegExpMatchArray): number {
  if (p.nameGroup !== undefined) {
    const name = m[p.nameGroup] ?? '';
    return m[0].indexOf(name) + name.length;
  }
  if (p.id === 'url-credentials') return 3 + (m[1]?.length ?? 0);
  if (p.id === 'keyword-connection-string') return m[0].lastIndexOf('password=') + 'password='.length;
  return 0;
}

function stripPrefix(v: string): string {
  const m = /^(?:[A-Za-z]{1,12}[_-]|[A-Z]{2,4}(?=[0-9a-f])|dapi|AIza|SG\.|ya29\.)/.exec(v);
  return m ? v.slice(m[0].length) : v;
}

/** Each pattern with its hint, and whether it is a format anchored in FORMAT_ANCHORS (else it needs a sensitive name). */
const RUNS = FORMAT_PATTERNS.map((p, priority) => ({ p, priority, hint: FORMAT_HINTS[p.id], anchored: !isJudgedByName(p) }));

/** What scanFormats looks for besides known formats. */
export interface ScanOptions {
  /**
   * Values judged by the name they are given to (`password = '…'`,
   * `"token": "…"`, SQL `PASSWORD '…'`). Default true; false for text that is
   * output or data rather than configuration (logs, lock files, records),
   * where a sensitive name next to a value says nothing of the value.
   */
  pairs?: boolean;
}

/** Patterns that judge a value by the name written next to it. */
const PAIR_PATTERNS = new Set(['json-pair', 'sql-password']);

/** Known formats in `text`, most specific first among overlaps, in text order. */
export function scanFormats(text: string, context?: SecretContext, options: ScanOptions = {}): FormatHit[] {
  const pairs = options.pairs !== false;
  if (!PREFILTER.test(text)) return [];
  const found: FormatHit[] = [];
  // Most texts that pass the prefilter hold only sensitive words: one test then skips every pattern anchored on a format.
  const anchored = FORMAT_ANCHORS.test(text);
  for (const { p, priority, hint, anchored: needsAnchor } of RUNS) {
    if ((needsAnchor && !anchored) || !hint.test(text) || (!pairs && PAIR_PATTERNS.has(p.id))) continue;
    const re = p.re;
    re.lastIndex = 0;
    for (let m = re.exec(text); m; m = re.exec(text)) {
      if (m[0].length === 0) re.lastIndex++;
      const at = re.lastIndex;
      const hit = accept(p, m, text, priority, context);
      re.lastIndex = at;
      if (hit) found.push(hit);
    }
  }
  // Assignments the patterns do not cover, judged by name: after every format.
  for (const a of pairs ? findAssignments(text, context) : []) {
    const info = classifyName(a.name);
    if (!info) continue;
    const verdict = judgeLiteral(info, text.slice(a.start, a.end));
    if (!verdict) continue;
    found.push({ start: a.start, end: a.end, kind: verdict.kind, special: verdict.special, priority: FORMAT_PATTERNS.length, name: a.name });
  }
  found.sort((a, b) => a.priority - b.priority || a.start - b.start);
  const kept: FormatHit[] = [];
  for (const h of found) {
    if (kept.some((k) => h.start < k.end && k.start < h.end)) continue;
    kept.push(h);
  }
  return kept.sort((a, b) => a.start - b.start);
}
