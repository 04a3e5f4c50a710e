import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { RuleSetting } from '../engine/check';
import { CONFIG_FILE_NAME } from '../engine/files/config';
import { SourceFile } from '../engine/files/source';
import { baselineShowOf, type BaselineShow } from '../engine/policy/baseline';
import { policyOf } from '../engine/policy/config';

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
  /** How findings in the workspace folder's `.astro-sr-baseline.json` are shown. */
  baselineShow: BaselineShow;
}

export type PinOperator = '==' | '~=';

/**
 * The settings with the first workspace folder's `.astro-sr.yaml` on top
 * (its `network:` and `runtime-catalog:`, as the CLI reads them): `network:
 * offline` turns every lookup off; a catalog file named there is used only
 * in a trusted workspace (like the `runtimeCatalog.file` setting).
 */
export function readSettings(): Settings {
  const settings = readUserSettings();
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder || folder.uri.scheme !== 'file') return settings;
  let text: string;
  try {
    text = readFileSync(path.join(folder.uri.fsPath, CONFIG_FILE_NAME), 'utf8');
  } catch {
    return settings;
  }
  const policy = policyOf([{ file: new SourceFile(CONFIG_FILE_NAME, CONFIG_FILE_NAME, 'yaml', text), dir: '' }]);
  if (policy.network?.value === 'offline') {
    settings.online = false;
    settings.advisoriesOnline = false;
  }
  if (policy.runtimeCatalog && vscode.workspace.isTrusted) settings.catalogFile = path.resolve(folder.uri.fsPath, policy.runtimeCatalog.value);
  return settings;
}

function readUserSettings(): Settings {
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
    baselineShow: baselineShowOf(c.get<string>('baseline.show', 'hint')),
  };
}
