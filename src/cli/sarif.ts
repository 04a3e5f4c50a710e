/**
 * SARIF 2.1.0 output (`--format sarif`), for code scanning in CI (GitHub,
 * GitLab, Azure DevOps): one run, every rule with its documentation, one
 * result per finding with its location, fingerprints and fixes, and what
 * could not be read as tool notifications. Messages are the findings' own,
 * which never hold a secret's value; fixes insert only what the tool writes
 * (a version, an ignore entry, `os.environ[…]`).
 *
 * It follows GitHub's "SARIF support for code scanning": rules have
 * `fullDescription`, `help.markdown`, `tags`, `precision`, and
 * `security-severity` (security rules) or `problem.severity` (the others);
 * paths are relative to the repository root with a `uriBaseId`; a result
 * has one `primaryLocationLineHash`; and a run stays within the upload limits.
 */
import { createHash } from 'node:crypto';
import { pathToFileURL } from 'node:url';
import type * as Sarif from 'sarif';
import { CLI_NAME, PRODUCT_NAME, REPOSITORY_URL, ruleDocsUrl } from '../engine/product';
import { RESPONSIBILITIES } from '../engine/knowledge/responsibilities';
import { RULES } from '../engine/rules';
import type { RuleMeta } from '../engine/rules/rule';
import { SEVERITY_RANK, type Finding, type FindingCategory, type Range, type Severity } from '../engine/types';
import type { Report } from './format';
import { pathBase, workspaceOf } from './workspace';

const SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';
const ROOT = 'SRCROOT';
/** Our own partial fingerprint: `Finding.fingerprint` whole. GitHub reads only `primaryLocationLineHash`; other consumers may read this. */
export const FINGERPRINT_KEY = 'astroSharedResponsibility/v1';
/** GitHub rejects a run with more results than this. */
export const MAX_RESULTS = 25_000;
/** GitHub's limits on a rule's name and descriptions (none comes near them today; a cut shows as `…`). */
const MAX_NAME = 255;
const MAX_DESCRIPTION = 1024;

const LEVEL: Record<Severity, Sarif.Result.level> = { error: 'error', warning: 'warning', info: 'note', hint: 'note' };

/** GitHub's scale for security alerts (critical from 9, high from 7, medium from 4, low above 0). */
const SECURITY_SEVERITY: Record<Severity, string> = { error: '8.0', warning: '6.0', info: '3.0', hint: '1.0' };
/** GitHub's severity for the alerts of rules that are not about security. */
const PROBLEM_SEVERITY: Record<Severity, 'error' | 'warning' | 'recommendation'> = { error: 'error', warning: 'warning', info: 'recommendation', hint: 'recommendation' };

/**
 * How often a rule's findings are right, which GitHub uses to order alerts.
 * Runtime, requirement and set-up findings are facts read from the files and
 * the catalog; secret, access and network findings also weigh names and
 * values (the secret rules are held to a precision of 0.9 on real code, see
 * test/real).
 */
const PRECISION: Record<FindingCategory, 'very-high' | 'high'> = {
  tool: 'very-high',
  runtime: 'very-high',
  code: 'very-high',
  secrets: 'high',
  access: 'high',
  network: 'high',
  identity: 'high',
  resources: 'high',
};

/** Security alerts in code scanning: credentials, access, transport security, and two supply-chain rules (a package index over plain http, known vulnerabilities). */
const SECURITY_CATEGORIES: ReadonlySet<FindingCategory> = new Set(['secrets', 'access', 'network']);
const SECURITY_RULES: ReadonlySet<string> = new Set(['ASR304', 'ASR306']);

export function isSecurityRule(r: RuleMeta): boolean {
  return SECURITY_CATEGORIES.has(r.responsibility) || SECURITY_RULES.has(r.id);
}

/**
 * `root` is the checked folder; `workspace` the repository root that GitHub
 * resolves paths against (see workspace.ts). Paths are relative to the
 * workspace when the checked folder is inside it, else to the checked folder.
 */
export function toSarif(report: Report, root: string, workspace: string = workspaceOf(process.env)): string {
  const { base, prefix } = pathBase(root, workspace);
  const artifact = (file: string): Sarif.ArtifactLocation => ({ uri: `${prefix}${file}`.split('/').map(encodeURIComponent).join('/'), uriBaseId: ROOT });
  const ruleIndex = new Map(RULES.map((r, i) => [r.id, i]));
  const { kept, leftOut } = withinLimit(report.result.findings);
  const lineHashes = lineHashesOf(kept);
  const run: Sarif.Run = {
    tool: {
      driver: {
        name: CLI_NAME,
        fullName: PRODUCT_NAME,
        version: report.version,
        semanticVersion: report.version,
        informationUri: REPOSITORY_URL,
        rules: RULES.map(descriptor),
      },
    },
    originalUriBaseIds: { [ROOT]: { uri: `${pathToFileURL(base).href.replace(/\/?$/, '/')}` } },
    columnKind: 'utf16CodeUnits',
    results: kept.map((f, i) => {
      const result: Sarif.Result = {
        ruleId: f.ruleId,
        ruleIndex: ruleIndex.get(f.ruleId),
        level: LEVEL[f.severity],
        message: { text: f.message },
        locations: [{ physicalLocation: { artifactLocation: artifact(f.file), region: region(f.range) } }],
        ...(f.fingerprint ? { partialFingerprints: { primaryLocationLineHash: lineHashes[i]!, [FINGERPRINT_KEY]: f.fingerprint } } : {}),
        properties: { responsibility: f.responsibility, severity: f.severity, ...(f.related ? { related: f.related } : {}) },
      };
      if (f.fixes.length > 0) {
        result.fixes = f.fixes.map((fix) => ({
          description: { text: fix.title },
          artifactChanges: groupByFile(fix.edits).map(([file, edits]) => ({
            artifactLocation: artifact(file),
            replacements: edits.map((e) => ({ deletedRegion: region(e.range), insertedContent: { text: e.newText } })),
          })),
        }));
      }
      return result;
    }),
    invocations: [
      {
        executionSuccessful: true,
        toolExecutionNotifications: [
          ...report.result.problems.map((p) => ({ level: 'warning' as const, message: { text: p.message }, locations: [{ physicalLocation: { artifactLocation: artifact(p.file) } }] })),
          ...(leftOut > 0 ? [{ level: 'warning' as const, message: { text: leftOutNote(leftOut) } }] : []),
          ...report.notes.map((n) => ({ level: 'note' as const, message: { text: n } })),
        ],
      },
    ],
    properties: {
      catalog: { source: report.catalog.info.source, asOf: report.catalog.info.asOf },
      today: report.today,
      advisories: { status: report.advisories.status },
    },
  };
  const log: Sarif.Log = { $schema: SCHEMA, version: '2.1.0', runs: [run] };
  return JSON.stringify(log, null, 2);
}

function descriptor(r: RuleMeta): Sarif.ReportingDescriptor {
  const duty = r.responsibility === 'tool' ? undefined : RESPONSIBILITIES[r.responsibility];
  const security = isSecurityRule(r);
  const help = [r.summary, r.instead ? `Instead: ${r.instead}` : undefined, duty ? `Your responsibility (${duty.title}): ${duty.duty}` : undefined].filter(Boolean).join('\n\n');
  return {
    id: r.id,
    name: clip(r.name, MAX_NAME),
    shortDescription: { text: clip(r.summary, MAX_DESCRIPTION) },
    fullDescription: { text: clip([r.summary, r.instead].filter(Boolean).join(' '), MAX_DESCRIPTION) },
    helpUri: ruleDocsUrl(r.id),
    help: { text: help, markdown: `${help}\n\n[${r.id} ${r.name}](${ruleDocsUrl(r.id)})` },
    defaultConfiguration: { enabled: r.enabledByDefault !== false, level: LEVEL[r.defaultSeverity] },
    properties: {
      tags: [r.responsibility, ...(security ? ['security'] : [])],
      precision: PRECISION[r.responsibility],
      ...(security ? { 'security-severity': SECURITY_SEVERITY[r.defaultSeverity] } : { 'problem.severity': PROBLEM_SEVERITY[r.defaultSeverity] }),
    },
  };
}

/** The findings a run can hold: all of them, or the most severe MAX_RESULTS (in their order) when there are more. */
function withinLimit(findings: readonly Finding[]): { kept: readonly Finding[]; leftOut: number } {
  if (findings.length <= MAX_RESULTS) return { kept: findings, leftOut: 0 };
  const chosen = new Set([...findings].sort((a, b) => SEVERITY_RANK[b.severity] - SEVERITY_RANK[a.severity]).slice(0, MAX_RESULTS));
  return { kept: findings.filter((f) => chosen.has(f)), leftOut: findings.length - MAX_RESULTS };
}

function leftOutNote(n: number): string {
  return `${n} finding${n === 1 ? '' : 's'} of lower severity left out: GitHub code scanning accepts at most ${MAX_RESULTS} results in a run. The text and JSON outputs hold them all.`;
}

/**
 * `primaryLocationLineHash` in GitHub's form `<16 hex>:<n>`, from the
 * finding's fingerprint (not from its line number, so an alert stays put when
 * lines are added above it). `n` counts results of one file with the same
 * 16 digits, as GitHub counts identical line hashes, so that two results never
 * share a value and merge into one alert.
 */
function lineHashesOf(findings: readonly Finding[]): (string | undefined)[] {
  const seen = new Map<string, number>();
  return findings.map((f) => {
    if (!f.fingerprint) return undefined;
    const hex = /^[0-9a-f]{16}/i.test(f.fingerprint) ? f.fingerprint.slice(0, 16).toLowerCase() : createHash('sha256').update(f.fingerprint).digest('hex').slice(0, 16);
    const key = `${f.file}\0${hex}`;
    const n = (seen.get(key) ?? 0) + 1;
    seen.set(key, n);
    return `${hex}:${n}`;
  });
}

/** SARIF regions are 1-based; the end column is the one after the region, as in the engine (0-based, end exclusive). */
function region(r: Range): Sarif.Region {
  return { startLine: r.start.line + 1, startColumn: r.start.character + 1, endLine: r.end.line + 1, endColumn: r.end.character + 1 };
}

function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

function groupByFile<T extends { file: string }>(edits: readonly T[]): [string, T[]][] {
  const out = new Map<string, T[]>();
  for (const e of edits) out.set(e.file, [...(out.get(e.file) ?? []), e]);
  return [...out];
}
