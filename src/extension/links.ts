import * as vscode from 'vscode';
import { parseRequirementsFile } from '../engine/files/requirements/parse';
import { toRange } from './convert';
import { rootOf, VsCodeFs } from './vscodeFs';

/** The kind pip reads a file as, from its name (`-c` files are constraints). */
export function requirementFileKind(uri: vscode.Uri): 'requirements' | 'constraints' {
  const name = uri.path.slice(uri.path.lastIndexOf('/') + 1).toLowerCase();
  return name.startsWith('constraints') ? 'constraints' : 'requirements';
}

/** Links the file of each `-r` / `-c` include (relative to the including file), and a remote include's URL. */
export class RequirementLinkProvider implements vscode.DocumentLinkProvider {
  provideDocumentLinks(doc: vscode.TextDocument): vscode.DocumentLink[] {
    const { root, path } = rootOf(doc.uri);
    const file = parseRequirementsFile(path, doc.getText(), requirementFileKind(doc.uri));
    const links: vscode.DocumentLink[] = [];
    for (const include of file.includes) {
      const target = targetOf(doc.uri, root, include.target, include.resolved);
      if (!target) continue;
      const link = new vscode.DocumentLink(toRange(include.targetRange), target);
      link.tooltip = `Open ${include.target} (${include.kind === 'constraint' ? 'constraints included with -c' : 'requirements included with -r'})`;
      links.push(link);
    }
    return links;
  }
}

function targetOf(doc: vscode.Uri, root: vscode.Uri, written: string, resolved: string | undefined): vscode.Uri | undefined {
  if (/^https?:\/\//i.test(written)) return vscode.Uri.parse(written);
  if (written.includes('${')) return undefined; // known only where pip runs
  if (resolved !== undefined) return new VsCodeFs(root).uriOf(resolved);
  if (/^[A-Za-z][A-Za-z0-9+.-]*:/.test(written) || written.startsWith('~')) return undefined;
  // An absolute path, or one above the workspace folder: as pip reads it, from the including file.
  return written.startsWith('/') ? doc.with({ path: written }) : vscode.Uri.joinPath(doc, '..', written);
}
