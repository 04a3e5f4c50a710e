/**
 * The "Responsibilities" view: the report as a tree. Per workspace folder
 * (only in a multi-root workspace), per Astro project, the customer's seven
 * responsibilities with their status and findings, the findings about the
 * check's own configuration, then Astronomer's and the cloud provider's
 * sides, which are theirs and never checked.
 */
import * as vscode from 'vscode';
import type { TheirDuty, TheirSide } from '../engine/knowledge/responsibilities';
import type { FindingGroup, ProjectReport, ReportFinding, ResponsibilityReport, SeverityCounts, SupportStatus } from '../engine/report';
import type { Severity } from '../engine/types';
import { locationOf, type ReportEntry, type ReportProject, type WorkspaceReport, type WorkspaceReportData } from './workspaceReport';

export const TREE_VIEW_ID = 'astroSharedResponsibility.responsibilities';
export const OPEN_FINDING_COMMAND = 'astroSharedResponsibility.openFinding';

export type TreeNode =
  | { kind: 'folder'; id: string; folder: vscode.WorkspaceFolder; projects: ReportProject[]; loose: FindingGroup | null }
  | { kind: 'project'; id: string; project: ReportProject }
  | { kind: 'responsibility'; id: string; project: ReportProject; responsibility: ResponsibilityReport }
  | { kind: 'group'; id: string; group: FindingGroup; icon: string }
  | { kind: 'finding'; id: string; finding: ReportFinding; entry: ReportEntry }
  | { kind: 'side'; id: string; side: TheirSide }
  | { kind: 'duty'; id: string; side: TheirSide; duty: TheirDuty };

const SEVERITY_ICON: Record<Severity, [string, string]> = {
  error: ['error', 'list.errorForeground'],
  warning: ['warning', 'list.warningForeground'],
  info: ['info', 'editorInfo.foreground'],
  hint: ['lightbulb', 'descriptionForeground'],
};
const SEVERITY_ORDER: readonly Severity[] = ['error', 'warning', 'info', 'hint'];

function severityIcon(s: Severity): vscode.ThemeIcon {
  const [id, color] = SEVERITY_ICON[s];
  return new vscode.ThemeIcon(id, new vscode.ThemeColor(color));
}

function worstOf(c: SeverityCounts): Severity | undefined {
  return SEVERITY_ORDER.find((s) => c[s] > 0);
}

/** `1 error, 2 warnings` (only the severities that occur). */
export function countsLabel(c: SeverityCounts): string {
  const parts: string[] = [];
  if (c.error) parts.push(c.error === 1 ? vscode.l10n.t('1 error') : vscode.l10n.t('{0} errors', c.error));
  if (c.warning) parts.push(c.warning === 1 ? vscode.l10n.t('1 warning') : vscode.l10n.t('{0} warnings', c.warning));
  if (c.info) parts.push(vscode.l10n.t('{0} info', c.info));
  if (c.hint) parts.push(c.hint === 1 ? vscode.l10n.t('1 hint') : vscode.l10n.t('{0} hints', c.hint));
  return parts.length ? parts.join(', ') : vscode.l10n.t('no findings');
}

export function supportLabel(s: SupportStatus): string {
  switch (s) {
    case 'supported':
      return vscode.l10n.t('supported');
    case 'maintenance-ends-soon':
      return vscode.l10n.t('maintenance ends soon');
    case 'basic-support-only':
      return vscode.l10n.t('basic support only');
    case 'end-of-support':
      return vscode.l10n.t('end of support');
    case 'unknown':
      return vscode.l10n.t('support unknown');
  }
}

/** A finding's message, its first line, shortened for a tree label. */
function shortMessage(message: string, max = 90): string {
  const line = message.split(/\r?\n/, 1)[0].replace(/`/g, '');
  return line.length > max ? `${line.slice(0, max - 1).trimEnd()}…` : line;
}

export class ResponsibilityTree implements vscode.TreeDataProvider<TreeNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<TreeNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly subscription: vscode.Disposable;

  constructor(private readonly model: WorkspaceReport) {
    this.subscription = model.onDidChange(() => this.changed.fire(undefined));
  }

  /** Whether the tree has projects to show (else the view's welcome content shows). */
  hasProjects(data: WorkspaceReportData = this.model.current()): boolean {
    return data.report.projects.length > 0 || data.report.outsideProjects !== null;
  }

  getChildren(node?: TreeNode): TreeNode[] {
    const data = this.model.current();
    if (!node) {
      if (!this.hasProjects(data)) return [];
      const top: TreeNode[] = [];
      if (data.multiRoot) {
        for (const { folder, prefix } of data.folders) {
          const projects = data.projects.filter((p) => p.folder.uri.toString() === folder.uri.toString());
          const loose = looseOf(data, folder, prefix);
          if (projects.length || loose) top.push({ kind: 'folder', id: `folder:${folder.uri.toString()}`, folder, projects, loose });
        }
      } else {
        top.push(...data.projects.map((p) => projectNode(p)));
        const folder = data.folders[0];
        if (data.report.outsideProjects && folder) top.push(groupNode(`loose:${folder.folder.uri.toString()}`, data.report.outsideProjects, 'question'));
      }
      top.push({ kind: 'side', id: 'side:astronomer', side: data.report.astronomer }, { kind: 'side', id: 'side:cloud', side: data.report.cloudProvider });
      return top;
    }
    switch (node.kind) {
      case 'folder': {
        const out: TreeNode[] = node.projects.map((p) => projectNode(p));
        if (node.loose) out.push(groupNode(`loose:${node.folder.uri.toString()}`, node.loose, 'question'));
        return out;
      }
      case 'project': {
        const out: TreeNode[] = node.project.report.responsibilities.map((r) => ({ kind: 'responsibility', id: `${node.id}/${r.key}`, project: node.project, responsibility: r }));
        const config = node.project.report.configuration;
        if (config) out.push(groupNode(`${node.id}/configuration`, config, 'gear'));
        return out;
      }
      case 'responsibility':
        return findingNodes(node.id, node.responsibility.findings, data);
      case 'group':
        return findingNodes(node.id, node.group.findings, data);
      case 'side':
        return node.side.duties.map((duty, i) => ({ kind: 'duty', id: `${node.id}/${i}`, side: node.side, duty }));
      default:
        return [];
    }
  }

  getTreeItem(node: TreeNode): vscode.TreeItem {
    const Collapsed = vscode.TreeItemCollapsibleState.Collapsed;
    const Expanded = vscode.TreeItemCollapsibleState.Expanded;
    const None = vscode.TreeItemCollapsibleState.None;
    switch (node.kind) {
      case 'folder': {
        const item = new vscode.TreeItem(node.folder.name, Expanded);
        item.id = node.id;
        item.iconPath = vscode.ThemeIcon.Folder;
        item.resourceUri = node.folder.uri;
        item.description = node.projects.length === 1 ? vscode.l10n.t('1 Astro project') : vscode.l10n.t('{0} Astro projects', node.projects.length);
        item.contextValue = 'folder';
        return item;
      }
      case 'project': {
        const { project } = node;
        const item = new vscode.TreeItem(project.root === '' ? project.folder.name : project.root, Expanded);
        item.id = node.id;
        const worst = worstOf(project.report.counts);
        item.iconPath = worst ? severityIcon(worst) : new vscode.ThemeIcon('package', new vscode.ThemeColor('testing.iconPassed'));
        const rt = project.report.runtime;
        const runtime = !rt
          ? vscode.l10n.t('not on Astro Runtime')
          : rt.version
            ? vscode.l10n.t('Runtime {0} · {1}', rt.version, supportLabel(rt.support))
            : vscode.l10n.t('Runtime tag {0} · {1}', rt.tag ?? '-', supportLabel(rt.support));
        item.description = runtime;
        const tip = new vscode.MarkdownString();
        tip.appendMarkdown(`**${escapeMd(vscode.l10n.t('Astro project {0}', project.root === '' ? project.folder.name : project.root))}**\n\n`);
        if (rt) tip.appendMarkdown(`${escapeMd(`${rt.tag ? `${rt.image}:${rt.tag}` : rt.image}`)}: ${escapeMd(rt.supportText)}\n\n`);
        else tip.appendMarkdown(`${escapeMd(vscode.l10n.t('The final image is not Astro Runtime.'))}\n\n`);
        tip.appendMarkdown(escapeMd(countsLabel(project.report.counts)));
        item.tooltip = tip;
        item.contextValue = 'project';
        return item;
      }
      case 'responsibility': {
        const r = node.responsibility;
        const item = new vscode.TreeItem(r.title, r.findings.length ? Collapsed : None);
        item.id = node.id;
        item.contextValue = `responsibility.${r.status}`;
        if (r.status === 'findings') {
          item.iconPath = severityIcon(worstOf(r.counts) ?? 'hint');
          item.description = countsLabel(r.counts);
        } else if (r.status === 'clear') {
          item.iconPath = new vscode.ThemeIcon('pass', new vscode.ThemeColor('testing.iconPassed'));
          item.description = vscode.l10n.t('clear');
        } else {
          item.iconPath = new vscode.ThemeIcon('circle-slash', new vscode.ThemeColor('disabledForeground'));
          item.description = r.rulesSkipped.length
            ? vscode.l10n.t('not checked: its rules could not run')
            : r.rulesOff.length
              ? vscode.l10n.t('not checked: its rules are off')
              : vscode.l10n.t('not checkable from the repository');
        }
        const tip = new vscode.MarkdownString();
        tip.appendMarkdown(`**${escapeMd(r.title)}**\n\n${escapeMd(r.duty)}\n\n`);
        tip.appendMarkdown(`${escapeMd(vscode.l10n.t('What the repository cannot show: {0}', r.outside))}\n\n`);
        if (r.rules.length) tip.appendMarkdown(escapeMd(vscode.l10n.t('Checked by {0}.', r.rules.join(', '))));
        item.tooltip = tip;
        item.accessibilityInformation = { label: `${r.title}: ${String(item.description)}` };
        return item;
      }
      case 'group': {
        const item = new vscode.TreeItem(node.group.title, Collapsed);
        item.id = node.id;
        const worst = worstOf(node.group.counts);
        item.iconPath = new vscode.ThemeIcon(node.icon, worst ? new vscode.ThemeColor(SEVERITY_ICON[worst][1]) : undefined);
        item.description = countsLabel(node.group.counts);
        item.contextValue = 'group';
        return item;
      }
      case 'finding': {
        const f = node.finding;
        const { uri, range } = locationOf(node.entry);
        const item = new vscode.TreeItem(shortMessage(f.message), None);
        item.id = node.id;
        item.description = `${node.entry.finding.file}:${f.range.start.line + 1}`;
        // No resourceUri: the file's problem decorations would colour every finding of it alike; the icon gives each one's severity.
        item.iconPath = severityIcon(f.severity);
        const tip = new vscode.MarkdownString();
        tip.appendMarkdown(`**${escapeMd(`${f.ruleId} ${f.rule}`)}** (${escapeMd(severityWord(f.severity))})\n\n`);
        tip.appendMarkdown(`${escapeMd(f.message)}\n\n`);
        tip.appendMarkdown(escapeMd(`${node.entry.finding.file}:${f.range.start.line + 1}:${f.range.start.character + 1}`));
        item.tooltip = tip;
        item.command = { title: vscode.l10n.t('Open finding'), command: OPEN_FINDING_COMMAND, arguments: [uri, range] };
        item.contextValue = f.fixes.length ? 'finding.fixable' : 'finding';
        item.accessibilityInformation = { label: `${severityWord(f.severity)}: ${f.message.split(/\r?\n/, 1)[0]}, ${String(item.description)}` };
        return item;
      }
      case 'side': {
        const item = new vscode.TreeItem(node.side.title, Collapsed);
        item.id = node.id;
        item.iconPath = new vscode.ThemeIcon(node.side.party === 'astronomer' ? 'organization' : 'cloud');
        item.description = vscode.l10n.t('theirs, not yours');
        item.tooltip = node.side.note;
        item.contextValue = 'side';
        return item;
      }
      case 'duty': {
        const item = new vscode.TreeItem(node.duty.title, None);
        item.id = node.id;
        item.iconPath = new vscode.ThemeIcon('circle-large-outline', new vscode.ThemeColor('descriptionForeground'));
        item.description = vscode.l10n.t('theirs');
        item.tooltip = node.duty.text;
        item.contextValue = 'duty';
        return item;
      }
    }
  }

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
  }
}

function projectNode(p: ReportProject): TreeNode {
  return { kind: 'project', id: `project:${p.folder.uri.toString()}#${p.root}`, project: p };
}

function groupNode(id: string, group: FindingGroup, icon: string): TreeNode {
  return { kind: 'group', id, group, icon };
}

function findingNodes(parent: string, findings: readonly ReportFinding[], data: WorkspaceReportData): TreeNode[] {
  const seen = new Map<string, number>();
  const out: TreeNode[] = [];
  for (const f of findings) {
    const entry = data.entries[f.index];
    if (!entry) continue;
    const key = `${f.ruleId}@${f.file}:${f.range.start.line}:${f.range.start.character}`;
    const n = (seen.get(key) ?? 0) + 1;
    seen.set(key, n);
    out.push({ kind: 'finding', id: `${parent}/${key}#${n}`, finding: f, entry });
  }
  return out;
}

/** The report's findings outside every project that are in this folder. */
function looseOf(data: WorkspaceReportData, folder: vscode.WorkspaceFolder, prefix: string): FindingGroup | null {
  const group = data.report.outsideProjects;
  if (!group) return null;
  const own = group.findings.filter((f) => data.entries[f.index]?.folder.uri.toString() === folder.uri.toString() || (prefix !== '' && f.file.startsWith(`${prefix}/`)));
  if (!own.length) return null;
  const counts: SeverityCounts = { error: 0, warning: 0, info: 0, hint: 0, total: own.length };
  for (const f of own) counts[f.severity]++;
  return { title: group.title, counts, findings: own };
}

function severityWord(s: Severity): string {
  switch (s) {
    case 'error':
      return vscode.l10n.t('error');
    case 'warning':
      return vscode.l10n.t('warning');
    case 'info':
      return vscode.l10n.t('info');
    case 'hint':
      return vscode.l10n.t('hint');
  }
}

/** Text for a MarkdownString: nothing in it is read as Markdown or HTML. */
function escapeMd(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+\-.!|<>~]/g, '\\$&');
}
