/**
 * A stand-in for api.osv.dev and pypi.org on 127.0.0.1, answering from the
 * hand-written fixtures in OSV's and PyPI's JSON shapes. Tests never reach
 * the internet.
 */
import { readFileSync, existsSync } from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';
import { UNIT_SRC } from '../helpers';

export const PACKAGE_FIXTURES = path.join(UNIT_SRC, 'packages/fixtures');

export interface SeenRequest {
  method: string;
  path: string;
  headers: http.IncomingHttpHeaders;
  /** For querybatch: the queries sent. */
  queries?: { package: { name: string; ecosystem: string }; version: string; page_token?: string }[];
}

export interface ServeOptions {
  /** Vulnerabilities per page of a querybatch result; more get a next_page_token. */
  pageSize?: number;
  /** Answer nothing at all (to test timeouts). */
  hang?: boolean;
  /** Status for every GET of an advisory record. */
  vulnStatus?: number;
  /** Extra querybatch answers (name==version → ids) over the fixture index. */
  index?: Record<string, string[]>;
}

export interface IntelServer {
  base: string;
  osvUrl: string;
  pypiUrl: string;
  requests: SeenRequest[];
  close(): Promise<void>;
}

const fixtureIndex = (): Record<string, string[]> => {
  const { _comment, ...index } = JSON.parse(readFileSync(path.join(PACKAGE_FIXTURES, 'osv/querybatch-index.json'), 'utf8'));
  void _comment;
  return index;
};

export async function serveIntel(options: ServeOptions = {}): Promise<IntelServer> {
  const index = { ...fixtureIndex(), ...options.index };
  const requests: SeenRequest[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const seen: SeenRequest = { method: req.method ?? '', path: req.url ?? '', headers: req.headers };
      requests.push(seen);
      if (options.hang) return;
      const send = (status: number, body: unknown) => {
        res.writeHead(status, { 'Content-Type': 'application/json' });
        res.end(typeof body === 'string' ? body : JSON.stringify(body));
      };
      const url = req.url ?? '';
      if (req.method === 'POST' && url === '/osv/v1/querybatch') {
        const { queries } = JSON.parse(Buffer.concat(chunks).toString('utf8'));
        seen.queries = queries;
        if (queries.length > 1000) return send(400, { code: 3, message: 'Too many queries.' });
        const results = queries.map((q: NonNullable<SeenRequest['queries']>[number]) => {
          const ids = index[`${q.package.name}==${q.version}`] ?? [];
          const offset = q.page_token ? Number(q.page_token) : 0;
          const size = options.pageSize ?? Infinity;
          const page = ids.slice(offset, offset + size);
          if (page.length === 0) return {};
          const result: { vulns: { id: string; modified: string }[]; next_page_token?: string } = { vulns: page.map((id) => ({ id, modified: '2024-09-24T21:01:37Z' })) };
          if (offset + size < ids.length) result.next_page_token = String(offset + size);
          return result;
        });
        return send(200, { results });
      }
      let m = /^\/osv\/v1\/vulns\/([^/]+)$/.exec(url);
      if (req.method === 'GET' && m) {
        if (options.vulnStatus) return send(options.vulnStatus, { code: 13, message: 'Internal error' });
        const file = path.join(PACKAGE_FIXTURES, 'osv', `${decodeURIComponent(m[1])}.json`);
        return existsSync(file) ? send(200, readFileSync(file, 'utf8')) : send(404, { code: 5, message: 'Bug not found.' });
      }
      m = /^\/pypi\/pypi\/([^/]+)\/json$/.exec(url);
      if (req.method === 'GET' && m) {
        const file = path.join(PACKAGE_FIXTURES, 'pypi', `${decodeURIComponent(m[1])}.json`);
        return existsSync(file) ? send(200, readFileSync(file, 'utf8')) : send(404, { message: 'Not Found' });
      }
      send(404, { message: 'Not Found' });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const base = `http://127.0.0.1:${port}`;
  return {
    base,
    osvUrl: `${base}/osv`,
    pypiUrl: `${base}/pypi`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A base URL on 127.0.0.1 where nothing listens. */
export async function deadBase(): Promise<string> {
  const s = await serveIntel();
  await s.close();
  return s.base;
}

/** An OSV record from the fixtures. */
export function osvRecord(id: string): unknown {
  return JSON.parse(readFileSync(path.join(PACKAGE_FIXTURES, 'osv', `${id}.json`), 'utf8'));
}

/** The fixture index: which record ids OSV lists for a name==version. */
export function indexedIds(key: string): string[] {
  return fixtureIndex()[key] ?? [];
}
