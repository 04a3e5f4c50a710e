import { strict as assert } from 'node:assert';
import { mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync, existsSync } from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { proxyFor } from '../../src/engine/knowledge/net';
import { bundledCatalog, CACHE_FILE, loadCatalog } from '../../src/engine/knowledge/runtime/feed';
import { catalogFromFeed, isInstallable, RuntimeCatalog } from '../../src/engine/knowledge/runtime/catalog';
import { CATALOG_FILE } from './helpers';

const INFO = { source: 'file' as const, asOf: '2026-01-01' };
const FEED_TEXT = readFileSync(CATALOG_FILE, 'utf8');

/** A server on 127.0.0.1 only; counts requests and remembers their headers. */
async function serve(handler: http.RequestListener): Promise<{ url: string; requests: http.IncomingHttpHeaders[]; close: () => Promise<void> }> {
  const requests: http.IncomingHttpHeaders[] = [];
  const server = http.createServer((req, res) => {
    requests.push(req.headers);
    handler(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/astronomer-runtime`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A URL on 127.0.0.1 where nothing listens. */
async function deadUrl(): Promise<string> {
  const s = await serve(() => undefined);
  await s.close();
  return s.url;
}

function writeCache(dir: string, fetchedAt: Date, feed: unknown = JSON.parse(FEED_TEXT)): void {
  writeFileSync(path.join(dir, CACHE_FILE), JSON.stringify({ fetchedAt: fetchedAt.toISOString(), feed }));
}

describe('catalogFromFeed', () => {
  it('reads both tables, lines and Airflow majors', () => {
    const c = catalogFromFeed(JSON.parse(FEED_TEXT), INFO);
    assert.equal(c.info, INFO);
    assert.equal(c.size, 27);
    assert.deepEqual(c.lines('v2'), ['3', '11', '12', '13']);
    assert.deepEqual(c.lines('v3'), ['3.0', '3.1', '3.2', '3.3']);
    assert.deepEqual(
      c.line('v3', '3.0').map((r) => r.version),
      ['3.0-1', '3.0-2', '3.0-4', '3.0-9', '3.0-10'],
    );
    const r = c.get('v3', '3.1-12');
    assert.deepEqual(r, {
      version: '3.1-12',
      family: 'v3',
      line: '3.1',
      airflowVersion: '3.1.5',
      channel: 'stable',
      releaseDate: '2025-12-15',
      yanked: false,
      yankedReason: undefined,
      endOfMaintenance: '2027-03-31',
      endOfBasicSupport: '2027-09-30',
    });
    assert.equal(c.get('v2', '3.1-12'), undefined);
    assert.equal(RuntimeCatalog.airflowMajor(c.get('v2', '13.2.0')!), 2);
    assert.equal(RuntimeCatalog.airflowMajor(r!), 3);
  });

  it('newestInLine skips yanked, alpha, beta and deprecated releases', () => {
    const c = catalogFromFeed(JSON.parse(FEED_TEXT), INFO);
    assert.equal(c.newestInLine('v2', '13')?.version, '13.2.0');
    assert.equal(c.newestInLine('v2', '12')?.version, '12.6.0');
    assert.equal(c.newestInLine('v3', '3.1')?.version, '3.1-17');
    assert.equal(c.newestInLine('v3', '3.2'), undefined);
    assert.equal(c.newestInLine('v3', '9.9'), undefined);
    assert.equal(isInstallable(c.get('v2', '13.2.1')!), false);
    assert.equal(isInstallable(c.get('v2', '13.3.0')!), false);
    assert.equal(isInstallable(c.get('v2', '13.4.0')!), false);
    assert.equal(isInstallable(c.get('v3', '3.1-18')!), false);
    assert.equal(c.get('v2', '12.5.0')?.yankedReason, 'The scheduler may deadlock after the metadata database upgrade.');
  });

  it('tolerates missing fields: stable by default, not yanked, no dates', () => {
    const c = catalogFromFeed({ runtimeVersions: { '12.4.0': {}, '12.5.0': { metadata: {} }, '12.6.0': { metadata: { channel: '', yanked: 'yes', airflowVersion: 7 } } } }, INFO);
    for (const v of ['12.4.0', '12.5.0', '12.6.0']) {
      assert.deepEqual(c.get('v2', v), {
        version: v,
        family: 'v2',
        line: '12',
        airflowVersion: undefined,
        channel: 'stable',
        releaseDate: undefined,
        yanked: false,
        yankedReason: undefined,
        endOfMaintenance: undefined,
        endOfBasicSupport: undefined,
      });
    }
    // without an Airflow version, the family decides the major
    assert.equal(RuntimeCatalog.airflowMajor(c.get('v2', '12.4.0')!), 2);
  });

  it('reads the old single endOfSupport as both dates; the new fields win', () => {
    const c = catalogFromFeed(
      {
        runtimeVersions: {
          '9.1.0': { metadata: { endOfSupport: '2024-05-31' } },
          '10.0.0': { metadata: { endOfSupport: '2024-05-31', endOfMaintenance: '2024-11-30', endOfBasicSupport: '2025-05-31' } },
        },
      },
      INFO,
    );
    assert.equal(c.get('v2', '9.1.0')?.endOfMaintenance, '2024-05-31');
    assert.equal(c.get('v2', '9.1.0')?.endOfBasicSupport, '2024-05-31');
    assert.equal(c.get('v2', '10.0.0')?.endOfMaintenance, '2024-11-30');
    assert.equal(c.get('v2', '10.0.0')?.endOfBasicSupport, '2025-05-31');
  });

  it('skips keys that are not versions of their table', () => {
    const c = catalogFromFeed({ runtimeVersions: { '12.4.0': {}, '12.4': {}, latest: {}, '3.1-2': {} }, runtimeVersionsV3: { '3.1-2': {}, '3.1.2': {} } }, INFO);
    assert.equal(c.size, 2);
    assert.ok(c.get('v2', '12.4.0'));
    assert.ok(c.get('v3', '3.1-2'));
  });

  it('throws on documents that are not a feed', () => {
    for (const doc of [null, undefined, 'text', 42, [], {}, { runtimeVersions: {} }, { runtimeVersions: 'x', runtimeVersionsV3: null }, { runtimeVersions: { nope: {} } }]) {
      assert.throws(() => catalogFromFeed(doc, INFO), Error, JSON.stringify(doc));
    }
  });
});

describe('loadCatalog', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'asr-catalog-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('file: reads the named file, dated by its snapshot date, never touching the network', async () => {
    const { catalog, notes } = await loadCatalog({ file: CATALOG_FILE, online: true, url: await deadUrl(), timeoutMs: 200 });
    assert.deepEqual(catalog.info, { source: 'file', asOf: '2026-02-25', origin: CATALOG_FILE });
    assert.deepEqual(notes, []);
  });

  it('file: without a snapshot date, dated by the file time', async () => {
    const file = path.join(dir, 'feed.json');
    const doc = JSON.parse(FEED_TEXT);
    delete doc['x-snapshot'];
    writeFileSync(file, JSON.stringify(doc));
    const t = new Date('2025-06-15T12:00:00Z');
    utimesSync(file, t, t);
    const { catalog } = await loadCatalog({ file, online: false });
    assert.equal(catalog.info.asOf, '2025-06-15');
  });

  it('file: a missing or invalid file throws (the CLI turns that into exit 2)', async () => {
    await assert.rejects(loadCatalog({ file: path.join(dir, 'missing.json'), online: false }));
    const bad = path.join(dir, 'bad.json');
    writeFileSync(bad, '{"runtimeVersions": {}}');
    await assert.rejects(loadCatalog({ file: bad, online: false }), /no Runtime versions/);
  });

  it('online: fetches the feed from the URL with Accept: application/json, and writes the cache', async () => {
    const server = await serve((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end(FEED_TEXT);
    });
    try {
      const now = new Date('2026-03-01T10:00:00Z');
      const { catalog, notes } = await loadCatalog({ online: true, url: server.url, cacheDir: path.join(dir, 'cache'), now: () => now, timeoutMs: 2000 });
      assert.deepEqual(notes, []);
      assert.deepEqual(catalog.info, { source: 'online', asOf: '2026-03-01', origin: server.url });
      assert.equal(catalog.size, 27);
      assert.equal(server.requests.length, 1);
      assert.equal(server.requests[0].accept, 'application/json');
      const cached = JSON.parse(readFileSync(path.join(dir, 'cache', CACHE_FILE), 'utf8'));
      assert.equal(cached.fetchedAt, now.toISOString());
      assert.deepEqual(cached.feed, JSON.parse(FEED_TEXT));
    } finally {
      await server.close();
    }
  });

  it('a fresh cache (< 1 day) is used without any request', async () => {
    const server = await serve((_req, res) => res.end(FEED_TEXT));
    try {
      const now = new Date('2026-03-01T10:00:00Z');
      writeCache(dir, new Date(now.getTime() - 23 * 3600_000));
      const { catalog } = await loadCatalog({ online: true, url: server.url, cacheDir: dir, now: () => now });
      assert.equal(catalog.info.source, 'cache');
      assert.equal(catalog.info.asOf, '2026-02-28');
      assert.equal(server.requests.length, 0);
    } finally {
      await server.close();
    }
  });

  it('a stale cache is refreshed when the server answers', async () => {
    const server = await serve((_req, res) => res.end(FEED_TEXT));
    try {
      const now = new Date('2026-03-01T10:00:00Z');
      writeCache(dir, new Date(now.getTime() - 25 * 3600_000));
      const { catalog } = await loadCatalog({ online: true, url: server.url, cacheDir: dir, now: () => now });
      assert.equal(catalog.info.source, 'online');
      assert.equal(server.requests.length, 1);
      assert.equal(JSON.parse(readFileSync(path.join(dir, CACHE_FILE), 'utf8')).fetchedAt, now.toISOString());
    } finally {
      await server.close();
    }
  });

  it('stale cache + server down → the cache, with a note (when the cache is newer than the bundled copy)', async () => {
    const bundledAsOf = bundledCatalog().info.asOf;
    const fetched = new Date(`${bundledAsOf}T00:00:00Z`);
    fetched.setUTCDate(fetched.getUTCDate() + 2);
    const now = new Date(fetched.getTime() + 5 * 86_400_000);
    writeCache(dir, fetched);
    const url = await deadUrl();
    const { catalog, notes } = await loadCatalog({ online: true, url, cacheDir: dir, now: () => now, timeoutMs: 2000 });
    assert.equal(catalog.info.source, 'cache');
    assert.equal(catalog.info.asOf, fetched.toISOString().slice(0, 10));
    assert.equal(notes.length, 1);
    assert.match(notes[0], new RegExp(`^could not fetch the Runtime feed from ${url.replace(/[.?*+]/g, '\\$&')}: `));
  });

  it('stale cache older than the bundled copy + server down → the bundled copy', async () => {
    const now = new Date('2030-01-01T00:00:00Z');
    writeCache(dir, new Date('2020-01-01T00:00:00Z'));
    const { catalog } = await loadCatalog({ online: true, url: await deadUrl(), cacheDir: dir, now: () => now, timeoutMs: 2000 });
    assert.equal(catalog.info.source, 'bundled');
  });

  it('offline: the cache even when stale, never a request', async () => {
    const server = await serve((_req, res) => res.end(FEED_TEXT));
    try {
      const bundledAsOf = bundledCatalog().info.asOf;
      const fetched = new Date(`${bundledAsOf}T12:00:00Z`);
      writeCache(dir, fetched);
      const { catalog } = await loadCatalog({ online: false, url: server.url, cacheDir: dir, now: () => new Date(fetched.getTime() + 30 * 86_400_000) });
      assert.equal(catalog.info.source, 'cache');
      assert.equal(server.requests.length, 0);
    } finally {
      await server.close();
    }
  });

  it('nothing at all → the bundled copy', async () => {
    const { catalog, notes } = await loadCatalog({ online: false });
    assert.equal(catalog.info.source, 'bundled');
    assert.match(catalog.info.asOf, /^\d{4}-\d{2}-\d{2}$/);
    assert.ok(catalog.size > 100);
    assert.deepEqual(notes, []);
    // also with an empty cache folder
    assert.equal((await loadCatalog({ online: false, cacheDir: dir })).catalog.info.source, 'bundled');
  });

  it('a broken cache file is ignored with a note', async () => {
    writeFileSync(path.join(dir, CACHE_FILE), '{not json');
    const { catalog, notes } = await loadCatalog({ online: false, cacheDir: dir });
    assert.equal(catalog.info.source, 'bundled');
    assert.equal(notes.length, 1);
    assert.match(notes[0], /^ignored the cached Runtime feed at /);
  });

  it('a server that never answers: gives up after timeoutMs and falls back quietly', async () => {
    const server = await serve(() => undefined);
    try {
      const started = Date.now();
      const { catalog, notes } = await loadCatalog({ online: true, url: server.url, cacheDir: dir, timeoutMs: 200 });
      const elapsed = Date.now() - started;
      assert.equal(catalog.info.source, 'bundled');
      assert.ok(elapsed < 3000, `took ${elapsed} ms`);
      assert.deepEqual(notes, [`could not fetch the Runtime feed from ${server.url}: timed out after 200 ms`]);
      assert.equal(existsSync(path.join(dir, CACHE_FILE)), false);
    } finally {
      await server.close();
    }
  });

  it('HTTP errors and invalid documents fall back, and are not cached', async () => {
    for (const [status, body, note] of [
      [500, 'oops', 'HTTP 500'],
      [200, '<html>', 'Unexpected token'],
      [200, '{"runtimeVersions":{}}', 'no Runtime versions in the document'],
    ] as const) {
      const server = await serve((_req, res) => {
        res.writeHead(status);
        res.end(body);
      });
      try {
        const { catalog, notes } = await loadCatalog({ online: true, url: server.url, cacheDir: dir, timeoutMs: 2000 });
        assert.equal(catalog.info.source, 'bundled');
        assert.equal(notes.length, 1);
        assert.ok(notes[0].includes(note), notes[0]);
        assert.equal(existsSync(path.join(dir, CACHE_FILE)), false);
      } finally {
        await server.close();
      }
    }
  });
});

describe('proxyFor', () => {
  const FEED = 'https://updates.astronomer.io/astronomer-runtime';

  it('uses HTTPS_PROXY (or https_proxy, then HTTP_PROXY) for https URLs', () => {
    assert.equal(proxyFor(FEED, undefined, { HTTPS_PROXY: 'http://proxy:3128' }), 'http://proxy:3128');
    assert.equal(proxyFor(FEED, undefined, { https_proxy: 'http://lower:3128' }), 'http://lower:3128');
    assert.equal(proxyFor(FEED, undefined, { HTTP_PROXY: 'http://plain:3128' }), 'http://plain:3128');
    assert.equal(proxyFor(FEED, undefined, {}), undefined);
    assert.equal(proxyFor(FEED, undefined, { HTTPS_PROXY: '' }), undefined);
  });

  it('uses only HTTP_PROXY for http URLs', () => {
    assert.equal(proxyFor('http://127.0.0.1:1/feed', undefined, { HTTPS_PROXY: 'http://proxy:3128' }), undefined);
    assert.equal(proxyFor('http://example.test/feed', undefined, { HTTP_PROXY: 'http://plain:3128' }), 'http://plain:3128');
  });

  it('honours NO_PROXY: exact hosts, domain suffixes with or without a dot, and *', () => {
    const env = { HTTPS_PROXY: 'http://proxy:3128' };
    for (const noProxy of ['updates.astronomer.io', 'astronomer.io', '.astronomer.io', 'localhost, astronomer.io', '*', 'UPDATES.ASTRONOMER.IO']) {
      assert.equal(proxyFor(FEED, undefined, { ...env, NO_PROXY: noProxy }), undefined, noProxy);
    }
    assert.equal(proxyFor(FEED, undefined, { ...env, no_proxy: 'astronomer.io' }), undefined);
    for (const noProxy of ['other.io', 'nomer.io', 'example.com,localhost']) {
      assert.equal(proxyFor(FEED, undefined, { ...env, NO_PROXY: noProxy }), 'http://proxy:3128', noProxy);
    }
  });

  it('an explicit proxy wins', () => {
    assert.equal(proxyFor(FEED, 'http://explicit:8080', { HTTPS_PROXY: 'http://proxy:3128', NO_PROXY: '*' }), 'http://explicit:8080');
  });
});
