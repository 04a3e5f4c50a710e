import * as path from 'node:path';
import * as vscode from 'vscode';
import type { RuleSetting } from '../engine/check';

export const SECTION = 'astroSharedResponsibility';

export interface Settings {
  online: boolean;
  catalogFile?: string;
  warningDays: number;
  rules: Record<string, RuleSetting>;
  today?: string;
  proxy?: string;
  /** Whether package advisories (OSV) and newest versions (PyPI) may be looked up. */
  advisoriesOnline: boolean;
  /** The operator quick fixes pin requirements with. */
  pinOperator: PinOperator;
  /** Whether every Astro project of the workspace is checked in the background when the extension starts. */
  checkOnStartup: boolean;
}

export type PinOperator = '==' | '~=';

export function readSettings(): Settings {
  const c = vscode.workspace.getConfiguration(SECTION);
  const file = c.get<string>('runtimeCatalog.file', '').trim();
  const folder = vscode.workspace.workspaceFolders?.[0];
  const today = c.get<string>('today', '').trim();
  return {
    online: c.get<boolean>('runtimeCatalog.online', true),
    catalogFile: file ? (path.isAbsolute(file) || !folder ? file : path.join(folder.uri.fsPath, file)) : undefined,
    warningDays: Math.max(0, c.get<number>('lifecycle.warningDays', 30)),
    rules: c.get<Record<string, RuleSetting>>('rules', {}),
    today: /^\d{4}-\d{2}-\d{2}$/.test(today) ? today : undefined,
    proxy: vscode.workspace.getConfiguration('http').get<string>('proxy') || undefined,
    advisoriesOnline: c.get<boolean>('advisories.online', true),
    pinOperator: c.get<string>('requirements.pinOperator', '==') === '~=' ? '~=' : '==',
    checkOnStartup: c.get<boolean>('checkOnStartup', true),
  };
}
