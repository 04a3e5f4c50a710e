/**
 * Where the Runtime catalog comes from: a file the user names, Astronomer's
 * live feed (cached on disk for a day), or the copy bundled with the product.
 * Network failures fall back quietly; the result says which source was used.
 */
import { existsSync, promises as fsp, statSync } from 'node:fs';
import * as path from 'node:path';
import { fetchText } from '../net';
import { catalogFromFeed, feedSnapshotDate, type CatalogInfo, type RuntimeCatalog } from './catalog';

export const RUNTIME_FEED_URL = 'https://updates.astronomer.io/astronomer-runtime';
export const CACHE_FILE = 'runtime-feed.json';
const DAY_MS = 86_400_000;

export interface CatalogLoadOptions {
  /** A feed-format file to use instead of anything else; never touches the network. */
  file?: string;
  /** Whether the live feed may be fetched. */
  online: boolean;
  /** Folder for the on-disk cache; no cache without it. */
  cacheDir?: string;
  url?: string;
  timeoutMs?: number;
  /** Proxy URL; defaults to HTTPS_PROXY / HTTP_PROXY from the environment unless NO_PROXY matches. */
  proxy?: string;
  maxAgeMs?: number;
  now?: () => Date;
}

export interface LoadedCatalog {
  catalog: RuntimeCatalog;
  /** What happened on the way, for a log: never shown as an error. */
  notes: string[];
}

export async function loadCatalog(options: CatalogLoadOptions): Promise<LoadedCatalog> {
  const notes: string[] = [];
  const now = options.now?.() ?? new Date();
  if (options.file) {
    const text = await fsp.readFile(options.file, 'utf8');
    const doc = JSON.parse(text);
    const asOf = feedSnapshotDate(doc) ?? isoDate(statSync(options.file).mtime);
    return { catalog: catalogFromFeed(doc, { source: 'file', asOf, origin: options.file }), notes };
  }
  const cached = options.cacheDir ? await readCache(options.cacheDir, notes) : undefined;
  const maxAge = options.maxAgeMs ?? DAY_MS;
  if (cached && now.getTime() - cached.fetchedAt.getTime() < maxAge) return { catalog: cached.catalog, notes };
  if (options.online) {
    const url = options.url ?? RUNTIME_FEED_URL;
    try {
      const text = await fetchText(url, options.timeoutMs ?? 4000, options.proxy);
      const catalog = catalogFromFeed(JSON.parse(text), { source: 'online', asOf: isoDate(now), origin: url });
      if (options.cacheDir) await writeCache(options.cacheDir, text, now, notes);
      return { catalog, notes };
    } catch (err) {
      notes.push(`could not fetch the Runtime feed from ${url}: ${(err as Error).message}`);
    }
  }
  const bundled = bundledCatalog();
  if (cached && cached.catalog.info.asOf >= bundled.info.asOf) return { catalog: cached.catalog, notes };
  return { catalog: bundled, notes };
}

let bundledMemo: RuntimeCatalog | undefined;

/** The catalog shipped in `resources/`. */
export function bundledCatalog(): RuntimeCatalog {
  if (bundledMemo) return bundledMemo;
  const file = findResource('runtime-catalog.json');
  const doc = JSON.parse(require('node:fs').readFileSync(file, 'utf8'));
  bundledMemo = catalogFromFeed(doc, { source: 'bundled', asOf: feedSnapshotDate(doc) ?? '1970-01-01', origin: 'bundled copy' });
  return bundledMemo;
}

/** Finds a file in the product's `resources/` folder, from the bundle or from the compiled sources. */
export function findResource(name: string): string {
  let dir = __dirname;
  for (let i = 0; i < 8; i++) {
    const candidate = path.join(dir, 'resources', name);
    if (existsSync(candidate)) return candidate;
    dir = path.dirname(dir);
  }
  throw new Error(`resource not found: ${name}`);
}

async function readCache(dir: string, notes: string[]): Promise<{ catalog: RuntimeCatalog; fetchedAt: Date } | undefined> {
  const file = path.join(dir, CACHE_FILE);
  try {
    const raw = JSON.parse(await fsp.readFile(file, 'utf8')) as { fetchedAt: string; url?: string; feed: unknown };
    const fetchedAt = new Date(raw.fetchedAt);
    if (Number.isNaN(fetchedAt.getTime())) throw new Error('no fetch date');
    const info: CatalogInfo = { source: 'cache', asOf: isoDate(fetchedAt), origin: file };
    return { catalog: catalogFromFeed(raw.feed, info), fetchedAt };
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') notes.push(`ignored the cached Runtime feed at ${file}: ${(err as Error).message}`);
    return undefined;
  }
}

async function writeCache(dir: string, text: string, now: Date, notes: string[]): Promise<void> {
  try {
    await fsp.mkdir(dir, { recursive: true });
    const file = path.join(dir, CACHE_FILE);
    const tmp = `${file}.${process.pid}.tmp`;
    await fsp.writeFile(tmp, JSON.stringify({ fetchedAt: now.toISOString(), feed: JSON.parse(text) }));
    await fsp.rename(tmp, file);
  } catch (err) {
    notes.push(`could not cache the Runtime feed: ${(err as Error).message}`);
  }
}

export function isoDate(d: Date): string {
  return d.toISOString().slice(0, 10);
}
