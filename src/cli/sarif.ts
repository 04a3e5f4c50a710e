/**
 * SARIF 2.1.0 output (`--format sarif`), for code scanning in CI (GitHub,
 * GitLab, Azure DevOps): one run, every rule with its documentation, one
 * result per finding with its location and fixes, and what could not be read
 * as tool notifications. Messages are the findings' own, which never hold a
 * secret's value; fixes insert only what the tool writes (a version, an
 * ignore entry, `os.environ[…]`).
 */
import { pathToFileURL } from 'node:url';
import type * as Sarif from 'sarif';
import { CLI_NAME, PRODUCT_NAME, REPOSITORY_URL, ruleDocsUrl } from '../engine/product';
import { RESPONSIBILITIES } from '../engine/knowledge/responsibilities';
import { RULES } from '../engine/rules';
import type { RuleMeta } from '../engine/rules/rule';
import type { Range, Severity } from '../engine/types';
import type { Report } from './format';

const SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';
const ROOT = 'SRCROOT';

const LEVEL: Record<Severity, Sarif.Result.level> = { error: 'error', warning: 'warning', info: 'note', hint: 'note' };

/** GitHub's scale for security alerts (critical from 9, high from 7, medium from 4): for the credential and token rules. */
const SECURITY_SEVERITY: Partial<Record<Severity, string>> = { error: '8.0', warning: '6.0', info: '3.0' };

export function toSarif(report: Report, root: string): string {
  const ruleIndex = new Map(RULES.map((r, i) => [r.id, i]));
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
    originalUriBaseIds: { [ROOT]: { uri: `${pathToFileURL(root).href.replace(/\/?$/, '/')}` } },
    columnKind: 'utf16CodeUnits',
    results: report.result.findings.map((f) => {
      const result: Sarif.Result = {
        ruleId: f.ruleId,
        ruleIndex: ruleIndex.get(f.ruleId),
        level: LEVEL[f.severity],
        message: { text: f.message },
        locations: [location(f.file, f.range)],
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
  const security = r.responsibility === 'secrets' || r.responsibility === 'access';
  const help = [r.summary, r.instead ? `Instead: ${r.instead}` : undefined, duty ? `Your responsibility (${duty.title}): ${duty.duty}` : undefined].filter(Boolean).join('\n\n');
  return {
    id: r.id,
    name: r.name,
    shortDescription: { text: r.summary },
    helpUri: ruleDocsUrl(r.id),
    help: { text: help, markdown: `${help}\n\n[${r.id} ${r.name}](${ruleDocsUrl(r.id)})` },
    defaultConfiguration: { enabled: r.enabledByDefault !== false, level: LEVEL[r.defaultSeverity] },
    properties: {
      tags: [r.responsibility, ...(security ? ['security'] : [])],
      ...(security && SECURITY_SEVERITY[r.defaultSeverity] ? { 'security-severity': SECURITY_SEVERITY[r.defaultSeverity] } : {}),
    },
  };
}

/** A path relative to the checked root, as a relative URI reference (each segment percent-encoded). */
function artifact(file: string): Sarif.ArtifactLocation {
  return { uri: file.split('/').map(encodeURIComponent).join('/'), uriBaseId: ROOT };
}

function location(file: string, range: Range): Sarif.Location {
  return { physicalLocation: { artifactLocation: artifact(file), region: region(range) } };
}

/** SARIF regions are 1-based; the end column is the one after the region, as in the engine (0-based, end exclusive). */
function region(r: Range): Sarif.Region {
  return { startLine: r.start.line + 1, startColumn: r.start.character + 1, endLine: r.end.line + 1, endColumn: r.end.character + 1 };
}

function groupByFile<T extends { file: string }>(edits: readonly T[]): [string, T[]][] {
  const out = new Map<string, T[]>();
  for (const e of edits) out.set(e.file, [...(out.get(e.file) ?? []), e]);
  return [...out];
}
