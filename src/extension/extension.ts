/** The VS Code adapter: diagnostics, quick fixes, hovers and the workspace check over the engine. */
import * as vscode from 'vscode';
import { CatalogService } from './catalogService';
import { FixProvider } from './codeActions';
import { AptPackageHoverProvider, FindingHoverProvider, ImageHoverProvider, RequirementHoverProvider } from './hover';
import { IntelService } from './intelService';
import { isProjectDocument, Linter } from './linter';
import { RequirementLinkProvider } from './links';
import { readSettings, SECTION } from './settings';

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

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const log = vscode.window.createOutputChannel('Astro Shared Responsibility', { log: true });
  let settings = readSettings();
  const catalog = new CatalogService(context.globalStorageUri.fsPath, log);
  const intel = new IntelService(context.globalStorageUri.fsPath, log);
  intel.configure(settings);
  const linter = new Linter(catalog, intel, () => settings, log);
  context.subscriptions.push(log, catalog, intel, linter);

  context.subscriptions.push(
    vscode.workspace.onDidOpenTextDocument((d) => linter.schedule(d)),
    vscode.workspace.onDidChangeTextDocument((e) => linter.schedule(e.document)),
    vscode.workspace.onDidChangeConfiguration(async (e) => {
      if (!e.affectsConfiguration(SECTION) && !e.affectsConfiguration('http.proxy')) return;
      const before = settings;
      settings = readSettings();
      if (settings.advisoriesOnline !== before.advisoriesOnline || settings.proxy !== before.proxy) intel.configure(settings);
      await catalog.refresh(settings);
      await linter.relintAll();
    }),
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
    vscode.commands.registerCommand('astroSharedResponsibility.checkWorkspace', () => checkWorkspaceCommand(linter)),
  );

  await catalog.refresh(settings);
  await Promise.all(vscode.workspace.textDocuments.filter(isProjectDocument).map((d) => linter.lintDocument(d)));
}

async function checkWorkspaceCommand(linter: Linter): Promise<CheckSummary> {
  const result = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: 'Checking shared responsibilities', cancellable: true },
    (_progress, token) => linter.checkWorkspace(token),
  );
  const count = (s: string) => result.findings.filter((f) => f.severity === s).length;
  const summary = { projects: result.projects.length, findings: result.findings.length, errors: count('error'), warnings: count('warning') };
  const text =
    summary.projects === 0
      ? 'No Astro project found in this workspace.'
      : `Checked ${summary.projects} Astro project${summary.projects === 1 ? '' : 's'}: ` +
        (summary.findings === 0 ? 'nothing to act on.' : `${plural(summary.errors, 'error')}, ${plural(summary.warnings, 'warning')}${summary.findings > summary.errors + summary.warnings ? `, ${summary.findings - summary.errors - summary.warnings} more` : ''}.`);
  void vscode.window.showInformationMessage(text, ...(summary.findings ? ['Show Problems'] : [])).then((choice) => {
    if (choice) void vscode.commands.executeCommand('workbench.actions.view.problems');
  });
  return summary;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

export function deactivate(): void {}
