/** The VS Code adapter: diagnostics, quick fixes, hovers and the workspace check over the engine. */
import * as vscode from 'vscode';
import { CatalogService } from './catalogService';
import { applyAllFixes, COMMANDS, FixProvider, ignoreInFile, showRuleDocs } from './codeActions';
import { AptPackageHoverProvider, FindingHoverProvider, ImageHoverProvider, RequirementHoverProvider } from './hover';
import { IntelService } from './intelService';
import { isProjectDocument, Linter } from './linter';
import { RequirementLinkProvider } from './links';
import { registerReportFeatures, type AstroSharedResponsibilityApi } from './reportFeature';
import { readSettings, SECTION } from './settings';
import { CONFIG_FILE_NAME } from '../engine/files/config';

const DOCKERFILE: vscode.DocumentFilter = { pattern: '**/Dockerfile' };
const REQUIREMENTS: vscode.DocumentFilter = { language: 'pip-requirements' };
const APT_PACKAGES: vscode.DocumentFilter = { language: 'apt-packages' };
/** Every file our findings can be on. */
const SELECTOR: vscode.DocumentSelector = [DOCKERFILE, REQUIREMENTS, APT_PACKAGES];

export interface CheckSummary {
  projects: number;
  findings: number;
  errors: number;
  warnings: number;
}

export async function activate(context: vscode.ExtensionContext): Promise<AstroSharedResponsibilityApi> {
  const log = vscode.window.createOutputChannel('Astro Shared Responsibility', { log: true });
  let settings = readSettings();
  const catalog = new CatalogService(context.globalStorageUri.fsPath, log);
  const intel = new IntelService(context.globalStorageUri.fsPath, log);
  intel.configure(settings);
  // In a remote window this extension runs beside the files: a `vscode-remote` folder is then on this host's disk.
  const remoteOnDisk = vscode.env.remoteName !== undefined && context.extension.extensionKind === vscode.ExtensionKind.Workspace;
  const linter = new Linter(catalog, intel, () => settings, log, remoteOnDisk);
  context.subscriptions.push(log, catalog, intel, linter);
  // The report view, the Responsibilities tree and the language status item: set up before the first check, which they follow.
  const report = registerReportFeatures(context, linter, catalog, () => settings, log);
  const settingsChanged = async () => {
    const before = settings;
    settings = readSettings();
    if (settings.advisoriesOnline !== before.advisoriesOnline || settings.proxy !== before.proxy) intel.configure(settings);
    await catalog.refresh(settings);
    await linter.relintAll();
  };

  context.subscriptions.push(
    vscode.workspace.onDidOpenTextDocument((d) => linter.schedule(d)),
    vscode.workspace.onDidChangeTextDocument((e) => linter.schedule(e.document)),
    vscode.workspace.onDidChangeConfiguration(async (e) => {
      if (!e.affectsConfiguration(SECTION) && !e.affectsConfiguration('http.proxy')) return;
      await settingsChanged();
    }),
    // The workspace folder's .astro-sr.yaml chooses the network and the catalog, as for the CLI (its other keys reach every check through the engine).
    ...configWatchers(() => void settingsChanged()),
    catalog.onDidChange(() => void linter.relintAll()),
    // Package intel that arrives after the first check (never waited for as you type).
    intel.onDidChange(() => void linter.relintAll()),
    // Findings land in any project file (.env, .gitignore, Python…); the provider answers only for our diagnostics.
    vscode.languages.registerCodeActionsProvider({ pattern: '**' }, new FixProvider(linter), FixProvider.metadata),
    vscode.languages.registerHoverProvider(DOCKERFILE, new ImageHoverProvider(linter)),
    vscode.languages.registerHoverProvider(REQUIREMENTS, new RequirementHoverProvider(linter, intel)),
    vscode.languages.registerHoverProvider(APT_PACKAGES, new AptPackageHoverProvider(linter)),
    // Committed credentials can be in any project file; the provider answers only on our findings.
    vscode.languages.registerHoverProvider({ pattern: '**' }, new FindingHoverProvider(linter)),
    vscode.languages.registerDocumentLinkProvider(REQUIREMENTS, new RequirementLinkProvider()),
    vscode.commands.registerCommand('astroSharedResponsibility.checkWorkspace', () => report.checkWorkspace()),
    vscode.commands.registerCommand(COMMANDS.showRuleDocs, (ruleId?: string) => showRuleDocs(context.extensionUri, ruleId ?? '')),
    vscode.commands.registerCommand(COMMANDS.ignoreInFile, (uri: vscode.Uri, ruleId: string) => ignoreInFile(uri, ruleId)),
    vscode.commands.registerCommand(COMMANDS.fixAllWorkspace, () => applyAllFixes(linter)),
  );

  await catalog.refresh(settings);
  // Every project in the background (status bar progress only), so that Problems is filled without opening a file.
  if (settings.checkOnStartup) void linter.checkInBackground();
  await Promise.all(vscode.workspace.textDocuments.filter(isProjectDocument).map((d) => linter.lintDocument(d)));
  return report.api;
}

/** Watches the first workspace folder's `.astro-sr.yaml` (created, changed or deleted). */
function configWatchers(changed: () => void): vscode.Disposable[] {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) return [];
  const watcher = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(folder, CONFIG_FILE_NAME));
  return [watcher, watcher.onDidCreate(changed), watcher.onDidChange(changed), watcher.onDidDelete(changed)];
}

export function deactivate(): void {}
