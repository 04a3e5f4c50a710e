/**
 * Known vulnerabilities of pinned PyPI packages, from the OSV API
 * (https://google.github.io/osv.dev/api/): one `querybatch` round trip per
 * 1000 package versions (with its pagination), then each advisory's record.
 * Records that are aliases of one another (a PYSEC and a GHSA for one CVE)
 * are folded into one advisory.
 */
import { fetchText } from '../net';
import { cvss3BaseScore, severityOfScore } from './cvss';
import type { Advisory, AdvisorySeverity, AffectedRange } from './intel';
import { compareVersions, sortVersions } from './pep440';
import { normalizeName } from './pep503';

export const OSV_URL = 'https://api.osv.dev';
/** OSV's limit of queries in one querybatch request. */
export const OSV_BATCH_LIMIT = 1000;
/** Never follow more pages than this for one run (a misbehaving mirror must not loop forever). */
const MAX_PAGE_ROUNDS = 20;

export interface OsvOptions {
  baseUrl?: string;
  timeoutMs: number;
  proxy?: string;
  env?: NodeJS.ProcessEnv;
  /** Queries per querybatch request; default (and at most) 1000. */
  batchSize?: number;
  /** Record requests in flight at once; default 8. */
  concurrency?: number;
}

export interface VersionQuery {
  /** PEP 503 normalised name. */
  name: string;
  version: string;
}

export interface OsvLookup {
  /** Advisories per `name==version` key (see `versionKey`); a key is absent when its lookup failed. */
  advisories: Map<string, Advisory[]>;
  /** What went wrong, for a log. */
  notes: string[];
}

export const versionKey = (name: string, version: string): string => `${name}==${version}`;

/** PEP 503: lowercase, runs of `-`, `_` and `.` as one `-`. */

const trimBase = (url: string) => url.replace(/\/+$/, '');

/**
 * Looks up every version. Never throws: a version whose lookup failed is
 * missing from the result, with a note. After the first network failure no
 * further request is made.
 */
export async function lookUpAdvisories(queries: readonly VersionQuery[], options: OsvOptions): Promise<OsvLookup> {
  const notes: string[] = [];
  const advisories = new Map<string, Advisory[]>();
  const unique = new Map<string, VersionQuery>();
  for (const q of queries) unique.set(versionKey(q.name, q.version), q);
  if (unique.size === 0) return { advisories, notes };
  const base = trimBase(options.baseUrl ?? OSV_URL);
  let ids: Map<string, string[]>;
  try {
    ids = await queryBatch([...unique.values()], options);
  } catch (err) {
    notes.push(`could not query OSV at ${base}: ${(err as Error).message}`);
    return { advisories, notes };
  }
  const records = new Map<string, unknown>();
  const failedIds = new Set<string>();
  let down: Error | undefined;
  await mapLimit([...new Set([...ids.values()].flat())], options.concurrency ?? 8, async (id) => {
    if (down) {
      failedIds.add(id);
      return;
    }
    try {
      records.set(id, JSON.parse(await fetchText(`${base}/v1/vulns/${encodeURIComponent(id)}`, options.timeoutMs, options.proxy, { env: options.env })));
    } catch (err) {
      failedIds.add(id);
      down ??= err as Error;
    }
  });
  if (down) notes.push(`could not read OSV advisory records from ${base}: ${down.message}`);
  for (const [key, vulnIds] of ids) {
    if (vulnIds.some((id) => failedIds.has(id))) continue;
    const name = unique.get(key)!.name;
    const found = vulnIds.map((id) => advisoryFromOsv(records.get(id), name, id)).filter((a): a is Advisory => a !== undefined);
    advisories.set(key, mergeAliases(found));
  }
  return { advisories, notes };
}

interface BatchResponse {
  results?: { vulns?: { id?: unknown }[]; next_page_token?: unknown }[];
}

/** The vulnerability ids OSV lists for each version, by `versionKey`; throws when OSV cannot be read. */
export async function queryBatch(queries: readonly VersionQuery[], options: OsvOptions): Promise<Map<string, string[]>> {
  const url = `${trimBase(options.baseUrl ?? OSV_URL)}/v1/querybatch`;
  const size = Math.max(1, Math.min(options.batchSize ?? OSV_BATCH_LIMIT, OSV_BATCH_LIMIT));
  const out = new Map<string, string[]>();
  let pending: { query: VersionQuery; pageToken?: string }[] = queries.map((query) => ({ query }));
  for (const q of queries) out.set(versionKey(q.name, q.version), []);
  for (let round = 0; pending.length > 0; round++) {
    if (round >= MAX_PAGE_ROUNDS) throw new Error(`still paging after ${MAX_PAGE_ROUNDS} rounds`);
    const next: typeof pending = [];
    for (let i = 0; i < pending.length; i += size) {
      const chunk = pending.slice(i, i + size);
      const body = JSON.stringify({
        queries: chunk.map(({ query, pageToken }) => ({
          package: { name: query.name, ecosystem: 'PyPI' },
          version: query.version,
          ...(pageToken ? { page_token: pageToken } : {}),
        })),
      });
      const doc = JSON.parse(await fetchText(url, options.timeoutMs, options.proxy, { method: 'POST', body, env: options.env })) as BatchResponse;
      const results = doc?.results;
      if (!Array.isArray(results) || results.length !== chunk.length) throw new Error('the querybatch answer does not match the queries');
      results.forEach((result, j) => {
        const { query } = chunk[j];
        const list = out.get(versionKey(query.name, query.version))!;
        for (const v of Array.isArray(result?.vulns) ? result.vulns : []) {
          if (typeof v?.id === 'string' && !list.includes(v.id)) list.push(v.id);
        }
        if (typeof result?.next_page_token === 'string' && result.next_page_token) next.push({ query, pageToken: result.next_page_token });
      });
    }
    pending = next;
  }
  return out;
}

/* ------------------------------------------------------------------ records */

interface OsvEvent {
  introduced?: unknown;
  fixed?: unknown;
  last_affected?: unknown;
}

interface OsvRecord {
  id?: unknown;
  aliases?: unknown;
  summary?: unknown;
  details?: unknown;
  withdrawn?: unknown;
  severity?: { type?: unknown; score?: unknown }[];
  database_specific?: { severity?: unknown };
  affected?: {
    package?: { name?: unknown; ecosystem?: unknown };
    ranges?: { type?: unknown; events?: OsvEvent[] }[];
    database_specific?: { severity?: unknown };
    ecosystem_specific?: { severity?: unknown };
  }[];
}

const SEVERITY_ORDER: readonly AdvisorySeverity[] = ['unknown', 'low', 'moderate', 'high', 'critical'];
export const severityRank = (s: AdvisorySeverity): number => SEVERITY_ORDER.indexOf(s);

/** GitHub's and OSV's severity words; CVSS's `MEDIUM` is `moderate`. */
export function severityOfWord(word: unknown): AdvisorySeverity | undefined {
  if (typeof word !== 'string') return undefined;
  const w = word.trim().toLowerCase();
  if (w === 'critical' || w === 'high' || w === 'low') return w;
  if (w === 'moderate' || w === 'medium') return 'moderate';
  return undefined;
}

/**
 * An OSV record as an advisory about one PyPI package, or undefined when it
 * is withdrawn or says nothing about that package.
 */
export function advisoryFromOsv(doc: unknown, name: string, fallbackId?: string): Advisory | undefined {
  if (!doc || typeof doc !== 'object') return undefined;
  const rec = doc as OsvRecord;
  const id = typeof rec.id === 'string' ? rec.id : fallbackId;
  if (!id || rec.withdrawn) return undefined;
  const affected = (Array.isArray(rec.affected) ? rec.affected : []).filter(
    (a) => typeof a?.package?.name === 'string' && a.package.ecosystem === 'PyPI' && normalizeName(a.package.name) === name,
  );
  if (affected.length === 0) return undefined;
  const ranges: AffectedRange[] = [];
  const fixed: string[] = [];
  for (const a of affected) {
    for (const r of Array.isArray(a.ranges) ? a.ranges : []) {
      if (r?.type !== 'ECOSYSTEM' || !Array.isArray(r.events)) continue;
      const intervals = intervalsOf(r.events);
      ranges.push(...intervals);
      for (const i of intervals) if (i.fixed) fixed.push(i.fixed);
    }
  }
  const word =
    severityOfWord(rec.database_specific?.severity) ??
    affected.map((a) => severityOfWord(a.database_specific?.severity) ?? severityOfWord(a.ecosystem_specific?.severity)).find((s) => s !== undefined);
  const aliases = Array.isArray(rec.aliases) ? rec.aliases.filter((a): a is string => typeof a === 'string' && a !== id) : [];
  const advisory: Advisory = {
    id,
    aliases: [...new Set(aliases)].sort(),
    severity: word ?? cvssSeverity(rec.severity) ?? 'unknown',
    fixed: sortVersions(fixed),
    url: `https://osv.dev/vulnerability/${encodeURIComponent(id)}`,
  };
  const summary = summaryOf(rec);
  if (summary) advisory.summary = summary;
  if (ranges.length) advisory.ranges = ranges;
  return advisory;
}

/** The highest rating of the record's CVSS v3 vectors (v4 and v2 vectors are not scored). */
function cvssSeverity(entries: OsvRecord['severity']): AdvisorySeverity | undefined {
  let best: AdvisorySeverity | undefined;
  for (const e of Array.isArray(entries) ? entries : []) {
    if (e?.type !== 'CVSS_V3' || typeof e.score !== 'string') continue;
    const score = cvss3BaseScore(e.score);
    if (score === undefined) continue;
    const s = severityOfScore(score);
    if (!best || severityRank(s) > severityRank(best)) best = s;
  }
  return best;
}

function summaryOf(rec: OsvRecord): string | undefined {
  if (typeof rec.summary === 'string' && rec.summary.trim()) return rec.summary.trim();
  if (typeof rec.details !== 'string') return undefined;
  const first = rec.details.trim().split(/\n\s*\n/)[0].replace(/\s+/g, ' ');
  return first.length > 200 ? `${first.slice(0, 197)}...` : first || undefined;
}

/** The intervals of one ECOSYSTEM range, its events read in version order. */
function intervalsOf(events: OsvEvent[]): AffectedRange[] {
  const typed: { kind: 'introduced' | 'fixed' | 'last_affected'; version: string }[] = [];
  for (const e of events) {
    if (typeof e?.introduced === 'string') typed.push({ kind: 'introduced', version: e.introduced });
    else if (typeof e?.fixed === 'string') typed.push({ kind: 'fixed', version: e.fixed });
    else if (typeof e?.last_affected === 'string') typed.push({ kind: 'last_affected', version: e.last_affected });
  }
  const at = (v: string) => (v === '0' ? '' : v);
  typed.sort((a, b) => (at(a.version) === '' ? -1 : at(b.version) === '' ? 1 : compareVersions(a.version, b.version)));
  const out: AffectedRange[] = [];
  let open: AffectedRange | undefined;
  for (const e of typed) {
    if (e.kind === 'introduced') {
      if (!open) open = e.version === '0' ? {} : { introduced: e.version };
    } else if (open) {
      if (e.kind === 'fixed') open.fixed = e.version;
      else open.lastAffected = e.version;
      out.push(open);
      open = undefined;
    }
  }
  if (open) out.push(open);
  return out;
}

/** Whether the advisory's ranges cover a version; undefined when it gives no ranges. */
export function affects(advisory: Advisory, version: string): boolean | undefined {
  if (!advisory.ranges?.length) return undefined;
  return advisory.ranges.some(
    (r) =>
      (r.introduced === undefined || compareVersions(version, r.introduced) >= 0) &&
      (r.fixed !== undefined ? compareVersions(version, r.fixed) < 0 : r.lastAffected !== undefined ? compareVersions(version, r.lastAffected) <= 0 : true),
  );
}

const ID_PREFERENCE = (id: string) => (id.startsWith('GHSA-') ? 0 : id.startsWith('PYSEC-') ? 1 : 2);

/**
 * Folds records that name one another (or share an alias such as a CVE) into
 * one advisory: a GHSA id first, the highest severity, every fixed version.
 * Sorted most severe first, then by id.
 */
export function mergeAliases(list: readonly Advisory[]): Advisory[] {
  const groups: Advisory[][] = [];
  const names = (a: Advisory) => new Set([a.id, ...a.aliases]);
  for (const a of list) {
    const mine = names(a);
    const touching = groups.filter((g) => g.some((b) => [...names(b)].some((n) => mine.has(n))));
    const merged = [...touching.flat(), a];
    for (const g of touching) groups.splice(groups.indexOf(g), 1);
    groups.push(merged);
  }
  const out = groups.map((g) => {
    const sorted = [...g].sort((a, b) => ID_PREFERENCE(a.id) - ID_PREFERENCE(b.id) || (a.id < b.id ? -1 : 1));
    const head = sorted[0];
    const severity = g.map((a) => a.severity).reduce((x, y) => (severityRank(y) > severityRank(x) ? y : x));
    const aliases = [...new Set(g.flatMap((a) => [a.id, ...a.aliases]))].filter((n) => n !== head.id).sort();
    const merged: Advisory = { ...head, aliases, severity, fixed: sortVersions(g.flatMap((a) => a.fixed)) };
    merged.summary ??= sorted.find((a) => a.summary)?.summary;
    if (!merged.summary) delete merged.summary;
    const ranges = sorted.find((a) => a.ranges?.length)?.ranges;
    if (ranges) merged.ranges = ranges;
    return merged;
  });
  return out.sort((a, b) => severityRank(b.severity) - severityRank(a.severity) || (a.id < b.id ? -1 : 1));
}

/** Runs `fn` over the items, at most `limit` at a time. */
export async function mapLimit<T>(items: readonly T[], limit: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await fn(items[next++]);
  };
  await Promise.all(Array.from({ length: Math.min(Math.max(1, limit), items.length) }, worker));
}
