import type { RuntimeRelease } from './catalog';

export type LifecycleState =
  | { state: 'supported' }
  | { state: 'ending-soon'; which: 'maintenance' | 'basic support'; date: string; days: number }
  | { state: 'maintenance-ended'; date: string }
  | { state: 'unsupported'; date: string };

/** Days from `from` to `to`, both YYYY-MM-DD. */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

/**
 * Where a release stands on `today`. The dates in the feed are the last day
 * of maintenance and of basic support.
 */
export function lifecycleOf(r: RuntimeRelease, today: string, warningDays: number): LifecycleState {
  const eobs = r.endOfBasicSupport;
  const eom = r.endOfMaintenance;
  if (eobs && today > eobs) return { state: 'unsupported', date: eobs };
  if (eom && today > eom) {
    if (eobs && daysBetween(today, eobs) <= warningDays) return { state: 'ending-soon', which: 'basic support', date: eobs, days: daysBetween(today, eobs) };
    return { state: 'maintenance-ended', date: eom };
  }
  if (eom && daysBetween(today, eom) <= warningDays) return { state: 'ending-soon', which: 'maintenance', date: eom, days: daysBetween(today, eom) };
  if (eobs && daysBetween(today, eobs) <= warningDays) return { state: 'ending-soon', which: 'basic support', date: eobs, days: daysBetween(today, eobs) };
  return { state: 'supported' };
}

/** True when users of this release should move to a newer line rather than a newer patch. */
export function shouldLeaveLine(r: RuntimeRelease, today: string, warningDays: number): boolean {
  return lifecycleOf(r, today, warningDays).state !== 'supported';
}
