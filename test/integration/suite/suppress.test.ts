// Suppressions and .astro-sr.yaml in the real VS Code. The test makes its own
// project, team-s/, on disk (the extension follows the disk), so that no other
// suite's counts change, and removes it at the end.
//   team-s/requirements.txt
//     0 requests     ASR301
//     1 pandas       ASR301 → "Ignore ASR301 on this line" inserts a comment above it
import * as assert from 'assert';
import * as vscode from 'vscode';
import { codeValue, fileUri, ourDiagnostics, waitFor, waitForActivation } from './helpers';

const ROOT = 'team-s';
const REQS = `${ROOT}/requirements.txt`;
const CONFIG = `${ROOT}/.astro-sr.yaml`;

async function write(rel: string, text: string): Promise<void> {
  await vscode.workspace.fs.writeFile(fileUri(rel), new TextEncoder().encode(text));
}

function codesOn(rel: string, code: string): vscode.Diagnostic[] {
  return ourDiagnostics(fileUri(rel)).filter((d) => codeValue(d) === code);
}

describe('Suppressions and .astro-sr.yaml in VS Code', () => {
  before(async function () {
    this.timeout(30_000);
    await waitForActivation();
    await write(`${ROOT}/Dockerfile`, 'FROM quay.io/astronomer/astro-runtime:12.4.0\n');
    await write(`${ROOT}/.astro/config.yaml`, 'project:\n  name: team-s\n');
    await write(REQS, 'requests\npandas\n');
  });

  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await vscode.workspace.fs.delete(fileUri(ROOT), { recursive: true, useTrash: false });
  });

  it('a project created on disk gets its findings without a file being opened', async function () {
    this.timeout(30_000);
    const diags = await waitFor('two ASR301 on team-s/requirements.txt', () => (codesOn(REQS, 'ASR301').length === 2 ? codesOn(REQS, 'ASR301') : undefined), 20_000);
    assert.deepStrictEqual(
      diags.map((d) => d.range.start.line).sort(),
      [0, 1],
    );
  });

  it('"Ignore ASR301 on this line" inserts an inline ignore, and the diagnostic goes', async function () {
    this.timeout(30_000);
    const doc = await vscode.workspace.openTextDocument(fileUri(REQS));
    await vscode.window.showTextDocument(doc);
    const pandas = codesOn(REQS, 'ASR301').find((d) => d.range.start.line === 1)!;
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', doc.uri, pandas.range, vscode.CodeActionKind.QuickFix.value);
    const titles = actions.map((a) => a.title);
    assert.ok(titles.includes('Ignore ASR301 in this file (.astro-sr.yaml)'), titles.join(' | '));
    assert.ok(titles.includes('Show documentation for ASR301'), titles.join(' | '));
    const ignore = actions.find((a) => a.title === 'Ignore ASR301 on this line');
    assert.ok(ignore?.edit, titles.join(' | '));
    assert.ok(await vscode.workspace.applyEdit(ignore.edit));
    assert.strictEqual(doc.getText(), 'requests\n# astro-sr: ignore ASR301 -- reason\npandas\n');
    await waitFor('only the ASR301 on requests', () => {
      const left = codesOn(REQS, 'ASR301');
      return left.length === 1 && left[0].range.start.line === 0 ? true : undefined;
    });
    await doc.save();
  });

  it('an inline ignore written by hand, and one that suppresses nothing (a hint)', async function () {
    this.timeout(30_000);
    const doc = await vscode.workspace.openTextDocument(fileUri(REQS));
    const edit = new vscode.WorkspaceEdit();
    edit.replace(doc.uri, doc.lineAt(0).range, 'requests==2.32.3  # astro-sr: ignore ASR301 -- pinned now');
    assert.ok(await vscode.workspace.applyEdit(edit));
    const unused = await waitFor('ASR001 on line 1', () => {
      const hints = codesOn(REQS, 'ASR001');
      return hints.length === 1 && codesOn(REQS, 'ASR301').length === 0 ? hints[0] : undefined;
    });
    assert.strictEqual(unused.severity, vscode.DiagnosticSeverity.Hint);
    assert.deepStrictEqual([unused.range.start.line, unused.range.start.character], [0, 37]);
    await doc.save();
  });

  it('.astro-sr.yaml takes effect without a reload, and an invalid key is underlined', async function () {
    this.timeout(30_000);
    await write(`${REQS}`, 'requests\npandas\n');
    await waitFor('two ASR301 again', () => (codesOn(REQS, 'ASR301').length === 2 ? true : undefined), 20_000);
    await write(CONFIG, 'rules:\n  requirement-unpinned: info\n  ASR999: warning\n');
    const invalid = await waitFor('ASR003 on .astro-sr.yaml', () => codesOn(CONFIG, 'ASR003')[0], 20_000);
    assert.deepStrictEqual([invalid.range.start.line, invalid.range.start.character, invalid.range.end.character], [2, 2, 8]);
    assert.strictEqual(invalid.severity, vscode.DiagnosticSeverity.Error);
    await waitFor('ASR301 as information', () => {
      const d = codesOn(REQS, 'ASR301');
      return d.length === 2 && d.every((x) => x.severity === vscode.DiagnosticSeverity.Information) ? true : undefined;
    }, 20_000);
    await write(CONFIG, 'ignore:\n  - requirements.txt\n');
    await waitFor('no finding on the ignored file', () => (ourDiagnostics(fileUri(REQS)).length === 0 && codesOn(CONFIG, 'ASR003').length === 0 ? true : undefined), 20_000);
  });
});
