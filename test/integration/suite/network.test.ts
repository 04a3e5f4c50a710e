// Network and access findings as a user meets them (trusted run). A Deployment
// file written on disk by another tool, in team-b (Airflow 3 on Runtime 3.1),
// that no editor has open:
//   line 4  AIRFLOW_CONN_PARTNER_API=https://api.partner-data.io   ASR401: the `https`
//           connection type with no schema makes the HTTP hook send plain http
//   line 6  AIRFLOW__CORE__SIMPLE_AUTH_MANAGER_ALL_ADMINS=True     ASR503: every user
//           of the deployed Airflow is an admin
// The Problems panel shows both without the file being opened; each has our
// hover; ASR401's quick fix writes the form that keeps https. The file is
// removed again afterwards.
import * as assert from 'assert';
import { mkdirSync, rmSync, writeFileSync } from 'fs';
import * as vscode from 'vscode';
import { codeValue, fileUri, harnessScreenshot, hoverText, ourDiagnostics, waitFor, waitForActivation } from './helpers';

const FILE = 'team-b/deployments/partner.yaml';
const TEXT = [
  'deployment:',
  '  configuration:',
  '    name: partner-sync',
  '  environment_variables:',
  '    - key: AIRFLOW_CONN_PARTNER_API',
  '      value: https://api.partner-data.io',
  '    - key: AIRFLOW__CORE__SIMPLE_AUTH_MANAGER_ALL_ADMINS',
  '      value: "True"',
  '',
].join('\n');

function codes(uri: vscode.Uri): string {
  return JSON.stringify(ourDiagnostics(uri).map((d) => [codeValue(d), d.range.start.line, d.range.start.character]));
}

async function hoverAt(uri: vscode.Uri, position: vscode.Position): Promise<string> {
  return hoverText((await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, position)) ?? []);
}

describe('Network and access in VS Code', () => {
  const uri = fileUri(FILE);

  before(async () => {
    await waitForActivation();
    mkdirSync(fileUri('team-b/deployments').fsPath, { recursive: true });
    writeFileSync(uri.fsPath, TEXT);
  });

  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    rmSync(fileUri('team-b/deployments').fsPath, { recursive: true, force: true });
    await waitFor('the findings of the Deployment file to go with it', () => (ourDiagnostics(uri).length === 0 ? true : undefined), 15_000);
  });

  it('shows a network and an access finding in Problems, each with its hover', async () => {
    const diags = await waitFor(
      'ASR401 and ASR503 on the Deployment file',
      () => {
        const all = ourDiagnostics(uri);
        return ['ASR401', 'ASR503'].every((c) => all.some((d) => codeValue(d) === c)) ? all : undefined;
      },
      30_000,
    ).catch((err: Error) => {
      throw new Error(`${err.message}; it has ${codes(uri)}`);
    });
    assert.ok(!vscode.workspace.textDocuments.some((d) => d.uri.toString() === uri.toString()), 'the background check, not an editor, reported them');

    const cleartext = diags.find((d) => codeValue(d) === 'ASR401')!;
    assert.strictEqual(cleartext.severity, vscode.DiagnosticSeverity.Warning);
    assert.deepStrictEqual([cleartext.range.start.line, cleartext.range.start.character], [5, 13]);
    assert.ok(/plain http/i.test(cleartext.message), cleartext.message);
    const admins = diags.find((d) => codeValue(d) === 'ASR503')!;
    assert.strictEqual(admins.severity, vscode.DiagnosticSeverity.Error);
    assert.strictEqual(admins.range.start.line, 7);

    const doc = await vscode.workspace.openTextDocument(uri);
    const editor = await vscode.window.showTextDocument(doc);
    const network = await hoverAt(uri, cleartext.range.start.translate(0, 1));
    assert.ok(network.includes('**Your responsibility: Network security to your data.**'), network);
    assert.ok(network.includes('**Instead:**') && /docs\/rules\/ASR401\.md\)/.test(network), network);
    const access = await hoverAt(uri, admins.range.start.translate(0, 1));
    assert.ok(access.includes('**Your responsibility: Access and API tokens.**'), access);
    assert.ok(access.includes('**Instead:**') && /docs\/rules\/ASR503\.md\)/.test(access), access);

    // As a person sees it: the squiggle, its hover, and the Problems panel.
    editor.selection = new vscode.Selection(cleartext.range.start.translate(0, 2), cleartext.range.start.translate(0, 2));
    await vscode.commands.executeCommand('editor.action.showHover');
    await harnessScreenshot('network-access-problems');
  });

  it("ASR401's quick fix keeps https, and the finding goes", async () => {
    const doc = await vscode.workspace.openTextDocument(uri);
    const diag = await waitFor('ASR401', () => ourDiagnostics(uri).find((d) => codeValue(d) === 'ASR401'));
    const actions = (await vscode.commands.executeCommand<(vscode.CodeAction | vscode.Command)[]>('vscode.executeCodeActionProvider', uri, diag.range, vscode.CodeActionKind.QuickFix.value)) ?? [];
    const fix = actions.find((a): a is vscode.CodeAction => 'edit' in a && a.isPreferred === true && !!a.edit);
    assert.ok(fix, `a preferred fix: ${JSON.stringify(actions.map((a) => a.title))}`);
    assert.ok(await vscode.workspace.applyEdit(fix.edit!));
    assert.strictEqual(doc.lineAt(5).text, '      value: https://api.partner-data.io/https');
    await waitFor('ASR401 to go', () => (ourDiagnostics(uri).some((d) => codeValue(d) === 'ASR401') ? undefined : true));
    assert.ok(ourDiagnostics(uri).some((d) => codeValue(d) === 'ASR503'), codes(uri));
    await doc.save();
  });
});
