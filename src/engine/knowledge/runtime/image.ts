/**
 * Which Astronomer image a reference names, and the Runtime version in its tag.
 */
export type RuntimeFamily = 'v2' | 'v3';

export type ImageKind =
  /** Astro Runtime: `quay.io/astronomer/astro-runtime` (12.4.0-style tags) or `astrocrpublic.azurecr.io/runtime` (3.1-12-style). */
  | { kind: 'runtime'; family: RuntimeFamily; legacyRegistry: boolean }
  /** Astronomer Certified (`ap-airflow`), long unsupported. */
  | { kind: 'certified' }
  | { kind: 'other' };

export const CURRENT_V3_REGISTRY = 'astrocrpublic.azurecr.io';
export const LEGACY_V3_REGISTRY = 'air.astronomer.io';

export function classifyImage(registry: string | undefined, path: string): ImageKind {
  const reg = (registry ?? 'docker.io').toLowerCase();
  const p = path.toLowerCase();
  const last = p.slice(p.lastIndexOf('/') + 1);
  // Docker Hub has held them as astronomerinc/ and, earliest, astronomerio/.
  if (last === 'ap-airflow' && (p === 'astronomer/ap-airflow' || p === 'astronomerinc/ap-airflow' || p === 'astronomerio/ap-airflow' || p.endsWith('/astronomer/ap-airflow'))) {
    return { kind: 'certified' };
  }
  if (last === 'astro-runtime' || last === 'astro-runtime-slim') {
    if (p === `astronomer/${last}` || p.endsWith(`/astronomer/${last}`)) return { kind: 'runtime', family: 'v2', legacyRegistry: false };
  }
  if (p === 'runtime' && (reg === CURRENT_V3_REGISTRY || reg === LEGACY_V3_REGISTRY)) {
    return { kind: 'runtime', family: 'v3', legacyRegistry: reg === LEGACY_V3_REGISTRY };
  }
  if (p === 'astronomer/runtime' || p.endsWith('/astronomer/runtime')) return { kind: 'runtime', family: 'v3', legacyRegistry: false };
  return { kind: 'other' };
}

/** A Runtime version written in a tag. */
export interface TagVersion {
  /** The version without variant suffixes, as the catalog keys it: `12.4.0`, `3.1-12`. */
  version: string;
  family: RuntimeFamily;
  /** The Runtime line: the major (`12`) or the Airflow minor (`3.1`). */
  line: string;
  /** Variant suffixes, kept by fixes: `-python-3.11-slim`. */
  variant: string;
}

export type TagReading =
  | { kind: 'exact'; at: TagVersion }
  | { kind: 'floating'; family: RuntimeFamily; line: string; prefix: string; variant: string }
  | { kind: 'latest' }
  | { kind: 'unreadable' };

const VARIANT = String.raw`((?:-python-\d+(?:\.\d+)*|-slim|-base|-ubi\d+)*)`;
const V2_EXACT = new RegExp(String.raw`^(\d+)\.(\d+)\.(\d+)` + VARIANT + '$');
const V3_EXACT = new RegExp(String.raw`^(\d+)\.(\d+)-(\d+)` + VARIANT + '$');
const FLOATING = new RegExp(String.raw`^(\d+)(?:\.(\d+))?` + VARIANT + '$');

/** Reads a tag of a Runtime image of the given family. */
export function readTag(tag: string | undefined, family: RuntimeFamily): TagReading {
  if (tag === undefined || tag === '' || tag === 'latest') return { kind: 'latest' };
  let m = V3_EXACT.exec(tag);
  if (m) {
    const line = `${+m[1]}.${+m[2]}`;
    return { kind: 'exact', at: { version: `${line}-${+m[3]}`, family: 'v3', line, variant: m[4] } };
  }
  m = V2_EXACT.exec(tag);
  if (m) {
    return { kind: 'exact', at: { version: `${+m[1]}.${+m[2]}.${+m[3]}`, family: 'v2', line: `${+m[1]}`, variant: m[4] } };
  }
  m = FLOATING.exec(tag);
  if (m) {
    const prefix = m[2] === undefined ? `${+m[1]}` : `${+m[1]}.${+m[2]}`;
    const line = family === 'v3' ? prefix : `${+m[1]}`;
    return { kind: 'floating', family, line, prefix, variant: m[3] };
  }
  return { kind: 'unreadable' };
}

/** The length of the version part of a tag (the text a fix replaces). */
export function versionLength(tag: string, reading: TagReading): number {
  if (reading.kind === 'exact' || reading.kind === 'floating') {
    const variant = reading.kind === 'exact' ? reading.at.variant : reading.variant;
    return tag.length - variant.length;
  }
  return tag.length;
}

/** Numeric parts of a version for ordering: `12.4.0` → [12,4,0]; `3.1-12` → [3,1,12]. */
export function versionParts(version: string): number[] {
  return version.split(/[.-]/).map((p) => Number.parseInt(p, 10) || 0);
}

export function compareVersions(a: string, b: string): number {
  const pa = versionParts(a);
  const pb = versionParts(b);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}
