import * as vscode from 'vscode';
import { statSync } from 'node:fs';
import { checkProject, contextOf, summarize, type CheckOptions, type CheckResult, type ProjectSummary } from '../engine/check';
import { packageQueries } from '../engine/analysis/requirements/queries';
import { isBinaryFileName, SKIPPED_DIRS } from '../engine/files/kinds';
import type { PackageIntel } from '../engine/knowledge/packages/intel';
import { findProjectOf, findProjects, loadProject } from '../engine/project/find';
import { ModelCache } from '../engine/project/load';
import type { AstroProject } from '../engine/project/model';
import type { Finding, ReadProblem } from '../engine/types';
import { shownSeverity } from '../engine/policy/baseline';
import { Baselines } from './baseline';
import type { CatalogService } from './catalogService';
import { toDiagnostic } from './convert';
import type { IntelService } from './intelService';
import type { Settings } from './settings';
import { FileCache, rootOf, VsCodeFs } from './vscodeFs';
import { canCheckOnDisk, CheckCancelled, checkFolderOnDisk } from './workspaceCheck';

const DEBOUNCE_MS = 250;
/** Changes on disk (a checkout, a save, a generated file) are gathered this long before the projects they touch are checked again. */
const DISK_DEBOUNCE_MS = 500;
/** How long a check as you type waits for package intel not in memory (a fresh disk cache answers in time; the network does not). */
export const INTEL_WAIT_MS = 300;
/** How long the workspace check (a command with progress) waits for package intel. */
export const INTEL_WAIT_WORKSPACE_MS = 30_000;
/** More projects of a folder on disk touched by changes than this: the whole folder is checked again, in a worker. */
const WHOLE_FOLDER_AFTER = 8;
/** Publishing a whole folder's findings gives the event loop back after this long. */
const PUBLISH_SLICE_MS = 8;

/** A project file on disk or in a workspace folder (not a git revision, an output pane or a diff side). */
export function isProjectDocument(doc: vscode.TextDocument): boolean {
  // Every text file can change a project's findings (ASR210 reads them all); binary ones cannot.
  if (isBinaryFileName(doc.uri.path.slice(doc.uri.path.lastIndexOf('/') + 1))) return false;
  return doc.uri.scheme === 'file' || vscode.workspace.getWorkspaceFolder(doc.uri) !== undefined;
}

/**
 * The latest findings of a workspace folder's Astro projects, as the Linter
 * holds them: after a whole-folder check, and after each re-check of a
 * project (an edit, a change on disk). For a report view or a status item.
 */
export interface FolderCheck {
  folder: vscode.WorkspaceFolder;
  /** Its Astro projects, by root (relative to the folder, '' for the folder itself). */
  projects: ProjectSummary[];
  /** Every finding of its projects, in reading order; `file` is relative to the folder (`vscode.Uri.joinPath(folder.uri, file)`). */
  findings: Finding[];
  /** The same findings by project root. */
  byProject: ReadonlyMap<string, Finding[]>;
  /** What could not be read or understood (folder listings, files). */
  problems: ReadProblem[];
  /** Whether package intel (advisories, newest versions) was available. */
  intel: PackageIntel['status'];
  /** When these results last changed. */
  checkedAt: Date;
  /** 'folder': a check of the whole folder; 'project': some of its projects were checked again. */
  scope: 'folder' | 'project';
}

/** What `checkWorkspace` returns: every project and finding of every folder (the command sums them up). */
export interface WorkspaceResult {
  /** Project roots, relative to their folders. */
  projects: string[];
  findings: Finding[];
  folders: FolderCheck[];
}

export interface WholeCheckOptions {
  /** How long to wait for package intel that is not in memory yet. Default INTEL_WAIT_WORKSPACE_MS. */
  intelWaitMs?: number;
  token?: vscode.CancellationToken;
}

interface ProjectState {
  summary: ProjectSummary;
  findings: Finding[];
  problems: ReadProblem[];
}

interface FolderState {
  uri: vscode.Uri;
  projects: Map<string, ProjectState>;
  /** Problems of the last whole check that no project holds (listings of folders). */
  problems: ReadProblem[];
  intel: PackageIntel['status'];
  checkedAt: Date;
}

/** One project's findings to publish, by engine path (relative to the folder). */
interface ProjectFindings {
  root: string;
  summary: ProjectSummary;
  findings: Finding[];
  problems: ReadProblem[];
}

/**
 * Keeps the Problems panel in step with the engine's findings. A check always
 * covers a whole project, and replaces every diagnostic that project had; a
 * file's diagnostics are those of every project that reported on it.
 */
export class Linter implements vscode.Disposable {
  readonly diagnostics = vscode.languages.createDiagnosticCollection('astro-shared-responsibility');
  /** The findings behind the diagnostics, by file URI: the code actions read their fixes here. */
  private readonly findings = new Map<string, { findings: Finding[]; root: vscode.Uri }>();
  /** Each project's findings by file URI, by `<folder URI>#<project root>`. */
  private readonly published = new Map<string, Map<string, Finding[]>>();
  /** The projects that reported on a file, by file URI. */
  private readonly owners = new Map<string, Set<string>>();
  /** When each project was last published (a counter): a whole check never overwrites what a later check published. */
  private readonly publishedAt = new Map<string, number>();
  private publishCount = 0;
  private readonly folderStates = new Map<string, FolderState>();
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly versions = new Map<string, number>();
  /** Every project is followed (not only those shown or open): set when the first whole check starts. */
  private coverAll = false;
  /** What was read from disk, kept between checks as you type. */
  private readonly cache = new FileCache();
  /** The models made of files, kept between checks: only a file that changed is parsed and scanned again. */
  private readonly models = new ModelCache();
  private readonly diskChanges = new Set<string>();
  /** The workspace folders' `.astro-sr-baseline.json`: the findings they hold are shown as the `baseline.show` setting says. */
  private readonly baselines: Baselines;
  private diskTimer: NodeJS.Timeout | undefined;
  /** The whole check running, and the one asked for while it runs. */
  private running: Promise<WorkspaceResult> | undefined;
  private queued: { promise: Promise<WorkspaceResult>; intelWaitMs: number } | undefined;
  private disposed = false;
  private readonly checked = new vscode.EventEmitter<FolderCheck>();
  /** The findings of a workspace folder changed: after a whole-folder check, or a re-check of some of its projects. */
  readonly onDidCheck = this.checked.event;
  private readonly busyChanged = new vscode.EventEmitter<boolean>();
  /** A whole-workspace check started (true) or ended (false). */
  readonly onDidChangeBusy = this.busyChanged.event;

  constructor(
    private readonly catalog: CatalogService,
    private readonly intel: IntelService,
    private readonly settings: () => Settings,
    private readonly log: vscode.LogOutputChannel,
    /** Whether a `vscode-remote` folder is on this extension host's disk (the extension runs on the remote side). */
    private readonly remoteFoldersOnDisk = false,
  ) {
    this.cache.onDidChange((uri) => this.diskChanged(uri));
    this.baselines = new Baselines(log);
    this.baselines.onDidChange((folder) => this.republishFolder(folder));
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

  /** Whether a whole-workspace check is running. */
  get busy(): boolean {
    return this.running !== undefined;
  }

  /** The latest results of every workspace folder checked so far. */
  folderChecks(): FolderCheck[] {
    return (vscode.workspace.workspaceFolders ?? []).map((f) => this.folderCheck(f, 'folder')).filter((c): c is FolderCheck => c !== undefined);
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
      const problems: ReadProblem[] = [];
      const project = await findProjectOf(fs, path, problems, { cache: this.models });
      if (this.versions.get(key) !== version) return; // a newer edit is being checked
      if (!project) {
        if (this.findings.has(key)) this.dropFile(key);
        return;
      }
      // Never waits long for the network: what is missing arrives later, and IntelService.onDidChange re-checks.
      const intel = await this.intel.intelFor(packageQueries(project), INTEL_WAIT_MS);
      if (this.versions.get(key) !== version || doc.isClosed) return;
      this.publishChecked(root, project, intel, problems);
    } catch (err) {
      this.log.error(`checking ${doc.uri.toString(true)}: ${(err as Error).message}`);
    }
  }

  /** Checks a project read through VS Code's file system (open editors first) and publishes it. */
  private publishChecked(root: vscode.Uri, project: AstroProject, intel: PackageIntel, problems: ReadProblem[]): void {
    const options = this.options(intel);
    const findings = checkProject(project, options);
    this.publishProject(root, { root: project.root, summary: summarize(project, contextOf(options).catalog), findings, problems });
    this.fireFolder(root, 'project');
  }

  /**
   * Checks every Astro project in every workspace folder: on disk in worker
   * threads (the engine's own file system, as the CLI), elsewhere through
   * VS Code's file system. A check asked for while one runs runs after it
   * (and is shared by everyone who asks meanwhile).
   */
  checkWorkspace(tokenOrOptions?: vscode.CancellationToken | WholeCheckOptions): Promise<WorkspaceResult> {
    const options: WholeCheckOptions = tokenOrOptions && 'isCancellationRequested' in tokenOrOptions ? { token: tokenOrOptions } : tokenOrOptions ?? {};
    const intelWaitMs = options.intelWaitMs ?? INTEL_WAIT_WORKSPACE_MS;
    this.coverAll = true;
    if (!this.running) return this.startWhole(intelWaitMs, options.token);
    if (this.queued) {
      this.queued.intelWaitMs = Math.max(this.queued.intelWaitMs, intelWaitMs);
      return this.queued.promise;
    }
    const queued = { intelWaitMs, promise: undefined as unknown as Promise<WorkspaceResult> };
    queued.promise = this.running
      .catch(() => undefined)
      .then(() => {
        this.queued = undefined;
        return this.startWhole(queued.intelWaitMs, options.token);
      });
    this.queued = queued;
    return queued.promise;
  }

  /** A whole check in the background: progress in the status bar, nothing else. */
  checkInBackground(): Promise<WorkspaceResult | undefined> {
    return Promise.resolve(
      vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: vscode.l10n.t('Astro: checking shared responsibilities') }, () => this.checkWorkspace({ intelWaitMs: INTEL_WAIT_MS })),
    ).catch((err: unknown) => {
      if (!(err instanceof CheckCancelled)) this.log.error(`checking the workspace: ${(err as Error).message}`);
      return undefined;
    });
  }

  private startWhole(intelWaitMs: number, token?: vscode.CancellationToken): Promise<WorkspaceResult> {
    const run = this.runWhole(intelWaitMs, token).finally(() => {
      if (this.running === run) this.running = undefined;
      if (!this.disposed) this.busyChanged.fire(this.busy);
    });
    this.running = run;
    this.busyChanged.fire(true);
    return run;
  }

  private async runWhole(intelWaitMs: number, token?: vscode.CancellationToken): Promise<WorkspaceResult> {
    const started = Date.now();
    const folders: FolderCheck[] = [];
    this.log.info(`checking every Astro project of ${vscode.workspace.workspaceFolders?.length ?? 0} workspace folder${vscode.workspace.workspaceFolders?.length === 1 ? '' : 's'}`);
    for (const folder of vscode.workspace.workspaceFolders ?? []) {
      if (token?.isCancellationRequested || this.disposed) break;
      const since = this.publishCount;
      const checked = await this.checkFolder(folder, intelWaitMs, token);
      if (!checked || this.disposed) continue;
      await this.publishFolder(folder.uri, checked.projects, since);
      const state = this.stateOf(folder.uri);
      state.problems = checked.looseProblems;
      state.intel = checked.intel;
      const check = this.fireFolder(folder.uri, 'folder');
      if (check) folders.push(check);
      // Unsaved editors win over the disk: their projects are checked again from the editor.
      for (const doc of vscode.workspace.textDocuments) {
        if (doc.isDirty && isProjectDocument(doc) && vscode.workspace.getWorkspaceFolder(doc.uri)?.uri.toString() === folder.uri.toString()) void this.lintDocument(doc);
      }
    }
    const result = { projects: folders.flatMap((f) => f.projects.map((p) => p.root)), findings: folders.flatMap((f) => f.findings), folders };
    this.log.info(`checked ${result.projects.length} Astro project${result.projects.length === 1 ? '' : 's'} in ${folders.length} folder${folders.length === 1 ? '' : 's'} in ${Date.now() - started} ms: ${result.findings.length} finding${result.findings.length === 1 ? '' : 's'}`);
    return result;
  }

  /** The folder's path on this machine's disk, when the engine can read it there directly. */
  private diskPathOf(uri: vscode.Uri): string | undefined {
    if (uri.scheme !== 'file' && !(uri.scheme === 'vscode-remote' && this.remoteFoldersOnDisk)) return undefined;
    try {
      return statSync(uri.fsPath).isDirectory() ? uri.fsPath : undefined;
    } catch {
      return undefined;
    }
  }

  /** Checks one folder's projects; undefined when cancelled. */
  private async checkFolder(
    folder: vscode.WorkspaceFolder,
    intelWaitMs: number,
    token?: vscode.CancellationToken,
  ): Promise<{ projects: ProjectFindings[]; looseProblems: ReadProblem[]; intel: PackageIntel['status'] } | undefined> {
    const diskPath = this.diskPathOf(folder.uri);
    if (diskPath && canCheckOnDisk()) {
      const abort = new AbortController();
      const cancel = token?.onCancellationRequested(() => abort.abort());
      try {
        const s = this.settings();
        const { result, stats } = await checkFolderOnDisk({
          root: diskPath,
          catalog: this.catalog.current,
          today: s.today,
          warningDays: s.warningDays,
          rules: s.rules,
          pinOperator: s.pinOperator,
          intelFor: (queries) => this.intel.intelFor(queries, intelWaitMs),
          signal: abort.signal,
        });
        this.log.info(
          `${folder.name}: ${result.projects.length} project${result.projects.length === 1 ? '' : 's'}, ${stats.folders} folders walked in ${stats.walkMs} ms, checked in ${stats.totalMs} ms on ${stats.threads} thread${stats.threads === 1 ? '' : 's'}`,
        );
        for (const p of result.problems) this.log.warn(`${p.file}: ${p.message}`);
        return { ...splitByProject(result), intel: result.intel };
      } catch (err) {
        if (err instanceof CheckCancelled) return undefined;
        this.log.warn(`${folder.name}: the check on disk failed (${(err as Error).message}); checking through VS Code's file system`);
      } finally {
        cancel?.dispose();
      }
    }
    // A virtual workspace (or no worker): through VS Code's file system, open editors first.
    const fs = this.fsOf(folder.uri);
    const { projects, problems } = await findProjects(fs, '', { cache: this.models });
    for (const p of problems) this.log.warn(`${p.file}: ${p.message}`);
    if (token?.isCancellationRequested) return undefined;
    const intel = await this.intel.intelFor(projects.flatMap(packageQueries), intelWaitMs);
    const options = this.options(intel);
    const catalog = contextOf(options).catalog;
    const out: ProjectFindings[] = [];
    for (const project of projects) {
      out.push({ root: project.root, summary: summarize(project, catalog), findings: checkProject(project, options), problems: [] });
      // Gives the event loop back between projects.
      await new Promise((r) => setImmediate(r));
    }
    const split = splitByProject({ projects: out.map((p) => p.summary), findings: [], problems, intel: intel.status });
    for (const p of out) p.problems = split.projects.find((s) => s.root === p.root)?.problems ?? [];
    return { projects: out, looseProblems: split.looseProblems, intel: intel.status };
  }

  /** Publishes a whole folder's projects (a slice at a time), and clears its projects that are gone; a project published since `since` is left as it is. */
  private async publishFolder(folder: vscode.Uri, projects: ProjectFindings[], since: number): Promise<void> {
    const prefix = `${folder.toString()}#`;
    const seen = new Set<string>();
    let slice = Date.now();
    for (const p of projects) {
      const key = prefix + p.root;
      seen.add(key);
      if ((this.publishedAt.get(key) ?? -1) > since) continue;
      this.publishProject(folder, p);
      if (Date.now() - slice > PUBLISH_SLICE_MS) {
        await new Promise((r) => setImmediate(r));
        slice = Date.now();
      }
    }
    // Projects of this folder that are gone (unless a later check found them).
    for (const key of [...this.published.keys()]) {
      if (key.startsWith(prefix) && !seen.has(key) && (this.publishedAt.get(key) ?? -1) <= since) this.clearProject(key);
    }
  }

  /**
   * A file changed on disk: once the changes settle, the projects they touch
   * are checked again: every project once a whole check ran, else those that
   * show diagnostics or have an open document (so that `git checkout` of a
   * .gitignore, or a file written by a tool, updates the Problems panel).
   */
  private diskChanged(uri: vscode.Uri): void {
    // Not in a workspace folder, or in a folder no check reads (.git, node_modules, a virtual environment).
    if (!vscode.workspace.getWorkspaceFolder(uri) || uri.path.split('/').some((segment) => SKIPPED_DIRS.has(segment))) return;
    // A baseline changes how findings are shown, not what they are: no check again.
    if (this.baselines.fileChanged(uri)) return;
    this.diskChanges.add(uri.toString());
    clearTimeout(this.diskTimer);
    this.diskTimer = setTimeout(() => void this.recheckChanged(), DISK_DEBOUNCE_MS);
  }

  private async recheckChanged(): Promise<void> {
    const changed = [...this.diskChanges].map((u) => vscode.Uri.parse(u));
    this.diskChanges.clear();
    const openUris = vscode.workspace.textDocuments.filter(isProjectDocument).map((d) => d.uri.toString());
    /** Projects to check again, by key: the folder and the project root. */
    const targets = new Map<string, { folder: vscode.Uri; root: string }>();
    const add = (folder: vscode.Uri, root: string) => targets.set(`${folder.toString()}#${root}`, { folder, root });
    for (const uri of changed) {
      try {
        const { root: folder, path } = rootOf(uri);
        const fs = this.fsOf(folder);
        // Only the Dockerfiles are read to find the project; its files are read for the check.
        const holder = await findProjectOf(fs, path, [], { withFiles: false, cache: this.models });
        if (holder) add(folder, holder.root);
        // A folder made (or moved here) with files in it: the watcher may report the folder alone.
        if (this.coverAll && (await isDirectory(uri))) for (const p of (await findProjects(fs, path, { withFiles: false, cache: this.models })).projects) add(folder, p.root);
        const shown = this.projectRootsOf(folder);
        const dir = path.includes('/') ? path.slice(0, path.lastIndexOf('/')) : '';
        const name = path.slice(path.lastIndexOf('/') + 1);
        // A folder deleted or renamed: the projects in it.
        for (const r of shown) if (isAtOrBelow(r, path)) add(folder, r);
        // A file outside every project, or one that decides what a project is or what it shares with the projects below
        // (a Dockerfile, ignore files, Compose files, the check's configuration): the projects below its folder.
        if (!holder || affectsProjectsBelow(name)) for (const r of shown) if (isAtOrBelow(r, dir)) add(folder, r);
        // A Dockerfile made or removed a nested project: the project holding its folder has gained or lost files.
        if (name === 'Dockerfile' && dir !== '') {
          const outer = await findProjectOf(fs, dir, [], { withFiles: false, cache: this.models });
          if (outer) add(folder, outer.root);
        }
      } catch (err) {
        this.log.error(`after a change to ${uri.toString(true)}: ${(err as Error).message}`);
      }
    }
    // Before any whole check: only the projects shown or open.
    const wanted = [...targets].filter(([key, t]) => {
      if (this.coverAll || this.published.has(key)) return true;
      const prefix = t.root === '' ? t.folder.toString() : this.fsOf(t.folder).uriOf(t.root).toString();
      return openUris.some((u) => u.startsWith(`${prefix}/`));
    });
    // Many projects of a folder on disk (a checkout, a branch switch): the folder again, in a worker.
    const perFolder = new Map<string, number>();
    for (const [, t] of wanted) perFolder.set(t.folder.toString(), (perFolder.get(t.folder.toString()) ?? 0) + 1);
    const whole = [...perFolder].some(([folder, n]) => n > WHOLE_FOLDER_AFTER && this.diskPathOf(vscode.Uri.parse(folder)));
    if (whole && this.coverAll) {
      void this.checkInBackground();
      return;
    }
    const touched = new Set<string>();
    for (const [key, { folder, root }] of wanted) {
      try {
        const problems: ReadProblem[] = [];
        const project = await loadProject(this.fsOf(folder), root, problems, { cache: this.models });
        if (!project) {
          if (this.published.has(key)) this.clearProject(key);
          this.stateOf(folder).projects.delete(root);
        } else {
          const intel = await this.intel.intelFor(packageQueries(project), INTEL_WAIT_MS);
          const options = this.options(intel);
          this.publishProject(folder, { root, summary: summarize(project, contextOf(options).catalog), findings: checkProject(project, options), problems });
        }
        touched.add(folder.toString());
      } catch (err) {
        this.log.error(`checking ${root || '.'} after a change on disk: ${(err as Error).message}`);
      }
    }
    for (const folder of touched) this.fireFolder(vscode.Uri.parse(folder), 'project');
  }

  /** Re-checks what is shown, after a setting, the catalog or package intel changed. */
  async relintAll(): Promise<void> {
    // The baseline.show setting may have changed: what is published is shown again at once.
    for (const folder of vscode.workspace.workspaceFolders ?? []) this.republishFolder(folder.uri);
    if (this.coverAll) await this.checkInBackground();
    await Promise.all(vscode.workspace.textDocuments.filter(isProjectDocument).map((d) => this.lintDocument(d)));
  }

  /** The roots of the projects of a folder that are published. */
  private projectRootsOf(folder: vscode.Uri): string[] {
    const prefix = `${folder.toString()}#`;
    return [...this.published.keys()].filter((k) => k.startsWith(prefix)).map((k) => k.slice(prefix.length));
  }

  private stateOf(folder: vscode.Uri): FolderState {
    let state = this.folderStates.get(folder.toString());
    if (!state) this.folderStates.set(folder.toString(), (state = { uri: folder, projects: new Map(), problems: [], intel: 'offline', checkedAt: new Date() }));
    return state;
  }

  /** Replaces a project's findings: its diagnostics, and what the folder's results hold of it. */
  private publishProject(folder: vscode.Uri, p: ProjectFindings): void {
    const key = `${folder.toString()}#${p.root}`;
    const fs = new VsCodeFs(folder);
    const byFile = new Map<string, Finding[]>();
    for (const f of p.findings) {
      const uri = fs.uriOf(f.file).toString();
      const list = byFile.get(uri);
      if (list) list.push(f);
      else byFile.set(uri, [f]);
    }
    this.setProjectFiles(key, folder, byFile);
    this.publishedAt.set(key, ++this.publishCount);
    const state = this.stateOf(folder);
    state.projects.set(p.root, { summary: p.summary, findings: p.findings, problems: p.problems });
    state.checkedAt = new Date();
  }

  private clearProject(key: string): void {
    const hash = key.indexOf('#');
    const folder = vscode.Uri.parse(key.slice(0, hash));
    this.setProjectFiles(key, folder, new Map());
    this.published.delete(key);
    this.publishedAt.set(key, ++this.publishCount);
    const state = this.stateOf(folder);
    state.projects.delete(key.slice(hash + 1));
    state.checkedAt = new Date();
  }

  /** A file no project holds any more: its diagnostics go. */
  private dropFile(uri: string): void {
    for (const key of this.owners.get(uri) ?? []) {
      const files = this.published.get(key);
      files?.delete(uri);
    }
    this.owners.delete(uri);
    this.findings.delete(uri);
    this.diagnostics.set(vscode.Uri.parse(uri), []);
  }

  private setProjectFiles(key: string, folder: vscode.Uri, byFile: Map<string, Finding[]>): void {
    const before = this.published.get(key);
    this.published.set(key, byFile);
    const files = new Set([...(before?.keys() ?? []), ...byFile.keys()]);
    for (const uri of files) {
      let owners = this.owners.get(uri);
      if (byFile.has(uri)) {
        if (!owners) this.owners.set(uri, (owners = new Set()));
        owners.add(key);
      } else owners?.delete(key);
      this.publishFile(uri, folder);
    }
  }

  /** A file's diagnostics: the findings of every project on it (a file above several projects is checked with each). */
  private publishFile(uri: string, folder: vscode.Uri): void {
    const owners = this.owners.get(uri);
    let findings: Finding[] = [];
    if (owners?.size === 1) findings = this.published.get([...owners][0])?.get(uri) ?? [];
    else if (owners && owners.size > 1) {
      const seen = new Set<string>();
      for (const key of owners) {
        for (const f of this.published.get(key)?.get(uri) ?? []) {
          const id = `${f.ruleId}\n${f.range.start.line}:${f.range.start.character}\n${f.message}`;
          if (seen.has(id)) continue;
          seen.add(id);
          findings.push(f);
        }
      }
    }
    if (findings.length === 0) this.owners.delete(uri);
    // Code actions and hovers answer for what is shown.
    const shown = this.shownOf(findings, folder);
    if (shown.length === 0) this.findings.delete(uri);
    else this.findings.set(uri, { findings: shown, root: folder });
    this.diagnostics.set(vscode.Uri.parse(uri), shown.map(toDiagnostic));
  }

  /** Findings as the Problems panel shows them: those in the folder's baseline as a hint, hidden or as they are (the `baseline.show` setting). */
  private shownOf(findings: Finding[], folder: vscode.Uri): Finding[] {
    const show = this.settings().baselineShow;
    const baselined = show === 'asIs' || findings.length === 0 ? undefined : this.baselines.fingerprints(folder);
    if (!baselined?.size) return findings;
    return findings.flatMap((f) => {
      const severity = shownSeverity(f.severity, f.fingerprint !== undefined && baselined.has(f.fingerprint), show);
      return severity === undefined ? [] : [severity === f.severity ? f : { ...f, severity }];
    });
  }

  /** Shows a folder's published findings again (its baseline or the setting changed). */
  private republishFolder(folder: vscode.Uri): void {
    const prefix = `${folder.toString()}#`;
    for (const [uri, owners] of [...this.owners]) if ([...owners].some((key) => key.startsWith(prefix))) this.publishFile(uri, folder);
  }

  /** The folder's results as they are now, for onDidCheck; undefined when it is not a workspace folder or has none. */
  private folderCheck(folder: vscode.WorkspaceFolder, scope: FolderCheck['scope']): FolderCheck | undefined {
    const state = this.folderStates.get(folder.uri.toString());
    if (!state) return undefined;
    const roots = [...state.projects.keys()].sort();
    const byProject = new Map<string, Finding[]>();
    const findings: Finding[] = [];
    const problems: ReadProblem[] = [...state.problems];
    for (const root of roots) {
      const p = state.projects.get(root)!;
      byProject.set(root, p.findings);
      findings.push(...p.findings);
      problems.push(...p.problems);
    }
    findings.sort((a, b) => (a.file !== b.file ? (a.file < b.file ? -1 : 1) : a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character));
    problems.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
    return { folder, projects: roots.map((r) => state.projects.get(r)!.summary), findings, byProject, problems, intel: state.intel, checkedAt: state.checkedAt, scope };
  }

  private fireFolder(root: vscode.Uri, scope: FolderCheck['scope']): FolderCheck | undefined {
    const folder = vscode.workspace.getWorkspaceFolder(root);
    if (!folder || folder.uri.toString() !== root.toString() || this.disposed) return undefined;
    const check = this.folderCheck(folder, scope);
    if (check) this.checked.fire(check);
    return check;
  }

  dispose(): void {
    this.disposed = true;
    for (const t of this.timers.values()) clearTimeout(t);
    clearTimeout(this.diskTimer);
    this.cache.dispose();
    this.baselines.dispose();
    this.diagnostics.dispose();
    this.checked.dispose();
    this.busyChanged.dispose();
  }
}

async function isDirectory(uri: vscode.Uri): Promise<boolean> {
  try {
    return ((await vscode.workspace.fs.stat(uri)).type & vscode.FileType.Directory) !== 0;
  } catch {
    return false;
  }
}

/** Whether `path` is `dir` or below it ('' holds everything). */
function isAtOrBelow(path: string, dir: string): boolean {
  return dir === '' || path === dir || path.startsWith(`${dir}/`);
}

function parentOf(path: string): string {
  return path.includes('/') ? path.slice(0, path.lastIndexOf('/')) : '';
}

/** Files that change what the projects below their folder are, or what they share. */
function affectsProjectsBelow(name: string): boolean {
  return name === 'Dockerfile' || name === '.gitignore' || name === '.dockerignore' || name === '.astro' || name.startsWith('.astro-sr') || /^(docker-)?compose(\.[\w-]+)?\.ya?ml$/.test(name);
}

/**
 * A whole-folder CheckResult split by project: each finding and problem goes
 * to the deepest project holding its file; one above every project (a
 * configuration or Compose file several projects share) goes to the first
 * project below its folder. Problems no project holds are left loose.
 */
export function splitByProject(result: CheckResult): { projects: ProjectFindings[]; looseProblems: ReadProblem[] } {
  const projects = new Map<string, ProjectFindings>();
  for (const summary of result.projects) projects.set(summary.root, { root: summary.root, summary, findings: [], problems: [] });
  const roots = [...projects.keys()].sort();
  /** The deepest project holding `file` (a file, or a folder for a listing problem). */
  const ownerOf = (file: string): string | undefined => {
    if (projects.has(file)) return file;
    for (let d = parentOf(file); ; d = parentOf(d)) {
      if (projects.has(d)) return d;
      if (d === '') return undefined;
    }
  };
  for (const f of result.findings) {
    const owner = ownerOf(f.file) ?? roots.find((r) => isAtOrBelow(r, parentOf(f.file))) ?? roots[0];
    if (owner !== undefined) projects.get(owner)!.findings.push(f);
  }
  const looseProblems: ReadProblem[] = [];
  for (const p of result.problems) {
    const owner = ownerOf(p.file);
    if (owner !== undefined) projects.get(owner)!.problems.push(p);
    else looseProblems.push(p);
  }
  return { projects: [...projects.values()], looseProblems };
}
