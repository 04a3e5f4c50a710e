/**
 * Secret detection, the API the file scanners and rules ASR201–ASR209 use.
 *
 * - scanText: known credential formats anywhere in free text (and, inside
 *   quoted `"name": "value"` pairs, URLs, connection strings and command
 *   lines, values under sensitive names).
 * - judgeAssignment: one value assigned to one name (ENV/ARG, KEY=VALUE,
 *   YAML key, Python assignment, keyword argument or dict key).
 *
 * How to pass values to judgeAssignment, per context:
 * - `python`: the value's source text as written, quotes and string prefix
 *   included (`"abc"`, `f"{x}"`, `os.environ["X"]`). An unquoted value is
 *   an expression (a variable, a call) and is never a literal secret, but
 *   known formats inside it still count.
 * - `env`, `dockerfile`, `yaml`, `json`, `text`, `requirements`: the value
 *   as written after `=`/`:`, with or without its surrounding quotes; an
 *   unquoted `.env`/Dockerfile value may carry a ` # comment`.
 * Offsets of a hit are relative to the value (or text) passed in.
 *
 * No function here returns, logs or keeps a value: only kinds, offsets and
 * masked previews (maskPreview).
 */
import type { SecretContext, SecretHit } from './types';
import { scanFormats, FORMAT_CHECK_PATTERNS, type ScanOptions } from './detectFormats';
import { judgeLiteral, VALUE_PATTERNS } from './detectValue';
import { classifyName, isSensitiveName, NAME_PATTERNS } from './names';
import { FORMAT_REGEXES, PREFILTER, PREFILTER_ALL, type NamedPattern } from './patterns';
import { isPlaceholder, isReference, PLACEHOLDER_REGEXES } from './placeholders';

export { PREFILTER } from './patterns';
export type { ScanOptions } from './detectFormats';
export { isSensitiveName } from './names';
export { isPlaceholder, isReference } from './placeholders';

/** A cheap test for a whole file or line: false means no detector can fire on it (used to skip parsing). */
export function mightHoldSecret(text: string): boolean {
  return PREFILTER.test(text);
}

/**
 * Whether a text names a credential anywhere: a sensitive word inside a name
 * that classifyName judges sensitive (`password`, `DB_PASS`, `api-key`,
 * `--token`), or a command-line user (`-u user:…`). False means that no
 * name/value judgement can fire on it, so a structured reading (parsing YAML
 * or JSON) can be skipped: known formats are found without one.
 */
export function namesCredential(text: string): boolean {
  const re = PREFILTER_ALL;
  re.lastIndex = 0;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const word = m[0];
    if (word.startsWith('-u') || word.startsWith('--user') || /^identified by$/i.test(word)) return true;
    let start = m.index;
    let end = m.index + word.length;
    while (start > 0 && start > m.index - 128 && isNameChar(text.charCodeAt(start - 1))) start--;
    while (end < text.length && end < m.index + 128 && isNameChar(text.charCodeAt(end))) end++;
    if (isSensitiveName(text.slice(start, end))) return true;
    re.lastIndex = Math.max(end, m.index + 1);
  }
  return false;
}

function isNameChar(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || c === 45 || c === 46;
}

/** Known token formats anywhere in free text (AWS AKIA…, GitHub ghp_…, Slack xox…, JWT, private key blocks, URLs with user:password@, …), with names or not. */
export function scanText(text: string, context: SecretContext, options?: ScanOptions): SecretHit[] {
  if (text.length === 0) return [];
  return scanFormats(text, context, options).map((h) => {
    const hit = toHit(text, h.start, h.end, h.kind, h.special);
    if (h.name) hit.name = h.name;
    return hit;
  });
}

function toHit(text: string, start: number, end: number, kind: string, special?: 'astro-token' | 'private-key'): SecretHit {
  const hit: SecretHit = { kind, start, end, preview: maskPreview(text.slice(start, end), kind) };
  if (special) hit.special = special;
  return hit;
}

/** Regexes of this module, for the ReDoS test. */
const LITERAL_PATTERNS = {
  pythonString: /^([rRbBuUfF]{0,2})("""|'''|"|')/,
  inlineComment: /\s#/,
  yamlTag: /^!!?[A-Za-z]{1,20}\s/,
} as const;

function hasUnescaped(s: string, quote: string): boolean {
  for (let i = 0; i < s.length; i++) {
    if (s[i] === '\\') i++;
    else if (s[i] === quote) return true;
  }
  return false;
}

interface Literal {
  text: string;
  offset: number;
}

/** The literal a value stands for in its context, with its offset in the value; undefined when it is not a literal (a Python expression, an f-string template). */
function literalOf(value: string, context: SecretContext): Literal | undefined {
  const lead = value.length - value.trimStart().length;
  const v = value.trim();
  if (v.length === 0) return undefined;
  if (context === 'python') {
    const m = LITERAL_PATTERNS.pythonString.exec(v);
    if (!m) return undefined; // an expression
    const [, prefix, quote] = m;
    if (!v.endsWith(quote) || v.length < prefix.length + quote.length * 2) return undefined;
    const inner = v.slice(prefix.length + quote.length, v.length - quote.length);
    if (quote.length === 1 && hasUnescaped(inner, quote)) return undefined; // two strings, or more code
    if (/[fF]/.test(prefix) && inner.includes('{')) return undefined; // an f-string template
    return { text: inner, offset: lead + prefix.length + quote.length };
  }
  const q = v[0];
  if ((q === '"' || q === "'" || q === '`') && v.length >= 2 && v.endsWith(q)) return { text: v.slice(1, -1), offset: lead + 1 };
  if (context === 'env' || context === 'dockerfile' || context === 'yaml') {
    if (v.startsWith('#')) return undefined; // `KEY= # secret`: a comment, no value
    const c = LITERAL_PATTERNS.inlineComment.exec(v);
    if (c) return { text: v.slice(0, c.index).trimEnd(), offset: lead };
    if (LITERAL_PATTERNS.yamlTag.test(v)) return undefined; // `!ENV ${X}`, `!!binary`: not a plain value
    if (q === '"' || q === "'") return { text: v.slice(1), offset: lead + 1 }; // an opening quote whose value continues on further lines
  }
  return { text: v, offset: lead };
}

/**
 * A value assigned to a name: a hit when the value is a credential. Known
 * formats in the value count regardless of the name; otherwise the name
 * must be sensitive and the value must look like a real secret (not empty,
 * not a placeholder, not a reference, not a path, not a hash/UUID/SHA
 * identifier, and, only within that sensitive context, random enough).
 * `strict`: the value is given to a real host, so a dummy-looking value is
 * a weak credential rather than a placeholder (see isPlaceholder).
 */
export function judgeAssignment(name: string, value: string, context: SecretContext, strict = false): SecretHit | undefined {
  if (value.trim().length === 0) return undefined;
  const info = classifyName(name);
  const formats = scanFormats(value, context);
  if (formats.length > 0) {
    const first = formats.find((f) => f.special) ?? formats[0];
    let { kind, special } = first;
    if (info?.category === 'astro-token' && (first.kind === 'JSON Web Token' || first.kind === 'Astro API token')) {
      kind = info.kind;
      special = 'astro-token';
    }
    const hit = toHit(value, first.start, first.end, kind, special);
    if (first.name) hit.name = first.name;
    return hit;
  }
  if (!info) return undefined;
  const literal = literalOf(value, context);
  if (!literal) return undefined;
  const verdict = judgeLiteral(info, literal.text, strict);
  if (!verdict) return undefined;
  // The hit covers the literal without surrounding whitespace and, for `Bearer x`, without the scheme.
  const trimmedStart = literal.text.length - literal.text.trimStart().length;
  let start = literal.offset + trimmedStart;
  let end = literal.offset + literal.text.trimEnd().length;
  const scheme = VALUE_PATTERNS.authScheme.exec(literal.text.trim());
  if (scheme) start += scheme[0].length;
  if (end <= start) end = start + 1;
  return toHit(value, start, end, verdict.kind, verdict.special);
}

/** Prefixes that name a token's format: shown instead of the token's own characters (at most 4 characters in all). */
export const KNOWN_PREFIXES: readonly string[] = [
  'github_pat_', 'sk_live_', 'rk_live_', 'xoxb-', 'xoxp-', 'xoxa-', 'xoxr-', 'xoxe-', 'xoxo-', 'xoxs-', 'xapp-', 'glpat-', 'gldt-', 'glrt-',
  'GOCSPX-', 'pypi-', 'ghp_', 'gho_', 'ghu_', 'ghs_', 'ghr_', 'npg_', 'npm_', 'hvs.', 'hvb.', 'ya29.', 'AKIA', 'ASIA', 'ABIA', 'ACCA', 'AIza', 'dapi', 'eyJ',
  'sk-', 'hf_', 'SG.', '-----',
];

/**
 * A masked preview: for a value in a known format, the format's public
 * prefix (cut to 4 characters): `AKIA…`, `ghp_…`, `xoxb…`, `sk-…`; for any
 * other value (a password, a random token) nothing but `…`, since its first
 * characters are part of the secret. Never the value.
 */
export function maskPreview(value: string, kind?: string): string {
  const v = value ?? '';
  if (kind && /private key|service account key/i.test(kind)) return '…';
  const prefix = KNOWN_PREFIXES.find((p) => v.startsWith(p) && v.length > p.length + 4);
  return prefix ? `${prefix.slice(0, Math.min(4, prefix.length))}…` : '…';
}

/** Every regex the detectors use, for the ReDoS test. */
export const ALL_PATTERNS: NamedPattern[] = [
  ...FORMAT_REGEXES,
  ...Object.entries(FORMAT_CHECK_PATTERNS).map(([id, re]) => ({ id: `format-check:${id}`, re })),
  ...Object.entries(VALUE_PATTERNS).map(([id, re]) => ({ id: `value:${id}`, re })),
  ...Object.entries(LITERAL_PATTERNS).map(([id, re]) => ({ id: `literal:${id}`, re })),
  ...PLACEHOLDER_REGEXES,
  ...Object.entries(NAME_PATTERNS).map(([id, re]) => ({ id: `name:${id}`, re })),
];

export { classifyName };
