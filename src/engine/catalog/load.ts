/**
 * Where the Runtime catalog comes from: a file the user names, Astronomer's
 * live feed (cached on disk for a day), or the copy bundled with the product.
 * Network failures fall back quietly; the result says which source was used.
 */
import { existsSync, promises as fsp, statSync } from 'node:fs';
import * as http from 'node:http';
import * as https from 'node:https';
import * as path from 'node:path';
import { HttpsProxyAgent } from 'https-proxy-agent';
import { catalogFromFeed, feedSnapshotDate, type CatalogInfo, type RuntimeCatalog } from '../runtime/catalog';

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
  for (let i = 0; i < 6; i++) {
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

export function proxyFor(url: string, explicit?: string, env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (explicit) return explicit;
  const u = new URL(url);
  const noProxy = (env.NO_PROXY ?? env.no_proxy ?? '').split(',').map((s) => s.trim().toLowerCase()).filter(Boolean);
  const host = u.hostname.toLowerCase();
  if (noProxy.some((p) => p === '*' || host === p.replace(/^\./, '') || host.endsWith(p.startsWith('.') ? p : `.${p}`))) return undefined;
  const proxy = u.protocol === 'https:' ? env.HTTPS_PROXY ?? env.https_proxy ?? env.HTTP_PROXY ?? env.http_proxy : env.HTTP_PROXY ?? env.http_proxy;
  return proxy || undefined;
}

const MAX_FEED_BYTES = 20 * 1024 * 1024;

export interface FetchInit {
  /** Default GET. */
  method?: 'GET' | 'POST';
  /** A JSON body, sent with `Content-Type: application/json`. */
  body?: string;
  /** Where HTTPS_PROXY / NO_PROXY are read; default `process.env`. */
  env?: NodeJS.ProcessEnv;
}

/** GET (or POST) a URL as text, with a timeout for the whole exchange and proxy support. */
export function fetchText(url: string, timeoutMs: number, proxy?: string, init: FetchInit = {}): Promise<string> {
  return new Promise((resolve, reject) => {
    const u = new URL(url);
    const viaProxy = proxyFor(url, proxy, init.env);
    const agent = viaProxy && u.protocol === 'https:' ? new HttpsProxyAgent(viaProxy) : undefined;
    const request = u.protocol === 'https:' ? https.request : http.request;
    const headers: Record<string, string | number> = { Accept: 'application/json', 'User-Agent': 'astro-shared-responsibility' };
    const body = init.body === undefined ? undefined : Buffer.from(init.body, 'utf8');
    if (body) {
      headers['Content-Type'] = 'application/json';
      headers['Content-Length'] = body.length;
    }
    const req = request(u, { method: init.method ?? 'GET', agent, headers }, (res) => {
      if (res.statusCode !== 200) {
        res.resume();
        reject(Object.assign(new Error(`HTTP ${res.statusCode}`), { status: res.statusCode }));
        return;
      }
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (c: Buffer) => {
        size += c.length;
        if (size > MAX_FEED_BYTES) req.destroy(new Error('response too large'));
        else chunks.push(c);
      });
      res.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
      res.on('error', reject);
    });
    const timer = setTimeout(() => req.destroy(new Error(`timed out after ${timeoutMs} ms`)), timeoutMs);
    req.on('error', reject);
    req.on('close', () => clearTimeout(timer));
    req.end(body);
  });
}

export function isoDate(d: Date): string {
  return d.toISOString().slice(0, 10);
}
