/**
 * PEP 440 versions for the engine, over `@renovatebot/pep440`: ordering, and
 * telling final releases from pre- and development releases.
 */
import { compare, explain } from '@renovatebot/pep440';

/** Whether the text is a PEP 440 version (legacy versions are not ordered). */
export function isVersion(text: string): boolean {
  return explain(text) !== null;
}

/** A pre-release or development release, which pip skips unless asked. */
export function isPrerelease(text: string): boolean {
  const v = explain(text);
  return v !== null && (v.is_prerelease || v.is_devrelease);
}

/** Orders two versions as PEP 440 does; versions that do not parse sort before all others, among themselves by text. */
export function compareVersions(a: string, b: string): number {
  const va = isVersion(a);
  const vb = isVersion(b);
  if (!va || !vb) return va ? 1 : vb ? -1 : a < b ? -1 : a > b ? 1 : 0;
  return compare(a, b);
}

/** Sorts versions oldest first (a copy), dropping duplicates that compare equal. */
export function sortVersions(versions: Iterable<string>): string[] {
  const out: string[] = [];
  for (const v of [...versions].sort(compareVersions)) {
    if (out.length === 0 || compareVersions(out[out.length - 1], v) !== 0) out.push(v);
  }
  return out;
}
