// What a user of the extension sees in a real VS Code, on the fixture workspace
// (test/integration/fixtures/workspace, copied to a temp folder by run.ts):
//   team-a/  an Astro project (.astro/config.yaml) on Runtime 12.4.0, past basic support on 2026-11-29
//   team-b/  a project without .astro/ on Runtime 3.1-12 (3.1-17 exists), CRLF Dockerfile
//   tools/   a plain Python image: not an Astro project
// The workspace settings pin the catalog to catalog.json (offline) and today to 2026-11-29.
// The tests run in order; the quick-fix tests change files, so they come last.
import * as assert from 'assert';
import * as vscode from 'vscode';
import {
  CHECK_COMMAND,
  SECTION,
  codeTarget,
  codeValue,
  fileUri,
  harnessScreenshot,
  hoverText,
  ourDiagnostics,
  waitFor,
  waitForActivation,
} from './helpers';

const TEAM_A = 'team-a/Dockerfile';
const TEAM_B = 'team-b/Dockerfile';
const TOOLS = 'tools/Dockerfile';

async function codeActions(uri: vscode.Uri, range: vscode.Range): Promise<vscode.CodeAction[]> {
  const all = await vscode.commands.executeCommand<(vscode.CodeAction | vscode.Command)[]>(
    'vscode.executeCodeActionProvider',
    uri,
    range,
    vscode.CodeActionKind.QuickFix.value,
  );
  // Plain commands (title + command id) are not quick fixes with an edit.
  return (all ?? []).filter((a): a is vscode.CodeAction => typeof (a as vscode.Command).command !== 'string');
}

function preferredUpgrade(actions: vscode.CodeAction[]): vscode.CodeAction {
  const preferred = actions.filter((a) => a.isPreferred === true);
  assert.strictEqual(
    preferred.length,
    1,
    `expected exactly one preferred quick fix, got: ${JSON.stringify(actions.map((a) => [a.title, a.isPreferred]))}`,
  );
  const fix = preferred[0];
  assert.ok(fix.kind && vscode.CodeActionKind.QuickFix.contains(fix.kind), `kind ${fix.kind?.value} is not a quickfix`);
  assert.ok(fix.title.startsWith('Upgrade to'), `preferred quick fix title: ${fix.title}`);
  return fix;
}

describe('Astro Shared Responsibility in VS Code', () => {
  it('runs in VS Code 1.100 with the fixture workspace open and trusted', () => {
    assert.ok(vscode.version.startsWith('1.100.'), `VS Code ${vscode.version}`);
    assert.strictEqual(vscode.workspace.workspaceFolders?.length, 1, 'one workspace folder');
    assert.strictEqual(vscode.workspace.isTrusted, true, 'the main run needs a trusted workspace');
    const config = vscode.workspace.getConfiguration(SECTION);
    assert.strictEqual(config.get('today'), '2026-11-29', 'the fixture workspace settings are in force');
    assert.strictEqual(config.get('runtimeCatalog.online'), false);
    assert.strictEqual(config.get('runtimeCatalog.file'), 'catalog.json');
  });

  it('activates by itself in a workspace with Astro projects, and contributes its command and settings', async () => {
    const ext = await waitForActivation();
    const contributes = (ext.packageJSON as { contributes?: Record<string, unknown> }).contributes ?? {};
    const commands = (contributes.commands ?? []) as { command: string; title: string; category?: string }[];
    const check = commands.find((c) => c.command === CHECK_COMMAND);
    assert.ok(check, `${CHECK_COMMAND} is not contributed`);
    assert.strictEqual(check.title, 'Check shared responsibilities');
    assert.strictEqual(check.category, 'Astro');
    assert.ok((await vscode.commands.getCommands(true)).includes(CHECK_COMMAND), 'command is registered');

    const configuration = contributes.configuration as
      | { properties?: Record<string, { type?: string | string[] }> }
      | { properties?: Record<string, { type?: string | string[] }> }[]
      | undefined;
    const properties = Object.assign(
      {},
      ...(Array.isArray(configuration) ? configuration : [configuration ?? {}]).map((c) => c.properties ?? {}),
    ) as Record<string, { type?: string | string[] }>;
    for (const [key, type] of [
      ['runtimeCatalog.online', 'boolean'],
      ['runtimeCatalog.file', 'string'],
      ['lifecycle.warningDays', 'number'],
      ['today', 'string'],
    ]) {
      const p = properties[`${SECTION}.${key}`];
      assert.ok(p, `setting ${SECTION}.${key} is not contributed`);
      const types = ([] as string[]).concat(p.type ?? []);
      assert.ok(
        types.includes(type) || (type === 'number' && types.includes('integer')),
        `${SECTION}.${key} has type ${JSON.stringify(p.type)}, expected ${type}`,
      );
    }
  });

  it('reports the unsupported Runtime of team-a on the image reference of its FROM line', async () => {
    const uri = fileUri(TEAM_A);
    const doc = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(doc);
    const diags = await waitFor(`a diagnostic on ${TEAM_A}`, () => {
      const d = ourDiagnostics(uri);
      return d.length > 0 ? d : undefined;
    });
    assert.strictEqual(diags.length, 1, `diagnostics: ${JSON.stringify(diags.map((d) => d.message))}`);
    const d = diags[0];
    assert.strictEqual(codeValue(d), 'ASR102');
    const target = codeTarget(d);
    assert.ok(target, 'the code links to the rule docs');
    assert.strictEqual(target.scheme, 'https');
    assert.ok(target.toString().endsWith('docs/rules/ASR102.md'), `code target ${target.toString()}`);
    assert.strictEqual(d.severity, vscode.DiagnosticSeverity.Error);
    assert.deepStrictEqual(
      [d.range.start.line, d.range.start.character, d.range.end.line, d.range.end.character],
      [0, 5, 0, 44],
      'the range covers quay.io/astronomer/astro-runtime:12.4.0',
    );
    assert.strictEqual(doc.getText(d.range), 'quay.io/astronomer/astro-runtime:12.4.0');
    assert.ok(d.message.includes('12.4.0'), d.message);
    assert.ok(d.message.includes('13.8.0'), d.message);
  });

  it('explains the Runtime and the customer\'s responsibility in a hover on the image', async () => {
    const uri = fileUri(TEAM_A);
    try {
      const hovers = await vscode.commands.executeCommand<vscode.Hover[]>(
        'vscode.executeHoverProvider',
        uri,
        new vscode.Position(0, 20),
      );
      const text = hoverText(hovers ?? []);
      assert.ok(text.includes('12.4.0'), `hover: ${text}`);
      assert.ok(text.includes('Airflow 2.10'), `hover: ${text}`);
      assert.ok(/your responsibilit/i.test(text), `hover: ${text}`);
      assert.ok(/https:\/\/\S*docs\/rules\/ASR102\.md/.test(text), `hover: ${text}`);
    } finally {
      // For the screenshots of the server route: the hover as a person sees it.
      const editor = await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
      editor.selection = new vscode.Selection(0, 20, 0, 20);
      await vscode.commands.executeCommand('editor.action.showHover');
      await harnessScreenshot('hover');
    }
  });

  it('checks the whole workspace with the command, including files that are not open', async () => {
    const teamB = fileUri(TEAM_B);
    const tools = fileUri(TOOLS);
    assert.ok(
      !vscode.workspace.textDocuments.some((d) => d.uri.toString() === teamB.toString()),
      `${TEAM_B} must not be open before the command runs`,
    );
    try {
      const result = await vscode.commands.executeCommand<{ projects: number; findings: number }>(CHECK_COMMAND);
      assert.ok(result && typeof result === 'object', `the command returned ${JSON.stringify(result)}`);
      assert.strictEqual(result.projects, 2, `result ${JSON.stringify(result)}: team-a and team-b, not tools`);
      assert.ok(result.findings >= 2, `result ${JSON.stringify(result)}`);

      const diags = await waitFor(`a diagnostic on ${TEAM_B}`, () => {
        const d = ourDiagnostics(teamB);
        return d.length > 0 ? d : undefined;
      }, 5_000);
      assert.strictEqual(diags.length, 1, `diagnostics: ${JSON.stringify(diags.map((d) => d.message))}`);
      const d = diags[0];
      assert.strictEqual(codeValue(d), 'ASR101');
      assert.strictEqual(d.severity, vscode.DiagnosticSeverity.Warning);
      assert.ok(d.message.includes('3.1-12'), d.message);
      assert.ok(d.message.includes('3.1-17'), d.message);
      assert.ok(codeTarget(d)?.toString().endsWith('docs/rules/ASR101.md'), `code target ${codeTarget(d)?.toString()}`);
      assert.strictEqual(d.range.start.line, 0);

      assert.deepStrictEqual(ourDiagnostics(tools), [], 'tools/ is not an Astro project');
      assert.strictEqual(ourDiagnostics(fileUri(TEAM_A)).length, 1, 'team-a still has its one finding');
    } finally {
      await harnessScreenshot('problems');
    }
  });

  it('leaves a Dockerfile outside Astro projects alone, also when it is open', async () => {
    const tools = fileUri(TOOLS);
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(tools));
    // Give a debounced check time to run; team-a still has its finding meanwhile.
    await new Promise((r) => setTimeout(r, 2_000));
    assert.deepStrictEqual(ourDiagnostics(tools), []);
    assert.strictEqual(ourDiagnostics(fileUri(TEAM_A)).length, 1);
  });

  it('fixes team-a with the preferred quick fix "Upgrade to 13.8.0"', async () => {
    const uri = fileUri(TEAM_A);
    const doc = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(doc);
    const [diag] = ourDiagnostics(uri);
    assert.ok(diag, `${TEAM_A} has no diagnostic to fix`);
    const fix = preferredUpgrade(await codeActions(uri, diag.range));
    assert.strictEqual(fix.title, 'Upgrade to 13.8.0 (Airflow 2.11)');
    assert.ok(fix.edit, 'the quick fix carries a workspace edit');
    assert.strictEqual(await vscode.workspace.applyEdit(fix.edit), true, 'the edit applies');
    assert.strictEqual(doc.lineAt(0).text, 'FROM quay.io/astronomer/astro-runtime:13.8.0');
    assert.strictEqual(doc.lineAt(1).text, 'ENV AIRFLOW__CORE__DEFAULT_TIMEZONE=utc', 'line 2 is untouched');
    await waitFor(`the diagnostic on ${TEAM_A} to go away`, () => (ourDiagnostics(uri).length === 0 ? true : undefined), 5_000);
    assert.strictEqual(await doc.save(), true);
  });

  it('fixes team-b with "Upgrade to 3.1-17", keeping the -python-3.12 suffix and the CRLF line ending', async () => {
    const uri = fileUri(TEAM_B);
    assert.strictEqual(ourDiagnostics(uri).length, 1, `${TEAM_B} has no diagnostic to fix`);
    // Code actions are asked of open documents (as when a person clicks the light bulb).
    const doc = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(doc);
    const diag = await waitFor(`the ASR101 diagnostic on the open ${TEAM_B}`, () =>
      ourDiagnostics(uri).find((d) => codeValue(d) === 'ASR101'),
    5_000);
    const fix = preferredUpgrade(await codeActions(uri, diag.range));
    assert.strictEqual(fix.title, 'Upgrade to 3.1-17 (Airflow 3.1)');
    assert.ok(fix.edit, 'the quick fix carries a workspace edit');
    assert.strictEqual(await vscode.workspace.applyEdit(fix.edit), true, 'the edit applies');
    const expected = 'FROM astrocrpublic.azurecr.io/runtime:3.1-17-python-3.12\r\n';
    assert.strictEqual(doc.getText(), expected);
    assert.strictEqual(doc.eol, vscode.EndOfLine.CRLF);
    assert.strictEqual(await doc.save(), true);
    const onDisk = Buffer.from(await vscode.workspace.fs.readFile(uri)).toString('utf8');
    assert.strictEqual(onDisk, expected);
    await waitFor(`the diagnostic on ${TEAM_B} to go away`, () => (ourDiagnostics(uri).length === 0 ? true : undefined), 5_000);
  });

  after(async () => {
    // Leave the window as a person would see it at the end, for the final screenshot.
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(fileUri(TEAM_A)));
  });
});
