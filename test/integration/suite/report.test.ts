// The shared responsibility report as a user meets it in VS Code (runs after
// extension.test.js in the trusted run, so team-a's and team-b's Runtime may be
// fixed already; every expectation here is taken from the Problems panel at the
// time, not written down). What a webview shows cannot be read from the extension
// host, so the extension exports (activate's return value) what it rendered and
// what the page itself reported back after loading or updating (the number of
// findings it lists, its theme classes), and the handler of the page's messages,
// which the tests call as a click in the page would.
//   - the command opens the report and its counts per responsibility equal Problems;
//   - a location in the report opens the file at the finding; a fix button applies the fix;
//   - the Responsibilities tree lists the seven responsibilities of each project with their status;
//   - the language status item shows the worst severity of the active file's project;
//   - the page follows the light, dark and high-contrast themes (screenshots on the server route).
// Everything changed here is put back before the next test file runs.
// docs/images/report-{light,dark}.png are the screenshots of the last test; to make them again:
//   npm run build --silent && npx tsc -p . && ASR_UPDATE_DOCS_IMAGES=1 ASR_RUNS=trusted \
//     ASR_TEST_GREP='shared responsibility report in VS Code' node out/test/integration/run.js
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import { bundledCatalog } from '../../../src/engine/knowledge/runtime/feed';
import type { ReportFinding, ShareReport } from '../../../src/engine/report';
import { ruleById } from '../../../src/engine/rules';
import type { Finding } from '../../../src/engine/types';
import type { FolderCheck } from '../../../src/extension/linter';
import type { AstroSharedResponsibilityApi } from '../../../src/extension/reportFeature';
import { ResponsibilityTree, type TreeNode } from '../../../src/extension/reportTree';
import type { Settings } from '../../../src/extension/settings';
import { buildWorkspaceReport, locationOf, resolveFinding, type WorkspaceReport } from '../../../src/extension/workspaceReport';
import { CHECK_COMMAND, EXTENSION_ID, SOURCE, codeValue, fileUri, harnessScreenshot, sleep, waitFor, waitForActivation, workspaceFolder } from './helpers';

const SEVERITY: Record<number, 'error' | 'warning' | 'info' | 'hint'> = {
  [vscode.DiagnosticSeverity.Error]: 'error',
  [vscode.DiagnosticSeverity.Warning]: 'warning',
  [vscode.DiagnosticSeverity.Information]: 'info',
  [vscode.DiagnosticSeverity.Hint]: 'hint',
};
const NOT_CHECKABLE = ['identity', 'resources'];

interface Counted {
  error: number;
  warning: number;
  info: number;
  hint: number;
  total: number;
}

/** Our diagnostics in the files of a project (its folder, relative to the workspace folder), by rule. */
type Level = keyof Omit<Counted, 'total'>;

function problemsOf(projectRoot: string): { code: string; severity: Level; responsibility: string }[] {
  const base = projectRoot === '' ? workspaceFolder().uri.path : fileUri(projectRoot).path;
  const out: { code: string; severity: Level; responsibility: string }[] = [];
  for (const [uri, diags] of vscode.languages.getDiagnostics()) {
    if (!uri.path.startsWith(`${base}/`)) continue;
    for (const d of diags) {
      if (d.source !== SOURCE) continue;
      const code = String(codeValue(d));
      out.push({ code, severity: SEVERITY[d.severity], responsibility: ruleById(code)?.responsibility ?? '?' });
    }
  }
  return out;
}

function countsOf(items: { severity: Level }[]): Counted {
  const c: Counted = { error: 0, warning: 0, info: 0, hint: 0, total: items.length };
  for (const i of items) c[i.severity]++;
  return c;
}

/** Per responsibility of a project: its counts in the report, and those of the Problems panel. */
function compare(report: ShareReport, root: string): { report: Record<string, Counted>; problems: Record<string, Counted> } {
  const project = report.projects.find((p) => p.root === root);
  assert.ok(project, `the report has no project ${root}: ${report.projects.map((p) => p.root).join(', ')}`);
  const problems = problemsOf(root);
  const fromReport: Record<string, Counted> = {};
  const fromProblems: Record<string, Counted> = {};
  for (const r of project.responsibilities) {
    fromReport[r.key] = { ...r.counts };
    fromProblems[r.key] = countsOf(problems.filter((p) => p.responsibility === r.key));
  }
  fromReport.tool = project.configuration ? { ...project.configuration.counts } : countsOf([]);
  fromProblems.tool = countsOf(problems.filter((p) => p.responsibility === 'tool'));
  return { report: fromReport, problems: fromProblems };
}

function reportTab(): vscode.Tab | undefined {
  return vscode.window.tabGroups.all.flatMap((g) => g.tabs).find((t) => t.input instanceof vscode.TabInputWebview && t.input.viewType.endsWith('astroSharedResponsibility.report'));
}

function sameRange(a: vscode.Range, f: ReportFinding): boolean {
  return a.start.line === f.range.start.line && a.start.character === f.range.start.character && a.end.line === f.range.end.line && a.end.character === f.range.end.character;
}

function refOf(f: ReportFinding) {
  return { index: f.index, file: f.file, line: f.range.start.line, character: f.range.start.character, rule: f.ruleId };
}

describe('The shared responsibility report in VS Code', () => {
  let api: AstroSharedResponsibilityApi;

  before(async () => {
    const ext = await waitForActivation();
    api = ext.exports as AstroSharedResponsibilityApi;
    assert.ok(api?.report, 'the extension exports its report view');
  });

  it('opens the report webview with the command, listing per responsibility what Problems lists for each project', async () => {
    const summary = await vscode.commands.executeCommand<{ projects: number; findings: number; errors: number; warnings: number }>(CHECK_COMMAND);
    assert.strictEqual(summary.projects, 2, JSON.stringify(summary));
    const tab = await waitFor('the report tab', () => reportTab());
    assert.strictEqual(tab.label, 'Shared responsibilities');
    // An existing panel is brought to the front: VS Code tells the panel's visibility a moment later.
    await waitFor('the report panel to show', () => (api.report.isOpen && api.report.isVisible ? true : undefined), 5_000);

    // The page loaded (its script ran under the CSP) and lists every finding of the report.
    const report = await waitFor('a rendered report', () => api.report.report);
    const shows = await waitFor(
      'the page to list the findings of the report',
      () => {
        const s = api.report.webviewShows;
        const r = api.report.report;
        return s && r && s.findings === r.findings.length && s.total === r.totals.total ? s : undefined;
      },
      20_000,
    ).catch((err: Error) => {
      throw new Error(`${err.message}; the page said ${JSON.stringify(api.report.webviewShows)}, the report has ${api.report.report?.findings.length}`);
    });
    assert.ok(shows.theme.includes('vscode-'), `VS Code's theme classes are on the page: ${shows.theme}`);
    assert.strictEqual(report.totals.total, summary.findings, 'the report counts what the command counted');
    assert.deepStrictEqual(report.projects.map((p) => p.root).sort(), ['team-a', 'team-b']);

    // Per project and responsibility, the report's counts are the Problems panel's (the report may lag 300 ms behind).
    for (const root of ['team-a', 'team-b']) {
      let last = compare(api.report.report!, root);
      await waitFor(`the report's counts of ${root} to equal Problems`, () => {
        last = compare(api.report.report!, root);
        return JSON.stringify(last.report) === JSON.stringify(last.problems) ? true : undefined;
      }, 10_000).catch(() => undefined);
      assert.deepStrictEqual(last.report, last.problems, `${root}: the report's counts per responsibility (actual) and the Problems panel's (expected)`);
    }
    const teamA = api.report.report!.projects.find((p) => p.root === 'team-a')!;
    assert.ok(teamA.counts.total > 0, 'team-a has findings to show');
    for (const key of NOT_CHECKABLE) {
      assert.strictEqual(teamA.responsibilities.find((r) => r.key === key)?.status, 'not-checkable', key);
    }
    assert.ok(api.report.html.includes('Who secures what'), 'the page shows the split');
  });

  it('opens the location of a finding clicked in the report, with the finding selected', async () => {
    const report = api.report.report!;
    const finding = report.findings.find((f) => f.file.startsWith('team-a/') && f.file !== 'team-a/Dockerfile') ?? report.findings[0];
    assert.ok(finding, 'a finding to open');
    await api.report.handleMessage({ type: 'open', ...refOf(finding) });
    const editor = await waitFor(`an editor on ${finding.file}`, () => {
      const e = vscode.window.activeTextEditor;
      return e && e.document.uri.toString() === fileUri(finding.file).toString() ? e : undefined;
    });
    assert.ok(sameRange(editor.selection, finding), `selection ${JSON.stringify(editor.selection)} is the finding's range ${JSON.stringify(finding.range)}`);
    assert.ok(reportTab(), 'the report stays open');
  });

  it('applies the fix of a finding from its fix button, and the page follows', async () => {
    const uri = fileUri('team-a/requirements.txt');
    const target = await waitFor('ASR303 in the report', () => api.report.report?.findings.find((f) => f.ruleId === 'ASR303' && f.file === 'team-a/requirements.txt'));
    const listed = api.report.report!.findings.length;
    const fix = Math.max(0, target.fixes.findIndex((f) => f.isPreferred));
    assert.ok(target.fixes[fix], 'ASR303 has a fix');
    try {
      await api.report.handleMessage({ type: 'fix', fix, ...refOf(target) });
      const doc = await vscode.workspace.openTextDocument(uri);
      assert.ok(!doc.getText().includes('apache-airflow==2.10.2'), `the line is removed:\n${doc.getText()}`);
      assert.ok(doc.isDirty, 'the fix is an edit to review and save, not a save');
      await waitFor('ASR303 to leave the report and the page', () => {
        const r = api.report.report;
        const s = api.report.webviewShows;
        return r && !r.findings.some((f) => f.ruleId === 'ASR303') && s && s.findings === r.findings.length && s.findings < listed ? true : undefined;
      }, 15_000).catch((err: Error) => {
        throw new Error(`${err.message}; the page said ${JSON.stringify(api.report.webviewShows)}, listed before ${listed}`);
      });
    } finally {
      const doc = await vscode.workspace.openTextDocument(uri);
      if (doc.isDirty) {
        await vscode.window.showTextDocument(doc);
        await vscode.commands.executeCommand('workbench.action.files.revert');
      }
      assert.ok(!doc.isDirty && doc.getText().includes('apache-airflow==2.10.2'), 'requirements.txt is as it was');
      await waitFor('ASR303 back in Problems', () => vscode.languages.getDiagnostics(uri).find((d) => codeValue(d) === 'ASR303'), 10_000);
    }
  });

  it('lists the seven responsibilities of each project in the Responsibilities tree, with their status', async () => {
    const tree = api.tree;
    await sleep(400); // the tree follows the report, debounced
    const top = tree.getChildren();
    const labels = top.map((n) => String(tree.getTreeItem(n).label));
    assert.deepStrictEqual(labels, ['team-a', 'team-b', "Astronomer's side", "The cloud provider's side"], 'one workspace folder: the projects, then the other sides');
    for (const root of ['team-a', 'team-b']) {
      const node = top.find((n) => tree.getTreeItem(n).label === root)!;
      const description = String(tree.getTreeItem(node).description);
      assert.ok(/^Runtime \S+ · /.test(description), `${root}: ${description}`);
      const children = tree.getChildren(node);
      const responsibilities = children.filter((c): c is Extract<TreeNode, { kind: 'responsibility' }> => c.kind === 'responsibility');
      assert.deepStrictEqual(
        responsibilities.map((c) => c.responsibility.key),
        ['access', 'secrets', 'identity', 'code', 'runtime', 'resources', 'network'],
      );
      const problems = problemsOf(root);
      for (const r of responsibilities) {
        const item = tree.getTreeItem(r);
        const own = problems.filter((p) => p.responsibility === r.responsibility.key);
        const worst = (['error', 'warning', 'info', 'hint'] as const).find((s) => own.some((p) => p.severity === s));
        const expected = own.length ? 'findings' : NOT_CHECKABLE.includes(r.responsibility.key) ? 'not-checkable' : 'clear';
        assert.strictEqual(item.contextValue, `responsibility.${expected}`, `${root} ${r.responsibility.key}: ${JSON.stringify(own)}`);
        const icon = (item.iconPath as vscode.ThemeIcon).id;
        const expectedIcon = expected === 'clear' ? 'pass' : expected === 'not-checkable' ? 'circle-slash' : { error: 'error', warning: 'warning', info: 'info', hint: 'lightbulb' }[worst!];
        assert.strictEqual(icon, expectedIcon, `${root} ${r.responsibility.key}`);
        if (expected === 'not-checkable') assert.strictEqual(item.description, 'not checkable from the repository');
        assert.ok(String((item.tooltip as vscode.MarkdownString).value).length > 20, 'the tooltip gives the duty');
        assert.strictEqual(tree.getChildren(r).length, own.length, `${root} ${r.responsibility.key}: one node per finding`);
      }
    }
    const astronomer = top.find((n) => n.kind === 'side' && n.side.party === 'astronomer')!;
    const duties = tree.getChildren(astronomer);
    assert.ok(duties.length >= 3);
    for (const d of duties) assert.strictEqual(tree.getTreeItem(d).description, 'theirs');
  });

  it('opens a finding of the tree at its location with the tree item\'s command', async () => {
    const tree = api.tree;
    const teamA = tree.getChildren().find((n) => tree.getTreeItem(n).label === 'team-a')!;
    const withFindings = tree.getChildren(teamA).find((n) => tree.getChildren(n).length > 0);
    assert.ok(withFindings, 'team-a has a responsibility with findings');
    const node = tree.getChildren(withFindings)[0];
    assert.strictEqual(node.kind, 'finding');
    const item = tree.getTreeItem(node);
    assert.ok(item.command, 'a finding opens on click');
    assert.ok(/^team-a\/\S+:\d+$/.test(String(item.description)), `description ${String(item.description)}`);
    assert.match(String(item.contextValue), /^finding(\.fixable)?$/);
    await vscode.commands.executeCommand(item.command.command, ...(item.command.arguments ?? []));
    const finding = (node as Extract<TreeNode, { kind: 'finding' }>).finding;
    const editor = await waitFor(`an editor on ${finding.file}`, () => {
      const e = vscode.window.activeTextEditor;
      return e && e.document.uri.toString() === fileUri(finding.file).toString() ? e : undefined;
    });
    assert.ok(sameRange(editor.selection, finding), `selection ${JSON.stringify(editor.selection)}`);
  });

  it('shows the worst severity of the project of the active file in the language status', async () => {
    const status = api.statusItem;
    for (const [file, root] of [
      ['team-a/requirements.txt', 'team-a'],
      ['team-b/Dockerfile', 'team-b'],
    ]) {
      const doc = await vscode.workspace.openTextDocument(fileUri(file));
      await vscode.window.showTextDocument(doc);
      const counts = countsOf(problemsOf(root));
      const expected = counts.error
        ? [`Astro: ${counts.error} error${counts.error === 1 ? '' : 's'}`, vscode.LanguageStatusSeverity.Error]
        : counts.warning
          ? [`Astro: ${counts.warning} warning${counts.warning === 1 ? '' : 's'}`, vscode.LanguageStatusSeverity.Warning]
          : counts.info
            ? [`Astro: ${counts.info} info`, vscode.LanguageStatusSeverity.Information]
            : counts.hint
              ? [`Astro: ${counts.hint} hint${counts.hint === 1 ? '' : 's'}`, vscode.LanguageStatusSeverity.Information]
              : ['Astro: no findings', vscode.LanguageStatusSeverity.Information];
      await waitFor(`the language status of ${file} to say ${expected[0]}`, () => (status.item.text === expected[0] && status.status?.root === root ? true : undefined), 10_000).catch((err: Error) => {
        throw new Error(`${err.message}; it says ${status.item.text} (${status.status?.root})`);
      });
      assert.strictEqual(status.item.severity, expected[1]);
      assert.match(String(status.item.detail), new RegExp(`^${root}, checked `));
      assert.ok(vscode.languages.match(status.item.selector, doc) > 0, `the item shows for ${file}`);
      assert.strictEqual(status.item.command?.command, 'astroSharedResponsibility.showReport');
    }
    const tools = await vscode.workspace.openTextDocument(fileUri('tools/Dockerfile'));
    assert.strictEqual(vscode.languages.match(status.item.selector, tools), 0, 'not for a file outside every Astro project');
  });

  it('merges the folders of a multi-root workspace into one report whose paths lead back to each folder', () => {
    const folders: vscode.WorkspaceFolder[] = [
      { uri: vscode.Uri.file('/srv/one/app'), name: 'app', index: 0 },
      { uri: vscode.Uri.file('/srv/two/app'), name: 'app', index: 1 },
    ];
    const finding = (file: string, ruleId: string, responsibility: string): Finding => ({
      ruleId,
      rule: 'some-rule',
      responsibility: responsibility as Finding['responsibility'],
      severity: 'warning',
      file,
      range: { start: { line: 2, character: 0 }, end: { line: 2, character: 8 } },
      message: 'something to look at',
      fixes: [],
    });
    const check = (folder: vscode.WorkspaceFolder, roots: string[], findings: Finding[]): FolderCheck => ({
      folder,
      projects: roots.map((root) => ({ root, runtime: null })),
      findings,
      byProject: new Map(roots.map((r) => [r, findings.filter((f) => r === '' || f.file.startsWith(`${r}/`))])),
      problems: [],
      intel: 'online',
      checkedAt: new Date(),
      scope: 'folder',
    });
    const checks = [
      check(folders[1], [''], [finding('requirements.txt', 'ASR301', 'code')]),
      check(folders[0], ['etl', 'ml'], [finding('etl/.env', 'ASR202', 'secrets'), finding('ml/Dockerfile', 'ASR101', 'runtime')]),
    ];
    const settings = { rules: {}, warningDays: 30, today: '2026-11-29' } as unknown as Settings;
    const data = buildWorkspaceReport(checks, folders, { catalog: () => bundledCatalog(), settings: () => settings, version: '0.0.0' });
    assert.ok(data.multiRoot);
    assert.deepStrictEqual(data.folders.map((f) => f.prefix), ['app', 'app (2)'], 'in the workspace\'s order, names made unique');
    assert.deepStrictEqual(data.report.projects.map((p) => p.root), ['app/etl', 'app/ml', 'app (2)']);
    assert.deepStrictEqual(data.report.findings.map((f) => f.file), ['app/etl/.env', 'app/ml/Dockerfile', 'app (2)/requirements.txt']);
    assert.deepStrictEqual(data.report.findings.map((f) => f.project), ['app/etl', 'app/ml', 'app (2)']);
    // Every report finding leads back to its folder's file.
    const uris = data.report.findings.map((f) => locationOf(data.entries[f.index]).uri.path);
    assert.deepStrictEqual(uris, ['/srv/one/app/etl/.env', '/srv/one/app/ml/Dockerfile', '/srv/two/app/requirements.txt']);
    const last = data.report.findings[2];
    assert.strictEqual(resolveFinding(data, { index: 0, file: last.file, line: 2, character: 0, rule: 'ASR301' })?.folder, folders[1], 'a stale index is found again by place and rule');

    const tree = new ResponsibilityTree({ current: () => data, onDidChange: () => ({ dispose() {} }) } as unknown as WorkspaceReport);
    const top = tree.getChildren();
    assert.deepStrictEqual(top.map((n) => [n.kind, String(tree.getTreeItem(n).label)]), [
      ['folder', 'app'],
      ['folder', 'app'],
      ['side', "Astronomer's side"],
      ['side', "The cloud provider's side"],
    ]);
    assert.deepStrictEqual(tree.getChildren(top[0]).map((n) => String(tree.getTreeItem(n).label)), ['etl', 'ml']);
    assert.deepStrictEqual(tree.getChildren(top[1]).map((n) => String(tree.getTreeItem(n).label)), ['app'], 'a project at the folder is named by the folder');
    tree.dispose();
  });

  it('follows the light, dark and high-contrast themes', async () => {
    const workbench = vscode.workspace.getConfiguration('workbench');
    const before = workbench.inspect<string>('colorTheme')?.globalValue;
    // The window as a person sees it: the report alone in the editor area, the Responsibilities view beside it.
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await vscode.commands.executeCommand('workbench.action.closePanel');
    await vscode.commands.executeCommand('workbench.view.extension.astroSharedResponsibility');
    await vscode.commands.executeCommand('astroSharedResponsibility.showReport');
    await waitFor('the report page', () => (api.report.isVisible && api.report.webviewShows ? true : undefined), 20_000);
    try {
      for (const [theme, kind, shot] of [
        ['Default Light+', 'vscode-light', 'report-light'],
        ['Default Dark+', 'vscode-dark', 'report-dark'],
        ['Default High Contrast', 'vscode-high-contrast', 'report-high-contrast'],
      ]) {
        await workbench.update('colorTheme', theme, vscode.ConfigurationTarget.Global);
        await waitFor(`the page to take the theme ${theme}`, () => {
          const classes = (api.report.webviewShows?.theme ?? '').split(/\s+/);
          return classes.includes(kind) ? true : undefined;
        }, 15_000).catch((err: Error) => {
          throw new Error(`${err.message}; its body has "${api.report.webviewShows?.theme}"`);
        });
        await sleep(500);
        await harnessScreenshot(shot);
        copyToDocs(shot);
      }
    } finally {
      await workbench.update('colorTheme', before, vscode.ConfigurationTarget.Global);
    }
  });
});

/**
 * With ASR_UPDATE_DOCS_IMAGES=1, a screenshot of the report just taken by the
 * harness (out/screenshots/trusted-NAME.png) becomes docs/images/NAME.png.
 */
function copyToDocs(name: string): void {
  if (process.env.ASR_UPDATE_DOCS_IMAGES !== '1' || name.includes('high-contrast')) return;
  const root = vscode.extensions.getExtension(EXTENSION_ID)?.extensionPath;
  if (!root) return;
  const shot = path.join(root, 'out', 'screenshots', `trusted-${name}.png`);
  if (!fs.existsSync(shot)) {
    console.warn(`no screenshot ${shot} to copy`);
    return;
  }
  fs.mkdirSync(path.join(root, 'docs', 'images'), { recursive: true });
  fs.copyFileSync(shot, path.join(root, 'docs', 'images', `${name}.png`));
  console.log(`docs/images/${name}.png updated`);
}
