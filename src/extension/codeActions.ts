import * as vscode from 'vscode';
import { commentMarkerOf, IGNORE_DIRECTIVE } from '../engine/files/comments';
import { CONFIG_FILE_NAME } from '../engine/files/config';
import { acceptFindingEdit } from '../engine/policy/edit';
import { RULES, ruleById } from '../engine/rules';
import type { Finding, Fix } from '../engine/types';
import { toRange, ruleIdOf } from './convert';
import type { Linter } from './linter';

export const FIX_ALL_KIND = vscode.CodeActionKind.SourceFixAll.append('astroSharedResponsibility');
export const COMMANDS = {
  showRuleDocs: 'astroSharedResponsibility.showRuleDocumentation',
  ignoreInFile: 'astroSharedResponsibility.ignoreInFile',
  fixAllWorkspace: 'astroSharedResponsibility.applyAllFixes',
} as const;

/** A finding's fixes as an edit of the workspace. */
export function fixEdit(fix: Fix, root: vscode.Uri, edit = new vscode.WorkspaceEdit(), metadata?: vscode.WorkspaceEditEntryMetadata): vscode.WorkspaceEdit {
  for (const e of fix.edits) {
    const uri = vscode.Uri.joinPath(root, ...e.file.split('/'));
    if (e.createFile) edit.createFile(uri, { ignoreIfExists: true, contents: new TextEncoder().encode(e.newText) }, metadata);
    else edit.replace(uri, toRange(e.range), e.newText, metadata);
  }
  return edit;
}

/**
 * For each of our diagnostics: its quick fixes, "Ignore ASRxxx on this line"
 * (an inline ignore in the file's comment style), "Ignore ASRxxx in this
 * file" (an entry of `.astro-sr.yaml`) and the rule's documentation; and
 * `source.fixAll.astroSharedResponsibility`, the preferred fixes of the file.
 */
export class FixProvider implements vscode.CodeActionProvider {
  static readonly metadata: vscode.CodeActionProviderMetadata = { providedCodeActionKinds: [vscode.CodeActionKind.QuickFix, FIX_ALL_KIND] };

  constructor(private readonly linter: Linter) {}

  provideCodeActions(doc: vscode.TextDocument, _range: vscode.Range, context: vscode.CodeActionContext): vscode.CodeAction[] {
    const entry = this.linter.findingsFor(doc.uri);
    if (context.only && (FIX_ALL_KIND.contains(context.only) || context.only.contains(FIX_ALL_KIND))) return this.fixAll(doc, entry);
    if (context.only && !context.only.contains(vscode.CodeActionKind.QuickFix)) return [];
    const actions: vscode.CodeAction[] = [];
    const shown = new Set<string>();
    for (const diagnostic of context.diagnostics) {
      const ruleId = ruleIdOf(diagnostic);
      if (!ruleId) continue;
      const finding = entry?.findings.find((f) => f.ruleId === ruleId && toRange(f.range).isEqual(diagnostic.range));
      for (const fix of finding?.fixes ?? []) {
        const action = new vscode.CodeAction(fix.title, vscode.CodeActionKind.QuickFix);
        action.diagnostics = [diagnostic];
        action.isPreferred = fix.isPreferred === true;
        action.edit = fixEdit(fix, entry!.root);
        actions.push(action);
      }
      const setup = ruleById(ruleId)?.responsibility === 'tool';
      const lineKey = `${ruleId}:${diagnostic.range.start.line}`;
      if (!setup && !shown.has(lineKey)) {
        shown.add(lineKey);
        const ignore = this.ignoreOnLine(doc, diagnostic, ruleId);
        if (ignore) actions.push(ignore);
      }
      if (!setup && finding && entry && !shown.has(`file:${ruleId}`)) {
        shown.add(`file:${ruleId}`);
        const action = new vscode.CodeAction(vscode.l10n.t('Ignore {0} in this file ({1})', ruleId, CONFIG_FILE_NAME), vscode.CodeActionKind.QuickFix);
        action.diagnostics = [diagnostic];
        action.command = { title: action.title, command: COMMANDS.ignoreInFile, arguments: [doc.uri, ruleId] };
        actions.push(action);
      }
      if (!shown.has(`docs:${ruleId}`)) {
        shown.add(`docs:${ruleId}`);
        const docs = new vscode.CodeAction(vscode.l10n.t('Show documentation for {0}', ruleId), vscode.CodeActionKind.QuickFix);
        docs.diagnostics = [diagnostic];
        docs.command = { title: docs.title, command: COMMANDS.showRuleDocs, arguments: [ruleId] };
        actions.push(docs);
      }
    }
    return actions;
  }

  /** An inline ignore on its own line before the finding's line, indented like it; none where the file cannot hold a comment (JSON). */
  private ignoreOnLine(doc: vscode.TextDocument, diagnostic: vscode.Diagnostic, ruleId: string): vscode.CodeAction | undefined {
    const marker = commentMarkerOf(doc.uri.path);
    if (!marker) return undefined;
    const line = doc.lineAt(diagnostic.range.start.line);
    const indent = line.text.slice(0, line.firstNonWhitespaceCharacterIndex);
    const action = new vscode.CodeAction(vscode.l10n.t('Ignore {0} on this line', ruleId), vscode.CodeActionKind.QuickFix);
    action.diagnostics = [diagnostic];
    const edit = new vscode.WorkspaceEdit();
    edit.insert(doc.uri, line.range.start, `${indent}${marker} ${IGNORE_DIRECTIVE} ignore ${ruleId} -- ${vscode.l10n.t('reason')}\n`);
    action.edit = edit;
    return action;
  }

  /** The preferred fixes of the file's findings whose edits stay in the file and do not overlap. */
  private fixAll(doc: vscode.TextDocument, entry: { findings: Finding[]; root: vscode.Uri } | undefined): vscode.CodeAction[] {
    if (!entry) return [];
    const target = doc.uri.toString();
    const edit = new vscode.WorkspaceEdit();
    const taken: vscode.Range[] = [];
    let count = 0;
    for (const finding of entry.findings) {
      const fix = finding.fixes.find((f) => f.isPreferred);
      if (!fix || fix.edits.some((e) => e.createFile || vscode.Uri.joinPath(entry.root, ...e.file.split('/')).toString() !== target)) continue;
      const ranges = fix.edits.map((e) => toRange(e.range));
      if (ranges.some((r) => taken.some((t) => t.intersection(r) !== undefined))) continue;
      taken.push(...ranges);
      fixEdit(fix, entry.root, edit);
      count++;
    }
    if (count === 0) return [];
    const action = new vscode.CodeAction(vscode.l10n.t('Apply the preferred fixes of Astro Shared Responsibility'), FIX_ALL_KIND);
    action.edit = edit;
    return [action];
  }
}

/** "Ignore ASRxxx in this file": an entry of the nearest `.astro-sr.yaml` (made in the project folder when there is none), then the file is shown with the reason selected. */
export async function ignoreInFile(uri: vscode.Uri, ruleId: string): Promise<void> {
  const folder = vscode.workspace.getWorkspaceFolder(uri);
  if (!folder) return;
  const configUri = await nearestConfig(uri, folder.uri);
  const configDir = vscode.Uri.joinPath(configUri, '..');
  const rel = uri.path.slice(configDir.path.length + 1);
  let text: string | undefined;
  try {
    text = new TextDecoder().decode(await vscode.workspace.fs.readFile(configUri));
  } catch {
    text = undefined;
  }
  const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === configUri.toString());
  if (open) text = open.getText();
  const reason = vscode.l10n.t('why this is accepted');
  const change = acceptFindingEdit(text, ruleId, rel, reason);
  const edit = new vscode.WorkspaceEdit();
  if (text === undefined) edit.createFile(configUri, { ignoreIfExists: true, contents: new TextEncoder().encode(change.newText) });
  else edit.replace(configUri, toRange(change.range), change.newText);
  if (!(await vscode.workspace.applyEdit(edit))) return;
  const doc = await vscode.workspace.openTextDocument(configUri);
  const at = doc.getText().indexOf(`reason: ${reason}`, text === undefined ? 0 : doc.offsetAt(toRange(change.range).start));
  const editor = await vscode.window.showTextDocument(doc);
  if (at >= 0) {
    const start = doc.positionAt(at + 'reason: '.length);
    editor.selection = new vscode.Selection(start, start.translate(0, reason.length));
  }
}

/** The `.astro-sr.yaml` nearest to a file: in its folder or above, within the workspace folder; else where one belongs, in the folder of the Astro project holding the file (or the workspace folder). */
async function nearestConfig(uri: vscode.Uri, root: vscode.Uri): Promise<vscode.Uri> {
  let dir = vscode.Uri.joinPath(uri, '..');
  let project: vscode.Uri | undefined;
  for (;;) {
    if (await exists(vscode.Uri.joinPath(dir, CONFIG_FILE_NAME))) return vscode.Uri.joinPath(dir, CONFIG_FILE_NAME);
    if (!project && (await exists(vscode.Uri.joinPath(dir, 'Dockerfile')))) project = dir;
    if (dir.path === root.path || !dir.path.startsWith(root.path)) break;
    dir = vscode.Uri.joinPath(dir, '..');
  }
  return vscode.Uri.joinPath(project ?? root, CONFIG_FILE_NAME);
}

async function exists(uri: vscode.Uri): Promise<boolean> {
  try {
    await vscode.workspace.fs.stat(uri);
    return true;
  } catch {
    return false;
  }
}

/** Opens a rule's documentation page, bundled with the extension, in VS Code's Markdown preview (offline, no broken link). */
export async function showRuleDocs(extensionUri: vscode.Uri, ruleId: string): Promise<void> {
  let meta = ruleById(ruleId);
  if (!meta) {
    const picked = await vscode.window.showQuickPick(
      RULES.map((r) => ({ label: r.id, description: r.name, detail: r.summary.replace(/`/g, '') })),
      { placeHolder: vscode.l10n.t('Which rule?'), matchOnDescription: true, matchOnDetail: true },
    );
    meta = picked && ruleById(picked.label);
  }
  if (!meta) return;
  const page = vscode.Uri.joinPath(extensionUri, 'docs', 'rules', `${meta.id}.md`);
  await vscode.commands.executeCommand('markdown.showPreview', page);
}

/** Every preferred fix of every finding shown, as one edit the user reviews in the refactor preview before it is applied. */
export async function applyAllFixes(linter: Linter): Promise<number> {
  const edit = new vscode.WorkspaceEdit();
  const taken = new Map<string, vscode.Range[]>();
  let count = 0;
  for (const { findings, folder } of linter.folderChecks()) {
    const root = folder.uri;
    for (const finding of findings) {
      const fix = finding.fixes.find((f) => f.isPreferred);
      if (!fix) continue;
      const spans = fix.edits.map((e) => ({ key: vscode.Uri.joinPath(root, ...e.file.split('/')).toString(), range: toRange(e.range) }));
      if (spans.some((s) => (taken.get(s.key) ?? []).some((t) => t.intersection(s.range) !== undefined))) continue;
      for (const s of spans) taken.set(s.key, [...(taken.get(s.key) ?? []), s.range]);
      fixEdit(fix, root, edit, { needsConfirmation: true, label: fix.title, description: `${finding.ruleId} ${finding.file}:${finding.range.start.line + 1}` });
      count++;
    }
  }
  if (count === 0) {
    void vscode.window.showInformationMessage(vscode.l10n.t('No finding has a preferred fix to apply.'));
    return 0;
  }
  // Entries that need confirmation open the refactor preview: nothing changes until the user applies it there.
  return (await vscode.workspace.applyEdit(edit, { isRefactoring: true })) ? count : 0;
}
