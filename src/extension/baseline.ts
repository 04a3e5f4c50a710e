/**
 * The baselines of the workspace folders: the fingerprints in
 * `.astro-sr-baseline.json` at a folder's root (written by `astro-sr
 * baseline`, paths from that folder as the editor's findings have them).
 * Read through VS Code's file system (local, remote and virtual folders),
 * once, and again when the file changes on disk.
 */
import * as vscode from 'vscode';
import { BASELINE_FILE_NAME, parseBaseline } from '../engine/policy/baseline';

const NONE: ReadonlySet<string> = new Set();

export class Baselines implements vscode.Disposable {
  /** Fingerprints by workspace folder URI, once read. */
  private readonly read = new Map<string, ReadonlySet<string>>();
  /** The latest read started per folder: an earlier one that ends later is not kept. */
  private readonly reading = new Map<string, object>();
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  /** A folder's baseline was read, and differs from what was known. */
  readonly onDidChange = this.changed.event;

  constructor(private readonly log: vscode.LogOutputChannel) {}

  /** The fingerprints of the baseline of a workspace folder as known now: none until it is read (the first ask starts that, and onDidChange follows). */
  fingerprints(folder: vscode.Uri): ReadonlySet<string> {
    const known = this.read.get(folder.toString());
    if (known) return known;
    if (!this.reading.has(folder.toString()) && isFolderRoot(folder)) void this.load(folder);
    return NONE;
  }

  /** A file changed on disk; whether it is a workspace folder's baseline (then read again). */
  fileChanged(uri: vscode.Uri): boolean {
    const folder = vscode.workspace.getWorkspaceFolder(uri)?.uri;
    if (!folder || uri.toString() !== vscode.Uri.joinPath(folder, BASELINE_FILE_NAME).toString()) return false;
    void this.load(folder);
    return true;
  }

  private async load(folder: vscode.Uri): Promise<void> {
    const key = folder.toString();
    const token = {};
    this.reading.set(key, token);
    let fingerprints = NONE;
    try {
      const text = new TextDecoder('utf-8').decode(await vscode.workspace.fs.readFile(vscode.Uri.joinPath(folder, BASELINE_FILE_NAME)));
      fingerprints = new Set(parseBaseline(text).map((e) => e.fingerprint));
    } catch (err) {
      if (!(err instanceof vscode.FileSystemError && err.code === 'FileNotFound')) this.log.warn(`${BASELINE_FILE_NAME} of ${folder.toString(true)} not used: ${(err as Error).message}`);
    }
    if (this.reading.get(key) !== token) return;
    const before = this.read.get(key) ?? NONE;
    this.read.set(key, fingerprints);
    if (before.size > 0 || fingerprints.size > 0) this.changed.fire(folder);
  }

  dispose(): void {
    this.changed.dispose();
  }
}

/** Whether `uri` is the root of a workspace folder: a baseline is looked for there only. */
function isFolderRoot(uri: vscode.Uri): boolean {
  return vscode.workspace.getWorkspaceFolder(uri)?.uri.toString() === uri.toString();
}
