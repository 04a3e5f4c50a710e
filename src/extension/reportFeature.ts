/**
 * The shared-responsibility report in VS Code: the report webview, the
 * "Responsibilities" tree in its own view container, the language status
 * item, and the commands that open them. `registerReportFeatures` wires them
 * to the Linter; its `api` is what `activate` returns (tests read it).
 */
import * as vscode from 'vscode';
import { showRuleDocs } from './codeActions';
import type { CatalogService } from './catalogService';
import type { CheckSummary } from './extension';
import type { Linter } from './linter';
import { applyFix, ReportView, type WebviewShows } from './reportView';
import { ResponsibilityTree, TREE_VIEW_ID, OPEN_FINDING_COMMAND, type TreeNode } from './reportTree';
import type { Settings } from './settings';
import { ProjectStatusItem } from './statusItem';
import { WorkspaceReport, type WorkspaceReportData } from './workspaceReport';
import type { ShareReport } from '../engine/report';

export const REPORT_COMMANDS = {
  checkWorkspace: 'astroSharedResponsibility.checkWorkspace',
  showReport: 'astroSharedResponsibility.showReport',
  refresh: 'astroSharedResponsibility.refresh',
  openFinding: OPEN_FINDING_COMMAND,
  applyFindingFix: 'astroSharedResponsibility.applyFindingFix',
  showFindingDocumentation: 'astroSharedResponsibility.showFindingDocumentation',
} as const;

/** Context keys of the view's welcome content. */
const CONTEXT = {
  hasProjects: 'astroSharedResponsibility.hasProjects',
  checking: 'astroSharedResponsibility.checking',
  checked: 'astroSharedResponsibility.checked',
} as const;

/**
 * What the extension exports (`vscode.extensions.getExtension(id).exports`).
 * For tests and tools that look at what the extension shows; not a stable API.
 */
export interface AstroSharedResponsibilityApi {
  report: {
    /** The report the webview was last given, undefined before it was first opened. */
    readonly report: ShareReport | undefined;
    /** Its HTML. */
    readonly html: string;
    readonly isOpen: boolean;
    readonly isVisible: boolean;
    /** What the page itself last said it lists (after loading or an update). */
    readonly webviewShows: WebviewShows | undefined;
    /** Acts on a message as if the page had posted it (`open`, `fix`, `docs`). */
    handleMessage(message: unknown): Promise<void>;
  };
  /** The workspace's report as the views see it now. */
  current(): WorkspaceReportData;
  tree: ResponsibilityTree;
  statusItem: ProjectStatusItem;
}

export interface ReportFeatures {
  /** The command "Astro: Check shared responsibilities". */
  checkWorkspace(): Promise<CheckSummary>;
  api: AstroSharedResponsibilityApi;
}

export function registerReportFeatures(context: vscode.ExtensionContext, linter: Linter, catalog: CatalogService, settings: () => Settings, log: vscode.LogOutputChannel): ReportFeatures {
  const version = String((context.extension.packageJSON as { version?: string }).version ?? '0.0.0');
  const model = new WorkspaceReport(linter, { catalog: () => catalog.current, settings, version });
  const view = new ReportView(model, context.extensionUri, log);
  const tree = new ResponsibilityTree(model);
  const treeView = vscode.window.createTreeView<TreeNode>(TREE_VIEW_ID, { treeDataProvider: tree, showCollapseAll: true });
  const status = new ProjectStatusItem(model, REPORT_COMMANDS.showReport);
  context.subscriptions.push(model, view, tree, treeView, status);

  // The view's welcome content and its badge follow the results; a progress bar shows on the view while a whole check runs.
  let viewProgress: Promise<void> | undefined;
  const follow = () => {
    const data = model.current();
    const hasProjects = tree.hasProjects(data);
    void vscode.commands.executeCommand('setContext', CONTEXT.hasProjects, hasProjects);
    void vscode.commands.executeCommand('setContext', CONTEXT.checking, linter.busy);
    void vscode.commands.executeCommand('setContext', CONTEXT.checked, model.everChecked);
    const errors = data.report.totals.error;
    treeView.badge = errors ? { value: errors, tooltip: errors === 1 ? vscode.l10n.t('1 error in the Astro projects') : vscode.l10n.t('{0} errors in the Astro projects', errors) } : undefined;
    if (linter.busy && !viewProgress) {
      viewProgress = Promise.resolve(vscode.window.withProgress({ location: { viewId: TREE_VIEW_ID } }, () => model.idle())).finally(() => (viewProgress = undefined));
    }
  };
  follow();
  context.subscriptions.push(model.onDidChange(follow));

  /** Makes sure every folder's results are current: waits for a whole check that runs, or runs one. */
  const ensureChecked = () =>
    vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: vscode.l10n.t('Astro: checking shared responsibilities') }, async () => {
      if (linter.busy) await model.idle();
      if (!model.isCurrent) await linter.checkWorkspace();
    });

  const checkWorkspace = async (): Promise<CheckSummary> => {
    await ensureChecked();
    view.show();
    const findings = linter.folderChecks().flatMap((c) => c.findings);
    const count = (s: string) => findings.filter((f) => f.severity === s).length;
    return { projects: linter.folderChecks().reduce((n, c) => n + c.projects.length, 0), findings: findings.length, errors: count('error'), warnings: count('warning') };
  };

  context.subscriptions.push(
    vscode.commands.registerCommand(REPORT_COMMANDS.showReport, () => {
      view.show();
      // Nothing checked yet (no check on startup): check now; the report follows.
      if (!model.isCurrent && !linter.busy) void ensureChecked();
    }),
    vscode.commands.registerCommand(REPORT_COMMANDS.refresh, () => vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: vscode.l10n.t('Astro: checking shared responsibilities') }, () => linter.checkWorkspace())),
    vscode.commands.registerCommand(REPORT_COMMANDS.openFinding, async (uri: vscode.Uri, range: vscode.Range) => {
      if (!(uri instanceof vscode.Uri)) return;
      await vscode.window.showTextDocument(uri, { selection: range instanceof vscode.Range ? range : undefined, preview: true });
    }),
    vscode.commands.registerCommand(REPORT_COMMANDS.applyFindingFix, async (node?: TreeNode) => {
      if (node?.kind !== 'finding') return;
      const fix = node.entry.finding.fixes.find((f) => f.isPreferred) ?? node.entry.finding.fixes[0];
      if (fix) await applyFix(node.entry, fix);
    }),
    vscode.commands.registerCommand(REPORT_COMMANDS.showFindingDocumentation, async (node?: TreeNode) => {
      if (node?.kind === 'finding') await showRuleDocs(context.extensionUri, node.finding.ruleId);
    }),
  );

  const api: AstroSharedResponsibilityApi = {
    report: {
      get report() {
        return view.report;
      },
      get html() {
        return view.html;
      },
      get isOpen() {
        return view.isOpen;
      },
      get isVisible() {
        return view.isVisible;
      },
      get webviewShows() {
        return view.webviewShows;
      },
      handleMessage: (message: unknown) => view.handleMessage(message),
    },
    current: () => model.current(),
    tree,
    statusItem: status,
  };
  return { checkWorkspace, api };
}
