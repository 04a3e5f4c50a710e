/**
 * Gathers package intel for a check: advisories of pinned versions from OSV
 * and newest releases from PyPI, with an on-disk cache of a day (one JSON
 * file, written atomically), a timeout, proxy support, and a quiet fallback
 * to whatever the cache holds when the network fails. Never throws.
 */
import { promises as fsp } from 'node:fs';
import * as path from 'node:path';
import type { Advisory, IntelGatherer, PackageIntel, PackageQuery } from './intel';
import { lookUpAdvisories, OSV_URL, versionKey, type VersionQuery } from './osv';
import { lookUpLatest, PYPI_URL } from './pypi';

export const INTEL_CACHE_FILE = 'package-intel.json';
const DAY_MS = 86_400_000;
/** Entries older than this are dropped from the cache file when it is written. */
const KEEP_MS = 30 * DAY_MS;
const CACHE_FORMAT = 1;

export interface IntelGathererOptions {
  /** Whether OSV and PyPI may be asked; when false the intel is `offline` and nothing is read or fetched. */
  online: boolean;
  /** Folder for the on-disk cache; no cache without it. */
  cacheDir?: string;
  /** Per request; default 5000. */
  timeoutMs?: number;
  /** Proxy URL; defaults to HTTPS_PROXY / HTTP_PROXY from the environment unless NO_PROXY matches. */
  proxy?: string;
  /** OSV API base URL; default `ASTRO_SR_OSV_URL`, then https://api.osv.dev. */
  osvUrl?: string;
  /** PyPI JSON API base URL; default `ASTRO_SR_PYPI_URL`, then https://pypi.org. */
  pypiUrl?: string;
  now?: () => Date;
  /** How long a cached answer is used without asking again; default a day. */
  maxAgeMs?: number;
  /** Where the URL and proxy variables are read; default `process.env`. */
  env?: NodeJS.ProcessEnv;
}

interface CachedAdvisories {
  fetchedAt: string;
  advisories: Advisory[];
}

interface CachedLatest {
  fetchedAt: string;
  version: string | null;
}

interface CacheDoc {
  format: number;
  advisories: Record<string, CachedAdvisories>;
  latest: Record<string, CachedLatest>;
}

const emptyCache = (): CacheDoc => ({ format: CACHE_FORMAT, advisories: {}, latest: {} });

export function createIntelGatherer(options: IntelGathererOptions): IntelGatherer {
  return async (queries) => {
    if (!options.online) return { status: 'offline', advisories: () => undefined, latest: () => undefined, notes: [] };
    try {
      return await gather(queries, options);
    } catch (err) {
      return { status: 'unavailable', advisories: () => undefined, latest: () => undefined, notes: [`could not gather package intel: ${(err as Error).message}`] };
    }
  };
}

async function gather(queries: readonly PackageQuery[], options: IntelGathererOptions): Promise<PackageIntel> {
  const env = options.env ?? process.env;
  const now = options.now?.() ?? new Date();
  const maxAge = options.maxAgeMs ?? DAY_MS;
  const timeoutMs = options.timeoutMs ?? 5000;
  const osvUrl = options.osvUrl || env.ASTRO_SR_OSV_URL || OSV_URL;
  const pypiUrl = options.pypiUrl || env.ASTRO_SR_PYPI_URL || PYPI_URL;
  const notes: string[] = [];

  const names = [...new Set(queries.map((q) => q.name))];
  const versions = new Map<string, VersionQuery>();
  for (const q of queries) if (q.version) versions.set(versionKey(q.name, q.version), { name: q.name, version: q.version });

  const cache = options.cacheDir ? await readCache(options.cacheDir, notes) : emptyCache();
  const fresh = (entry: { fetchedAt: string } | undefined) => entry !== undefined && now.getTime() - Date.parse(entry.fetchedAt) < maxAge;

  const advisories = new Map<string, Advisory[]>();
  const latest = new Map<string, string | null>();
  const staleVersions: VersionQuery[] = [];
  for (const [key, q] of versions) {
    const entry = cache.advisories[key];
    if (fresh(entry)) advisories.set(key, entry.advisories);
    else staleVersions.push(q);
  }
  const staleNames = names.filter((n) => {
    const entry = cache.latest[n];
    if (fresh(entry)) latest.set(n, entry.version);
    return !fresh(entry);
  });

  const net = { timeoutMs, proxy: options.proxy, env };
  const [osv, pypi] = await Promise.all([
    staleVersions.length ? lookUpAdvisories(staleVersions, { ...net, baseUrl: osvUrl }) : undefined,
    staleNames.length ? lookUpLatest(staleNames, { ...net, baseUrl: pypiUrl }) : undefined,
  ]);
  notes.push(...(osv?.notes ?? []), ...(pypi?.notes ?? []));

  const fetchedAt = now.toISOString();
  const updates = emptyCache();
  let usedStale = 0;
  for (const q of staleVersions) {
    const key = versionKey(q.name, q.version);
    const got = osv?.advisories.get(key);
    if (got) {
      advisories.set(key, got);
      updates.advisories[key] = { fetchedAt, advisories: got };
    } else if (cache.advisories[key]) {
      advisories.set(key, cache.advisories[key].advisories);
      usedStale++;
    }
  }
  for (const name of staleNames) {
    const got = pypi?.latest.get(name);
    if (got !== undefined) {
      latest.set(name, got);
      updates.latest[name] = { fetchedAt, version: got };
    } else if (cache.latest[name]) {
      latest.set(name, cache.latest[name].version);
      usedStale++;
    }
  }
  if (usedStale) notes.push(`used ${usedStale} cached answer${usedStale === 1 ? '' : 's'} older than ${Math.round(maxAge / 3_600_000)} h instead`);
  if (options.cacheDir && (Object.keys(updates.advisories).length || Object.keys(updates.latest).length)) await writeCache(options.cacheDir, updates, now, notes);

  // Unavailable: the advisories the rules need (or, with no pinned version, the newest versions) could not be had at all.
  const answered = versions.size ? advisories.size > 0 : names.length === 0 || latest.size > 0;
  return {
    status: answered ? 'online' : 'unavailable',
    advisories: (name, version) => advisories.get(versionKey(name, version)),
    latest: (name) => latest.get(name) ?? undefined,
    notes,
  };
}

async function readCache(dir: string, notes: string[]): Promise<CacheDoc> {
  const file = path.join(dir, INTEL_CACHE_FILE);
  try {
    const raw = JSON.parse(await fsp.readFile(file, 'utf8')) as Partial<CacheDoc>;
    if (raw?.format !== CACHE_FORMAT || typeof raw.advisories !== 'object' || typeof raw.latest !== 'object' || !raw.advisories || !raw.latest) {
      throw new Error('not a package intel cache of this version');
    }
    const doc = emptyCache();
    for (const [key, e] of Object.entries(raw.advisories)) {
      if (e && typeof e.fetchedAt === 'string' && !Number.isNaN(Date.parse(e.fetchedAt)) && Array.isArray(e.advisories)) doc.advisories[key] = e;
    }
    for (const [key, e] of Object.entries(raw.latest)) {
      if (e && typeof e.fetchedAt === 'string' && !Number.isNaN(Date.parse(e.fetchedAt)) && (typeof e.version === 'string' || e.version === null)) doc.latest[key] = e;
    }
    return doc;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') notes.push(`ignored the package intel cache at ${file}: ${(err as Error).message}`);
    return emptyCache();
  }
}

/** Merges the new answers into the file as it is now (another process may have written it meanwhile), drops old entries, and replaces it atomically. */
async function writeCache(dir: string, updates: CacheDoc, now: Date, notes: string[]): Promise<void> {
  try {
    await fsp.mkdir(dir, { recursive: true });
    const current = await readCache(dir, []);
    const keep = <T extends { fetchedAt: string }>(entries: Record<string, T>, more: Record<string, T>) => {
      const out: Record<string, T> = {};
      for (const [k, e] of Object.entries({ ...entries, ...more })) if (now.getTime() - Date.parse(e.fetchedAt) < KEEP_MS) out[k] = e;
      return out;
    };
    const doc: CacheDoc = { format: CACHE_FORMAT, advisories: keep(current.advisories, updates.advisories), latest: keep(current.latest, updates.latest) };
    const file = path.join(dir, INTEL_CACHE_FILE);
    const tmp = `${file}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
    await fsp.writeFile(tmp, JSON.stringify(doc));
    await fsp.rename(tmp, file);
  } catch (err) {
    notes.push(`could not write the package intel cache: ${(err as Error).message}`);
  }
}
