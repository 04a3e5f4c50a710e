import * as vscode from 'vscode';
import { createIntelGatherer } from '../engine/knowledge/packages/gather';
import type { Advisory, IntelGatherer, PackageIntel, PackageQuery } from '../engine/knowledge/packages/intel';
import type { Settings } from './settings';

/** A query that failed is not asked again for this long (each keystroke re-checks the project). */
const RETRY_MS = 10 * 60_000;

/** What the editor knows about the packages of a project, for a hover. */
export type IntelState =
  /** The setting is off: nothing is looked up. */
  | 'offline'
  /** Being looked up. */
  | 'pending'
  /** Looked up (now or from the cache). */
  | 'online'
  /** The lookup failed and nothing was cached. */
  | 'unavailable';

const key = (name: string, version: string) => `${name}==${version}`;

/**
 * Holds package intel (OSV advisories, PyPI newest versions) for what the
 * open projects install: answers gathered so far are kept in memory; missing
 * ones are gathered in the background (the gatherer keeps its own cache on
 * disk for a day) and `onDidChange` fires when they arrive, so the first
 * diagnostics never wait for the network.
 */
export class IntelService implements vscode.Disposable {
  private gatherer: IntelGatherer = createIntelGatherer({ online: false });
  private online = false;
  private advisories = new Map<string, Advisory[]>();
  private latestVersions = new Map<string, string>();
  /** Queries asked (answered or not), by key, with when. */
  private asked = new Map<string, number>();
  private inFlight = new Map<string, Promise<void>>();
  private failed = false;
  /** Bumped when the settings change: answers of an older generation are dropped. */
  private generation = 0;
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;

  constructor(
    private readonly cacheDir: string,
    private readonly log: vscode.LogOutputChannel,
  ) {}

  /** Applies the settings; forgets what was gathered when they change what may be asked. */
  configure(settings: Settings): void {
    this.online = settings.advisoriesOnline;
    this.gatherer = createIntelGatherer({ online: settings.advisoriesOnline, cacheDir: this.cacheDir, proxy: settings.proxy });
    this.generation++;
    this.advisories = new Map();
    this.latestVersions = new Map();
    this.asked = new Map();
    this.inFlight = new Map();
    this.failed = false;
  }

  /** The intel known now, for CheckOptions. */
  get current(): PackageIntel {
    const advisories = this.advisories;
    const latest = this.latestVersions;
    return {
      status: !this.online ? 'offline' : this.failed && advisories.size === 0 && latest.size === 0 ? 'unavailable' : 'online',
      advisories: (name, version) => advisories.get(key(name, version)),
      latest: (name) => latest.get(name),
    };
  }

  /** Whether advisories for this version are known, being looked up, not looked up (offline), or could not be had. */
  stateOf(name: string, version?: string): IntelState {
    if (!this.online) return 'offline';
    const k = version ? key(name, version) : name;
    if (version ? this.advisories.has(k) : this.latestVersions.has(k)) return 'online';
    if (this.inFlight.has(k)) return 'pending';
    return this.asked.has(k) ? 'unavailable' : 'pending';
  }

  /**
   * The intel for these queries: at once when every one is known (or offline,
   * or recently failed); otherwise starts gathering the missing ones and waits
   * at most `waitMs` for them (a fresh disk cache answers in time). Later
   * answers fire `onDidChange`.
   */
  async intelFor(queries: readonly PackageQuery[], waitMs: number): Promise<PackageIntel> {
    if (!this.online || queries.length === 0) return this.current;
    const now = Date.now();
    const waits: Promise<void>[] = [];
    const missing: PackageQuery[] = [];
    for (const q of queries) {
      const keys = [q.name, ...(q.version ? [key(q.name, q.version)] : [])];
      for (const k of keys) {
        const flight = this.inFlight.get(k);
        if (flight) waits.push(flight);
      }
      const known = this.latestVersions.has(q.name) && (!q.version || this.advisories.has(key(q.name, q.version)));
      const recent = keys.every((k) => now - (this.asked.get(k) ?? -Infinity) < RETRY_MS);
      if (!known && !recent && !keys.some((k) => this.inFlight.has(k))) missing.push(q);
    }
    if (missing.length > 0) waits.push(this.gather(missing));
    if (waits.length === 0) return this.current;
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([Promise.all(waits), new Promise<void>((resolve) => (timer = setTimeout(resolve, waitMs)))]);
    clearTimeout(timer);
    return this.current;
  }

  private gather(queries: PackageQuery[]): Promise<void> {
    const generation = this.generation;
    const keys = [...new Set(queries.flatMap((q) => [q.name, ...(q.version ? [key(q.name, q.version)] : [])]))];
    const started = Date.now();
    let fire = false;
    const run = (async () => {
      const intel = await this.gatherer(queries);
      if (generation !== this.generation) return;
      for (const n of intel.notes ?? []) this.log.info(`package intel: ${n}`);
      for (const q of queries) {
        const latest = intel.latest(q.name);
        if (latest !== undefined && this.latestVersions.get(q.name) !== latest) {
          this.latestVersions.set(q.name, latest);
          fire = true;
        }
        if (q.version) {
          const advisories = intel.advisories(q.name, q.version);
          if (advisories !== undefined) {
            this.advisories.set(key(q.name, q.version), advisories);
            fire = true;
          }
        }
      }
      this.failed = intel.status === 'unavailable';
      fire ||= this.failed;
      this.log.info(`package intel for ${queries.length} package${queries.length === 1 ? '' : 's'}: ${intel.status} in ${Date.now() - started} ms`);
    })()
      .catch((err: unknown) => this.log.warn(`package intel: ${(err as Error).message}`))
      .finally(() => {
        if (generation !== this.generation) return;
        for (const k of keys) {
          this.asked.set(k, Date.now());
          if (this.inFlight.get(k) === run) this.inFlight.delete(k);
        }
        // After the bookkeeping: a re-check started by this event finds the answers, not a lookup in flight.
        if (fire) this.changed.fire();
      });
    for (const k of keys) this.inFlight.set(k, run);
    return run;
  }

  dispose(): void {
    this.generation++;
    this.changed.dispose();
  }
}
