/**
 * HTTP for the few features that need the network (the Runtime versions
 * feed, OSV advisories, PyPI versions): one request with a timeout for the
 * whole exchange, a size limit, and HTTPS_PROXY / NO_PROXY support.
 */
import * as http from 'node:http';
import * as https from 'node:https';
import { HttpsProxyAgent } from 'https-proxy-agent';

export function proxyFor(url: string, explicit?: string, env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (explicit) return explicit;
  const u = new URL(url);
  const noProxy = (env.NO_PROXY ?? env.no_proxy ?? '').split(',').map((s) => s.trim().toLowerCase()).filter(Boolean);
  const host = u.hostname.toLowerCase();
  if (noProxy.some((p) => p === '*' || host === p.replace(/^\./, '') || host.endsWith(p.startsWith('.') ? p : `.${p}`))) return undefined;
  const proxy = u.protocol === 'https:' ? env.HTTPS_PROXY ?? env.https_proxy ?? env.HTTP_PROXY ?? env.http_proxy : env.HTTP_PROXY ?? env.http_proxy;
  return proxy || undefined;
}

const MAX_RESPONSE_BYTES = 20 * 1024 * 1024;

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
        if (size > MAX_RESPONSE_BYTES) req.destroy(new Error('response too large'));
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
