import { strict as assert } from 'node:assert';
import { advisoryFromOsv, affects, lookUpAdvisories, mergeAliases, queryBatch, severityOfWord } from '../../../src/engine/knowledge/packages/osv';
import type { Advisory } from '../../../src/engine/knowledge/packages/intel';
import { deadBase, indexedIds, osvRecord, serveIntel, type IntelServer } from './intelServer';

const advisory = (id: string, name: string) => advisoryFromOsv(osvRecord(id), name)!;

describe('OSV records', () => {
  it('reads a GHSA record: summary, aliases, severity word, fixed versions and ranges of the package', () => {
    assert.deepEqual(advisory('GHSA-x84v-xcm2-53pg', 'requests'), {
      id: 'GHSA-x84v-xcm2-53pg',
      aliases: ['CVE-2018-18074'],
      summary: 'Insufficiently Protected Credentials in Requests',
      severity: 'high',
      fixed: ['2.20.0'],
      ranges: [{ fixed: '2.20.0' }],
      url: 'https://osv.dev/vulnerability/GHSA-x84v-xcm2-53pg',
    });
  });

  it('reads a PYSEC record: no severity, GIT ranges ignored, summary from the details', () => {
    const a = advisory('PYSEC-2018-28', 'requests');
    assert.equal(a.severity, 'unknown');
    assert.deepEqual(a.fixed, ['2.20.0']);
    assert.deepEqual(a.aliases, ['CVE-2018-18074', 'GHSA-x84v-xcm2-53pg']);
    assert.match(a.summary!, /^The Requests package before 2\.20\.0 for Python sends an HTTP Authorization header/);
    // the first paragraph only
    assert.equal(advisory('PYSEC-2023-74', 'requests').summary, 'Requests is a HTTP library. Since Requests 2.3.0, Requests has been leaking Proxy-Authorization headers to destination servers when redirected to an HTTPS endpoint.');
  });

  it('computes the level from a CVSS v3 vector when the record has no severity word', () => {
    // CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:L = 5.3
    assert.equal(advisory('GHSA-g3rq-g295-4j3m', 'jinja2').severity, 'moderate');
    const rec = osvRecord('GHSA-x84v-xcm2-53pg') as Record<string, unknown>;
    const noWord = { ...rec, database_specific: {} };
    assert.equal(advisoryFromOsv(noWord, 'requests')?.severity, 'high'); // 7.5
    const critical = { ...noWord, severity: [{ type: 'CVSS_V3', score: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H' }, { type: 'CVSS_V3', score: 'CVSS:3.1/AV:N/AC:H/PR:H/UI:N/S:U/C:H/I:N/A:N' }] };
    assert.equal(advisoryFromOsv(critical, 'requests')?.severity, 'critical', 'the highest vector wins');
    const v4only = { ...noWord, severity: [{ type: 'CVSS_V4', score: 'CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:N/VA:N/SC:N/SI:N/SA:N' }] };
    assert.equal(advisoryFromOsv(v4only, 'requests')?.severity, 'unknown');
    const word = { ...critical, database_specific: { severity: 'LOW' } };
    assert.equal(advisoryFromOsv(word, 'requests')?.severity, 'low', "the database's word wins over vectors");
  });

  it('maps severity words', () => {
    assert.deepEqual(['CRITICAL', 'HIGH', 'MODERATE', 'MEDIUM', 'low', 'Low ', 'NONE', 3, undefined].map(severityOfWord), ['critical', 'high', 'moderate', 'moderate', 'low', 'low', undefined, undefined, undefined]);
  });

  it('matches the package by its normalised name, and keeps one interval per branch', () => {
    assert.deepEqual(advisory('PYSEC-2019-217', 'jinja2').fixed, ['2.10.1']); // written "Jinja2"
    assert.equal(advisoryFromOsv(osvRecord('PYSEC-2019-217'), 'requests'), undefined);
    const u = advisory('GHSA-34jh-p97f-mpxf', 'urllib3');
    assert.deepEqual(u.fixed, ['1.26.19', '2.2.2']);
    assert.deepEqual(u.ranges, [{ fixed: '1.26.19' }, { introduced: '2.0.0', fixed: '2.2.2' }]);
    assert.equal(affects(u, '1.26.18'), true);
    assert.equal(affects(u, '1.26.19'), false);
    assert.equal(affects(u, '2.0.0'), true);
    assert.equal(affects(u, '2.2.2'), false);
  });

  it('reads events in any order, last_affected, and open ranges', () => {
    const rec = {
      id: 'GHSA-test',
      affected: [
        {
          package: { name: 'demo_pkg', ecosystem: 'PyPI' },
          ranges: [{ type: 'ECOSYSTEM', events: [{ fixed: '1.5' }, { introduced: '2.0' }, { introduced: '0' }, { last_affected: '2.3' }, { introduced: '3.0' }] }],
        },
        { package: { name: 'demo-pkg', ecosystem: 'npm' }, ranges: [{ type: 'SEMVER', events: [{ introduced: '0' }, { fixed: '9.9.9' }] }] },
      ],
    };
    const a = advisoryFromOsv(rec, 'demo-pkg')!;
    assert.deepEqual(a.ranges, [{ fixed: '1.5' }, { introduced: '2.0', lastAffected: '2.3' }, { introduced: '3.0' }]);
    assert.deepEqual(a.fixed, ['1.5']);
    assert.equal(a.severity, 'unknown');
    assert.deepEqual([affects(a, '1.4'), affects(a, '1.5'), affects(a, '2.3'), affects(a, '2.4'), affects(a, '99')], [true, false, true, false, true]);
    assert.equal(affects({ ...a, ranges: undefined }, '1.0'), undefined);
  });

  it('skips withdrawn records and documents that are not records', () => {
    assert.equal(advisoryFromOsv({ ...(osvRecord('GHSA-x84v-xcm2-53pg') as object), withdrawn: '2024-01-01T00:00:00Z' }, 'requests'), undefined);
    for (const doc of [null, 'x', 42, {}, { id: 'X' }, { id: 'X', affected: 'no' }]) assert.equal(advisoryFromOsv(doc, 'requests'), undefined, JSON.stringify(doc));
  });

  it('folds aliases: a GHSA id, the highest severity, every other id as an alias; most severe first', () => {
    const all = indexedIds('requests==2.19.0').map((id) => advisory(id, 'requests'));
    const merged = mergeAliases(all);
    assert.deepEqual(
      merged.map((a) => [a.id, a.severity, a.aliases, a.fixed]),
      [
        ['GHSA-x84v-xcm2-53pg', 'high', ['CVE-2018-18074', 'PYSEC-2018-28'], ['2.20.0']],
        ['GHSA-9hjg-9r4m-mvj7', 'moderate', ['CVE-2024-47081'], ['2.32.4']],
        ['GHSA-9wx4-h78v-vm56', 'moderate', ['CVE-2024-35195'], ['2.32.0']],
        ['GHSA-j8r2-6x86-q33q', 'moderate', ['CVE-2023-32681', 'PYSEC-2023-74'], ['2.31.0']],
      ],
    );
  });

  it('folds records that only share a CVE, keeping the severity of either', () => {
    const a: Advisory = { id: 'PYSEC-1', aliases: ['CVE-1'], severity: 'critical', fixed: ['1.1'] };
    const b: Advisory = { id: 'GHSA-b', aliases: ['CVE-1'], severity: 'unknown', fixed: ['1.2'], summary: 'B' };
    const c: Advisory = { id: 'OTHER-c', aliases: [], severity: 'low', fixed: [] };
    assert.deepEqual(mergeAliases([a, c, b]), [
      { id: 'GHSA-b', aliases: ['CVE-1', 'PYSEC-1'], severity: 'critical', fixed: ['1.1', '1.2'], summary: 'B' },
      c,
    ]);
  });
});

describe('OSV API', () => {
  let server: IntelServer;
  afterEach(async () => server?.close());
  const opts = () => ({ baseUrl: server.osvUrl, timeoutMs: 2000 });

  it('querybatch: POSTs PyPI queries as JSON and reads the ids', async () => {
    server = await serveIntel();
    const ids = await queryBatch(
      [
        { name: 'requests', version: '2.19.0' },
        { name: 'requests', version: '2.32.4' },
      ],
      opts(),
    );
    assert.deepEqual(ids, new Map([
      ['requests==2.19.0', indexedIds('requests==2.19.0')],
      ['requests==2.32.4', []],
    ]));
    assert.equal(server.requests.length, 1);
    const [req] = server.requests;
    assert.equal(req.method, 'POST');
    assert.equal(req.path, '/osv/v1/querybatch');
    assert.equal(req.headers['content-type'], 'application/json');
    assert.deepEqual(req.queries, [
      { package: { name: 'requests', ecosystem: 'PyPI' }, version: '2.19.0' },
      { package: { name: 'requests', ecosystem: 'PyPI' }, version: '2.32.4' },
    ]);
  });

  it('querybatch: at most 1000 queries a request', async () => {
    server = await serveIntel({ index: { 'pkg-1500==1.0': ['GHSA-x84v-xcm2-53pg'] } });
    const queries = Array.from({ length: 2500 }, (_, i) => ({ name: `pkg-${i}`, version: '1.0' }));
    const ids = await queryBatch(queries, opts());
    assert.deepEqual(server.requests.map((r) => r.queries?.length), [1000, 1000, 500]);
    assert.equal(ids.size, 2500);
    assert.deepEqual(ids.get('pkg-1500==1.0'), ['GHSA-x84v-xcm2-53pg']);
    assert.deepEqual(ids.get('pkg-1499==1.0'), []);
    // a smaller batch size is honoured, a larger one is capped
    server.requests.length = 0;
    await queryBatch(queries.slice(0, 5), { ...opts(), batchSize: 2 });
    assert.deepEqual(server.requests.map((r) => r.queries?.length), [2, 2, 1]);
    server.requests.length = 0;
    await queryBatch(queries.slice(0, 1200), { ...opts(), batchSize: 5000 });
    assert.deepEqual(server.requests.map((r) => r.queries?.length), [1000, 200]);
  });

  it('querybatch: follows next_page_token, asking again only for the queries that have more', async () => {
    server = await serveIntel({ pageSize: 2 });
    const ids = await queryBatch(
      [
        { name: 'requests', version: '2.19.0' },
        { name: 'urllib3', version: '2.2.1' },
      ],
      opts(),
    );
    assert.deepEqual(ids.get('requests==2.19.0'), indexedIds('requests==2.19.0'));
    assert.deepEqual(ids.get('urllib3==2.2.1'), ['GHSA-34jh-p97f-mpxf']);
    assert.deepEqual(
      server.requests.map((r) => r.queries?.map((q) => `${q.package.name}==${q.version}${q.page_token ? `@${q.page_token}` : ''}`)),
      [['requests==2.19.0', 'urllib3==2.2.1'], ['requests==2.19.0@2'], ['requests==2.19.0@4']],
    );
  });

  it('lookUpAdvisories: fetches each record once and folds aliases', async () => {
    server = await serveIntel();
    const { advisories, notes } = await lookUpAdvisories(
      [
        { name: 'urllib3', version: '2.2.1' },
        { name: 'urllib3', version: '1.26.5' },
        { name: 'jinja2', version: '2.10' },
        { name: 'jinja2', version: '2.10' },
        { name: 'requests', version: '2.32.4' },
      ],
      opts(),
    );
    assert.deepEqual(notes, []);
    assert.deepEqual([...advisories.keys()].sort(), ['jinja2==2.10', 'requests==2.32.4', 'urllib3==1.26.5', 'urllib3==2.2.1']);
    assert.deepEqual(advisories.get('requests==2.32.4'), []);
    assert.deepEqual(advisories.get('jinja2==2.10')!.map((a) => [a.id, a.severity]), [
      ['GHSA-462w-v97r-4m45', 'high'],
      ['GHSA-g3rq-g295-4j3m', 'moderate'],
      ['GHSA-h5c8-rqwp-cp95', 'moderate'],
    ]);
    const gets = server.requests.filter((r) => r.method === 'GET').map((r) => r.path).sort();
    assert.deepEqual(gets, [
      '/osv/v1/vulns/GHSA-34jh-p97f-mpxf',
      '/osv/v1/vulns/GHSA-462w-v97r-4m45',
      '/osv/v1/vulns/GHSA-g3rq-g295-4j3m',
      '/osv/v1/vulns/GHSA-h5c8-rqwp-cp95',
      '/osv/v1/vulns/GHSA-v845-jxx5-vc9f',
      '/osv/v1/vulns/PYSEC-2019-217',
    ]);
    assert.equal(server.requests.filter((r) => r.method === 'POST').length, 1);
  });

  it('lookUpAdvisories: a failing record leaves its versions out, with a note, and stops further requests', async () => {
    server = await serveIntel({ vulnStatus: 500 });
    const { advisories, notes } = await lookUpAdvisories(
      [
        { name: 'jinja2', version: '2.10' },
        { name: 'requests', version: '2.32.4' },
      ],
      { ...opts(), concurrency: 1 },
    );
    assert.deepEqual([...advisories.keys()], ['requests==2.32.4']);
    assert.deepEqual(notes, [`could not read OSV advisory records from ${server.osvUrl}: HTTP 500`]);
    assert.equal(server.requests.filter((r) => r.method === 'GET').length, 1);
  });

  it('lookUpAdvisories: a dead server gives nothing and a note, never throws', async () => {
    const base = await deadBase();
    const { advisories, notes } = await lookUpAdvisories([{ name: 'requests', version: '2.19.0' }], { baseUrl: `${base}/osv`, timeoutMs: 2000 });
    assert.equal(advisories.size, 0);
    assert.equal(notes.length, 1);
    assert.match(notes[0], /^could not query OSV at http:\/\/127\.0\.0\.1:\d+\/osv: /);
  });

  it('lookUpAdvisories: an answer that does not match the queries is a failure', async () => {
    const http = await import('node:http');
    const srv = http.createServer((_req, res) => res.end('{"results":[]}'));
    await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
    try {
      const port = (srv.address() as { port: number }).port;
      const { advisories, notes } = await lookUpAdvisories([{ name: 'requests', version: '2.19.0' }], { baseUrl: `http://127.0.0.1:${port}`, timeoutMs: 2000 });
      assert.equal(advisories.size, 0);
      assert.match(notes[0], /does not match the queries/);
    } finally {
      srv.closeAllConnections();
      await new Promise((r) => srv.close(r));
    }
  });
});
