// Committed credentials as a user meets them in the editor (runs after
// extension.test.js and requirements.test.js, in the trusted run). Fixtures:
//   team-a/dags/etl.py   a DAG without a secret (its credentials come from connections and Variables)
//   team-a/.env          SNOWFLAKE_PASSWORD=<a password> on line 4 (index 3)
//   team-a/.gitignore    does not list .env (so .env would be committed)
//   team-a/.dockerignore lists .env (so the image build leaves it out)
// The .gitignore deliberately lacks .env: a fixture .gitignore that listed it
// would make this repository's git ignore the .env fixture too. The test adds the
// entry in the editor (unsaved) to see the severity follow it.
import * as assert from 'assert';
import { randomInt } from 'crypto';
import { rmSync, writeFileSync } from 'fs';
import * as vscode from 'vscode';
import { codeTarget, codeValue, fileUri, harnessScreenshot, ourDiagnostics, waitFor, waitForActivation } from './helpers';

const DAG = 'team-a/dags/etl.py';
const ENV = 'team-a/.env';
const GITIGNORE = 'team-a/.gitignore';
/** The line of etl.py where the token is typed (index): after the imports, before SOURCE_CONN_ID. */
const TOKEN_LINE = 11;
const ENV_PASSWORD_LINE = 3;
const ENV_PASSWORD = 'Harbor739!lantern';

/** A GitHub token's shape with 36 random characters, made for this run: valid for nothing. */
function fakeGithubToken(): string {
  const alnum = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
  let s = 'ghp_';
  for (let i = 0; i < 36; i++) s += alnum[randomInt(alnum.length)];
  return s;
}

function describe_(diags: vscode.Diagnostic[]): string {
  return JSON.stringify(diags.map((d) => [codeValue(d), d.severity, d.range.start.line, d.range.start.character, d.range.end.character, d.message]));
}

/** Every run of 5 characters of `value` that appears in `text` (none may: a preview has at most 4). */
function leaks(text: string, value: string): string[] {
  const out: string[] = [];
  for (let i = 0; i + 5 <= value.length; i++) if (text.includes(value.slice(i, i + 5))) out.push(value.slice(i, i + 5));
  return out;
}

/** The masked preview in a message: `ghp_…` (the characters before the ellipsis). */
function previewOf(message: string): string | undefined {
  return /`([^`]{0,12})…`/.exec(message)?.[1];
}

describe('Committed secrets in VS Code', () => {
  before(async () => {
    await waitForActivation();
  });

  it('reports nothing in a DAG without a secret', async () => {
    const uri = fileUri(DAG);
    const doc = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(doc);
    assert.ok(doc.lineAt(TOKEN_LINE).text.startsWith('SOURCE_CONN_ID'), `line ${TOKEN_LINE + 1} of the fixture: ${doc.lineAt(TOKEN_LINE).text}`);
    // The project is checked on open: the findings on its .env show it has been (its Dockerfile has none once extension.test.js upgraded it).
    await waitFor('team-a to be checked', () => (ourDiagnostics(fileUri(ENV)).length > 0 ? true : undefined), 10_000);
    await new Promise((r) => setTimeout(r, 1_500));
    assert.deepStrictEqual(describe_(ourDiagnostics(uri)), '[]');
  });

  it('warns inline as a token is typed into the DAG, before it is saved, without showing the token', async () => {
    const uri = fileUri(DAG);
    const doc = await vscode.workspace.openTextDocument(uri);
    const editor = await vscode.window.showTextDocument(doc);
    const token = fakeGithubToken();
    const typed = `api_token = "${token}"\n`;
    try {
      const edit = new vscode.WorkspaceEdit();
      edit.insert(uri, new vscode.Position(TOKEN_LINE, 0), typed);
      const started = Date.now();
      assert.strictEqual(await vscode.workspace.applyEdit(edit), true);
      assert.ok(doc.isDirty, 'the edit is not saved');
      const diag = await waitFor(
        `ASR205 or ASR207 on line ${TOKEN_LINE + 1} of ${DAG}`,
        () => ourDiagnostics(uri).find((d) => ['ASR205', 'ASR207'].includes(String(codeValue(d))) && d.range.start.line === TOKEN_LINE),
        5_000,
      ).catch((err: Error) => {
        throw new Error(`${err.message}; the file has ${describe_(ourDiagnostics(uri))}`);
      });
      const elapsed = Date.now() - started;
      console.log(`secret diagnostic ${codeValue(diag)} after ${elapsed} ms: ${describe_([diag])}`);
      assert.ok(doc.isDirty, 'still unsaved: the check read the editor, not the disk');
      assert.ok(
        diag.severity === vscode.DiagnosticSeverity.Warning || diag.severity === vscode.DiagnosticSeverity.Error,
        `an inline warning (or error), not ${diag.severity}`,
      );
      const rule = String(codeValue(diag));
      assert.ok(codeTarget(diag)?.toString().endsWith(`docs/rules/${rule}.md`), `code target ${codeTarget(diag)?.toString()}`);
      const covered = doc.getText(diag.range);
      assert.ok(covered.length >= 8 && `"${token}"`.includes(covered), `the range covers the token, not ${JSON.stringify(covered.slice(0, 4))}…`);

      // The message names the kind and a preview of at most 4 characters, never the token.
      assert.ok(!diag.message.includes(token), 'the message holds the token');
      assert.deepStrictEqual(leaks(diag.message, token), [], `the message shows more than 4 characters of the token: ${diag.message}`);
      const preview = previewOf(diag.message);
      assert.ok(preview !== undefined, `a masked preview in the message: ${diag.message}`);
      assert.ok(preview.length <= 4 && token.startsWith(preview), `preview ${JSON.stringify(preview)}`);
      assert.ok(/github/i.test(diag.message), `the message says what it is: ${diag.message}`);
      // What the hover on the squiggle shows is this message: it names the secure alternative.
      assert.ok(/secrets backend/i.test(diag.message), `the message names a secrets backend: ${diag.message}`);
      assert.ok(/Variable\.get|get_connection|os\.environ/.test(diag.message), `the message says how to read it at run time: ${diag.message}`);
      assert.ok(/environment variable marked secret/i.test(diag.message), diag.message);

      // Our hover on the secret: whose it is, what to write instead in code, and the docs; never the token.
      const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, diag.range.start.translate(0, 2));
      const hoverTexts = (hovers ?? []).flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value)));
      for (const text of hoverTexts) assert.deepStrictEqual(leaks(text, token), [], `a hover shows the token: ${text}`);
      const ours = hoverTexts.find((t) => t.includes('**Instead:**'));
      assert.ok(ours, `our hover on the secret: ${JSON.stringify(hoverTexts)}`);
      assert.ok(ours.includes('**Your responsibility: Secrets, connections and variables.**'), ours);
      assert.ok(/BaseHook\.get_connection.*os\.environ/.test(ours), ours);
      assert.ok(ours.includes('](https://www.astronomer.io/docs/astro/secrets-backend)') && ours.includes(`docs/rules/${rule}.md)`), ours);

      // As a person sees it: the squiggle, its hover, and the Problems panel.
      editor.selection = new vscode.Selection(diag.range.start.translate(0, 4), diag.range.start.translate(0, 4));
      editor.revealRange(diag.range, vscode.TextEditorRevealType.InCenter);
      await vscode.commands.executeCommand('editor.action.showHover');
      await harnessScreenshot('secrets-dag-hover');
      await harnessScreenshot('secrets-dag-problems');

      // Deleting the line takes the warning away, still unsaved.
      const undo = new vscode.WorkspaceEdit();
      undo.delete(uri, new vscode.Range(TOKEN_LINE, 0, TOKEN_LINE + 1, 0));
      assert.strictEqual(await vscode.workspace.applyEdit(undo), true);
      await waitFor('the secret diagnostic to go', () => (ourDiagnostics(uri).length === 0 ? true : undefined), 5_000);
    } finally {
      // Back as on disk and saved (not `workbench.action.files.revert`: after a revert the
      // diagnostics were seen to follow the text before it, see the .gitignore test).
      const line = doc.lineAt(TOKEN_LINE).text;
      if (line.startsWith('api_token = ')) {
        const undo = new vscode.WorkspaceEdit();
        undo.delete(uri, new vscode.Range(TOKEN_LINE, 0, TOKEN_LINE + 1, 0));
        await vscode.workspace.applyEdit(undo);
      }
      if (doc.isDirty) await doc.save();
    }
    assert.deepStrictEqual(describe_(ourDiagnostics(uri)), '[]', 'nothing left on the DAG');
  });

  it('reports the password in .env as an error while .gitignore lets git commit it, and as information once .gitignore lists .env', async () => {
    const envUri = fileUri(ENV);
    const envDoc = await vscode.workspace.openTextDocument(envUri);
    await vscode.window.showTextDocument(envDoc);
    assert.ok(envDoc.lineAt(ENV_PASSWORD_LINE).text.endsWith(ENV_PASSWORD), `line ${ENV_PASSWORD_LINE + 1}: ${envDoc.lineAt(ENV_PASSWORD_LINE).text}`);
    const ignoreUri = fileUri(GITIGNORE);
    const asr202 = (severity: vscode.DiagnosticSeverity) => () =>
      ourDiagnostics(envUri).find((d) => codeValue(d) === 'ASR202' && d.range.start.line === ENV_PASSWORD_LINE && d.severity === severity);

    const committed = await waitFor('ASR202 (error) on the password', asr202(vscode.DiagnosticSeverity.Error), 10_000).catch((err: Error) => {
      throw new Error(`${err.message}; .env has ${describe_(ourDiagnostics(envUri))}`);
    });
    assert.strictEqual(envDoc.getText(committed.range), ENV_PASSWORD, 'the range covers the value');
    assert.ok(!committed.message.includes(ENV_PASSWORD), 'the message holds the password');
    assert.deepStrictEqual(leaks(committed.message, ENV_PASSWORD), [], committed.message);
    assert.ok(/not excluded by \.gitignore/.test(committed.message), committed.message);
    assert.ok(codeTarget(committed)?.toString().endsWith('docs/rules/ASR202.md'));
    const exposed = ourDiagnostics(ignoreUri).filter((d) => codeValue(d) === 'ASR208');
    assert.strictEqual(exposed.length, 1, `ASR208 on .gitignore: ${describe_(ourDiagnostics(ignoreUri))}`);
    assert.ok(exposed[0].message.includes('.env'), exposed[0].message);
    assert.ok(
      !ourDiagnostics(fileUri('team-a/Dockerfile')).some((d) => codeValue(d) === 'ASR208'),
      'nothing about .dockerignore on the Dockerfile: it exists and lists .env',
    );

    const ignoreDoc = await vscode.workspace.openTextDocument(ignoreUri);
    const onDisk = ignoreDoc.getText();
    try {
      // The ASR208 quick fix on .gitignore adds the entry.
      const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', ignoreUri, exposed[0].range, vscode.CodeActionKind.QuickFix.value);
      const fix = actions.find((a) => a.edit && a.title === 'Add .env to .gitignore');
      assert.ok(fix?.edit, `an ASR208 quick fix on .gitignore: ${actions.map((a) => a.title).join(' | ')}`);
      assert.strictEqual(await vscode.workspace.applyEdit(fix.edit), true);
      assert.ok(ignoreDoc.getText().split(/\r?\n/).includes('.env'), ignoreDoc.getText());
      const local = await waitFor('ASR202 to become information', asr202(vscode.DiagnosticSeverity.Information), 10_000).catch((err: Error) => {
        throw new Error(`${err.message}; .env has ${describe_(ourDiagnostics(envUri))}`);
      });
      assert.ok(/excluded by \.gitignore and \.dockerignore/.test(local.message), local.message);
      await waitFor('ASR208 to go from .gitignore', () => (ourDiagnostics(ignoreUri).some((d) => codeValue(d) === 'ASR208') ? undefined : true), 5_000);
      await vscode.window.showTextDocument(envDoc);
      await harnessScreenshot('secrets-env-problems');
    } finally {
      // Back as on disk: the entry removed again (still unsaved), then saved as it was.
      if (ignoreDoc.getText() !== onDisk) {
        const undo = new vscode.WorkspaceEdit();
        undo.replace(ignoreUri, new vscode.Range(0, 0, ignoreDoc.lineCount, 0), onDisk);
        await vscode.workspace.applyEdit(undo);
      }
      assert.strictEqual(ignoreDoc.getText(), onDisk, '.gitignore is as on disk again');
      if (ignoreDoc.isDirty) await ignoreDoc.save();
    }
    await waitFor('ASR202 to be an error again once .gitignore no longer lists .env', asr202(vscode.DiagnosticSeverity.Error), 10_000).catch((err: Error) => {
      throw new Error(`${err.message}; .env has ${describe_(ourDiagnostics(envUri))}`);
    });
  });
  it('follows files written on disk by other tools: a JSON config with a token appears in Problems, and goes when it is deleted', async () => {
    // Written with Node, not through VS Code, as git or a generator would: only the file watcher tells the extension.
    const uri = fileUri('team-a/exported_settings.json');
    const token = fakeGithubToken();
    writeFileSync(uri.fsPath, `{\n  "github": {"owner": "acme", "token": "${token}"}\n}\n`);
    try {
      const diag = await waitFor('ASR210 on the new file', () => ourDiagnostics(uri).find((d) => codeValue(d) === 'ASR210'), 10_000);
      assert.strictEqual(diag.range.start.line, 1);
      assert.deepStrictEqual(leaks(diag.message, token), [], diag.message);
      assert.ok(/GitHub token \(`ghp_…`\)/.test(diag.message), diag.message);
    } finally {
      rmSync(uri.fsPath, { force: true });
    }
    await waitFor('the finding to go with the file', () => (ourDiagnostics(uri).length === 0 ? true : undefined), 10_000);
  });

  it('warns as a password is typed into a SQL file of the project (any text file is checked), and not after it is taken out', async () => {
    const uri = fileUri('team-a/grants.sql');
    writeFileSync(uri.fsPath, '-- roles of the loader\n');
    const password = `Qm4-${fakeGithubToken().slice(4, 16)}`;
    try {
      const doc = await vscode.workspace.openTextDocument(uri);
      await vscode.window.showTextDocument(doc);
      const edit = new vscode.WorkspaceEdit();
      edit.insert(uri, new vscode.Position(1, 0), `CREATE USER loader WITH PASSWORD '${password}';\n`);
      assert.strictEqual(await vscode.workspace.applyEdit(edit), true);
      const diag = await waitFor('ASR210 on the typed SQL', () => ourDiagnostics(uri).find((d) => codeValue(d) === 'ASR210'), 10_000);
      assert.strictEqual(doc.getText(diag.range), password);
      assert.deepStrictEqual(leaks(diag.message, password), [], diag.message);
      const undo = new vscode.WorkspaceEdit();
      undo.delete(uri, new vscode.Range(1, 0, 2, 0));
      assert.strictEqual(await vscode.workspace.applyEdit(undo), true);
      await waitFor('the warning to go', () => (ourDiagnostics(uri).length === 0 ? true : undefined), 10_000);
      if (doc.isDirty) await doc.save();
    } finally {
      await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
      rmSync(uri.fsPath, { force: true });
    }
  });
});
