import * as vscode from 'vscode';
import type { DirEntry, ProjectFs } from '../engine/fs';

/**
 * The engine's file system over VS Code's: works for local, remote and
 * virtual workspaces, and reads open editors' unsaved text first.
 */
export class VsCodeFs implements ProjectFs {
  private readonly decoder = new TextDecoder('utf-8');

  constructor(readonly root: vscode.Uri) {}

  uriOf(path: string): vscode.Uri {
    return path === '' ? this.root : vscode.Uri.joinPath(this.root, ...path.split('/'));
  }

  async readText(path: string): Promise<string | undefined> {
    const uri = this.uriOf(path);
    const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
    if (open) return open.getText();
    try {
      const stat = await vscode.workspace.fs.stat(uri);
      if (stat.type & vscode.FileType.Directory) return undefined;
      return this.decoder.decode(await vscode.workspace.fs.readFile(uri));
    } catch (err) {
      if (err instanceof vscode.FileSystemError && err.code === 'FileNotFound') return undefined;
      throw err;
    }
  }

  async list(path: string): Promise<DirEntry[]> {
    try {
      const entries = await vscode.workspace.fs.readDirectory(this.uriOf(path));
      return entries.map(([name, type]) => ({
        name,
        kind: type & vscode.FileType.SymbolicLink ? 'other' : type === vscode.FileType.File ? 'file' : type === vscode.FileType.Directory ? 'dir' : 'other',
      }));
    } catch (err) {
      if (err instanceof vscode.FileSystemError && err.code === 'FileNotFound') return [];
      throw err;
    }
  }
}

/** The folder a document's project is looked up from, and the document's path relative to it. */
export function rootOf(uri: vscode.Uri): { root: vscode.Uri; path: string } {
  const folder = vscode.workspace.getWorkspaceFolder(uri);
  const root = folder?.uri ?? vscode.Uri.joinPath(uri, '..');
  const rootPath = root.path.endsWith('/') ? root.path : `${root.path}/`;
  return { root, path: uri.path.startsWith(rootPath) ? uri.path.slice(rootPath.length) : uri.path.slice(uri.path.lastIndexOf('/') + 1) };
}
