import * as vscode from 'vscode';
import { checkProject, type CheckOptions } from '../engine/check';
import { packageQueries } from '../engine/analysis/requirements/queries';
import { isBinaryFileName, SKIPPED_DIRS } from '../engine/files/kinds';
import type { PackageIntel } from '../engine/knowledge/packages/intel';
import { findProjectOf, findProjects, loadProject } from '../engine/project/find';
import { ModelCache } from '../engine/project/load';
import type { AstroProject } from '../engine/project/model';
import type { Finding } from '../engine/types';
import type { CatalogService } from './catalogService';
import { toDiagnostic } from './convert';
import type { IntelService } from './intelService';
import type { Settings } from './settings';
import { FileCache, rootOf, VsCodeFs } from './vscodeFs';

const DEBOUNCE_MS = 250;
/** Changes on disk (a checkout, a save, a generated file) are gathered this long before the projects they touch are checked again. */
const DISK_DEBOUNCE_MS = 500;
/** How long a check as you type waits for package intel not in memory (a fresh disk cache answers in time; the network does not). */
const INTEL_WAIT_MS = 300;
/** How long the workspace check (a command with progress) waits for package intel. */
const INTEL_WAIT_WORKSPACE_MS = 30_000;

/** A project file on disk or in a workspace folder (not a git revision, an output pane or a diff side). */
export function isProjectDocument(doc: vscode.TextDocument): boolean {
  // Every text file can change a project's findings (ASR210 reads them all); binary ones cannot.
  if (isBinaryFileName(doc.uri.path.slice(doc.uri.path.lastIndexOf('/') + 1))) return false;
  return doc.uri.scheme === 'file' || vscode.workspace.getWorkspaceFolder(doc.uri) !== undefined;
}

/**
 * Keeps the Problems panel in step with the engine's findings. A check always
 * covers a whole project, and replaces every diagnostic that project had.
 */
export class Linter implements vscode.Disposable {
  readonly diagnostics = vscode.languages.createDiagnosticCollection('astro-shared-responsibility');
  /** The findings behind the diagnostics, by file URI: the code actions read their fixes here. */
  private readonly findings = new Map<string, { findings: Finding[]; root: vscode.Uri }>();
  /** The file URIs each project has diagnostics on, by `<folder URI>#<project root>`. */
  private readonly published = new Map<string, Set<string>>();
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly versions = new Map<string, number>();
  private workspaceChecked = false;
  /** What was read from disk, kept between checks as you type. */
  private readonly cache = new FileCache();
  /** The models made of files, kept between checks: only a file that changed is parsed and scanned again. */
  private readonly models = new ModelCache();
  private readonly diskChanges = new Set<string>();
  private diskTimer: NodeJS.Timeout | undefined;

  constructor(
    private readonly catalog: CatalogService,
    private readonly intel: IntelService,
    private readonly settings: () => Settings,
    private readonly log: vscode.LogOutputChannel,
  ) {
    this.cache.onDidChange((uri) => this.diskChanged(uri));
  }

  private fsOf(root: vscode.Uri): VsCodeFs {
    return new VsCodeFs(root, this.cache);
  }

  options(intel: PackageIntel = this.intel.current): CheckOptions {
    const s = this.settings();
    return { catalog: this.catalog.current, today: s.today, warningDays: s.warningDays, rules: s.rules, intel, pinOperator: s.pinOperator };
  }

  findingsFor(uri: vscode.Uri): { findings: Finding[]; root: vscode.Uri } | undefined {
    return this.findings.get(uri.toString());
  }

  /** Lints soon: many keystrokes make one check. */
  schedule(doc: vscode.TextDocument): void {
    if (!isProjectDocument(doc)) return;
    const key = doc.uri.toString();
    clearTimeout(this.timers.get(key));
    this.timers.set(
      key,
      setTimeout(() => {
        this.timers.delete(key);
        void this.lintDocument(doc);
      }, DEBOUNCE_MS),
    );
  }

  /** Checks the project a document belongs to. */
  async lintDocument(doc: vscode.TextDocument): Promise<void> {
    if (!isProjectDocument(doc) || doc.isClosed) return;
    const key = doc.uri.toString();
    const version = doc.version;
    this.versions.set(key, version);
    try {
      const { root, path } = rootOf(doc.uri);
      const fs = this.fsOf(root);
      const project = await findProjectOf(fs, path, [], { cache: this.models });
      if (this.versions.get(key) !== version) return; // a newer edit is being checked
      if (!project) {
        if (this.findings.has(key)) this.publishFile(doc.uri, root, []);
        return;
      }
      // Never waits long for the network: what is missing arrives later, and IntelService.onDidChange re-checks.
      const intel = await this.intel.intelFor(packageQueries(project), INTEL_WAIT_MS);
      if (this.versions.get(key) !== version || doc.isClosed) return;
      this.publishProject(root, project.root, checkProject(project, this.options(intel)));
    } catch (err) {
      this.log.error(`checking ${doc.uri.toString(true)}: ${(err as Error).message}`);
    }
  }

  /** Checks every Astro project in every workspace folder. */
  async checkWorkspace(token?: vscode.CancellationToken): Promise<{ projects: string[]; findings: Finding[] }> {
    const allProjects: string[] = [];
    const allFindings: Finding[] = [];
    const found: { folder: vscode.WorkspaceFolder; projects: AstroProject[] }[] = [];
    for (const folder of vscode.workspace.workspaceFolders ?? []) {
      if (token?.isCancellationRequested) break;
      const { projects, problems } = await findProjects(this.fsOf(folder.uri), '', { cache: this.models });
      for (const p of problems) this.log.warn(`${p.file}: ${p.message}`);
      found.push({ folder, projects });
    }
    const intel = await this.intel.intelFor(found.flatMap((f) => f.projects.flatMap(packageQueries)), INTEL_WAIT_WORKSPACE_MS);
    const options = this.options(intel);
    for (const { folder, projects } of found) {
      const seen = new Set<string>();
      for (const project of projects) {
        const findings = checkProject(project, options);
        seen.add(this.publishProject(folder.uri, project.root, findings));
        allProjects.push(project.root);
        allFindings.push(...findings);
      }
      // Projects of this folder that are gone.
      for (const key of [...this.published.keys()]) {
        if (key.startsWith(`${folder.uri.toString()}#`) && !seen.has(key)) this.clearProject(key, folder.uri);
      }
    }
    this.workspaceChecked = true;
    return { projects: allProjects, findings: allFindings };
  }

  /**
   * A file changed on disk: once the changes settle, the projects they touch
   * are checked again when they show diagnostics or have an open document
   * (so that `git checkout` of a .gitignore, or a file written by a tool,
   * updates the Problems panel).
   */
  private diskChanged(uri: vscode.Uri): void {
    // Not in a workspace folder, or in a folder no check reads (.git, node_modules, a virtual environment).
    if (!vscode.workspace.getWorkspaceFolder(uri) || uri.path.split('/').some((segment) => SKIPPED_DIRS.has(segment))) return;
    this.diskChanges.add(uri.toString());
    clearTimeout(this.diskTimer);
    this.diskTimer = setTimeout(() => void this.recheckChanged(), DISK_DEBOUNCE_MS);
  }

  private async recheckChanged(): Promise<void> {
    const changed = [...this.diskChanges].map((u) => vscode.Uri.parse(u));
    this.diskChanges.clear();
    const checked = new Set<string>();
    const openUris = vscode.workspace.textDocuments.filter(isProjectDocument).map((d) => d.uri.toString());
    for (const uri of changed) {
      try {
        const { root, path } = rootOf(uri);
        const fs = this.fsOf(root);
        // Only the Dockerfiles are read to find the project; its files are read for the check.
        const found = await findProjectOf(fs, path, [], { withFiles: false, cache: this.models });
        if (!found) continue;
        const key = `${root.toString()}#${found.root}`;
        if (checked.has(key)) continue;
        checked.add(key);
        const prefix = found.root === '' ? root.toString() : fs.uriOf(found.root).toString();
        if (!this.published.has(key) && !openUris.some((u) => u.startsWith(`${prefix}/`))) continue;
        const project = await loadProject(fs, found.root, [], { cache: this.models });
        if (!project) continue;
        const intel = await this.intel.intelFor(packageQueries(project), INTEL_WAIT_MS);
        this.publishProject(root, project.root, checkProject(project, this.options(intel)));
      } catch (err) {
        this.log.error(`checking after a change to ${uri.toString(true)}: ${(err as Error).message}`);
      }
    }
  }

  /** Re-checks what is shown, after a setting or the catalog changed. */
  async relintAll(): Promise<void> {
    if (this.workspaceChecked) await this.checkWorkspace();
    await Promise.all(vscode.workspace.textDocuments.filter(isProjectDocument).map((d) => this.lintDocument(d)));
  }

  private publishProject(folder: vscode.Uri, projectRoot: string, findings: Finding[]): string {
    const key = `${folder.toString()}#${projectRoot}`;
    const fs = new VsCodeFs(folder);
    const byFile = new Map<string, Finding[]>();
    for (const f of findings) byFile.set(fs.uriOf(f.file).toString(), [...(byFile.get(fs.uriOf(f.file).toString()) ?? []), f]);
    for (const uri of this.published.get(key) ?? []) if (!byFile.has(uri)) this.publishFile(vscode.Uri.parse(uri), folder, []);
    for (const [uri, list] of byFile) this.publishFile(vscode.Uri.parse(uri), folder, list);
    this.published.set(key, new Set(byFile.keys()));
    return key;
  }

  private clearProject(key: string, folder: vscode.Uri): void {
    for (const uri of this.published.get(key) ?? []) this.publishFile(vscode.Uri.parse(uri), folder, []);
    this.published.delete(key);
  }

  private publishFile(uri: vscode.Uri, root: vscode.Uri, findings: Finding[]): void {
    const key = uri.toString();
    if (findings.length === 0) this.findings.delete(key);
    else this.findings.set(key, { findings, root });
    this.diagnostics.set(uri, findings.map(toDiagnostic));
  }

  dispose(): void {
    for (const t of this.timers.values()) clearTimeout(t);
    clearTimeout(this.diskTimer);
    this.cache.dispose();
    this.diagnostics.dispose();
  }
}
