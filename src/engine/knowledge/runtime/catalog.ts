/**
 * The catalog of Astro Runtime releases, read from a document in the format
 * of Astronomer's Runtime versions feed (`runtimeVersions`, `runtimeVersionsV3`).
 */
import { compareVersions, type RuntimeFamily } from './image';

export type CatalogSource = 'bundled' | 'cache' | 'online' | 'file';

export interface RuntimeRelease {
  version: string;
  family: RuntimeFamily;
  line: string;
  airflowVersion?: string;
  channel: string;
  releaseDate?: string;
  yanked: boolean;
  yankedReason?: string;
  endOfMaintenance?: string;
  endOfBasicSupport?: string;
}

export interface CatalogInfo {
  source: CatalogSource;
  /** The date the data is from (YYYY-MM-DD). */
  asOf: string;
  /** Where it came from: a URL or a file path; for people, not for machines. */
  origin?: string;
}

export class RuntimeCatalog {
  private readonly byKey = new Map<string, RuntimeRelease>();
  private readonly byLine = new Map<string, RuntimeRelease[]>();

  constructor(readonly info: CatalogInfo, releases: Iterable<RuntimeRelease>) {
    for (const r of releases) {
      this.byKey.set(`${r.family}:${r.version}`, r);
      const key = `${r.family}:${r.line}`;
      const list = this.byLine.get(key) ?? [];
      list.push(r);
      this.byLine.set(key, list);
    }
    for (const list of this.byLine.values()) list.sort((a, b) => compareVersions(a.version, b.version));
  }

  private readonly views = new Map<string, RuntimeCatalog>();

  /** The catalog as it stood on `date`: releases published later are left out. */
  releasedBy(date: string): RuntimeCatalog {
    if (date >= this.info.asOf) return this;
    let view = this.views.get(date);
    if (!view) {
      view = new RuntimeCatalog(this.info, [...this.byKey.values()].filter((r) => !r.releaseDate || r.releaseDate <= date));
      this.views.set(date, view);
    }
    return view;
  }

  /** Every release, for handing the catalog to another thread. */
  releases(): RuntimeRelease[] {
    return [...this.byKey.values()];
  }

  get size(): number {
    return this.byKey.size;
  }

  get(family: RuntimeFamily, version: string): RuntimeRelease | undefined {
    return this.byKey.get(`${family}:${version}`);
  }

  /** Every release of a line, oldest first. */
  line(family: RuntimeFamily, line: string): readonly RuntimeRelease[] {
    return this.byLine.get(`${family}:${line}`) ?? [];
  }

  /** Every line of a family, oldest first. */
  lines(family: RuntimeFamily): string[] {
    return [...this.byLine.keys()]
      .filter((k) => k.startsWith(`${family}:`))
      .map((k) => k.slice(family.length + 1))
      .sort(compareVersions);
  }

  /** The newest release users should move to in a line: stable and not yanked. */
  newestInLine(family: RuntimeFamily, line: string): RuntimeRelease | undefined {
    const list = this.line(family, line);
    for (let i = list.length - 1; i >= 0; i--) if (isInstallable(list[i])) return list[i];
    return undefined;
  }

  /** The Airflow major a release belongs to (`2` for every 12.4.0-style release). */
  static airflowMajor(r: Pick<RuntimeRelease, 'airflowVersion' | 'family'>): number {
    const m = /^(\d+)/.exec(r.airflowVersion ?? '');
    return m ? +m[1] : r.family === 'v3' ? 3 : 2;
  }
}

export function isInstallable(r: RuntimeRelease): boolean {
  return r.channel === 'stable' && !r.yanked;
}

/** Reads a feed document; throws on a document that is not one. */
export function catalogFromFeed(doc: unknown, info: CatalogInfo): RuntimeCatalog {
  if (!doc || typeof doc !== 'object') throw new Error('not a JSON object');
  const root = doc as Record<string, unknown>;
  const releases: RuntimeRelease[] = [];
  const read = (table: unknown, family: RuntimeFamily) => {
    if (!table || typeof table !== 'object') return;
    for (const [version, entry] of Object.entries(table as Record<string, unknown>)) {
      const meta = ((entry as { metadata?: unknown })?.metadata ?? {}) as Record<string, unknown>;
      const str = (k: string) => (typeof meta[k] === 'string' && meta[k] !== '' ? (meta[k] as string) : undefined);
      const m = family === 'v3' ? /^(\d+)\.(\d+)-(\d+)$/.exec(version) : /^(\d+)\.(\d+)\.(\d+)$/.exec(version);
      if (!m) continue;
      const endOfSupport = str('endOfSupport');
      releases.push({
        version,
        family,
        line: family === 'v3' ? `${m[1]}.${m[2]}` : m[1],
        airflowVersion: str('airflowVersion'),
        channel: str('channel') ?? 'stable',
        releaseDate: str('releaseDate'),
        yanked: meta.yanked === true,
        yankedReason: str('yankedReason'),
        endOfMaintenance: str('endOfMaintenance') ?? endOfSupport,
        endOfBasicSupport: str('endOfBasicSupport') ?? endOfSupport,
      });
    }
  };
  read(root.runtimeVersions, 'v2');
  read(root.runtimeVersionsV3, 'v3');
  if (releases.length === 0) throw new Error('no Runtime versions in the document');
  return new RuntimeCatalog(info, releases);
}

/** The snapshot date a feed copy carries, if any (`x-snapshot.assembled`). */
export function feedSnapshotDate(doc: unknown): string | undefined {
  const snap = (doc as { 'x-snapshot'?: { assembled?: unknown } } | undefined)?.['x-snapshot'];
  return typeof snap?.assembled === 'string' ? snap.assembled : undefined;
}
