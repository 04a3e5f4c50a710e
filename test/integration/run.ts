// Runs the integration suite (test/integration/suite) inside a real VS Code 1.100.3.
//
//   npm run test:integration          (= node out/test/integration/run.js, after `tsc -p .`)
//
// Two hosts, one suite:
//  - electron: @vscode/test-electron downloads VS Code and runs the suite in it.
//    Used when ASR_VSCODE_HOST=electron, or in auto mode when the download works
//    within a minute (a laptop, a hosted CI runner).
//  - server: where VS Code cannot be downloaded (this project's machines reach
//    only the npm registry and Debian), scripts/provision-vscode-server.sh
//    installs VS Code 1.100.3's server from the npm package code-server; its
//    workbench runs in Debian's Chromium driven by playwright-core, and the
//    extension host runs the suite. Forced with ASR_VSCODE_HOST=server.
//
// Each host runs the suite twice on a fresh copy of the fixture workspace:
//  1. trusted     all of suite/*.test.js except restricted.test.js, with workspace trust disabled;
//  2. restricted  suite/restricted.test.js, workspace trust enabled and the trust
//                 dialog left unanswered, i.e. Restricted Mode.
// A third run checks what a user installs (always on the server route, no mocha suite):
//  3. vsix        `npm run package` builds the .vsix (its entries are listed and must
//                 hold only what runs), the server's own CLI installs it into a fresh
//                 extensions dir, and the server starts on that dir without
//                 extensionDevelopmentPath, workspace trust enabled (Restricted Mode).
//                 Playwright then drives the UI as a person would: Quick Open
//                 team-a/Dockerfile, the Problems panel, the status bar, and the
//                 command "Astro: Check shared responsibilities" from the palette (the
//                 Problems panel fills and the report webview opens).
//                 Each check counts as one test. Screenshots: out/screenshots/vsix-*.png.
//                 `npm run package` rewrites dist/ minified; run.ts puts the previous
//                 dist/ files back afterwards.
// Package intel never comes from the internet: run.ts serves OSV (POST /v1/querybatch,
// GET /v1/vulns/ID) and PyPI (GET /pypi/NAME/json) answers from fixtures/intel on
// 127.0.0.1 and hands ASTRO_SR_OSV_URL / ASTRO_SR_PYPI_URL to every VS Code it starts
// (the extension host inherits them); anything else it is asked is a 404, logged.
// The last line printed is "N passed, N failed" over all runs; the exit code is 0
// only if every run passed.
//
// Other environment variables:
//   ASR_EXTENSION_PATH  extension under test (default: the repository root)
//   ASR_REPO_ROOT       repository root (default: three levels above this file)
//   ASR_TEST_GREP       only run tests whose title matches this regexp
//   ASR_RUNS            comma-separated runs among trusted, restricted, vsix
//                       (default "trusted,restricted,vsix")
//   ASR_CHROMIUM        Chromium executable (default /usr/bin/chromium)
//   ASR_KEEP_TMP=1      keep the temp folders (workspace copy, server data, logs)
//   ASR_VERBOSE=1       also print the VS Code server's own log lines
import * as cp from 'child_process';
import * as fs from 'fs';
import * as http from 'http';
import * as net from 'net';
import * as os from 'os';
import * as path from 'path';
import * as util from 'util';

const VSCODE_VERSION = '1.100.3';
const DOWNLOAD_TIMEOUT_MS = 60_000;
const RUN_TIMEOUT_MS: Record<RunName, number> = { trusted: 6 * 60_000, restricted: 3 * 60_000, vsix: 4 * 60_000 };
const SERVER_START_TIMEOUT_MS = 90_000;
const RESULT_MARKER = 'ASR-TEST-RESULTS ';
const SCREENSHOT_MARKER = 'ASR-SCREENSHOT ';

type RunName = 'trusted' | 'restricted' | 'vsix';
const ALL_RUNS: readonly RunName[] = ['trusted', 'restricted', 'vsix'];
type Host = 'electron' | 'server';

interface Counts {
  passed: number;
  failed: number;
  pending: number;
}

interface Outcome {
  run: RunName;
  exitCode: number;
  counts?: Counts;
  note?: string;
}

const repoRoot = path.resolve(process.env.ASR_REPO_ROOT ?? path.join(__dirname, '..', '..', '..'));
const extensionPath = path.resolve(process.env.ASR_EXTENSION_PATH ?? repoRoot);
const suiteIndex = path.join(__dirname, 'suite', 'index.js');
const fixtureWorkspace = path.join(repoRoot, 'test', 'integration', 'fixtures', 'workspace');
const intelFixtures = path.join(repoRoot, 'test', 'integration', 'fixtures', 'intel');
const screenshotsDir = path.join(repoRoot, 'out', 'screenshots');
const provisionScript = path.join(repoRoot, 'scripts', 'provision-vscode-server.sh');
const verbose = process.env.ASR_VERBOSE === '1';
const keepTmp = process.env.ASR_KEEP_TMP === '1';

const cleanups: (() => Promise<void> | void)[] = [];

function log(message: string): void {
  process.stdout.write(`[integration] ${message}\n`);
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} timed out after ${Math.round(ms / 1000)} s`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

function makeTmp(run: RunName): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `asr-it-${run}-`));
  if (!keepTmp) {
    cleanups.push(() => fs.rmSync(dir, { recursive: true, force: true }));
  }
  return dir;
}

/** A fresh copy of the fixture workspace: the tests apply quick fixes that change files. */
function copyWorkspace(tmp: string): string {
  const workspace = path.join(tmp, 'workspace');
  fs.cpSync(fixtureWorkspace, workspace, { recursive: true });
  return workspace;
}

function readCounts(file: string): Counts | undefined {
  try {
    const parsed = JSON.parse(fs.readFileSync(file, 'utf8')) as Partial<Counts>;
    if (typeof parsed.passed === 'number' && typeof parsed.failed === 'number') {
      return { passed: parsed.passed, failed: parsed.failed, pending: parsed.pending ?? 0 };
    }
  } catch {
    // no results written
  }
  return undefined;
}

function suiteEnv(run: RunName, resultsFile: string, handshakeDir?: string): Record<string, string> {
  const env: Record<string, string> = {
    ...intelEnv(),
    ASR_TEST_MODE: run,
    ASR_TEST_RESULTS: resultsFile,
  };
  if (handshakeDir) {
    env.ASR_SCREENSHOT_HANDSHAKE = handshakeDir;
  }
  if (process.env.ASR_TEST_GREP) {
    env.ASR_TEST_GREP = process.env.ASR_TEST_GREP;
  }
  return env;
}

// ------------------------------------------------------- package intel server

let intelBase: string | undefined;

/** The environment that points the extension's OSV and PyPI lookups at the fixture server. */
function intelEnv(): Record<string, string> {
  if (!intelBase) {
    throw new Error('the package intel fixture server is not running');
  }
  return { ASTRO_SR_OSV_URL: intelBase, ASTRO_SR_PYPI_URL: intelBase };
}

function readIntelFixture(...parts: string[]): unknown {
  const file = path.join(intelFixtures, ...parts);
  return fs.existsSync(file) ? (JSON.parse(fs.readFileSync(file, 'utf8')) as unknown) : undefined;
}

/** OSV's and PyPI's JSON APIs over fixtures/intel, on 127.0.0.1; closed by cleanup at the end. */
async function startIntelServer(): Promise<{ base: string; close: () => Promise<void> }> {
  const vulnsByVersion = (readIntelFixture('osv', 'querybatch.json') ?? {}) as Record<string, unknown>;
  const json = (res: http.ServerResponse, status: number, body: unknown) => {
    res.writeHead(status, { 'Content-Type': 'application/json' });
    res.end(JSON.stringify(body));
  };
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      if (verbose) {
        log(`intel server: ${req.method} ${url.pathname}`);
      }
      try {
        if (req.method === 'POST' && url.pathname === '/v1/querybatch') {
          const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as {
            queries: { package: { name: string; ecosystem: string }; version: string }[];
          };
          const results = body.queries.map((q) => {
            const ids = vulnsByVersion[`${q.package.name}==${q.version}`];
            return Array.isArray(ids) && q.package.ecosystem === 'PyPI' ? { vulns: ids.map((id) => ({ id, modified: '2025-03-05T00:00:00Z' })) } : {};
          });
          json(res, 200, { results });
          return;
        }
        const vuln = /^\/v1\/vulns\/([A-Za-z0-9-]+)$/.exec(url.pathname);
        const pypi = /^\/pypi\/([a-z0-9-]+)\/json$/.exec(url.pathname);
        const doc = req.method === 'GET' && vuln ? readIntelFixture('osv', `${vuln[1]}.json`) : req.method === 'GET' && pypi ? readIntelFixture('pypi', `${pypi[1]}.json`) : undefined;
        if (doc !== undefined) {
          json(res, 200, doc);
        } else {
          if (!pypi) {
            log(`intel server: no fixture for ${req.method} ${url.pathname} (404)`);
          }
          json(res, 404, { message: 'Not Found' });
        }
      } catch (err) {
        log(`intel server: ${req.method} ${url.pathname}: ${firstLine(err)}`);
        json(res, 400, { message: firstLine(err) });
      }
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    base: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

// ---------------------------------------------------------------- electron host

async function electronAvailable(): Promise<string | undefined> {
  try {
    const { downloadAndUnzipVSCode } = await import('@vscode/test-electron');
    log(`trying to download VS Code ${VSCODE_VERSION} (at most ${DOWNLOAD_TIMEOUT_MS / 1000} s)`);
    return await withTimeout(
      downloadAndUnzipVSCode({ version: VSCODE_VERSION, timeout: 15_000 }),
      DOWNLOAD_TIMEOUT_MS,
      'VS Code download',
    );
  } catch (err) {
    log(`VS Code could not be downloaded: ${firstLine(err)}`);
    return undefined;
  }
}

async function runElectron(run: RunName, vscodeExecutablePath: string | undefined): Promise<Outcome> {
  const { runTests } = await import('@vscode/test-electron');
  const tmp = makeTmp(run);
  const workspace = copyWorkspace(tmp);
  const resultsFile = path.join(tmp, 'results.json');
  const launchArgs = [
    workspace,
    '--disable-extensions',
    `--user-data-dir=${path.join(tmp, 'user-data')}`,
    '--skip-welcome',
    '--skip-release-notes',
    '--disable-gpu',
  ];
  if (run === 'trusted') {
    launchArgs.push('--disable-workspace-trust');
  }
  let exitCode: number;
  try {
    exitCode = await withTimeout(
      runTests({
        version: VSCODE_VERSION,
        vscodeExecutablePath,
        extensionDevelopmentPath: extensionPath,
        extensionTestsPath: suiteIndex,
        extensionTestsEnv: suiteEnv(run, resultsFile),
        launchArgs,
      }),
      RUN_TIMEOUT_MS[run],
      `the ${run} run`,
    );
  } catch (err) {
    log(`${run} run: ${firstLine(err)}`);
    exitCode = 1;
  }
  return { run, exitCode, counts: readCounts(resultsFile) };
}

// ------------------------------------------------------------------ server host

let provisioned: string | undefined;

function provisionServer(): string {
  if (provisioned) {
    return provisioned;
  }
  log(`provisioning VS Code ${VSCODE_VERSION} server (${path.relative(repoRoot, provisionScript)})`);
  const result = cp.spawnSync('bash', [provisionScript], {
    stdio: ['ignore', 'pipe', 'inherit'],
    encoding: 'utf8',
    timeout: 15 * 60_000,
  });
  if (result.status !== 0) {
    throw new Error(`provisioning failed (exit ${result.status ?? result.signal})`);
  }
  const vscodeDir = result.stdout.trim().split('\n').pop() ?? '';
  if (!fs.existsSync(path.join(vscodeDir, 'out', 'server-main.js'))) {
    throw new Error(`provisioning printed ${JSON.stringify(vscodeDir)}, which has no out/server-main.js`);
  }
  provisioned = vscodeDir;
  return vscodeDir;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const address = srv.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

function killGroup(child: cp.ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) {
      resolve();
      return;
    }
    const pid = child.pid;
    const done = setTimeout(() => {
      try {
        process.kill(-pid, 'SIGKILL');
      } catch {
        // already gone
      }
      resolve();
    }, 5_000);
    child.once('exit', () => {
      clearTimeout(done);
      // the extension host and other children share the group
      try {
        process.kill(-pid, 'SIGKILL');
      } catch {
        // already gone
      }
      resolve();
    });
    try {
      process.kill(-pid, 'SIGTERM');
    } catch {
      clearTimeout(done);
      resolve();
    }
  });
}

/** The extension host's console arguments, printf-style as console.log would print them. */
function formatArgs(args: unknown): string {
  const list = (Array.isArray(args) ? args : [args]).map((a) =>
    a !== null && typeof a === 'object' ? safeJson(a) : a,
  );
  return util.format(...list);
}

function safeJson(value: unknown): string {
  try {
    return JSON.stringify(value);
  } catch {
    return String(value);
  }
}

function firstLine(err: unknown): string {
  const text = err instanceof Error ? err.message : String(err);
  return text.split('\n')[0];
}

async function startServer(
  vscodeDir: string,
  tmp: string,
  run: RunName,
  env: Record<string, string>,
  extensionsDir = path.join(tmp, 'extensions'),
) {
  const port = await freePort();
  const args = [
    path.join(vscodeDir, 'out', 'server-main.js'),
    '--host', '127.0.0.1',
    '--port', String(port),
    '--without-connection-token',
    '--accept-server-license-terms',
    '--telemetry-level', 'off',
    '--server-data-dir', path.join(tmp, 'server-data'),
    '--user-data-dir', path.join(tmp, 'user-data'),
    '--extensions-dir', extensionsDir,
  ];
  if (run === 'trusted') {
    args.push('--disable-workspace-trust');
  }
  const serverLog = fs.createWriteStream(path.join(tmp, 'server.log'));
  const server = cp.spawn(process.execPath, args, {
    cwd: tmp,
    detached: true, // its own process group, so the extension host dies with it
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, ...env, VSCODE_CLI: undefined, ELECTRON_RUN_AS_NODE: undefined },
  });
  cleanups.push(() => killGroup(server));

  let ready: (() => void) | undefined;
  let failed: ((err: Error) => void) | undefined;
  const listening = new Promise<void>((resolve, reject) => {
    ready = resolve;
    failed = reject;
  });
  const onLine = (stream: string) => (chunk: Buffer) => {
    const text = chunk.toString('utf8');
    serverLog.write(text);
    for (const line of text.split('\n')) {
      if (!line.trim()) {
        continue;
      }
      if (line.includes('Extension host agent listening on')) {
        ready?.();
      }
      if (verbose || (/error|exception|unhandled/i.test(line) && !/ENOTFOUND|ECONNREFUSED/.test(line))) {
        process.stdout.write(`[server ${stream}] ${line}\n`);
      }
    }
  };
  server.stdout?.on('data', onLine('out'));
  server.stderr?.on('data', onLine('err'));
  const exited = new Promise<number>((resolve) => {
    server.once('exit', (code, signal) => {
      failed?.(new Error(`VS Code server exited early (${code ?? signal}); see ${path.join(tmp, 'server.log')}`));
      resolve(code ?? 1);
    });
  });
  await withTimeout(listening, SERVER_START_TIMEOUT_MS, 'VS Code server start');
  return { port, server, exited };
}

/** Debian's Chromium via playwright-core; closed by cleanup(). */
async function openBrowserPage() {
  const { chromium } = await import('playwright-core');
  const browser = await chromium.launch({
    executablePath: process.env.ASR_CHROMIUM ?? '/usr/bin/chromium',
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  cleanups.push(() => browser.close().catch(() => undefined));
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  return context.newPage();
}

function clearScreenshots(run: RunName): void {
  fs.mkdirSync(screenshotsDir, { recursive: true });
  for (const stale of fs.readdirSync(screenshotsDir).filter((f) => f.startsWith(`${run}-`) && f.endsWith('.png'))) {
    fs.rmSync(path.join(screenshotsDir, stale), { force: true });
  }
}

async function runServer(run: RunName): Promise<Outcome> {
  const vscodeDir = provisionServer();
  const tmp = makeTmp(run);
  const workspace = copyWorkspace(tmp);
  const resultsFile = path.join(tmp, 'results.json');
  const handshakeDir = path.join(tmp, 'screenshots-handshake');
  fs.mkdirSync(handshakeDir, { recursive: true });
  clearScreenshots(run);

  const { port, exited } = await startServer(vscodeDir, tmp, run, suiteEnv(run, resultsFile, handshakeDir));
  log(`${run} run: VS Code server listening on 127.0.0.1:${port} (workspace ${workspace})`);

  const page = await openBrowserPage();

  let counts: Counts | undefined;
  let exitFromSuite: ((code: number) => void) | undefined;
  const suiteExit = new Promise<number>((resolve) => (exitFromSuite = resolve));
  const shots: Promise<void>[] = [];

  const screenshot = async (name: string, openProblems: boolean): Promise<string> => {
    if (openProblems && !(await page.locator('.markers-panel').first().isVisible().catch(() => false))) {
      await page.keyboard.press('Control+Shift+M');
      await page.waitForSelector('.markers-panel', { state: 'visible', timeout: 10_000 }).catch(() => {
        log(`screenshot ${name}: the Problems panel did not open`);
      });
    }
    await sleep(750); // let the panel and hover render
    const file = path.join(screenshotsDir, `${name}.png`);
    await page.screenshot({ path: file });
    log(`screenshot: ${path.relative(repoRoot, file)}`);
    return file;
  };

  await page.exposeFunction('codeAutomationLog', (type: string, args: unknown) => {
    const text = formatArgs(args);
    for (const line of text.split('\n')) {
      if (line.startsWith(RESULT_MARKER)) {
        try {
          counts = JSON.parse(line.slice(RESULT_MARKER.length)) as Counts;
        } catch {
          // the results file is read too
        }
      }
      const shot = line.indexOf(SCREENSHOT_MARKER);
      if (shot >= 0) {
        const name = line.slice(shot + SCREENSHOT_MARKER.length).trim();
        shots.push(
          screenshot(`${run}-${name}`, name === 'problems' || name.endsWith('-problems'))
            .catch((err) => log(`screenshot ${name} failed: ${firstLine(err)}`))
            .then(() => fs.writeFileSync(path.join(handshakeDir, `${name}.done`), '')),
        );
      }
    }
    if (/ENOTFOUND|ECONNREFUSED/.test(text)) {
      // The workbench asks the extension gallery; this machine has no network.
      process.stdout.write(`${text.split('\n')[0]}\n`);
    } else if (!/^(Creating a socket|Resolv(ing|ed) connection token)/.test(text) || verbose) {
      process.stdout.write(`${type === 'error' ? '[error] ' : ''}${text}\n`);
    }
  });
  await page.exposeFunction('codeAutomationExit', (code: number) => {
    exitFromSuite?.(code);
  });
  page.on('pageerror', (err) => log(`page error: ${firstLine(err)}`));
  if (verbose) {
    page.on('console', (msg) => process.stdout.write(`[browser ${msg.type()}] ${msg.text()}\n`));
  }

  const authority = `127.0.0.1:${port}`;
  const payload = JSON.stringify([
    ['extensionDevelopmentPath', `vscode-remote://${authority}${extensionPath}`],
    ['extensionTestsPath', `vscode-remote://${authority}${suiteIndex}`],
  ]);
  const url = `http://${authority}/?folder=${encodeURIComponent(workspace)}&payload=${encodeURIComponent(payload)}`;
  await page.goto(url);

  let exitCode: number;
  let note: string | undefined;
  try {
    exitCode = await withTimeout(
      Promise.race([
        suiteExit,
        exited.then((code) => {
          throw new Error(`the VS Code server exited (${code}) before the suite finished`);
        }),
      ]),
      RUN_TIMEOUT_MS[run],
      `the ${run} run`,
    );
  } catch (err) {
    note = firstLine(err);
    log(`${run} run: ${note}`);
    exitCode = 1;
  }
  await Promise.all(shots);
  try {
    await screenshot(`${run}-final`, false);
    if (run === 'trusted') {
      await screenshot(`${run}-final-problems`, true);
    }
  } catch (err) {
    log(`final screenshot failed: ${firstLine(err)}`);
  }
  return { run, exitCode, counts: readCounts(resultsFile) ?? counts, note };
}

// -------------------------------------------------------------------- vsix run

const VSIX_FILE = 'astro-shared-responsibility.vsix';
const PACKAGE_TIMEOUT_MS = 3 * 60_000;
const INSTALL_TIMEOUT_MS = 2 * 60_000;
const UI_POLL_MS = 30_000;

/** The checks of the vsix run, in order; each counts as one test. */
const VSIX_CHECKS = [
  'packages with `npm run package`',
  'the .vsix holds only what runs',
  'installs with the VS Code server CLI (--install-extension)',
  'Quick Open team-a/Dockerfile: the Problems panel shows ASR102 and 12.4.0',
  'the status bar shows Restricted Mode',
  'Astro: Check shared responsibilities: the Problems panel also lists team-b ASR101',
  'Astro: Check shared responsibilities: the report opens and says "2 Astro projects"',
] as const;
type VsixCheck = (typeof VSIX_CHECKS)[number];

class CheckList {
  passed = 0;
  failed = 0;
  private readonly done = new Set<string>();

  pass(title: VsixCheck, detail?: string): void {
    this.done.add(title);
    this.passed++;
    process.stdout.write(`  ✔ ${title}${detail ? ` (${detail})` : ''}\n`);
  }

  fail(title: VsixCheck, message: string): void {
    this.done.add(title);
    this.failed++;
    process.stdout.write(`  ✖ ${title}\n${indent(message, '      ')}\n`);
  }

  /** Runs `fn`; a throw is this check's failure. Returns whether it passed. */
  async run(title: VsixCheck, fn: () => Promise<string | void> | string | void): Promise<boolean> {
    try {
      const detail = await fn();
      this.pass(title, detail || undefined);
      return true;
    } catch (err) {
      this.fail(title, err instanceof Error ? err.message : String(err));
      return false;
    }
  }

  /**
   * Fails every check not yet done: the first one with `reason` (the step it was in
   * failed), the others as not run.
   */
  failRest(reason: string): void {
    let first = true;
    for (const title of VSIX_CHECKS) {
      if (!this.done.has(title)) {
        this.fail(title, first ? reason : 'not run: an earlier step failed');
        first = false;
      }
    }
  }
}

function indent(text: string, prefix: string): string {
  return text
    .split('\n')
    .map((l) => prefix + l)
    .join('\n');
}

interface ZipEntry {
  name: string;
  size: number;
  compressedSize: number;
}

/** The entries of a zip file, from its central directory (no zip64: a .vsix is small). */
function zipEntries(file: string): ZipEntry[] {
  const buf = fs.readFileSync(file);
  let eocd = -1;
  for (let i = buf.length - 22; i >= Math.max(0, buf.length - 22 - 0xffff); i--) {
    if (buf.readUInt32LE(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) {
    throw new Error(`${file} is not a zip file (no end of central directory record)`);
  }
  const count = buf.readUInt16LE(eocd + 10);
  let offset = buf.readUInt32LE(eocd + 16);
  const entries: ZipEntry[] = [];
  for (let n = 0; n < count; n++) {
    if (offset + 46 > buf.length || buf.readUInt32LE(offset) !== 0x02014b50) {
      throw new Error(`${file}: central directory entry ${n} at offset ${offset} is damaged`);
    }
    const compressedSize = buf.readUInt32LE(offset + 20);
    const size = buf.readUInt32LE(offset + 24);
    const nameLength = buf.readUInt16LE(offset + 28);
    const extraLength = buf.readUInt16LE(offset + 30);
    const commentLength = buf.readUInt16LE(offset + 32);
    const name = buf.toString('utf8', offset + 46, offset + 46 + nameLength);
    entries.push({ name, size, compressedSize });
    offset += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

/** Why a .vsix entry should not be there, or undefined: the package holds only what runs. */
function forbiddenEntry(name: string): string | undefined {
  const parts = name.split(/[\\/]/);
  const inExtension = parts[0] === 'extension' ? parts.slice(1) : parts;
  if (parts.includes('node_modules')) {
    return 'node_modules (the bundle in dist/ must hold the dependencies)';
  }
  const top = inExtension.length > 1 ? inExtension[0] : undefined;
  if (top && ['src', 'test', 'out', 'scripts', 'examples', '.vscode', '.vscode-test', '.github'].includes(top)) {
    return `${top}/ is not needed at run time`;
  }
  if (/\.[cm]?tsx?$/i.test(name)) {
    return 'TypeScript source';
  }
  if (/\.map$/i.test(name)) {
    return 'source map';
  }
  if (/\.vsix$/i.test(name)) {
    return 'a .vsix inside the .vsix';
  }
  if (/(^|\/)(tsconfig[^/]*\.json|\.mocharc[^/]*|package-lock\.json|\.vscodeignore|\.gitignore)$/i.test(name)) {
    return 'development file';
  }
  return undefined;
}

function formatSize(bytes: number): string {
  return bytes >= 1024 ? `${(bytes / 1024).toFixed(1)} KB` : `${bytes} B`;
}

function outputTail(result: cp.SpawnSyncReturns<string>, lines = 30): string {
  const text = `${result.stdout ?? ''}\n${result.stderr ?? ''}`.trim();
  const all = text.split('\n');
  return (all.length > lines ? ['...', ...all.slice(-lines)] : all).join('\n');
}

/**
 * `npm run package` (esbuild --minify, then vsce) into `vsix`. It rewrites dist/ in
 * the repository with the minified build; the previous dist/ files are put back so
 * that a later trusted/restricted run tests the ordinary build.
 */
function packageVsix(vsix: string): void {
  const distDir = path.join(extensionPath, 'dist');
  const saved = new Map<string, Buffer>();
  if (fs.existsSync(distDir)) {
    for (const f of fs.readdirSync(distDir)) {
      const file = path.join(distDir, f);
      if (fs.statSync(file).isFile()) {
        saved.set(file, fs.readFileSync(file));
      }
    }
  }
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  log(`vsix run: npm run package -- --out ${vsix}`);
  try {
    const result = cp.spawnSync(npm, ['run', 'package', '--', '--out', vsix], {
      cwd: extensionPath,
      encoding: 'utf8',
      timeout: PACKAGE_TIMEOUT_MS,
      env: { ...process.env, NO_COLOR: '1' },
    });
    if (result.error || result.status !== 0 || !fs.existsSync(vsix)) {
      const why = result.error ? firstLine(result.error) : `exit ${result.status ?? result.signal}`;
      throw new Error(`npm run package failed (${why}):\n${outputTail(result)}`);
    }
  } finally {
    for (const [file, content] of saved) {
      try {
        fs.writeFileSync(file, content);
        if (path.basename(file) === 'cli.js') {
          fs.chmodSync(file, 0o755);
        }
      } catch (err) {
        log(`warning: could not restore ${file}: ${firstLine(err)}`);
      }
    }
  }
}

function checkVsixContents(vsix: string): string {
  const entries = zipEntries(vsix);
  const total = fs.statSync(vsix).size;
  const unpacked = entries.reduce((sum, e) => sum + e.size, 0);
  log(`vsix run: ${path.basename(vsix)}: ${entries.length} files, ${formatSize(total)} (${formatSize(unpacked)} unpacked)`);
  for (const e of entries) {
    process.stdout.write(`    ${formatSize(e.size).padStart(10)}  ${e.name}\n`);
  }
  const problems: string[] = [];
  for (const e of entries) {
    const why = forbiddenEntry(e.name);
    if (why) {
      problems.push(`${e.name}: ${why}`);
    }
  }
  const names = new Set(entries.map((e) => e.name));
  // Every file that the manifest points at must be inside: main, icon, and the files
  // that grammars, languages and snippets contribute.
  const manifest = JSON.parse(fs.readFileSync(path.join(extensionPath, 'package.json'), 'utf8')) as {
    main?: string;
    icon?: string;
    contributes?: Record<string, unknown>;
  };
  const referenced: string[] = [manifest.main, manifest.icon].filter((f): f is string => typeof f === 'string');
  for (const point of ['grammars', 'languages', 'snippets']) {
    const list = manifest.contributes?.[point];
    for (const item of Array.isArray(list) ? (list as Record<string, unknown>[]) : []) {
      for (const key of ['path', 'configuration']) {
        if (typeof item[key] === 'string') {
          referenced.push(item[key] as string);
        }
      }
    }
  }
  // The workspace check's worker (src/extension/checkWorker.ts) is loaded by path, not named in the manifest.
  const required = ['extension/package.json', 'extension.vsixmanifest', 'extension/dist/checkWorker.js'];
  for (const file of referenced) {
    required.push(path.posix.join('extension', file));
  }
  for (const r of required) {
    if (!names.has(r)) {
      problems.push(`${r} is missing`);
    }
  }
  if (problems.length > 0) {
    throw new Error(`${problems.length} problem(s) in ${path.basename(vsix)}:\n${problems.join('\n')}`);
  }
  return `${entries.length} files, ${formatSize(total)}`;
}

function installVsix(vscodeDir: string, vsix: string, tmp: string, extensionsDir: string): string {
  const args = [
    path.join(vscodeDir, 'out', 'server-main.js'),
    '--install-extension', vsix,
    '--extensions-dir', extensionsDir,
    '--server-data-dir', path.join(tmp, 'server-data'),
    '--user-data-dir', path.join(tmp, 'user-data'),
    '--accept-server-license-terms',
    '--telemetry-level', 'off',
  ];
  log(`vsix run: node ${path.relative(vscodeDir, args[0])} --install-extension ${path.basename(vsix)} --extensions-dir ${extensionsDir}`);
  const result = cp.spawnSync(process.execPath, args, {
    cwd: tmp,
    encoding: 'utf8',
    timeout: INSTALL_TIMEOUT_MS,
    killSignal: 'SIGKILL',
    env: { ...process.env, VSCODE_CLI: undefined, ELECTRON_RUN_AS_NODE: undefined },
  });
  const output = outputTail(result);
  if (verbose || result.status !== 0) {
    process.stdout.write(`${indent(output, '    ')}\n`);
  }
  if (result.error || result.status !== 0) {
    throw new Error(`the server CLI failed (${result.error ? firstLine(result.error) : `exit ${result.status ?? result.signal}`})`);
  }
  const manifest = JSON.parse(fs.readFileSync(path.join(extensionPath, 'package.json'), 'utf8')) as {
    publisher: string;
    name: string;
    version: string;
  };
  const id = `${manifest.publisher}.${manifest.name}`;
  const installed = path.join(extensionsDir, `${id}-${manifest.version}`);
  if (!fs.existsSync(path.join(installed, 'package.json'))) {
    const found = fs.existsSync(extensionsDir) ? fs.readdirSync(extensionsDir).join(', ') : '(no extensions dir)';
    throw new Error(`${installed}/package.json is missing after the install; the extensions dir has: ${found}\n${output}`);
  }
  return `${id}@${manifest.version}`;
}

type Page = Awaited<ReturnType<typeof openBrowserPage>>;

/** Polls `probe` every 250 ms until it returns true or `timeoutMs` passes; returns the last text it saw. */
async function pollText(
  read: () => Promise<string>,
  ok: (text: string) => boolean,
  timeoutMs = UI_POLL_MS,
): Promise<{ ok: boolean; text: string }> {
  const deadline = Date.now() + timeoutMs;
  let text = '';
  for (;;) {
    text = await read().catch((err: unknown) => `(could not read: ${firstLine(err)})`);
    if (ok(text)) {
      return { ok: true, text };
    }
    if (Date.now() > deadline) {
      return { ok: false, text };
    }
    await sleep(250);
  }
}

async function textOf(page: Page, selector: string): Promise<string> {
  const all = await page.locator(selector).allInnerTexts();
  return all.join('\n').replace(/\n{2,}/g, '\n').trim();
}

/** The Problems panel's rows, in order, as "[file] Dockerfile team-b" or "[marker] ...". */
async function problemsRows(page: Page): Promise<string[]> {
  const rows = page.locator('.markers-panel .monaco-list-row');
  const n = await rows.count();
  const out: string[] = [];
  for (let i = 0; i < n; i++) {
    const row = rows.nth(i);
    const text = (await row.innerText().catch(() => '')).replace(/\s+/g, ' ').trim();
    const isFile = (await row.locator('.marker-icon').count().catch(() => 0)) === 0;
    out.push(`${isFile ? '[file]' : '[marker]'} ${text}`);
  }
  return out;
}

async function openProblems(page: Page): Promise<void> {
  if (!(await page.locator('.markers-panel').first().isVisible().catch(() => false))) {
    await page.keyboard.press('Control+Shift+M');
  }
  await page.waitForSelector('.markers-panel', { state: 'visible', timeout: 10_000 });
}

/** Types into the quick input (Quick Open or the command palette) and, once its first row matches `pick`, takes it with Enter. */
async function quickPick(page: Page, opener: string, text: string, pick: RegExp): Promise<string> {
  await page.keyboard.press(opener);
  const input = page.locator('.quick-input-widget .quick-input-box input');
  await input.waitFor({ state: 'visible', timeout: 10_000 });
  await page.keyboard.type(text, { delay: 20 });
  const rows = '.quick-input-widget .quick-input-list .monaco-list-row';
  const firstRow = async () => (await page.locator(rows).first().innerText({ timeout: 1_000 })).replace(/\s+/g, ' ').trim();
  const seen = await pollText(firstRow, (t) => pick.test(t), 20_000);
  if (!seen.ok) {
    const all = await textOf(page, rows).catch(() => '');
    await page.keyboard.press('Escape').catch(() => undefined);
    throw new Error(
      `after typing ${JSON.stringify(text)} the first row does not match ${pick}; the list showed:\n${all || '(nothing)'}`,
    );
  }
  await page.keyboard.press('Enter');
  return seen.text;
}

async function vsixScreenshot(page: Page, name: string): Promise<void> {
  try {
    await sleep(750);
    const file = path.join(screenshotsDir, `vsix-${name}.png`);
    await page.screenshot({ path: file });
    log(`screenshot: ${path.relative(repoRoot, file)}`);
  } catch (err) {
    log(`screenshot vsix-${name} failed: ${firstLine(err)}`);
  }
}

async function driveVsixUi(page: Page, checks: CheckList): Promise<void> {
  // The workbench is up when the status bar and the explorer show.
  await page.locator('.part.statusbar').waitFor({ state: 'visible', timeout: 60_000 });
  await page.locator('.explorer-folders-view, .explorer-viewlet').first().waitFor({ state: 'visible', timeout: 60_000 });
  // With workspace trust enabled, VS Code asks "Do you trust the authors of the files
  // in this folder?" in a modal dialog that blocks the whole workbench and has no
  // close action (Escape does nothing). The folder is never trusted: the dialog is
  // declined with "No, I don't trust the authors", which trusts nothing and records
  // nothing, and the window stays in Restricted Mode (checked in the status bar below).
  const dialog = page.locator('.monaco-dialog-box');
  const prompted = await dialog
    .waitFor({ state: 'visible', timeout: 15_000 })
    .then(() => true)
    .catch(() => false);
  if (prompted) {
    const question = await dialog.locator('.dialog-message-text').innerText().catch(() => '?');
    log(`vsix run: the trust dialog asks "${question.trim()}"; declining it (the folder stays untrusted)`);
    await dialog.getByRole('button', { name: /don't trust/i }).click({ timeout: 10_000 });
    await dialog.waitFor({ state: 'hidden', timeout: 10_000 });
  } else {
    log('vsix run: no workspace trust dialog appeared within 15 s');
  }
  await sleep(1_000);

  // A person opens the file with Quick Open...
  const opened = await quickPick(page, 'Control+P', 'team-a/Dockerfile', /^Dockerfile\s*team-a\b/);
  log(`vsix run: Quick Open picked "${opened}"`);
  await page
    .locator('.tabs-container .tab.active', { hasText: 'Dockerfile' })
    .waitFor({ state: 'visible', timeout: 15_000 })
    .catch(() => log('vsix run: no active Dockerfile tab after Quick Open'));
  await sleep(1_000);
  // ...and opens the Problems panel.
  await openProblems(page);
  const panel = await pollText(
    () => textOf(page, '.markers-panel'),
    (t) => t.includes('ASR102') && t.includes('12.4.0'),
  );
  if (panel.ok) {
    checks.pass(VSIX_CHECKS[3]);
  } else {
    const rows = await problemsRows(page).catch(() => []);
    checks.fail(
      VSIX_CHECKS[3],
      `after ${UI_POLL_MS / 1000} s the Problems panel showed:\n${panel.text || '(nothing)'}` +
        (rows.length ? `\nrows:\n${rows.join('\n')}` : ''),
    );
  }

  const status = await pollText(() => textOf(page, '.part.statusbar'), (t) => /Restricted Mode/i.test(t), 10_000);
  if (status.ok) {
    checks.pass(VSIX_CHECKS[4]);
  } else {
    checks.fail(VSIX_CHECKS[4], `the status bar showed:\n${status.text || '(nothing)'}`);
  }
  await vsixScreenshot(page, 'restricted');

  const before = await problemsRows(page).catch(() => [] as string[]);
  if (before.some((r) => r.startsWith('[file]') && r.includes('team-b'))) {
    log('vsix run: note: team-b was in the Problems panel before the command ran');
  }

  // The command from the palette.
  const picked = await quickPick(page, 'F1', 'Astro: Check shared responsibilities', /^Astro: Check shared responsibilities/);
  log(`vsix run: the command palette picked "${picked}"`);

  // The report webview opens while the Problems panel fills: its summary is read from the webview's frame.
  const reportText = pollText(
    () => reportSummary(page),
    (t) => t.includes('2 Astro projects'),
  );
  const teamB = await pollText(
    async () => (await problemsRows(page)).join('\n'),
    (t) => teamBHasAsr101(t.split('\n')),
  );
  if (teamB.ok) {
    checks.pass(VSIX_CHECKS[5]);
  } else {
    const flat = await textOf(page, '.markers-panel').catch(() => '');
    checks.fail(
      VSIX_CHECKS[5],
      `after ${UI_POLL_MS / 1000} s the Problems panel rows were:\n${teamB.text || '(none)'}\npanel text:\n${flat || '(nothing)'}`,
    );
  }
  const shown = await reportText;
  if (shown.ok) {
    checks.pass(VSIX_CHECKS[6], shown.text.trim());
  } else {
    const tabs = await textOf(page, '.tabs-container .tab').catch(() => '');
    checks.fail(VSIX_CHECKS[6], `the report's summary read:\n${shown.text || '(nothing)'}\neditor tabs:\n${tabs || '(none)'}`);
  }
  await vsixScreenshot(page, 'command');
}

/** The summary line of the report webview ("3 findings in 2 Astro projects: …"), from whichever frame holds it. */
async function reportSummary(page: Page): Promise<string> {
  for (const frame of page.frames()) {
    const summary = frame.locator('p.summary');
    if ((await summary.count().catch(() => 0)) > 0) {
      return summary.first().innerText({ timeout: 1_000 });
    }
  }
  return '';
}

/** Whether the rows list ASR101 among the markers under team-b's Dockerfile. */
function teamBHasAsr101(rows: string[]): boolean {
  let inTeamB = false;
  for (const row of rows) {
    if (row.startsWith('[file]')) {
      inTeamB = /team-b(?![\w-])/.test(row);
    } else if (inTeamB && row.includes('ASR101')) {
      return true;
    }
  }
  return false;
}

async function runVsix(): Promise<Outcome> {
  const run: RunName = 'vsix';
  const checks = new CheckList();
  const outcome = (note?: string): Outcome => ({
    run,
    exitCode: checks.failed === 0 && checks.passed > 0 ? 0 : 1,
    counts: { passed: checks.passed, failed: checks.failed, pending: 0 },
    note,
  });
  const tmp = makeTmp(run);
  clearScreenshots(run);
  const vsix = path.join(tmp, VSIX_FILE);

  if (!(await checks.run(VSIX_CHECKS[0], () => packageVsix(vsix)))) {
    checks.failRest('not run: packaging failed');
    return outcome('packaging failed');
  }
  await checks.run(VSIX_CHECKS[1], () => checkVsixContents(vsix));

  let vscodeDir: string;
  try {
    vscodeDir = provisionServer();
  } catch (err) {
    checks.failRest(`not run: no VS Code server: ${firstLine(err)}`);
    return outcome('no VS Code server');
  }
  const extensionsDir = path.join(tmp, 'extensions');
  if (!(await checks.run(VSIX_CHECKS[2], () => installVsix(vscodeDir, vsix, tmp, extensionsDir)))) {
    checks.failRest('not run: the install failed');
    return outcome('install failed');
  }

  const workspace = copyWorkspace(tmp);
  let page: Page | undefined;
  try {
    await withTimeout(
      (async () => {
        // Neither extensionDevelopmentPath nor --disable-workspace-trust: the installed
        // extension in a workspace that is not trusted, the trust dialog unanswered.
        const { port, exited } = await startServer(vscodeDir, tmp, run, intelEnv(), extensionsDir);
        log(`vsix run: VS Code server listening on 127.0.0.1:${port} (extensions ${extensionsDir}, workspace ${workspace})`);
        page = await openBrowserPage();
        page.on('pageerror', (err) => log(`page error: ${firstLine(err)}`));
        if (verbose) {
          page.on('console', (msg) => process.stdout.write(`[browser ${msg.type()}] ${msg.text()}\n`));
        }
        await page.goto(`http://127.0.0.1:${port}/?folder=${encodeURIComponent(workspace)}`);
        await Promise.race([
          driveVsixUi(page, checks),
          exited.then((code) => {
            throw new Error(`the VS Code server exited (${code}) during the run`);
          }),
        ]);
      })(),
      RUN_TIMEOUT_MS[run],
      'the vsix run',
    );
  } catch (err) {
    const note = firstLine(err);
    if (page) {
      await vsixScreenshot(page, 'failure');
    }
    checks.failRest(err instanceof Error ? err.message : String(err));
    return outcome(note);
  }
  return outcome();
}

// ------------------------------------------------------------------------ main

async function chooseHost(): Promise<{ host: Host; executable?: string }> {
  const wanted = process.env.ASR_VSCODE_HOST;
  if (wanted === 'electron') {
    return { host: 'electron' };
  }
  if (wanted === 'server') {
    return { host: 'server' };
  }
  if (wanted) {
    throw new Error(`ASR_VSCODE_HOST must be "electron" or "server", not ${JSON.stringify(wanted)}`);
  }
  const executable = await electronAvailable();
  return executable ? { host: 'electron', executable } : { host: 'server' };
}

async function cleanup(): Promise<void> {
  while (cleanups.length > 0) {
    const fn = cleanups.pop();
    try {
      await fn?.();
    } catch {
      // best effort
    }
  }
}

async function main(): Promise<number> {
  if (!fs.existsSync(suiteIndex)) {
    throw new Error(`${suiteIndex} is missing: compile first (tsc -p .)`);
  }
  if (!fs.existsSync(fixtureWorkspace)) {
    throw new Error(`fixture workspace ${fixtureWorkspace} is missing`);
  }
  try {
    const manifest = JSON.parse(fs.readFileSync(path.join(extensionPath, 'package.json'), 'utf8')) as { main?: string };
    if (manifest.main && !fs.existsSync(path.join(extensionPath, manifest.main))) {
      log(`warning: ${manifest.main} does not exist in ${extensionPath}: build the extension first (npm run build)`);
    }
  } catch {
    log(`warning: ${extensionPath} has no readable package.json`);
  }

  const requested = (process.env.ASR_RUNS ?? ALL_RUNS.join(','))
    .split(',')
    .map((r) => r.trim())
    .filter((r) => r !== '');
  const unknown = requested.filter((r) => !(ALL_RUNS as readonly string[]).includes(r));
  if (unknown.length > 0) {
    throw new Error(`ASR_RUNS: unknown run(s) ${unknown.join(', ')}; choose among ${ALL_RUNS.join(', ')}`);
  }
  const runs = requested as RunName[];
  // The vsix run always uses the VS Code server (its CLI installs the .vsix); only the
  // suite runs need to choose a host.
  const { host, executable } = runs.some((r) => r !== 'vsix') ? await chooseHost() : { host: 'server' as Host, executable: undefined };
  log(`host: ${host === 'electron' ? '@vscode/test-electron' : 'VS Code server + Chromium'}; extension: ${extensionPath}`);

  const intel = await startIntelServer();
  intelBase = intel.base;
  log(`package intel fixtures (OSV, PyPI) served at ${intel.base}`);

  const outcomes: Outcome[] = [];
  for (const run of runs) {
    log(`---- ${run} run ----`);
    try {
      if (run === 'vsix') {
        outcomes.push(await runVsix());
      } else {
        outcomes.push(host === 'electron' ? await runElectron(run, executable) : await runServer(run));
      }
    } catch (err) {
      log(`${run} run could not start: ${err instanceof Error ? err.stack ?? err.message : String(err)}`);
      outcomes.push({ run, exitCode: 1, note: firstLine(err) });
    } finally {
      await cleanup();
    }
  }
  await intel.close();

  let passed = 0;
  let failed = 0;
  let pending = 0;
  let exitCode = outcomes.length === 0 ? 1 : 0;
  for (const o of outcomes) {
    const c = o.counts;
    if (c) {
      passed += c.passed;
      failed += c.failed;
      pending += c.pending;
    }
    // A run that crashed, timed out or reported nothing counts as one failure.
    if (o.exitCode !== 0 && (!c || c.failed === 0)) {
      failed += 1;
    }
    if (o.exitCode !== 0 || !c || c.passed === 0) {
      exitCode = 1;
    }
    log(
      `${o.run} run: exit ${o.exitCode}` +
        (c ? `, ${c.passed} passed, ${c.failed} failed, ${c.pending} pending` : ', no results reported') +
        (o.note ? ` (${o.note})` : ''),
    );
  }
  if (fs.existsSync(screenshotsDir) && (host === 'server' || runs.includes('vsix'))) {
    log(`screenshots in ${screenshotsDir}`);
  }
  process.stdout.write(`${passed} passed, ${failed} failed${pending ? `, ${pending} skipped` : ''}\n`);
  return exitCode;
}

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    void cleanup().finally(() => process.exit(130));
  });
}

main()
  .catch(async (err: unknown) => {
    log(`failed: ${err instanceof Error ? err.stack ?? err.message : String(err)}`);
    await cleanup();
    process.stdout.write('0 passed, 1 failed\n');
    return 1;
  })
  .then((code) => {
    // A download attempt or the browser may hold the event loop: exit explicitly.
    process.exit(code);
  });
