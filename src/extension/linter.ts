import * as vscode from 'vscode';
import { checkProject, checkTree, type CheckOptions } from '../engine/check';
import { dirname } from '../engine/fs';
import { loadProject, type AstroProject } from '../engine/project';
import type { Finding } from '../engine/types';
import type { CatalogService } from './catalogService';
import { toDiagnostic } from './convert';
import type { Settings } from './settings';
import { rootOf, VsCodeFs } from './vscodeFs';

const DEBOUNCE_MS = 250;

/** A Dockerfile on disk or in a workspace folder (not a git revision, an output pane or a diff side). */
export function isDockerfile(doc: vscode.TextDocument): boolean {
  if (!/(^|\/)Dockerfile$/.test(doc.uri.path)) return false;
  return doc.uri.scheme === 'file' || vscode.workspace.getWorkspaceFolder(doc.uri) !== undefined;
}

/** Keeps the Problems panel in step with the engine's findings. */
export class Linter implements vscode.Disposable {
  readonly diagnostics = vscode.languages.createDiagnosticCollection('astro-shared-responsibility');
  /** The findings behind the diagnostics, by document URI: the code actions read their fixes here. */
  private readonly findings = new Map<string, { findings: Finding[]; root: vscode.Uri }>();
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly versions = new Map<string, number>();

  constructor(
    private readonly catalog: CatalogService,
    private readonly settings: () => Settings,
    private readonly log: vscode.LogOutputChannel,
  ) {}

  options(): CheckOptions {
    const s = this.settings();
    return { catalog: this.catalog.current, today: s.today, warningDays: s.warningDays, rules: s.rules };
  }

  findingsFor(uri: vscode.Uri): { findings: Finding[]; root: vscode.Uri } | undefined {
    return this.findings.get(uri.toString());
  }

  /** Lints soon: many keystrokes make one check. */
  schedule(doc: vscode.TextDocument): void {
    if (!isDockerfile(doc)) return;
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

  async lintDocument(doc: vscode.TextDocument): Promise<void> {
    if (!isDockerfile(doc) || doc.isClosed) return;
    const key = doc.uri.toString();
    const version = doc.version;
    this.versions.set(key, version);
    try {
      const { root, path } = rootOf(doc.uri);
      const project = await loadProject(new VsCodeFs(root), dirname(path));
      if (this.versions.get(key) !== version) return; // a newer edit is being checked
      this.publish(doc.uri, root, project ? checkProject(project, this.options()) : []);
    } catch (err) {
      this.log.error(`checking ${doc.uri.fsPath}: ${(err as Error).message}`);
    }
  }

  /** Checks every Astro project in every workspace folder. */
  async checkWorkspace(token?: vscode.CancellationToken): Promise<{ projects: AstroProject['root'][]; findings: Finding[] }> {
    const allProjects: string[] = [];
    const allFindings: Finding[] = [];
    for (const folder of vscode.workspace.workspaceFolders ?? []) {
      if (token?.isCancellationRequested) break;
      const fs = new VsCodeFs(folder.uri);
      const result = await checkTree(fs, this.options());
      for (const p of result.problems) this.log.warn(`${p.file}: ${p.message}`);
      const byFile = new Map<string, Finding[]>();
      for (const p of result.projects) byFile.set(p.root ? `${p.root}/Dockerfile` : 'Dockerfile', []);
      for (const f of result.findings) byFile.set(f.file, [...(byFile.get(f.file) ?? []), f]);
      // Files that had findings in this folder and no longer do.
      for (const [key, entry] of this.findings) {
        if (entry.root.toString() === folder.uri.toString() && !byFile.has(rootOf(vscode.Uri.parse(key)).path)) this.publish(vscode.Uri.parse(key), folder.uri, []);
      }
      for (const [file, findings] of byFile) this.publish(fs.uriOf(file), folder.uri, findings);
      allProjects.push(...result.projects.map((p) => p.root));
      allFindings.push(...result.findings);
    }
    return { projects: allProjects, findings: allFindings };
  }

  /** Re-checks what is shown: open Dockerfiles and files a workspace check reported. */
  async relintAll(): Promise<void> {
    const hadWorkspaceCheck = [...this.findings.keys()].some((k) => !vscode.workspace.textDocuments.some((d) => d.uri.toString() === k));
    if (hadWorkspaceCheck) await this.checkWorkspace();
    await Promise.all(vscode.workspace.textDocuments.filter(isDockerfile).map((d) => this.lintDocument(d)));
  }

  private publish(uri: vscode.Uri, root: vscode.Uri, findings: Finding[]): void {
    const key = uri.toString();
    if (findings.length === 0) this.findings.delete(key);
    else this.findings.set(key, { findings, root });
    this.diagnostics.set(uri, findings.map(toDiagnostic));
  }

  dispose(): void {
    for (const t of this.timers.values()) clearTimeout(t);
    this.diagnostics.dispose();
  }
}
