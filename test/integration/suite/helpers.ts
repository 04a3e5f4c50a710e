// Shared helpers for the integration suites (not a test file itself).
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';

export const EXTENSION_ID = 'astro-shared-responsibility.astro-shared-responsibility';
export const SOURCE = 'Astro Shared Responsibility';
export const SECTION = 'astroSharedResponsibility';
export const CHECK_COMMAND = 'astroSharedResponsibility.checkWorkspace';

export function workspaceFolder(): vscode.WorkspaceFolder {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) {
    throw new Error('no workspace folder is open: the harness must open the fixture workspace');
  }
  return folder;
}

export function fileUri(relative: string): vscode.Uri {
  return vscode.Uri.joinPath(workspaceFolder().uri, ...relative.split('/'));
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Polls `probe` until it returns a value other than undefined, or fails after `timeoutMs`. */
export async function waitFor<T>(what: string, probe: () => T | undefined | Promise<T | undefined>, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) {
      return value;
    }
    if (Date.now() > deadline) {
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    }
    await sleep(100);
  }
}

/** The diagnostics that this extension (and no other) reports for `uri`. */
export function ourDiagnostics(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((d) => d.source === SOURCE);
}

export function codeValue(d: vscode.Diagnostic): string | number | undefined {
  const code = d.code;
  if (code === undefined || typeof code === 'string' || typeof code === 'number') {
    return code;
  }
  return code.value;
}

export function codeTarget(d: vscode.Diagnostic): vscode.Uri | undefined {
  const code = d.code;
  return code !== undefined && typeof code === 'object' ? code.target : undefined;
}

/** Waits until the extension is active, without activating it ourselves. */
export async function waitForActivation(timeoutMs = 20_000): Promise<vscode.Extension<unknown>> {
  const ext = vscode.extensions.getExtension(EXTENSION_ID);
  if (!ext) {
    throw new Error(`extension ${EXTENSION_ID} is not installed in this VS Code`);
  }
  await waitFor(`${EXTENSION_ID} to activate by itself`, () => (ext.isActive ? true : undefined), timeoutMs);
  return ext;
}

export function hoverText(hovers: vscode.Hover[]): string {
  const parts: string[] = [];
  for (const h of hovers) {
    for (const c of h.contents) {
      parts.push(typeof c === 'string' ? c : c.value);
    }
  }
  return parts.join('\n');
}

/**
 * Asks the server-route harness (run.ts) to take a screenshot of the window as
 * it is now, and waits for it. A no-op under @vscode/test-electron or when run
 * without the harness. `problems` also opens the Problems panel first.
 */
export async function harnessScreenshot(name: string): Promise<void> {
  const dir = process.env.ASR_SCREENSHOT_HANDSHAKE;
  if (!dir) {
    return;
  }
  console.log(`ASR-SCREENSHOT ${name}`);
  const done = path.join(dir, `${name}.done`);
  const deadline = Date.now() + 20_000;
  while (!fs.existsSync(done) && Date.now() < deadline) {
    await sleep(200);
  }
  if (!fs.existsSync(done)) {
    console.warn(`screenshot ${name}: the harness did not answer; going on without it`);
  }
}
