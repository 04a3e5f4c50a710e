/**
 * The language status item "Astro: 2 errors": in the language status of any
 * file of an Astro project that has results, the worst severity among the
 * findings of that file's project, and in its detail the project and when
 * it was last checked. Clicking it opens the report. Files outside every
 * checked project do not show it (its selector names the projects' folders).
 */
import * as vscode from 'vscode';
import { projectOf } from '../engine/report';
import type { Finding } from '../engine/types';
import type { FolderCheck } from './linter';
import type { WorkspaceReport } from './workspaceReport';

export const STATUS_ITEM_ID = 'astroSharedResponsibility.status';

/** What the item says about the active editor's project. */
export interface ProjectStatus {
  folder: vscode.WorkspaceFolder;
  root: string;
  findings: Finding[];
  checkedAt: Date;
}

/** How often the relative time in the detail ("2 minutes ago") is written again while the item shows. */
const REFRESH_MS = 30_000;

export class ProjectStatusItem implements vscode.Disposable {
  readonly item: vscode.LanguageStatusItem;
  private readonly disposables: vscode.Disposable[] = [];
  private readonly timer: NodeJS.Timeout;
  /** The project of the active editor, when it has results. */
  private current: ProjectStatus | undefined;
  private checks: FolderCheck[] | undefined;
  private selectorKey: string | undefined;

  constructor(
    private readonly model: WorkspaceReport,
    showReportCommand: string,
  ) {
    this.item = vscode.languages.createLanguageStatusItem(STATUS_ITEM_ID, []);
    this.item.name = vscode.l10n.t('Astro Shared Responsibility');
    this.item.command = { title: vscode.l10n.t('Show report'), command: showReportCommand, tooltip: vscode.l10n.t('Show the shared responsibility report') };
    this.disposables.push(
      this.item,
      model.onDidChange(() => this.update(true)),
      vscode.window.onDidChangeActiveTextEditor(() => this.update(false)),
    );
    this.timer = setInterval(() => {
      if (this.current) this.write(this.current);
    }, REFRESH_MS);
    this.update(true);
  }

  /** The project status shown now, if any (for tests). */
  get status(): ProjectStatus | undefined {
    return this.current;
  }

  /** Writes the item for the active editor; `reread`: the results changed (else those last read are used). */
  update(reread: boolean): void {
    if (reread || !this.checks) {
      this.checks = this.model.linter.folderChecks();
      // Shown only for files of projects with results.
      const bases = this.checks.flatMap((c) => c.projects.map((p) => (p.root === '' ? c.folder.uri : vscode.Uri.joinPath(c.folder.uri, ...p.root.split('/')))));
      const key = bases.map((b) => b.toString()).join('\n');
      if (key !== this.selectorKey) {
        this.selectorKey = key;
        this.item.selector = bases.map((base) => ({ pattern: new vscode.RelativePattern(base, '**') }));
      }
    }
    const checks = this.checks;
    this.item.busy = this.model.linter.busy;
    const doc = vscode.window.activeTextEditor?.document;
    this.current = doc ? projectStatusOf(doc.uri, checks) : undefined;
    if (this.current) this.write(this.current);
  }

  private write(status: ProjectStatus): void {
    const counts = { error: 0, warning: 0, info: 0, hint: 0 };
    for (const f of status.findings) counts[f.severity]++;
    const item = this.item;
    if (counts.error) {
      item.text = counts.error === 1 ? vscode.l10n.t('Astro: 1 error') : vscode.l10n.t('Astro: {0} errors', counts.error);
      item.severity = vscode.LanguageStatusSeverity.Error;
    } else if (counts.warning) {
      item.text = counts.warning === 1 ? vscode.l10n.t('Astro: 1 warning') : vscode.l10n.t('Astro: {0} warnings', counts.warning);
      item.severity = vscode.LanguageStatusSeverity.Warning;
    } else if (counts.info) {
      item.text = vscode.l10n.t('Astro: {0} info', counts.info);
      item.severity = vscode.LanguageStatusSeverity.Information;
    } else if (counts.hint) {
      item.text = counts.hint === 1 ? vscode.l10n.t('Astro: 1 hint') : vscode.l10n.t('Astro: {0} hints', counts.hint);
      item.severity = vscode.LanguageStatusSeverity.Information;
    } else {
      item.text = vscode.l10n.t('Astro: no findings');
      item.severity = vscode.LanguageStatusSeverity.Information;
    }
    const name = status.root === '' ? status.folder.name : status.root;
    item.detail = vscode.l10n.t('{0}, checked {1}', name, relativeTime(status.checkedAt));
    item.accessibilityInformation = { label: `${item.text}. ${item.detail}` };
  }

  dispose(): void {
    clearInterval(this.timer);
    for (const d of this.disposables) d.dispose();
  }
}

/** The project a file belongs to among the checked ones, with its findings. */
export function projectStatusOf(uri: vscode.Uri, checks: readonly FolderCheck[]): ProjectStatus | undefined {
  const folder = vscode.workspace.getWorkspaceFolder(uri);
  if (!folder) return undefined;
  const check = checks.find((c) => c.folder.uri.toString() === folder.uri.toString());
  if (!check) return undefined;
  const base = folder.uri.path.replace(/\/$/, '');
  if (!uri.path.startsWith(`${base}/`)) return undefined;
  const rel = uri.path.slice(base.length + 1);
  const root = projectOf(rel, check.projects.map((p) => p.root));
  if (root === null) return undefined;
  return { folder, root, findings: check.byProject.get(root) ?? [], checkedAt: check.checkedAt };
}

/** "now", "2 minutes ago", "yesterday", in VS Code's display language. */
export function relativeTime(then: Date, now = new Date()): string {
  const seconds = Math.round((then.getTime() - now.getTime()) / 1000);
  let format: Intl.RelativeTimeFormat;
  try {
    format = new Intl.RelativeTimeFormat(vscode.env.language, { numeric: 'auto' });
  } catch {
    format = new Intl.RelativeTimeFormat('en', { numeric: 'auto' });
  }
  const abs = Math.abs(seconds);
  if (abs < 45) return format.format(0, 'second');
  if (abs < 45 * 60) return format.format(Math.round(seconds / 60), 'minute');
  if (abs < 22 * 3600) return format.format(Math.round(seconds / 3600), 'hour');
  return format.format(Math.round(seconds / 86400), 'day');
}
