import { strict as assert } from 'node:assert';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { proxyFor } from '../../../src/engine/knowledge/net';
import { createIntelGatherer, INTEL_CACHE_FILE, type IntelGathererOptions } from '../../../src/engine/knowledge/packages/gather';
import type { PackageQuery } from '../../../src/engine/knowledge/packages/intel';
import { deadBase, serveIntel, type IntelServer } from './intelServer';

const NOW = new Date('2026-03-01T10:00:00Z');
const HOUR = 3_600_000;
const QUERIES: PackageQuery[] = [
  { name: 'requests', version: '2.19.0' },
  { name: 'jinja2', version: '2.10' },
  { name: 'urllib3' },
];

describe('createIntelGatherer', () => {
  let dir: string;
  let server: IntelServer | undefined;
  beforeEach(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'asr-intel-'));
  });
  afterEach(async () => {
    await server?.close();
    server = undefined;
    rmSync(dir, { recursive: true, force: true });
  });

  const cacheFile = () => path.join(dir, INTEL_CACHE_FILE);
  const readCache = () => JSON.parse(readFileSync(cacheFile(), 'utf8'));
  const gatherer = (more: Partial<IntelGathererOptions> = {}) =>
    createIntelGatherer({ online: true, cacheDir: dir, osvUrl: server?.osvUrl, pypiUrl: server?.pypiUrl, now: () => NOW, timeoutMs: 2000, env: {}, ...more });

  it('online: advisories of pinned versions, newest versions of every name, and a cache file', async () => {
    server = await serveIntel();
    const intel = await gatherer()(QUERIES);
    assert.equal(intel.status, 'online');
    assert.deepEqual(intel.notes, []);
    assert.deepEqual(intel.advisories('requests', '2.19.0')!.map((a) => a.id), ['GHSA-x84v-xcm2-53pg', 'GHSA-9hjg-9r4m-mvj7', 'GHSA-9wx4-h78v-vm56', 'GHSA-j8r2-6x86-q33q']);
    assert.equal(intel.advisories('jinja2', '2.10')!.length, 3);
    assert.equal(intel.advisories('requests', '2.32.4'), undefined, 'not looked up');
    assert.deepEqual(['requests', 'jinja2', 'urllib3', 'numpy'].map((n) => intel.latest(n)), ['2.32.4', '3.1.6', '2.10.0', undefined]);
    const cache = readCache();
    assert.equal(cache.format, 1);
    assert.deepEqual(Object.keys(cache.advisories).sort(), ['jinja2==2.10', 'requests==2.19.0']);
    assert.equal(cache.advisories['requests==2.19.0'].fetchedAt, NOW.toISOString());
    assert.deepEqual(cache.latest.urllib3, { fetchedAt: NOW.toISOString(), version: '2.10.0' });
    assert.deepEqual(readdirSync(dir), [INTEL_CACHE_FILE], 'no temporary file left');
  });

  it('a fresh cache (< 1 day) answers without any request', async () => {
    server = await serveIntel();
    await gatherer({ now: () => new Date(NOW.getTime() - 23 * HOUR) })(QUERIES);
    server.requests.length = 0;
    const intel = await gatherer()(QUERIES);
    assert.equal(server.requests.length, 0);
    assert.equal(intel.status, 'online');
    assert.equal(intel.advisories('requests', '2.19.0')!.length, 4);
    assert.equal(intel.latest('jinja2'), '3.1.6');
  });

  it('only what the cache lacks is asked for', async () => {
    server = await serveIntel();
    await gatherer()([{ name: 'requests', version: '2.19.0' }]);
    server.requests.length = 0;
    const intel = await gatherer()([{ name: 'requests', version: '2.19.0' }, { name: 'urllib3', version: '2.2.1' }]);
    const posts = server.requests.filter((r) => r.method === 'POST');
    assert.deepEqual(posts.map((r) => r.queries), [[{ package: { name: 'urllib3', ecosystem: 'PyPI' }, version: '2.2.1' }]]);
    assert.deepEqual(server.requests.filter((r) => r.path.startsWith('/pypi/')).map((r) => r.path), ['/pypi/pypi/urllib3/json']);
    assert.equal(intel.advisories('requests', '2.19.0')!.length, 4);
    assert.deepEqual(Object.keys(readCache().advisories).sort(), ['requests==2.19.0', 'urllib3==2.2.1']);
  });

  it('a stale cache is refreshed when the servers answer', async () => {
    server = await serveIntel();
    await gatherer({ now: () => new Date(NOW.getTime() - 25 * HOUR) })(QUERIES);
    server.requests.length = 0;
    await gatherer()(QUERIES);
    assert.ok(server.requests.length > 0);
    assert.equal(readCache().advisories['requests==2.19.0'].fetchedAt, NOW.toISOString());
  });

  it('stale cache + servers down → the cache, status online, with notes', async () => {
    server = await serveIntel();
    const then = new Date(NOW.getTime() - 5 * 24 * HOUR);
    await gatherer({ now: () => then })(QUERIES);
    await server.close();
    const intel = await gatherer()(QUERIES);
    assert.equal(intel.status, 'online');
    assert.equal(intel.advisories('requests', '2.19.0')!.length, 4);
    assert.equal(intel.latest('requests'), '2.32.4');
    assert.equal(intel.notes!.length, 3);
    assert.match(intel.notes![0], /^could not query OSV at /);
    assert.match(intel.notes![1], /^could not read newest versions from /);
    assert.equal(intel.notes![2], 'used 5 cached answers older than 24 h instead');
    assert.equal(readCache().advisories['requests==2.19.0'].fetchedAt, then.toISOString(), 'the cache is not rewritten');
  });

  it('nothing cached + servers down → unavailable, nothing known, never throws', async () => {
    const base = await deadBase();
    const intel = await gatherer({ osvUrl: `${base}/osv`, pypiUrl: `${base}/pypi` })(QUERIES);
    assert.equal(intel.status, 'unavailable');
    assert.equal(intel.advisories('requests', '2.19.0'), undefined);
    assert.equal(intel.latest('requests'), undefined);
    assert.equal(existsSync(cacheFile()), false);
  });

  it('OSV down but PyPI up: unavailable, since no advisory is known', async () => {
    server = await serveIntel();
    const base = await deadBase();
    const intel = await gatherer({ osvUrl: `${base}/osv` })(QUERIES);
    assert.equal(intel.status, 'unavailable');
    assert.equal(intel.latest('requests'), '2.32.4');
    // with names only, PyPI decides
    assert.equal((await gatherer({ osvUrl: `${base}/osv` })([{ name: 'numpy' }])).status, 'online');
  });

  it('a server that never answers: gives up after timeoutMs, quietly', async () => {
    server = await serveIntel({ hang: true });
    const started = Date.now();
    const intel = await gatherer({ timeoutMs: 200 })(QUERIES);
    const elapsed = Date.now() - started;
    assert.ok(elapsed < 3000, `took ${elapsed} ms`);
    assert.equal(intel.status, 'unavailable');
    assert.ok(intel.notes!.includes(`could not query OSV at ${server.osvUrl}: timed out after 200 ms`), JSON.stringify(intel.notes));
  });

  it('offline: status offline, no request, the cache is not even read', async () => {
    server = await serveIntel();
    await gatherer()(QUERIES);
    server.requests.length = 0;
    const intel = await gatherer({ online: false })(QUERIES);
    assert.equal(intel.status, 'offline');
    assert.equal(intel.advisories('requests', '2.19.0'), undefined);
    assert.equal(intel.latest('requests'), undefined);
    assert.equal(server.requests.length, 0);
  });

  it('ASTRO_SR_OSV_URL and ASTRO_SR_PYPI_URL name the servers; options win over them', async () => {
    server = await serveIntel();
    const env = { ASTRO_SR_OSV_URL: server.osvUrl, ASTRO_SR_PYPI_URL: server.pypiUrl };
    const intel = await createIntelGatherer({ online: true, env, timeoutMs: 2000 })(QUERIES);
    assert.equal(intel.status, 'online');
    assert.equal(intel.latest('jinja2'), '3.1.6');
    const base = await deadBase();
    const viaOption = await createIntelGatherer({ online: true, env, osvUrl: `${base}/osv`, pypiUrl: `${base}/pypi`, timeoutMs: 2000 })(QUERIES);
    assert.equal(viaOption.status, 'unavailable');
  });

  it('HTTPS_PROXY is honoured (the proxy is asked to CONNECT to the OSV host); an explicit proxy wins', async () => {
    const connects: string[] = [];
    const proxy = http.createServer((_req, res) => res.end());
    proxy.on('connect', (req: http.IncomingMessage, socket: import('node:net').Socket) => {
      connects.push(req.url ?? '');
      socket.end('HTTP/1.1 403 Forbidden\r\n\r\n');
    });
    await new Promise<void>((r) => proxy.listen(0, '127.0.0.1', r));
    const proxyUrl = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
    try {
      const https = { osvUrl: 'https://api.osv.test', pypiUrl: 'https://pypi.test' };
      const intel = await gatherer({ ...https, env: { HTTPS_PROXY: proxyUrl } })(QUERIES);
      assert.equal(intel.status, 'unavailable');
      assert.deepEqual([...new Set(connects)].sort(), ['api.osv.test:443', 'pypi.test:443']);
      connects.length = 0;
      await gatherer({ ...https, proxy: proxyUrl, env: { NO_PROXY: '*' } })(QUERIES);
      assert.deepEqual([...new Set(connects)].sort(), ['api.osv.test:443', 'pypi.test:443']);
    } finally {
      proxy.closeAllConnections();
      await new Promise((r) => proxy.close(r));
    }
    // NO_PROXY for the default hosts
    const env = { HTTPS_PROXY: 'http://proxy:3128', NO_PROXY: 'osv.dev,.pypi.org' };
    assert.equal(proxyFor('https://api.osv.dev/v1/querybatch', undefined, env), undefined);
    assert.equal(proxyFor('https://pypi.org/pypi/requests/json', undefined, env), undefined);
    assert.equal(proxyFor('https://api.osv.dev/v1/querybatch', undefined, { HTTPS_PROXY: 'http://proxy:3128' }), 'http://proxy:3128');
  });

  it('a broken cache file is ignored with a note, and replaced', async () => {
    server = await serveIntel();
    writeFileSync(cacheFile(), '{not json');
    const intel = await gatherer()(QUERIES);
    assert.equal(intel.status, 'online');
    assert.match(intel.notes![0], /^ignored the package intel cache at /);
    assert.equal(readCache().format, 1);
  });

  it('keeps entries another process wrote meanwhile, and drops entries older than 30 days', async () => {
    server = await serveIntel();
    const old = new Date(NOW.getTime() - 31 * 24 * HOUR).toISOString();
    const recent = new Date(NOW.getTime() - 2 * HOUR).toISOString();
    writeFileSync(
      cacheFile(),
      JSON.stringify({ format: 1, advisories: { 'flask==0.12': { fetchedAt: recent, advisories: [] }, 'django==1.0': { fetchedAt: old, advisories: [] } }, latest: { flask: { fetchedAt: old, version: '3.0.0' } } }),
    );
    await gatherer()([{ name: 'urllib3', version: '2.2.1' }]);
    const cache = readCache();
    assert.deepEqual(Object.keys(cache.advisories).sort(), ['flask==0.12', 'urllib3==2.2.1']);
    assert.deepEqual(Object.keys(cache.latest), ['urllib3']);
  });

  it('a cache folder that cannot be written: a note, the answers still come', async () => {
    server = await serveIntel();
    const notADir = path.join(dir, 'file');
    writeFileSync(notADir, 'x');
    const intel = await gatherer({ cacheDir: notADir })(QUERIES);
    assert.equal(intel.status, 'online');
    assert.equal(intel.advisories('jinja2', '2.10')!.length, 3);
    assert.ok(intel.notes!.some((n) => n.startsWith('could not write the package intel cache: ')), JSON.stringify(intel.notes));
  });

  it('no queries: no request', async () => {
    server = await serveIntel();
    const intel = await gatherer()([]);
    assert.equal(intel.status, 'online');
    assert.equal(server.requests.length, 0);
  });
});
