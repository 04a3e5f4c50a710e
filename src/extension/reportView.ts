/**
 * The report webview ("Shared responsibilities"): the engine's HTML report in
 * its VS Code flavour (theme colours, location and fix buttons), one panel,
 * kept in step with the Linter's results. Clicking a location opens the file
 * at the finding; a fix button applies that fix as a workspace edit; a rule
 * link opens the rule's bundled documentation.
 */
import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import { renderHtml, type ShareReport } from '../engine/report';
import { fixEdit, showRuleDocs } from './codeActions';
import { bodyOf, REPORT_SCRIPT } from './reportScript';
import { locationOf, resolveFinding, type FindingRef, type ReportEntry, type WorkspaceReport } from './workspaceReport';

export const REPORT_VIEW_TYPE = 'astroSharedResponsibility.report';

/** What the webview's script posts (see reportScript.ts). */
export type ReportMessage =
  | ({ type: 'open' } & FindingRef)
  | ({ type: 'fix'; fix: number } & FindingRef)
  | { type: 'docs'; rule: string }
  | { type: 'ready' | 'rendered' | 'theme'; findings: number; total: number; theme?: string };

/** What the page showed when it last said so (after loading or an update). */
export interface WebviewShows {
  findings: number;
  total: number;
  /** The classes VS Code gave its body: `vscode-light`, `vscode-dark`, `vscode-high-contrast`… */
  theme: string;
  at: Date;
}

export class ReportView implements vscode.Disposable {
  private panel: vscode.WebviewPanel | undefined;
  /** The page loaded in the panel and ready for updates by message. */
  private ready = false;
  /** What `webview.html` holds, and the latest render (newer when an update went by message). */
  private htmlSet = '';
  private latest = '';
  private latestBody = '';
  private rendered: ShareReport | undefined;
  private shows: WebviewShows | undefined;
  private readonly disposables: vscode.Disposable[] = [];
  private readonly shown = new vscode.EventEmitter<WebviewShows>();
  /** The page said what it shows: after loading, and after each update. */
  readonly onDidShow = this.shown.event;

  constructor(
    private readonly model: WorkspaceReport,
    private readonly extensionUri: vscode.Uri,
    private readonly log: vscode.LogOutputChannel,
  ) {
    this.disposables.push(
      this.shown,
      model.onDidChange(() => {
        if (this.panel) this.render();
      }),
    );
  }

  /** The report last rendered into the panel (undefined before the panel was first opened). */
  get report(): ShareReport | undefined {
    return this.rendered;
  }

  /** The HTML last rendered. */
  get html(): string {
    return this.latest;
  }

  get isOpen(): boolean {
    return this.panel !== undefined;
  }

  get isVisible(): boolean {
    return this.panel?.visible === true;
  }

  /** What the page last said it shows. */
  get webviewShows(): WebviewShows | undefined {
    return this.shows;
  }

  /** Opens the panel, or brings it to the front. */
  show(preserveFocus = false): void {
    if (this.panel) {
      this.render();
      this.panel.reveal(undefined, preserveFocus);
      return;
    }
    const panel = vscode.window.createWebviewPanel(
      REPORT_VIEW_TYPE,
      vscode.l10n.t('Shared responsibilities'),
      { viewColumn: vscode.window.activeTextEditor?.viewColumn ?? vscode.ViewColumn.One, preserveFocus },
      { enableScripts: true, localResourceRoots: [], retainContextWhenHidden: false, enableFindWidget: true },
    );
    panel.iconPath = {
      light: vscode.Uri.joinPath(this.extensionUri, 'resources', 'shield-light.svg'),
      dark: vscode.Uri.joinPath(this.extensionUri, 'resources', 'shield-dark.svg'),
    };
    this.panel = panel;
    this.ready = false;
    this.htmlSet = '';
    this.latestBody = '';
    panel.onDidDispose(() => {
      if (this.panel === panel) {
        this.panel = undefined;
        this.ready = false;
        this.shows = undefined;
      }
    });
    panel.onDidChangeViewState(() => {
      // Hidden, the page is dropped (no retained context); it loads `webview.html` again when shown.
      if (!panel.visible) {
        this.ready = false;
        if (this.latest !== this.htmlSet) this.setHtml(this.latest);
      }
    });
    panel.webview.onDidReceiveMessage((m: unknown) => {
      void this.handleMessage(m).catch((err: unknown) => this.log.error(`report view: ${(err as Error).message}`));
    });
    this.render();
  }

  /** Renders the current report into the panel: by message when the page is up, else as its HTML. */
  private render(): void {
    const panel = this.panel;
    if (!panel) return;
    const { report } = this.model.current();
    const nonce = randomBytes(18).toString('base64');
    const html = renderHtml(report, { vscode: true, script: { nonce, source: REPORT_SCRIPT } });
    const body = bodyOf(html);
    // The same report (only the nonce differs): nothing to do.
    if (body === this.latestBody) return;
    this.rendered = report;
    this.latest = html;
    this.latestBody = body;
    if (this.ready && panel.visible) {
      void panel.webview.postMessage({ type: 'update', body }).then((delivered) => {
        if (!delivered && this.latest === html) this.setHtml(html);
      });
    } else {
      this.setHtml(html);
    }
  }

  private setHtml(html: string): void {
    if (!this.panel) return;
    this.ready = false;
    this.htmlSet = html;
    this.panel.webview.html = html;
  }

  /** Acts on a message of the page (exported for tests, which cannot click inside a webview). */
  async handleMessage(raw: unknown): Promise<void> {
    const m = raw as Partial<ReportMessage> | undefined;
    if (!m || typeof m !== 'object') return;
    switch (m.type) {
      case 'ready':
      case 'rendered':
      case 'theme': {
        if (m.type === 'ready') this.ready = true;
        this.shows = { findings: Number(m.findings) || 0, total: Number(m.total) || 0, theme: String(m.theme ?? ''), at: new Date() };
        this.shown.fire(this.shows);
        return;
      }
      case 'docs':
        if (typeof m.rule === 'string') await showRuleDocs(this.extensionUri, m.rule);
        return;
      case 'open': {
        const entry = this.entryOf(m);
        if (entry) await this.open(entry);
        return;
      }
      case 'fix': {
        const entry = this.entryOf(m);
        const fix = entry && Number.isInteger(m.fix) ? entry.finding.fixes[m.fix as number] : undefined;
        if (!entry || !fix) {
          void vscode.window.showWarningMessage(vscode.l10n.t('This finding has changed since the report was shown; its fix was not applied.'));
          return;
        }
        await applyFix(entry, fix, this.besideColumn());
        return;
      }
    }
  }

  private entryOf(m: Partial<FindingRef>): ReportEntry | undefined {
    if (typeof m.file !== 'string' || typeof m.rule !== 'string' || !Number.isInteger(m.index) || !Number.isInteger(m.line) || !Number.isInteger(m.character)) return undefined;
    const entry = resolveFinding(this.model.current(), m as FindingRef);
    if (!entry) this.log.warn(`report view: ${m.rule} at ${m.file}:${(m.line as number) + 1} is no longer reported`);
    return entry;
  }

  /** Opens a finding's file at its range, beside the report (which stays in view). */
  private async open(entry: ReportEntry): Promise<void> {
    const { uri, range } = locationOf(entry);
    await vscode.window.showTextDocument(uri, { selection: range, viewColumn: this.besideColumn(), preview: true });
  }

  /** The editor column for files opened from the report: another visible one, else beside it. */
  private besideColumn(): vscode.ViewColumn {
    const own = this.panel?.viewColumn;
    if (own === undefined) return vscode.ViewColumn.Active;
    const other = vscode.window.visibleTextEditors.map((e) => e.viewColumn).find((c) => c !== undefined && c !== own);
    return other ?? vscode.ViewColumn.Beside;
  }

  dispose(): void {
    this.panel?.dispose();
    for (const d of this.disposables) d.dispose();
  }
}

/**
 * Applies one fix of a finding, then shows the changed file at the change
 * (without taking the focus) so that the user sees it and can save it.
 */
export async function applyFix(entry: ReportEntry, fix: ReportEntry['finding']['fixes'][number], viewColumn = vscode.ViewColumn.Active): Promise<boolean> {
  const edit = fixEdit(fix, entry.folder.uri);
  if (!(await vscode.workspace.applyEdit(edit))) {
    void vscode.window.showWarningMessage(vscode.l10n.t('The fix "{0}" could not be applied.', fix.title));
    return false;
  }
  const first = fix.edits[0];
  if (first) {
    const uri = vscode.Uri.joinPath(entry.folder.uri, ...first.file.split('/'));
    const doc = await vscode.workspace.openTextDocument(uri);
    const at = doc.validatePosition(new vscode.Position(first.range.start.line, first.range.start.character));
    const visible = vscode.window.visibleTextEditors.find((e) => e.document.uri.toString() === uri.toString());
    if (visible) visible.revealRange(new vscode.Range(at, at), vscode.TextEditorRevealType.InCenterIfOutsideViewport);
    else await vscode.window.showTextDocument(doc, { selection: new vscode.Range(at, at), preserveFocus: true, preview: true, viewColumn });
  }
  return true;
}
