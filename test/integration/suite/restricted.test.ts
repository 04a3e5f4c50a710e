// Run by run.ts a second time with ASR_TEST_MODE=restricted: the fixture
// workspace is opened WITHOUT trusting it (workspace trust enabled, the trust
// dialog left unanswered), i.e. in Restricted Mode. The extension must still
// activate there and show its diagnostics: it only reads files.
import * as assert from 'assert';
import * as vscode from 'vscode';
import { codeValue, fileUri, harnessScreenshot, ourDiagnostics, waitFor, waitForActivation } from './helpers';

describe('Astro Shared Responsibility in Restricted Mode', () => {
  it('runs in a workspace that is not trusted', () => {
    assert.ok(vscode.version.startsWith('1.100.'), `VS Code ${vscode.version}`);
    assert.strictEqual(vscode.workspace.isTrusted, false, 'this run needs Restricted Mode');
  });

  it('activates and reports the unsupported Runtime of team-a', async () => {
    const uri = fileUri('team-a/Dockerfile');
    try {
      await waitForActivation();
      await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
      const diags = await waitFor('a diagnostic on team-a/Dockerfile in Restricted Mode', () => {
        const d = ourDiagnostics(uri);
        return d.length > 0 ? d : undefined;
      });
      assert.ok(
        diags.some((d) => /^ASR1\d\d$/.test(String(codeValue(d)))),
        `codes: ${JSON.stringify(diags.map((d) => codeValue(d)))}`,
      );
    } finally {
      await harnessScreenshot('problems');
    }
  });
});
