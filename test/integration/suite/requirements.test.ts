// What a user sees in team-a/requirements.txt (runs after extension.test.js, in the
// trusted run). run.ts serves OSV and PyPI answers from fixtures/intel on 127.0.0.1:
//   jinja2 2.10: three advisories (one high), fixed in 2.10.1, 2.11.3 and 3.1.6
//   requests: newest 2.32.5; jinja2: newest 3.1.6; pytest: newest 8.3.4
// team-a/requirements.txt:
//   0 # team-a: what our DAGs need on top of Astro Runtime (Airflow 2.10)
//   1 -r requirements/dev.txt
//   2 requests                                  ASR301, fix pins to 2.32.5
//   3 apache-airflow==2.10.2                    ASR303 error, fix removes the line
//   4 jinja2==2.10  # pinned for an old template ASR306 error (a high advisory)
//   5 apache-airflow-providers-amazon[s3fs]==8.28.0 ; python_version >= "3.9"
import * as assert from 'assert';
import * as vscode from 'vscode';
import { codeTarget, codeValue, fileUri, harnessScreenshot, hoverText, ourDiagnostics, waitFor, waitForActivation } from './helpers';

const REQS = 'team-a/requirements.txt';
const DEV = 'team-a/requirements/dev.txt';

function span(r: vscode.Range): [number, number, number, number] {
  return [r.start.line, r.start.character, r.end.line, r.end.character];
}

function describeDiags(diags: vscode.Diagnostic[]): string {
  return JSON.stringify(diags.map((d) => [codeValue(d), span(d.range), d.message]));
}

async function quickFixes(uri: vscode.Uri, diag: vscode.Diagnostic): Promise<vscode.CodeAction[]> {
  const all = await vscode.commands.executeCommand<(vscode.CodeAction | vscode.Command)[]>(
    'vscode.executeCodeActionProvider',
    uri,
    diag.range,
    vscode.CodeActionKind.QuickFix.value,
  );
  // Quick fixes with an edit: not the plain commands, nor "Show documentation for …".
  return (all ?? []).filter((a): a is vscode.CodeAction => typeof (a as vscode.Command).command !== 'string' && (a as vscode.CodeAction).edit !== undefined);
}

async function hoverAt(uri: vscode.Uri, line: number, character: number): Promise<string> {
  const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, new vscode.Position(line, character));
  return hoverText(hovers ?? []);
}

/** Waits until every code is on the file (ASR306 comes once the advisories arrive from the fixture OSV). */
function waitForCodes(uri: vscode.Uri, codes: string[], timeoutMs = 20_000): Promise<vscode.Diagnostic[]> {
  return waitFor(
    `${codes.join(', ')} on ${uri.path}`,
    () => {
      const diags = ourDiagnostics(uri);
      return codes.every((c) => diags.some((d) => codeValue(d) === c)) ? diags : undefined;
    },
    timeoutMs,
  ).catch((err: Error) => {
    throw new Error(`${err.message}; the file has ${describeDiags(ourDiagnostics(uri))}`);
  });
}

describe('Requirement files in VS Code', () => {
  let doc: vscode.TextDocument;
  const uri = () => fileUri(REQS);

  before(async () => {
    await waitForActivation();
    doc = await vscode.workspace.openTextDocument(uri());
    await vscode.window.showTextDocument(doc);
  });

  it('opens requirements.txt as pip-requirements (and requirements/dev.txt too)', async () => {
    assert.strictEqual(doc.languageId, 'pip-requirements');
    const dev = await vscode.workspace.openTextDocument(fileUri(DEV));
    assert.strictEqual(dev.languageId, 'pip-requirements');
  });

  it('reports unpinned requests, the reinstalled Airflow and the vulnerable jinja2 pin, on their lines', async () => {
    try {
      const diags = await waitForCodes(uri(), ['ASR301', 'ASR303', 'ASR306']);
      const by = (code: string) => {
        const found = diags.filter((d) => codeValue(d) === code);
        assert.strictEqual(found.length, 1, `one ${code}: ${describeDiags(diags)}`);
        return found[0];
      };
      const unpinned = by('ASR301');
      assert.deepStrictEqual(span(unpinned.range), [2, 0, 2, 8], `ASR301 covers "requests": ${describeDiags(diags)}`);
      assert.strictEqual(doc.getText(unpinned.range), 'requests');

      const airflow = by('ASR303');
      assert.strictEqual(airflow.severity, vscode.DiagnosticSeverity.Error);
      assert.deepStrictEqual(span(airflow.range), [3, 0, 3, 22], `ASR303 covers the line: ${describeDiags(diags)}`);
      assert.ok(codeTarget(airflow)?.toString().endsWith('docs/rules/ASR303.md'), `code target ${codeTarget(airflow)?.toString()}`);

      const vulnerable = by('ASR306');
      assert.strictEqual(vulnerable.severity, vscode.DiagnosticSeverity.Error, 'a high advisory makes it an error');
      assert.deepStrictEqual(span(vulnerable.range), [4, 0, 4, 12], `ASR306 covers "jinja2==2.10", not the comment: ${describeDiags(diags)}`);
      assert.ok(vulnerable.message.includes('GHSA-462w-v97r-4m45'), vulnerable.message);
      assert.ok(vulnerable.message.includes('3.1.6'), vulnerable.message);
      assert.ok(codeTarget(vulnerable)?.toString().endsWith('docs/rules/ASR306.md'));

      for (const line of [0, 1, 5]) {
        assert.ok(!diags.some((d) => d.range.start.line === line), `nothing on line ${line}: ${describeDiags(diags)}`);
      }
    } finally {
      await vscode.window.showTextDocument(doc);
      await harnessScreenshot('requirements-problems');
    }
  });

  it('offers to pin requests to the newest version on the (fixture) PyPI', async () => {
    const diag = ourDiagnostics(uri()).find((d) => codeValue(d) === 'ASR301');
    assert.ok(diag, 'ASR301 on requests');
    const fixes = await quickFixes(uri(), diag);
    const pin = fixes.find((f) => f.title.includes('2.32.5'));
    assert.ok(pin, `a fix pinning 2.32.5 among ${JSON.stringify(fixes.map((f) => f.title))}`);
    const edits = pin.edit!.get(uri());
    assert.strictEqual(edits.length, 1, JSON.stringify(edits));
    const after = applyToLine(doc, edits[0], 2);
    assert.strictEqual(after, 'requests==2.32.5');
  });

  it('explains a requirement in a hover: spec, newest version, advisories, the responsibility and links', async () => {
    try {
      const text = await hoverAt(uri(), 4, 2);
      for (const expected of [
        'jinja2==2.10',
        '3.1.6',
        'GHSA-462w-v97r-4m45',
        'CVE-2019-10906',
        'high',
        'fixed in 2.10.1',
        'Your responsibility: Pipeline code and dependencies',
        'https://www.astronomer.io/docs/astro/best-practices/upgrading-astro-runtime',
        'https://www.astronomer.io/docs/astro/cli/private-python-packages',
      ]) {
        assert.ok(text.includes(expected), `the hover lacks ${JSON.stringify(expected)}:\n${text}`);
      }
      assert.ok(/https:\/\/\S*docs\/rules\/ASR306\.md/.test(text), `the hover links ASR306's docs:\n${text}`);
      const listed = text.split('\n').filter((l) => /^- \[GHSA-/.test(l));
      assert.strictEqual(listed.length, 3, `the three advisories, one line each:\n${text}`);

      const requests = await hoverAt(uri(), 2, 3);
      assert.ok(requests.includes('Not pinned'), requests);
      assert.ok(requests.includes('2.32.5'), requests);
      assert.ok(/https:\/\/\S*docs\/rules\/ASR301\.md/.test(requests), requests);
      assert.ok(!/ASR306/.test(requests), `only the findings on that line: ${requests}`);

      assert.strictEqual(await hoverAt(uri(), 0, 5), '', 'no hover on a comment');
    } finally {
      const editor = await vscode.window.showTextDocument(doc);
      editor.selection = new vscode.Selection(4, 2, 4, 2);
      await vscode.commands.executeCommand('editor.action.showHover');
      await harnessScreenshot('requirements-hover');
    }
  });

  it('links the -r include to requirements/dev.txt, next to requirements.txt', async () => {
    const links = await vscode.commands.executeCommand<vscode.DocumentLink[]>('vscode.executeLinkProvider', uri());
    const include = (links ?? []).find((l) => l.range.start.line === 1);
    assert.ok(include, `a link on line 2: ${JSON.stringify((links ?? []).map((l) => [span(l.range), l.target?.toString()]))}`);
    assert.deepStrictEqual(span(include.range), [1, 3, 1, 23], 'the link covers requirements/dev.txt');
    assert.strictEqual(include.target?.toString(), fileUri(DEV).toString());
  });

  it('checks as you type, before the file is saved', async () => {
    const edit = new vscode.WorkspaceEdit();
    edit.insert(uri(), new vscode.Position(6, 0), 'pandas\n');
    assert.strictEqual(await vscode.workspace.applyEdit(edit), true);
    assert.ok(doc.isDirty);
    await waitFor('ASR301 on the new line', () => ourDiagnostics(uri()).find((d) => codeValue(d) === 'ASR301' && d.range.start.line === 6), 10_000);
    const undo = new vscode.WorkspaceEdit();
    undo.delete(uri(), new vscode.Range(6, 0, 7, 0));
    assert.strictEqual(await vscode.workspace.applyEdit(undo), true);
    await waitFor('the diagnostic on the removed line to go', () => (ourDiagnostics(uri()).some((d) => d.range.start.line === 6) ? undefined : true), 10_000);
  });

  it('removes the apache-airflow line with the ASR303 quick fix', async () => {
    const diag = ourDiagnostics(uri()).find((d) => codeValue(d) === 'ASR303');
    assert.ok(diag, 'ASR303 on apache-airflow');
    const fixes = await quickFixes(uri(), diag);
    assert.ok(fixes.length >= 1, 'a quick fix');
    const fix = fixes.find((f) => f.isPreferred) ?? fixes[0];
    assert.strictEqual(await vscode.workspace.applyEdit(fix.edit!), true, `${fix.title} applies`);
    assert.strictEqual(doc.lineAt(3).text, 'jinja2==2.10  # pinned for an old template', `the line is gone:\n${doc.getText()}`);
    assert.strictEqual(doc.lineAt(2).text, 'requests');
    assert.ok(!doc.getText().includes('apache-airflow=='), doc.getText());
    await waitFor('ASR303 to go', () => (ourDiagnostics(uri()).some((d) => codeValue(d) === 'ASR303') ? undefined : true), 10_000);
    assert.strictEqual(await doc.save(), true);
  });
});

/** The text of `line` after applying one edit to it (the edit must be within that line). */
function applyToLine(doc: vscode.TextDocument, edit: vscode.TextEdit, line: number): string {
  assert.strictEqual(edit.range.start.line, line);
  assert.strictEqual(edit.range.end.line, line);
  const text = doc.lineAt(line).text;
  return text.slice(0, edit.range.start.character) + edit.newText + text.slice(edit.range.end.character);
}
