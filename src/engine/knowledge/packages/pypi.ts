/**
 * The newest release of packages on PyPI (or a mirror with the same JSON
 * API, https://docs.pypi.org/api/json/): the highest final release that has
 * files and is not yanked, as `pip install NAME` would pick it.
 */
import { fetchText } from '../net';
import { mapLimit } from './osv';
import { compareVersions, isPrerelease, isVersion } from './pep440';

export const PYPI_URL = 'https://pypi.org';

export interface PypiOptions {
  baseUrl?: string;
  timeoutMs: number;
  proxy?: string;
  env?: NodeJS.ProcessEnv;
  /** Requests in flight at once; default 8. */
  concurrency?: number;
}

export interface PypiLookup {
  /** The newest release per name; null when the index does not know the package (HTTP 404) or has no final release of it. Absent when the lookup failed. */
  latest: Map<string, string | null>;
  notes: string[];
}

interface PypiDoc {
  info?: { version?: unknown; yanked?: unknown };
  releases?: Record<string, { yanked?: unknown }[] | undefined>;
}

/** The newest final, non-yanked release in a `/pypi/NAME/json` document. */
export function latestFromPypi(doc: unknown): string | undefined {
  const d = (doc ?? {}) as PypiDoc;
  const releases = d.releases && typeof d.releases === 'object' ? Object.entries(d.releases) : [];
  if (releases.length > 0) {
    let best: string | undefined;
    for (const [version, files] of releases) {
      if (!isVersion(version) || isPrerelease(version)) continue;
      // A release with no files cannot be installed; one whose every file is yanked is skipped by pip.
      if (!Array.isArray(files) || files.length === 0 || files.every((f) => f?.yanked === true)) continue;
      if (!best || compareVersions(version, best) > 0) best = version;
    }
    return best;
  }
  // Without the release list, trust `info.version` unless it is a pre-release or yanked.
  const v = d.info?.version;
  return typeof v === 'string' && isVersion(v) && !isPrerelease(v) && d.info?.yanked !== true ? v : undefined;
}

/**
 * The newest release of each named package. Never throws: after the first
 * network failure no further request is made and the remaining names are
 * missing from the result.
 */
export async function lookUpLatest(names: readonly string[], options: PypiOptions): Promise<PypiLookup> {
  const base = (options.baseUrl ?? PYPI_URL).replace(/\/+$/, '');
  const latest = new Map<string, string | null>();
  const notes: string[] = [];
  let down: Error | undefined;
  await mapLimit([...new Set(names)], options.concurrency ?? 8, async (name) => {
    if (down) return;
    try {
      const text = await fetchText(`${base}/pypi/${encodeURIComponent(name)}/json`, options.timeoutMs, options.proxy, { env: options.env });
      latest.set(name, latestFromPypi(JSON.parse(text)) ?? null);
    } catch (err) {
      if ((err as { status?: number }).status === 404) latest.set(name, null);
      else down ??= err as Error;
    }
  });
  if (down) notes.push(`could not read newest versions from ${base}: ${down.message}`);
  return { latest, notes };
}
