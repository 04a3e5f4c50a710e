/**
 * What the engine knows about Python packages from outside the project:
 * published advisories and newest releases. Gathered before the rules run
 * (the network is never touched by a rule), and absent when offline.
 */
export type AdvisorySeverity = 'critical' | 'high' | 'moderate' | 'low' | 'unknown';

export interface Advisory {
  /** The advisory id (e.g. `GHSA-…` or `PYSEC-…`). */
  id: string;
  aliases: string[];
  summary?: string;
  severity: AdvisorySeverity;
  /** Versions that fix it, oldest first. */
  fixed: string[];
  /** The affected version intervals of the package, when the advisory gives them (to tell whether a fixed version fixes it). */
  ranges?: AffectedRange[];
  url?: string;
}

/** Versions from `introduced` (absent: from the first) up to `fixed` (excluded) or `lastAffected` (included); neither: every later one. */
export interface AffectedRange {
  introduced?: string;
  fixed?: string;
  lastAffected?: string;
}

/** A package version the engine wants to know about. */
export interface PackageQuery {
  /** PEP 503 normalised name. */
  name: string;
  /** An exact version, when the requirement pins one. */
  version?: string;
}

export interface PackageIntel {
  /** `online`: gathered now or from a fresh cache; `offline`: turned off; `unavailable`: the network failed and nothing was cached. */
  status: 'online' | 'offline' | 'unavailable';
  /** Advisories for a version; undefined when that version was not looked up. */
  advisories(name: string, version: string): Advisory[] | undefined;
  /** The newest release on the package index, when known. */
  latest(name: string): string | undefined;
  /** What happened on the way (a source that could not be reached, a cache that was used instead), for a log or a report. */
  notes?: string[];
}

/** Gathers intel for the queries of every project checked. */
export type IntelGatherer = (queries: PackageQuery[]) => Promise<PackageIntel>;

export const NO_INTEL: PackageIntel = {
  status: 'offline',
  advisories: () => undefined,
  latest: () => undefined,
};
