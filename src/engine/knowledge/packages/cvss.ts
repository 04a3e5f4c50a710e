/**
 * CVSS v3.0 / v3.1 base scores from a vector string (the formula of the
 * FIRST specification, section 7), and the qualitative rating of a score.
 * CVSS v4 vectors need the specification's large lookup tables; they are not
 * scored here (callers fall back to "unknown").
 */
import type { AdvisorySeverity } from './intel';

const WEIGHTS = {
  AV: { N: 0.85, A: 0.62, L: 0.55, P: 0.2 },
  AC: { L: 0.77, H: 0.44 },
  UI: { N: 0.85, R: 0.62 },
  CIA: { H: 0.56, L: 0.22, N: 0 },
} as const;

/** The base score (0.0–10.0) of a `CVSS:3.x/...` vector, or undefined when it is not one or misses a base metric. */
export function cvss3BaseScore(vector: string): number | undefined {
  const parts = vector.trim().split('/');
  if (!/^CVSS:3\.[01]$/.test(parts[0] ?? '')) return undefined;
  const m: Record<string, string> = {};
  for (const part of parts.slice(1)) {
    const [key, value] = part.split(':');
    if (!key || value === undefined || key in m) return undefined;
    m[key] = value;
  }
  const av = (WEIGHTS.AV as Record<string, number>)[m.AV];
  const ac = (WEIGHTS.AC as Record<string, number>)[m.AC];
  const ui = (WEIGHTS.UI as Record<string, number>)[m.UI];
  const c = (WEIGHTS.CIA as Record<string, number>)[m.C];
  const i = (WEIGHTS.CIA as Record<string, number>)[m.I];
  const a = (WEIGHTS.CIA as Record<string, number>)[m.A];
  const scope = m.S;
  if (scope !== 'U' && scope !== 'C') return undefined;
  const changed = scope === 'C';
  const pr = ({ N: 0.85, L: changed ? 0.68 : 0.62, H: changed ? 0.5 : 0.27 } as Record<string, number>)[m.PR];
  if ([av, ac, ui, c, i, a, pr].some((w) => w === undefined)) return undefined;
  const iss = 1 - (1 - c) * (1 - i) * (1 - a);
  const impact = changed ? 7.52 * (iss - 0.029) - 3.25 * Math.pow(iss - 0.02, 15) : 6.42 * iss;
  if (impact <= 0) return 0;
  const exploitability = 8.22 * av * ac * pr * ui;
  return roundUp(Math.min((changed ? 1.08 : 1) * (impact + exploitability), 10));
}

/** CVSS v3.1's Roundup: the smallest number with one decimal that is at least the input, free of floating-point noise. */
function roundUp(x: number): number {
  const n = Math.round(x * 100000);
  return n % 10000 === 0 ? n / 100000 : (Math.floor(n / 10000) + 1) / 10;
}

/** The CVSS qualitative rating of a base score, in the advisory's words (`medium` is called `moderate`, as GitHub does). */
export function severityOfScore(score: number): AdvisorySeverity {
  if (score >= 9) return 'critical';
  if (score >= 7) return 'high';
  if (score >= 4) return 'moderate';
  return 'low';
}
