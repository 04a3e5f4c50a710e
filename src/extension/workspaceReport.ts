/**
 * The shared-responsibility report of the whole workspace, as the report
 * view, the Responsibilities tree and the language status item show it: one
 * `ShareReport` built from the Linter's latest results of every workspace
 * folder, rebuilt (debounced) when the Linter publishes new findings.
 *
 * In a multi-root workspace the folders' results are merged into one report:
 * each project root and file path is prefixed with its folder's name
 * (`backend/team-a/Dockerfile`), so the report reads as one tree; `entries`
 * maps every report finding back to its folder and the Linter's own finding,
 * whose paths are relative to that folder (for URIs and fixes).
 */
import * as vscode from 'vscode';
import { todayUtc, type CheckResult, type ProjectSummary } from '../engine/check';
import type { RuntimeCatalog } from '../engine/knowledge/runtime/catalog';
import { buildReport, rulesOffBy, type ProjectReport, type ReportFinding, type ShareReport } from '../engine/report';
import type { Finding, ReadProblem } from '../engine/types';
import { toRange } from './convert';
import type { FolderCheck, Linter } from './linter';
import type { Settings } from './settings';

/** How long a burst of checks (an edit, a branch switch) is gathered before the views are told. */
export const REPORT_DEBOUNCE_MS = 300;

/** A report finding traced back to the Linter: its workspace folder and its finding (file relative to the folder). */
export interface ReportEntry {
  folder: vscode.WorkspaceFolder;
  finding: Finding;
}

/** A project of the report with the folder it is in and its root relative to that folder. */
export interface ReportProject {
  folder: vscode.WorkspaceFolder;
  /** Relative to the folder, '' for the folder itself. */
  root: string;
  /** What `ShareReport.projects` holds for it (its `root` carries the folder prefix in a multi-root workspace). */
  report: ProjectReport;
  /** When the folder's results last changed. */
  checkedAt: Date;
}

export interface WorkspaceReportData {
  report: ShareReport;
  /** By `ReportFinding.index`. */
  entries: ReportEntry[];
  projects: ReportProject[];
  /** The folders the report is made of, with the prefix their paths carry in the report ('' in a single-folder workspace). */
  folders: { folder: vscode.WorkspaceFolder; prefix: string; check: FolderCheck }[];
  /** Whether more than one workspace folder is open (the report's paths then start with the folder's name). */
  multiRoot: boolean;
}

export interface ReportContext {
  catalog: () => RuntimeCatalog;
  settings: () => Settings;
  /** The extension's version, as the report's footer names it. */
  version: string;
}

/**
 * Follows the Linter and keeps the workspace's report: built on demand from
 * the latest results, announced (debounced) when they change.
 */
export class WorkspaceReport implements vscode.Disposable {
  private data: WorkspaceReportData | undefined;
  private dirty = true;
  private timer: NodeJS.Timeout | undefined;
  /** Folders (by URI) whose whole check has completed since activation: their results stay current as the Linter follows changes. */
  private readonly wholeChecked = new Set<string>();
  private readonly changed = new vscode.EventEmitter<void>();
  /** The report changed (debounced), or a whole check started or ended. */
  readonly onDidChange = this.changed.event;
  private readonly disposables: vscode.Disposable[] = [];

  constructor(
    readonly linter: Linter,
    private readonly context: ReportContext,
  ) {
    this.disposables.push(
      this.changed,
      linter.onDidCheck((check) => {
        if (check.scope === 'folder') this.wholeChecked.add(check.folder.uri.toString());
        this.invalidate();
      }),
      linter.onDidChangeBusy(() => this.changed.fire()),
      vscode.workspace.onDidChangeWorkspaceFolders((e) => {
        for (const f of e.removed) this.wholeChecked.delete(f.uri.toString());
        this.invalidate();
      }),
    );
  }

  /** The report as of the Linter's latest results. */
  current(): WorkspaceReportData {
    if (!this.data || this.dirty) {
      this.data = buildWorkspaceReport(this.linter.folderChecks(), vscode.workspace.workspaceFolders ?? [], this.context);
      this.dirty = false;
    }
    return this.data;
  }

  /** Whether every workspace folder has been checked whole and no check is running: the results can be shown as they are. */
  get isCurrent(): boolean {
    const folders = vscode.workspace.workspaceFolders ?? [];
    return !this.linter.busy && folders.every((f) => this.wholeChecked.has(f.uri.toString()));
  }

  /** Whether any folder has been checked whole since activation. */
  get everChecked(): boolean {
    return this.wholeChecked.size > 0;
  }

  /** The results changed: rebuilt when next asked for; the views are told after a pause. */
  invalidate(): void {
    this.dirty = true;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.changed.fire(), REPORT_DEBOUNCE_MS);
  }

  /** Resolves when no whole check is running. */
  idle(): Promise<void> {
    if (!this.linter.busy) return Promise.resolve();
    return new Promise((resolve) => {
      const sub = this.linter.onDidChangeBusy((busy) => {
        if (busy) return;
        sub.dispose();
        resolve();
      });
      // It may have ended between the test and the subscription.
      if (!this.linter.busy) {
        sub.dispose();
        resolve();
      }
    });
  }

  dispose(): void {
    clearTimeout(this.timer);
    for (const d of this.disposables) d.dispose();
  }
}

/** The report over some folders' results, merged; folders are taken in the workspace's order. */
export function buildWorkspaceReport(checks: readonly FolderCheck[], workspaceFolders: readonly vscode.WorkspaceFolder[], context: ReportContext): WorkspaceReportData {
  const multiRoot = workspaceFolders.length > 1;
  const order = new Map(workspaceFolders.map((f, i) => [f.uri.toString(), i]));
  const sorted = [...checks].sort((a, b) => (order.get(a.folder.uri.toString()) ?? 0) - (order.get(b.folder.uri.toString()) ?? 0));
  const prefixes = folderPrefixes(workspaceFolders);
  const folders = sorted.map((check) => ({ folder: check.folder, prefix: multiRoot ? (prefixes.get(check.folder.uri.toString()) ?? check.folder.name) : '', check }));

  const projects: ProjectSummary[] = [];
  const findings: Finding[] = [];
  const problems: ReadProblem[] = [];
  const entries: ReportEntry[] = [];
  const projectOrigins: { folder: vscode.WorkspaceFolder; root: string; checkedAt: Date }[] = [];
  for (const { folder, prefix, check } of folders) {
    const join = (path: string) => (prefix === '' ? path : path === '' ? prefix : `${prefix}/${path}`);
    for (const p of check.projects) {
      projects.push({ ...p, root: join(p.root) });
      projectOrigins.push({ folder, root: p.root, checkedAt: check.checkedAt });
    }
    for (const f of check.findings) {
      findings.push(prefix === '' ? f : { ...f, file: join(f.file) });
      entries.push({ folder, finding: f });
    }
    for (const p of check.problems) problems.push({ ...p, file: join(p.file) });
  }
  const result: CheckResult = { projects, findings, problems, intel: worstIntel(sorted) };

  const settings = context.settings();
  const rulesOff = rulesOffBy(settings.rules);
  const notes: string[] = [];
  const skipped = new Set<string>();
  if (!rulesOff.has('ASR306') && result.intel !== 'online' && sorted.length > 0) {
    skipped.add('ASR306');
    notes.push(
      result.intel === 'offline'
        ? vscode.l10n.t('Vulnerability checks (ASR306) were skipped: advisory lookups are turned off (setting astroSharedResponsibility.advisories.online).')
        : vscode.l10n.t('Vulnerability checks (ASR306) were skipped: the advisory database (OSV) could not be reached.'),
    );
  }
  const report = buildReport(result, {
    catalog: context.catalog(),
    today: settings.today ?? todayUtc(),
    warningDays: settings.warningDays,
    version: context.version,
    rulesOff,
    rulesSkipped: skipped,
    notes,
  });
  return {
    report,
    entries,
    projects: report.projects.map((p, i) => ({ ...projectOrigins[i], report: p })),
    folders,
    multiRoot,
  };
}

/** Each folder's name, made unique (`app`, `app (2)`): the first segment of its paths in a merged report. */
function folderPrefixes(folders: readonly vscode.WorkspaceFolder[]): Map<string, string> {
  const out = new Map<string, string>();
  const used = new Set<string>();
  for (const f of folders) {
    const base = f.name || String(f.index);
    let name = base;
    for (let n = 2; used.has(name); n++) name = `${base} (${n})`;
    used.add(name);
    out.set(f.uri.toString(), name);
  }
  return out;
}

function worstIntel(checks: readonly FolderCheck[]): CheckResult['intel'] {
  if (checks.some((c) => c.intel === 'unavailable')) return 'unavailable';
  if (checks.some((c) => c.intel === 'offline')) return 'offline';
  return 'online';
}

/** Where a report finding is: its file's URI and range. */
export function locationOf(entry: ReportEntry): { uri: vscode.Uri; range: vscode.Range } {
  return { uri: vscode.Uri.joinPath(entry.folder.uri, ...entry.finding.file.split('/')), range: toRange(entry.finding.range) };
}

/** What a webview message names of a finding (its `data-*` attributes). */
export interface FindingRef {
  index: number;
  file: string;
  line: number;
  character: number;
  rule: string;
}

/**
 * The entry a view's reference names: the finding at its index when it is
 * still the same one, else the finding at the same place with the same rule
 * (the view may show an older report than the current one).
 */
export function resolveFinding(data: WorkspaceReportData, ref: FindingRef): ReportEntry | undefined {
  const same = (f: ReportFinding) => f.file === ref.file && f.ruleId === ref.rule && f.range.start.line === ref.line && f.range.start.character === ref.character;
  const at = data.report.findings[ref.index];
  if (at && same(at)) return data.entries[ref.index];
  const found = data.report.findings.find(same);
  return found ? data.entries[found.index] : undefined;
}
