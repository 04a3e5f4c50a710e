// The extension's whole-workspace check measured in a real VS Code (1.100.3's
// server, the one the integration tests use: scripts/provision-vscode-server.sh,
// Debian's Chromium as the window), on a tree of Astro projects: by default the
// real-code corpus (~/.cache/astro-sr-real/corpus), else --tree DIR. Not part of
// `npm run bench` (it needs the VS Code host); run after `npm run build`:
//
//   node scripts/bench-vscode.mjs [--tree DIR] [--extension DIR] [--runs 3] [--no-startup]
//
// The folder is opened (trusted; the Runtime feed and package lookups off, as
// `astro-sr check --offline`; the git extension off, so that only ours works on
// the tree), and a small suite in the extension host measures:
//  - startup: from the suite's start until the last change of our diagnostics
//    while the background check fills them (the number expected is what the CLI
//    finds on the same tree); --no-startup for a build without that check;
//  - command: "Astro: Check shared responsibilities" run --runs times, each timed
//    (it may answer from the check that already ran);
//  - recheck: every project checked again ("Refresh" of the report view, when the
//    build has it), --runs times;
//  - the longest stretch the extension host's event loop was blocked in each
//    phase (a 5 ms setInterval probe in the host itself).
// `astro-sr check` (dist/cli.js of --extension) is timed on the same tree, for
// the ratio. --extension DIR measures another build (e.g. an older checkout with
// its own dist/): the before and after of a change.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { defaultRealCorpus } from './bench-tools.mjs';

const REPO = join(dirname(fileURLToPath(import.meta.url)), '..');
const { values } = parseArgs({
  options: {
    tree: { type: 'string' },
    extension: { type: 'string', default: REPO },
    runs: { type: 'string', default: '3' },
    'no-startup': { type: 'boolean', default: false },
    verbose: { type: 'boolean', default: false },
    keep: { type: 'boolean', default: false },
  },
});
const tree = resolve(values.tree ?? defaultRealCorpus() ?? '');
if (!values.tree && !defaultRealCorpus()) throw new Error('no tree: pass --tree DIR (or have ~/.cache/astro-sr-real/corpus)');
const extension = resolve(values.extension);
const cli = join(extension, 'dist', 'cli.js');
for (const f of [join(extension, 'dist', 'extension.js'), cli]) if (!existsSync(f)) throw new Error(`${f} is missing: npm run build in ${extension}`);
const MARK = 'ASR-BENCH ';

const SUITE = `
const vscode = require('vscode');
const { performance } = require('perf_hooks');
const ID = 'astro-shared-responsibility.astro-shared-responsibility';
const SOURCE = 'Astro Shared Responsibility';
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const emit = (o) => console.log(${JSON.stringify(MARK)} + JSON.stringify(o));
exports.run = async () => {
  const t0 = performance.now();
  let last = t0, worst = 0, worstAt = 0;
  const blocks = [];
  const probe = setInterval(() => {
    const now = performance.now();
    const lag = now - last - 5;
    if (lag > worst) { worst = lag; worstAt = now - t0; }
    if (lag > 15) blocks.push([new Date().toISOString().slice(11, 23), Math.round(lag)]);
    last = now;
  }, 5);
  const phase = () => { const r = { maxBlockMs: +worst.toFixed(1), blockAtMs: Math.round(worstAt), blocksOver15Ms: blocks.splice(0) }; worst = 0; return r; };
  const count = () => { let n = 0; for (const [, ds] of vscode.languages.getDiagnostics()) n += ds.filter((d) => d.source === SOURCE).length; return n; };
  try {
    const ext = vscode.extensions.getExtension(ID);
    while (!ext.isActive) await sleep(10);
    emit({ event: 'active', ms: Math.round(performance.now() - t0), folders: (vscode.workspace.workspaceFolders || []).map((f) => f.uri.toString()) });
    if (process.env.ASR_BENCH_STARTUP !== '0') {
      const expect = Number(process.env.ASR_BENCH_EXPECT || 0);
      let prev = -1, changedAt = performance.now();
      const deadline = performance.now() + 300000;
      for (;;) {
        const n = count();
        if (n !== prev) { prev = n; changedAt = performance.now(); }
        if ((expect && n >= expect) || (n > 0 && performance.now() - changedAt > 5000) || performance.now() > deadline) break;
        await sleep(5);
      }
      emit({ event: 'startup', ms: Math.round(changedAt - t0), diagnostics: prev, expected: expect, ...phase() });
      await sleep(1000);
    }
    for (let i = 0; i < Number(process.env.ASR_BENCH_RUNS || 3); i++) {
      phase();
      const s = performance.now();
      const summary = await vscode.commands.executeCommand('astroSharedResponsibility.checkWorkspace');
      emit({ event: 'command', run: i + 1, ms: Math.round(performance.now() - s), summary, diagnostics: count(), ...phase() });
    }
    // The command may answer from the check that already ran; "Refresh" of the report view checks everything again.
    if ((await vscode.commands.getCommands(true)).includes('astroSharedResponsibility.refresh')) {
      for (let i = 0; i < Number(process.env.ASR_BENCH_RUNS || 3); i++) {
        phase();
        const s = performance.now();
        const result = await vscode.commands.executeCommand('astroSharedResponsibility.refresh');
        emit({ event: 'recheck', run: i + 1, ms: Math.round(performance.now() - s), projects: result && result.projects && result.projects.length, diagnostics: count(), ...phase() });
      }
    }
  } finally {
    clearInterval(probe);
  }
};
`;

function freePort() {
  return new Promise((res, rej) => {
    const srv = createServer();
    srv.on('error', rej);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => res(port));
    });
  });
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const tmp = mkdtempSync(join(tmpdir(), 'astro-sr-bench-vscode-'));
let server;
let browser;
try {
  // The CLI on the same tree, for the ratio and for the number of findings to wait for.
  const cliTimes = [];
  let cliFindings = 0;
  for (let i = 0; i < Number(values.runs); i++) {
    const t0 = process.hrtime.bigint();
    const r = spawnSync(process.execPath, [cli, 'check', tree, '--offline', '--format', 'json', '--fail-on', 'none'], { env: { ...process.env, XDG_CACHE_HOME: join(tmp, 'cli-cache') }, encoding: 'utf8', maxBuffer: 1 << 30 });
    cliTimes.push(Number(process.hrtime.bigint() - t0) / 1e6);
    if (r.status !== 0) throw new Error(`astro-sr exited ${r.status}: ${r.stderr.slice(0, 1000)}`);
    cliFindings = JSON.parse(r.stdout).findings.length;
  }

  const provision = spawnSync('bash', [join(REPO, 'scripts', 'provision-vscode-server.sh')], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  const vscodeDir = provision.stdout.trim().split('\n').pop();
  if (provision.status !== 0 || !existsSync(join(vscodeDir, 'out', 'server-main.js'))) throw new Error('could not provision the VS Code server');

  mkdirSync(join(tmp, 'suite'));
  writeFileSync(join(tmp, 'suite', 'index.js'), SUITE);
  const workspaceFile = join(tmp, 'bench.code-workspace');
  writeFileSync(
    workspaceFile,
    JSON.stringify({
      folders: [{ path: tree }],
      settings: {
        'astroSharedResponsibility.runtimeCatalog.online': false,
        'astroSharedResponsibility.advisories.online': false,
        'git.enabled': false,
        'git.autoRepositoryDetection': false,
        'extensions.autoCheckUpdates': false,
        'extensions.autoUpdate': false,
      },
    }),
  );

  const port = await freePort();
  server = spawn(
    process.execPath,
    [
      join(vscodeDir, 'out', 'server-main.js'),
      '--host', '127.0.0.1', '--port', String(port), '--without-connection-token', '--accept-server-license-terms',
      '--telemetry-level', 'off', '--disable-workspace-trust',
      '--server-data-dir', join(tmp, 'server-data'), '--user-data-dir', join(tmp, 'user-data'), '--extensions-dir', join(tmp, 'extensions'),
    ],
    {
      cwd: tmp,
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, ASR_BENCH_EXPECT: String(cliFindings), ASR_BENCH_RUNS: values.runs, ASR_BENCH_STARTUP: values['no-startup'] ? '0' : '1', VSCODE_CLI: undefined, ELECTRON_RUN_AS_NODE: undefined },
    },
  );
  await new Promise((res, rej) => {
    const timer = setTimeout(() => rej(new Error('the VS Code server did not start in 90 s')), 90_000);
    const onData = (c) => {
      if (values.verbose) process.stdout.write(`[server] ${c}`);
      if (String(c).includes('Extension host agent listening on')) {
        clearTimeout(timer);
        res();
      }
    };
    server.stdout.on('data', onData);
    server.stderr.on('data', onData);
    server.once('exit', (code) => rej(new Error(`the VS Code server exited (${code})`)));
  });

  const { chromium } = await import('playwright-core');
  browser = await chromium.launch({
    executablePath: process.env.ASR_CHROMIUM ?? '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  const page = await (await browser.newContext({ viewport: { width: 1440, height: 900 } })).newPage();
  const events = [];
  let finished;
  const done = new Promise((res) => (finished = res));
  await page.exposeFunction('codeAutomationLog', (_type, args) => {
    const text = (Array.isArray(args) ? args : [args]).map((a) => (typeof a === 'string' ? a : JSON.stringify(a))).join(' ');
    for (const line of text.split('\n')) {
      if (line.startsWith(MARK)) {
        const e = JSON.parse(line.slice(MARK.length));
        events.push(e);
        console.log(`  ${JSON.stringify(e)}`);
      } else if (values.verbose) console.log(`[host] ${line}`);
    }
  });
  await page.exposeFunction('codeAutomationExit', (code) => finished(code));
  const authority = `127.0.0.1:${port}`;
  const payload = JSON.stringify([
    ['extensionDevelopmentPath', `vscode-remote://${authority}${extension}`],
    ['extensionTestsPath', `vscode-remote://${authority}${join(tmp, 'suite', 'index.js')}`],
  ]);
  console.log(`VS Code ${vscodeDir.includes('1.100.3') ? '1.100.3 ' : ''}server, extension ${extension}, tree ${tree}`);
  await page.goto(`http://${authority}/?workspace=${encodeURIComponent(workspaceFile)}&payload=${encodeURIComponent(payload)}`);
  const code = await Promise.race([done, new Promise((res) => setTimeout(() => res('timeout'), 15 * 60_000))]);
  if (code !== 0) console.log(`the bench suite ended with ${code}`);

  const cliMs = median(cliTimes);
  console.log(`astro-sr check (CLI, --offline): median ${cliMs.toFixed(0)} ms over ${cliTimes.length} runs, ${cliFindings} findings`);
  const startup = events.find((e) => e.event === 'startup');
  if (startup) console.log(`Background check at startup: Problems filled ${startup.ms} ms after the suite started (${startup.diagnostics} diagnostics of ${startup.expected} findings); longest block of the extension host meanwhile ${startup.maxBlockMs} ms`);
  const commands = events.filter((e) => e.event === 'command');
  if (commands.length) {
    const ms = median(commands.map((c) => c.ms));
    console.log(
      `Command "Astro: Check shared responsibilities": median ${ms} ms (${commands.map((c) => c.ms).join(', ')}), ${(ms / cliMs).toFixed(2)}x the CLI; longest block of the extension host ${Math.max(...commands.map((c) => c.maxBlockMs))} ms; ${commands[0].summary?.projects} projects, ${commands[0].summary?.findings} findings`,
    );
  }
  const rechecks = events.filter((e) => e.event === 'recheck');
  if (rechecks.length) {
    const ms = median(rechecks.map((c) => c.ms));
    console.log(`Every project checked again ("Refresh" of the report view): median ${ms} ms (${rechecks.map((c) => c.ms).join(', ')}), ${(ms / cliMs).toFixed(2)}x the CLI; longest block of the extension host ${Math.max(...rechecks.map((c) => c.maxBlockMs))} ms`);
  }
} finally {
  await browser?.close().catch(() => undefined);
  if (server?.pid) {
    try {
      process.kill(-server.pid, 'SIGKILL');
    } catch {
      // gone
    }
  }
  if (values.keep) console.log(`kept ${tmp} (the extension's log is under user-data/logs)`);
  else rmSync(tmp, { recursive: true, force: true });
}
