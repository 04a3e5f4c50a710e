/**
 * Judging one literal value given the name it is assigned to: the part of
 * judgeAssignment that does not look for known formats. Entropy is used
 * only here, inside a sensitive name's context, and only for tokens and
 * keys (a password is judged by not being a placeholder, a default or a
 * reference, whatever its randomness).
 */
import { classifyName, type NameInfo } from './names';
import {
  isIdentifierHash,
  isPasswordHash,
  isPathLike,
  isPlaceholder,
  isPublicDefault,
  isPublicKeyMaterial,
  isReference,
  isUuid,
  isVersionSpec,
  isWordLike,
  looksRandom,
} from './placeholders';

export interface ValueVerdict {
  kind: string;
  special?: 'astro-token' | 'private-key';
}

/** Regexes of this module, for the ReDoS test. */
export const VALUE_PATTERNS = {
  number: /^[-+]?\d{1,30}(?:\.\d{1,30})?(?:e[-+]?\d{1,4})?$/i,
  email: /^[A-Za-z0-9._%+-]{1,128}@[A-Za-z0-9.-]{1,253}\.[A-Za-z]{2,24}$/,
  plainUrl: /^[a-z][a-z0-9+.-]{1,30}:\/\/[^\s:@/?#]{1,253}(?::\d{1,5})?(?:[/?#][^\s]{0,2048})?$/i,
  fernet: /^[A-Za-z0-9_-]{43}=$/,
  awsSecret: /^[A-Za-z0-9/+]{40}$/,
  base64Long: /^[A-Za-z0-9+/\r\n]{64,16384}={0,2}$/,
  hexOnly: /^(?:0x)?[0-9a-fA-F]{16,256}$/,
  dateLike: /^\d{4}-\d{2}-\d{2}(?:[T ][0-9:.]{1,20}Z?)?$/,
  authScheme: /^(?:Bearer|Basic|Token|Bot)[ \t]{1,4}/i,
  base64Short: /^[A-Za-z0-9+/]{4,256}={0,2}$/,
  printable: /^[\x20-\x7e]{1,256}$/,
  onlyLettersAndSeparators: /^[A-Za-z]{1,200}(?:[-_. ][A-Za-z]{1,200}){0,20}$/,
  keyId: /^[A-Z0-9]{16,32}$/,
  longDigits: /^\d{16,64}$/,
  hexDigest: /^(?:[0-9a-f]{32}|[0-9a-f]{40}|[0-9a-f]{64}|[0-9a-f]{128}|[0-9A-F]{32}|[0-9A-F]{40}|[0-9A-F]{64}|[0-9A-F]{128})$/,
} as const;

const P = VALUE_PATTERNS;

/** Names that are never kept: a name that says nothing. */
export function nameInfo(name: string): NameInfo | undefined {
  return classifyName(name);
}

/**
 * Whether `value` (a literal: quotes and string prefixes already removed)
 * is a credential of the kind `info` says. Undefined when it is empty, a
 * placeholder, a reference or template, a path, an identifier, public
 * material, a default, or (for tokens and keys) not random enough.
 */
export function judgeLiteral(info: NameInfo, raw: string, strict = false): ValueVerdict | undefined {
  let value = raw.trim();
  if (value.length === 0) return undefined;
  const scheme = P.authScheme.exec(value);
  if (scheme) value = value.slice(scheme[0].length).trim();
  if (value.length === 0) return undefined;
  if (value.startsWith('{') || value.startsWith('[')) return undefined; // a structure: its pairs are judged one by one
  if (isReference(value) || isPlaceholder(value, strict) || isPublicDefault(value)) return undefined;
  if (isPublicKeyMaterial(value) || isPathLike(value) || isPasswordHash(value) || isVersionSpec(value)) return undefined;
  // A long run of digits written as a string under a token's or key's name is an API token (ad platforms issue such tokens); a number is not.
  if (P.longDigits.test(value) && info.category === 'secret' && info.kind !== 'service account key') return { kind: info.kind };
  if (P.number.test(value) || P.dateLike.test(value) || P.email.test(value) || P.plainUrl.test(value)) return undefined;
  if (/\s/.test(value) && info.category !== 'password') return undefined;
  if (/^-----BEGIN /.test(value)) return undefined; // a PEM block without a body: the format detector judges bodies

  switch (info.category) {
    case 'fernet':
      if (P.fernet.test(value) || looksRandom(value, 16)) return { kind: info.kind };
      return undefined;
    case 'aws-secret':
      if (P.awsSecret.test(value) && looksRandom(value, 20)) return { kind: info.kind };
      return looksRandom(value, 16) ? { kind: 'secret' } : undefined;
    case 'astro-token':
      if (value.length >= 20 && !isWordLike(value)) return { kind: info.kind, special: 'astro-token' };
      return undefined;
    case 'password':
      return judgePassword(value, info);
    case 'private-key':
      if (P.base64Long.test(value) || P.hexOnly.test(value) || looksRandom(value, 32)) return { kind: info.kind, special: 'private-key' };
      return undefined;
    case 'secret':
    case 'key':
      // The key id half of a pair (`ACCESS_KEY=Q3AM…`) is an identifier, as under `aws_access_key_id`; known key id formats (AKIA…) are found by format.
      if (info.maybeKeyId && P.keyId.test(value)) return undefined;
      if (isUuid(value)) return info.category === 'secret' && info.kind !== 'service account key' ? { kind: info.kind } : undefined;
      if (isIdentifierHash(value)) {
        const hex = value.replace(/^0x/, '');
        return /^[0-9a-fA-F]{32,}$/.test(hex) && !/[:=@-]/.test(value) ? { kind: info.kind } : undefined;
      }
      // A name that says secret holds no short value by chance: 10 random characters (API secrets of some providers) count there.
      return looksRandom(value, info.saysSecret ? 10 : 16) ? { kind: info.kind } : undefined;
  }
}

function judgePassword(value: string, info: NameInfo): ValueVerdict | undefined {
  if (value.length < 6 || value.length > 512) return undefined;
  // An MD5, SHA-1, SHA-256 or SHA-512 digest under a password's name is the stored hash of a password.
  if (P.hexDigest.test(value)) return undefined;
  // A sentence is a description, not a password.
  if (/\s\S{1,40}\s/.test(value)) return undefined;
  // A value of letters only that reads as an identifier (SNOWFLAKE_PASSWORD_VAR) says where a password is, not what it is.
  if (P.onlyLettersAndSeparators.test(value) && /[_]/.test(value) && value === value.toUpperCase()) return undefined;
  // A Kubernetes Secret's data is base64: `cGFzc3dvcmQ=` is "password".
  if (P.base64Short.test(value) && value.length % 4 === 0) {
    const decoded = Buffer.from(value, 'base64').toString('utf8');
    if (P.printable.test(decoded) && (isPlaceholder(decoded) || isPublicDefault(decoded) || isReference(decoded))) return undefined;
  }
  return { kind: info.kind };
}

/** Judges a value under a name; undefined when the name is not sensitive or the value is not a credential. */
export function judgeNamed(name: string, value: string): ValueVerdict | undefined {
  const info = classifyName(name);
  if (!info) return undefined;
  return judgeLiteral(info, value);
}

/** Drops one level of JSON string escaping (`\"`, `\\`, `\n`, `\/`, `\uXXXX`). */
export function unescapeJsonString(s: string): string {
  if (!s.includes('\\')) return s;
  try {
    return JSON.parse(`"${s}"`) as string;
  } catch {
    return s;
  }
}

/** `%2F` → `/`, leaving malformed escapes as they are. */
export function percentDecode(s: string): string {
  if (!s.includes('%')) return s;
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}
