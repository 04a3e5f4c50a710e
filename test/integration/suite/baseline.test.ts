// A baseline in VS Code (trusted run): `.astro-sr-baseline.json` at the
// workspace folder's root, as `astro-sr baseline` writes it, holding the
// finding on team-b/Dockerfile. That finding turns into a hint in Problems
// (the default of `astroSharedResponsibility.baseline.show`), disappears with
// `hidden`, and comes back as it was when the baseline is deleted. The
// fingerprint is computed by the engine on the folder as it is on disk, the
// way the CLI computes it. Everything written here is removed afterwards.
import * as assert from 'assert';
import { rmSync, writeFileSync } from 'fs';
import * as vscode from 'vscode';
import { checkTree } from '../../../src/engine/check';
import { NodeFs } from '../../../src/engine/fs/nodeFs';
import { catalogFromFeed } from '../../../src/engine/knowledge/runtime/catalog';
import { baselineEntriesOf, BASELINE_FILE_NAME, formatBaseline } from '../../../src/engine/policy/baseline';
import { codeValue, fileUri, ourDiagnostics, SECTION, waitFor, waitForActivation, workspaceFolder } from './helpers';

const DOCKERFILE = 'team-b/Dockerfile';

function describe_(uri: vscode.Uri): string {
  return JSON.stringify(ourDiagnostics(uri).map((d) => [codeValue(d), d.severity, d.range.start.line]));
}

describe('A baseline in VS Code', () => {
  const baseline = fileUri(BASELINE_FILE_NAME);
  const dockerfile = fileUri(DOCKERFILE);
  let rule: string;

  before(async () => {
    await waitForActivation();
    const diag = await waitFor(`a finding on ${DOCKERFILE}`, () => ourDiagnostics(dockerfile).find((d) => d.severity !== vscode.DiagnosticSeverity.Hint), 30_000);
    rule = String(codeValue(diag));
    // What `astro-sr baseline` writes for this finding, from the folder on disk and the workspace's catalog.
    const root = workspaceFolder().uri.fsPath;
    const catalog = catalogFromFeed(JSON.parse(await vscode.workspace.fs.readFile(fileUri('catalog.json')).then((b) => new TextDecoder().decode(b))), { source: 'file', asOf: '2026-01-01', origin: 'test' });
    const result = await checkTree(new NodeFs(root), { catalog });
    const ours = result.findings.filter((f) => f.file === DOCKERFILE && f.ruleId === rule);
    assert.strictEqual(ours.length, 1, JSON.stringify(result.findings.map((f) => [f.file, f.ruleId])));
    writeFileSync(baseline.fsPath, formatBaseline(baselineEntriesOf(ours, '')));
  });

  after(async () => {
    rmSync(baseline.fsPath, { force: true });
    await vscode.workspace.getConfiguration(SECTION).update('baseline.show', undefined, vscode.ConfigurationTarget.Workspace);
  });

  it('shows a baselined finding as a hint, hides it with `hidden`, and shows it again when the baseline goes', async () => {
    await waitFor(`${rule} on ${DOCKERFILE} as a hint`, () => ourDiagnostics(dockerfile).find((d) => codeValue(d) === rule && d.severity === vscode.DiagnosticSeverity.Hint), 15_000).catch((err: Error) => {
      throw new Error(`${err.message}; it has ${describe_(dockerfile)}`);
    });

    await vscode.workspace.getConfiguration(SECTION).update('baseline.show', 'hidden', vscode.ConfigurationTarget.Workspace);
    await waitFor(`${rule} hidden`, () => (ourDiagnostics(dockerfile).some((d) => codeValue(d) === rule) ? undefined : true), 15_000).catch((err: Error) => {
      throw new Error(`${err.message}; it has ${describe_(dockerfile)}`);
    });

    rmSync(baseline.fsPath, { force: true });
    const back = await waitFor(`${rule} back as it was`, () => ourDiagnostics(dockerfile).find((d) => codeValue(d) === rule), 15_000).catch((err: Error) => {
      throw new Error(`${err.message}; it has ${describe_(dockerfile)}`);
    });
    assert.notStrictEqual(back.severity, vscode.DiagnosticSeverity.Hint, describe_(dockerfile));
  });
});
