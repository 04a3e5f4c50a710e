// The whole workspace checked in the background (runs first in the trusted run:
// index.ts adds the files in name order, and this one sorts before
// extension.test.js). When the folder opens, every Astro project is checked
// without a file being opened or the command being run; files created or
// deleted on disk by other tools update the findings of their project, also of
// a project that appears or disappears with its Dockerfile.
// Everything written here is removed again before the next test file runs (the
// command's test in extension.test.js counts the projects).
import * as assert from 'assert';
import { mkdirSync, rmSync, writeFileSync } from 'fs';
import * as vscode from 'vscode';
import { codeValue, fileUri, ourDiagnostics, waitFor, waitForActivation } from './helpers';

/** Files with a finding that no test has opened when this file runs (later tests open them): only the background check can report them. */
const UNOPENED = [
  { file: 'team-b/Dockerfile', code: 'ASR101', line: 0 },
  { file: 'team-a/.gitignore', code: 'ASR208', line: 0 },
  { file: 'team-a/.env', code: 'ASR202', line: 3 },
];

function isOpen(uri: vscode.Uri): boolean {
  return vscode.workspace.textDocuments.some((d) => d.uri.toString() === uri.toString());
}

function codes(uri: vscode.Uri): string {
  return JSON.stringify(ourDiagnostics(uri).map((d) => [codeValue(d), d.range.start.line]));
}

describe('The whole workspace, checked in the background', () => {
  before(async () => {
    await waitForActivation();
  });

  it('fills the Problems panel when the folder opens, without a file being opened', async () => {
    assert.ok(vscode.workspace.getConfiguration('astroSharedResponsibility').get('checkOnStartup'), 'checkOnStartup is on by default');
    for (const { file } of UNOPENED) assert.ok(!isOpen(fileUri(file)), `${file} must not be open: the background check, not an editor, is to report it`);
    for (const { file, code, line } of UNOPENED) {
      const uri = fileUri(file);
      await waitFor(`${code} on ${file}`, () => ourDiagnostics(uri).find((d) => codeValue(d) === code && d.range.start.line === line), 30_000).catch((err: Error) => {
        throw new Error(`${err.message}; it has ${codes(uri)}`);
      });
    }
    for (const { file } of UNOPENED) assert.ok(!isOpen(fileUri(file)), `${file} was opened meanwhile`);
    assert.deepStrictEqual(ourDiagnostics(fileUri('tools/Dockerfile')), [], 'tools/ is not an Astro project');
  });

  it('follows a requirement file created and deleted on disk in a project no editor has open', async () => {
    // team-b builds on the Runtime image, whose ONBUILD step installs requirements.txt.
    const uri = fileUri('team-b/requirements.txt');
    writeFileSync(uri.fsPath, '# written by a tool\nflask\n');
    try {
      const diag = await waitFor('ASR301 on the new requirements.txt', () => ourDiagnostics(uri).find((d) => codeValue(d) === 'ASR301'), 15_000).catch((err: Error) => {
        throw new Error(`${err.message}; it has ${codes(uri)}`);
      });
      assert.strictEqual(diag.range.start.line, 1);
    } finally {
      rmSync(uri.fsPath, { force: true });
    }
    await waitFor('the finding to go with the file', () => (ourDiagnostics(uri).length === 0 ? true : undefined), 15_000);
  });

  it('checks a project that appears on disk with its Dockerfile, and forgets it when its folder is deleted', async () => {
    const dir = fileUri('team-c');
    const dockerfile = fileUri('team-c/Dockerfile');
    const env = fileUri('team-c/.env');
    try {
      mkdirSync(dir.fsPath, { recursive: true });
      writeFileSync(env.fsPath, 'API_USER=loader\nAPI_PASSWORD=Kestrel84!harbour\n');
      // A plain Dockerfile on an Astronomer image makes the folder an Astro project.
      writeFileSync(dockerfile.fsPath, 'FROM quay.io/astronomer/astro-runtime:12.4.0\n');
      await waitFor('ASR102 on team-c/Dockerfile', () => ourDiagnostics(dockerfile).find((d) => codeValue(d) === 'ASR102'), 15_000).catch((err: Error) => {
        throw new Error(`${err.message}; it has ${codes(dockerfile)}`);
      });
      await waitFor('ASR202 on team-c/.env', () => ourDiagnostics(env).find((d) => codeValue(d) === 'ASR202' && d.range.start.line === 1), 15_000).catch((err: Error) => {
        throw new Error(`${err.message}; it has ${codes(env)}`);
      });

      // The .env deleted: its finding goes, the project stays.
      rmSync(env.fsPath, { force: true });
      await waitFor('the finding on .env to go', () => (ourDiagnostics(env).length === 0 ? true : undefined), 15_000);
      assert.ok(ourDiagnostics(dockerfile).some((d) => codeValue(d) === 'ASR102'), `team-c is still a project: ${codes(dockerfile)}`);
    } finally {
      rmSync(dir.fsPath, { recursive: true, force: true });
    }
    await waitFor('the findings of team-c to go with its folder', () => (ourDiagnostics(dockerfile).length === 0 && ourDiagnostics(env).length === 0 ? true : undefined), 15_000).catch(
      (err: Error) => {
        throw new Error(`${err.message}; team-c/Dockerfile has ${codes(dockerfile)}`);
      },
    );
  });
});
