import * as vscode from 'vscode';
import { ruleDocsUrl } from '../engine/product';
import { toRange, ruleIdOf } from './convert';
import type { Linter } from './linter';

/** Quick fixes from the findings behind our diagnostics, and a link to each rule's docs. */
export class FixProvider implements vscode.CodeActionProvider {
  static readonly metadata: vscode.CodeActionProviderMetadata = { providedCodeActionKinds: [vscode.CodeActionKind.QuickFix] };

  constructor(private readonly linter: Linter) {}

  provideCodeActions(doc: vscode.TextDocument, _range: vscode.Range, context: vscode.CodeActionContext): vscode.CodeAction[] {
    const entry = this.linter.findingsFor(doc.uri);
    const actions: vscode.CodeAction[] = [];
    const docsShown = new Set<string>();
    for (const diagnostic of context.diagnostics) {
      const ruleId = ruleIdOf(diagnostic);
      if (!ruleId) continue;
      const finding = entry?.findings.find((f) => f.ruleId === ruleId && toRange(f.range).isEqual(diagnostic.range));
      for (const fix of finding?.fixes ?? []) {
        const action = new vscode.CodeAction(fix.title, vscode.CodeActionKind.QuickFix);
        action.diagnostics = [diagnostic];
        action.isPreferred = fix.isPreferred === true;
        const edit = new vscode.WorkspaceEdit();
        for (const e of fix.edits) {
          const uri = vscode.Uri.joinPath(entry!.root, ...e.file.split('/'));
          if (e.createFile) edit.createFile(uri, { ignoreIfExists: true, contents: new TextEncoder().encode(e.newText) });
          else edit.replace(uri, toRange(e.range), e.newText);
        }
        action.edit = edit;
        actions.push(action);
      }
      if (!docsShown.has(ruleId)) {
        docsShown.add(ruleId);
        const docs = new vscode.CodeAction(`Show documentation for ${ruleId}`, vscode.CodeActionKind.QuickFix);
        docs.diagnostics = [diagnostic];
        docs.command = { title: docs.title, command: 'vscode.open', arguments: [vscode.Uri.parse(ruleDocsUrl(ruleId))] };
        actions.push(docs);
      }
    }
    return actions;
  }
}
