// Parts `tools` and `real` of `npm run bench`: the whole `astro-sr check` (the
// built CLI, a child process) on a tree, beside the plain Node floor
// (scripts/bench-floor.mjs), secretlint with its recommended preset and ripgrep
// with the floor's known-format patterns.
//  tools  a generated monorepo (scripts/bench-monorepo.mjs: >= 100 Astro
//         projects, >= 10,000 files, >= 50 MB, fake secrets among look-alikes);
//  real   a folder of checked-out repositories (--real DIR, else
//         $ASTRO_SR_REAL_CORPUS, else ~/.cache/astro-sr-real/corpus; skipped
//         with a note when there is none). Nothing in it is written.
// On each tree, untimed first: the files secretlint and ripgrep are given are
// counted (this also warms the page cache), and astro-sr runs once with
// scripts/bench-reads.cjs recording the files it opens, which are compared
// with the files the floor reads. Then each tool runs `runs` times, one round
// after another (secretlint last; more than one run only when a run takes at
// most a minute), and the median run is reported: wall time, files/s, MB/s and
// peak memory (max RSS from GNU time, `/usr/bin/time -v`, installed with apt
// when missing and we are root; without it, the Node children report their own
// through scripts/bench-maxrss.cjs and ripgrep's is not known).
// The targets, PASS or FAIL on each tree: astro-sr's time at most 2x the
// floor's, and its peak memory under 300 MB. secretlint and ripgrep have no
// target: their times are shown beside ours, as ratios.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { SourceMap } from 'node:module';
import { availableParallelism, homedir, loadavg, tmpdir } from 'node:os';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BINARY_EXT, MAX_READ_BYTES, MAX_TEXT_CHARS, SKIPPED_DIRS, VENV_DIRS, binaryExtensions, floor } from './bench-floor.mjs';
import { generateMonorepo } from './bench-monorepo.mjs';
import { KNOWN_FORMAT_PATTERNS } from './bench-patterns.mjs';

const REPO = join(dirname(fileURLToPath(import.meta.url)), '..');
export const DEFAULT_CLI = join(REPO, 'dist', 'cli.js');
const FLOOR = join(REPO, 'scripts', 'bench-floor.mjs');
const MAXRSS = join(REPO, 'scripts', 'bench-maxrss.cjs');
const READS = join(REPO, 'scripts', 'bench-reads.cjs');
const SECRETLINT = join(REPO, 'node_modules', 'secretlint', 'bin', 'secretlint.js');
const PRESET = '@secretlint/secretlint-rule-preset-recommend';
const GNU_TIME = '/usr/bin/time';

/** Targets for astro-sr check, on every tree measured: time <= 2x the plain Node floor's, peak memory < 300 MB. */
export const TARGETS = { vsFloor: 2, peakMb: 300 };

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** The real-code corpus to measure: --real, else $ASTRO_SR_REAL_CORPUS, else ~/.cache/astro-sr-real/corpus when it exists. */
export function defaultRealCorpus(env = process.env) {
  if (env.ASTRO_SR_REAL_CORPUS) return env.ASTRO_SR_REAL_CORPUS;
  const dir = join(homedir(), '.cache', 'astro-sr-real', 'corpus');
  return existsSync(dir) ? dir : undefined;
}

/** GNU time, installed with apt when it is missing and we are root; false when it cannot be had. */
function ensureGnuTime() {
  const works = () => existsSync(GNU_TIME) && spawnSync(GNU_TIME, ['-v', 'true'], { stdio: 'ignore' }).status === 0;
  if (works()) return true;
  if (process.getuid?.() !== 0) return false;
  console.log('GNU time is missing: installing it with apt-get (Debian package `time`)');
  const apt = (args) => spawnSync('apt-get', args, { stdio: ['ignore', 'ignore', 'inherit'], env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } }).status === 0;
  if (!apt(['install', '-y', '--no-install-recommends', 'time'])) {
    apt(['update']);
    apt(['install', '-y', '--no-install-recommends', 'time']);
  }
  return works();
}

const version = (pkg) => {
  try {
    return JSON.parse(readFileSync(join(REPO, 'node_modules', ...pkg.split('/'), 'package.json'), 'utf8')).version;
  } catch {
    return '?';
  }
};

/** secretlint's name with the versions installed: `secretlint 13.0.6 (preset-recommend 13.1.0)`. */
export function secretlintName() {
  return `secretlint ${version('secretlint')} (preset-recommend ${version(PRESET)})`;
}

/**
 * Whether the floor's copies of astro-sr's skip lists and size limits still
 * match src/ (found by their definitions, wherever the files now are).
 * Returns lines to print.
 */
export function checkFloorAgainstSource() {
  const srcDir = join(REPO, 'src');
  if (!existsSync(srcDir)) return ['(src/ is not here: the floor\'s skip lists were not compared with it)'];
  const found = {};
  for (const rel of readdirSync(srcDir, { recursive: true })) {
    if (!String(rel).endsWith('.ts')) continue;
    const text = readFileSync(join(srcDir, rel), 'utf8');
    let m = /SKIPPED_DIRS\s*=\s*new Set\(\[([^\]]*)\]\)/.exec(text);
    if (m) found.skipped = { file: rel, value: [...m[1].matchAll(/'([^']*)'|"([^"]*)"/g)].map((x) => x[1] ?? x[2]) };
    m = /VENV_DIRS\s*=\s*new Set\(\[([^\]]*)\]\)/.exec(text);
    if (m) found.venv = { file: rel, value: [...m[1].matchAll(/'([^']*)'|"([^"]*)"/g)].map((x) => x[1] ?? x[2]) };
    m = /const BINARY_EXT\s*=\s*(\/.*\/[a-z]*);/.exec(text);
    if (m) found.binary = { file: rel, value: m[1] };
    m = /MAX_TEXT_BYTES\s*=\s*([0-9 *]+);/.exec(text);
    if (m) found.maxText = { file: rel, value: m[1].trim() };
    m = /MAX_READ_BYTES\s*=\s*([A-Z_0-9 *+]+);/.exec(text);
    if (m) found.maxRead = { file: rel, value: m[1].trim() };
  }
  const problems = [];
  const at = (f) => (f ? `src/${f.file}` : 'src/ (not found)');
  const sameSet = (a, b) => a.length === b.length && a.every((x) => b.includes(x));
  if (!found.skipped || !sameSet(found.skipped.value, SKIPPED_DIRS)) problems.push(`SKIPPED_DIRS differs from ${at(found.skipped)}`);
  if (!found.venv || !sameSet(found.venv.value, VENV_DIRS)) problems.push(`VENV_DIRS differs from ${at(found.venv)}`);
  if (!found.binary || found.binary.value !== String(BINARY_EXT)) problems.push(`BINARY_EXT differs from ${at(found.binary)}`);
  if (!found.maxText || found.maxText.value !== '1024 * 1024' || MAX_TEXT_CHARS !== 1024 * 1024) problems.push(`MAX_TEXT_BYTES differs from ${at(found.maxText)}`);
  if (!found.maxRead || found.maxRead.value !== '4 * MAX_TEXT_BYTES + 4' || MAX_READ_BYTES !== 4 * MAX_TEXT_CHARS + 4) problems.push(`MAX_READ_BYTES differs from ${at(found.maxRead)}`);
  if (problems.length) return [`WARNING: scripts/bench-floor.mjs no longer copies astro-sr's rules: ${problems.join('; ')}. Update the floor.`];
  return [`The floor's skip lists and limits match ${at(found.skipped)} SKIPPED_DIRS and VENV_DIRS, ${at(found.binary)} BINARY_EXT and ${at(found.maxRead)} MAX_READ_BYTES.`];
}

/**
 * Runs one command as a child, stdout to `stdoutFile`, with at most `timeoutS`
 * seconds. Returns the wall time (ms), the peak RSS (KB, or undefined) and how it ended.
 */
function runChild({ cmd, args, cwd, env, stdoutFile, timeoutS, gnuTime, node, tmp, preload }) {
  const stamp = `${process.hrtime.bigint()}`;
  const timeFile = join(tmp, `time-${stamp}.txt`);
  const rssFile = join(tmp, `maxrss-${stamp}.txt`);
  const childEnv = { ...process.env, ...env };
  let argv = [cmd, ...(preload ? ['--require', preload] : []), ...args];
  if (gnuTime) {
    argv = [GNU_TIME, '-v', '-o', timeFile, ...argv];
  } else if (node) {
    argv = [cmd, '--require', MAXRSS, ...argv.slice(1)];
    childEnv.ASR_BENCH_MAXRSS_FILE = rssFile;
  }
  return new Promise((done) => {
    const t0 = process.hrtime.bigint();
    const child = spawn(argv[0], argv.slice(1), { cwd, env: childEnv, stdio: ['ignore', stdoutFile ? 'pipe' : 'ignore', 'pipe'], detached: true });
    const chunks = [];
    let stderr = '';
    child.stdout?.on('data', (c) => chunks.push(c));
    child.stderr.on('data', (c) => {
      if (stderr.length < 20_000) stderr += c;
    });
    let timedOut = false;
    const timer = timeoutS
      ? setTimeout(() => {
          timedOut = true;
          try {
            process.kill(-child.pid, 'SIGKILL');
          } catch {
            // gone already
          }
        }, timeoutS * 1000)
      : undefined;
    child.on('close', (status, signal) => {
      const ms = Number(process.hrtime.bigint() - t0) / 1e6;
      clearTimeout(timer);
      if (stdoutFile) writeFileSync(stdoutFile, Buffer.concat(chunks));
      let rssKb;
      let cpuS;
      if (gnuTime && existsSync(timeFile)) {
        const report = readFileSync(timeFile, 'utf8');
        const m = /Maximum resident set size \(kbytes\): (\d+)/.exec(report);
        if (m) rssKb = +m[1];
        const user = /User time \(seconds\): ([\d.]+)/.exec(report);
        const sys = /System time \(seconds\): ([\d.]+)/.exec(report);
        if (user && sys) cpuS = +user[1] + +sys[1];
      } else if (existsSync(rssFile)) {
        rssKb = +readFileSync(rssFile, 'utf8');
      }
      rmSync(timeFile, { force: true });
      rmSync(rssFile, { force: true });
      done({ ms, rssKb, cpuS, status, signal, timedOut, stderr });
    });
  });
}

function countOurs(file) {
  const report = JSON.parse(readFileSync(file, 'utf8'));
  const findings = report.findings ?? [];
  const secret = findings.filter((f) => /^ASR2\d\d$/.test(f.ruleId ?? ''));
  const byRule = {};
  for (const f of secret) byRule[f.ruleId] = (byRule[f.ruleId] ?? 0) + 1;
  const rules = Object.entries(byRule).sort().map(([k, v]) => `${k} ${v}`).join(', ');
  return { found: secret.length, detail: `found ${secret.length} credential (ASR2xx) findings${rules ? ` (${rules})` : ''}, ${findings.length} findings in all, in ${(report.projects ?? []).length} projects`, projects: (report.projects ?? []).length };
}

/** secretlint's `unix` format: `path:line:col: message [Error/preset > rule]`, one a line. */
function countSecretlint(file) {
  if (!existsSync(file)) return { found: undefined, detail: 'no output' };
  const byRule = {};
  let n = 0;
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    const m = /\[(?:Error|Warning|Info)\/([^\]]*)\]$/.exec(line);
    if (!m) continue;
    n++;
    const rule = m[1].split(' > ').pop().replace('@secretlint/secretlint-rule-', '');
    byRule[rule] = (byRule[rule] ?? 0) + 1;
  }
  const rules = Object.entries(byRule).sort().map(([k, v]) => `${k} ${v}`).join(', ');
  return { found: n, detail: `found ${n} findings${rules ? ` (${rules})` : ''}` };
}

function countRg(file) {
  let n = 0;
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    const m = /:(\d+)$/.exec(line);
    if (m) n += +m[1];
  }
  return { found: n, detail: `found ${n} pattern matches` };
}

function countFloor(file) {
  const r = JSON.parse(readFileSync(file, 'utf8'));
  return { found: r.matches, detail: `found ${r.matches} matching lines, of ${r.lines.toLocaleString('en-US')} lines in ${r.searched.toLocaleString('en-US')} files searched`, counts: r };
}

/** The top functions of a CPU profile by self time, and the time per source file (through the CLI's source map). */
export function summarizeProfile(profileFile, cli = DEFAULT_CLI, top = 15) {
  const profile = JSON.parse(readFileSync(profileFile, 'utf8'));
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map();
  for (let i = 0; i < profile.samples.length; i++) {
    const id = profile.samples[i];
    self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0));
  }
  let map;
  try {
    map = new SourceMap(JSON.parse(readFileSync(`${cli}.map`, 'utf8')));
  } catch {
    map = undefined;
  }
  const where = (cf) => {
    if (!cf.url) return { file: `(${cf.functionName || 'native'})`, label: cf.functionName || '(native)' };
    const file = cf.url.startsWith('file://') ? fileURLToPath(cf.url) : cf.url;
    if (map && file === cli && cf.lineNumber >= 0) {
      const e = map.findEntry(cf.lineNumber, cf.columnNumber);
      if (e && e.originalSource) {
        const src = e.originalSource.replace(/^.*?(src\/|node_modules\/)/, '$1');
        return { file: src.replace(/^(node_modules\/(@[^/]+\/)?[^/]+)\/.*$/, '$1'), label: `${cf.functionName || '(anonymous)'} ${src}:${e.originalLine + 1}` };
      }
    }
    const short = file.startsWith(REPO) ? relative(REPO, file) : file;
    return { file: short.startsWith('node:') ? 'node internals' : short, label: `${cf.functionName || '(anonymous)'} ${short}:${cf.lineNumber + 1}` };
  };
  const fnTotals = new Map();
  const fileTotals = new Map();
  let total = 0;
  for (const [id, us] of self) {
    const node = byId.get(id);
    const w = where(node.callFrame);
    fnTotals.set(w.label, (fnTotals.get(w.label) ?? 0) + us);
    fileTotals.set(w.file, (fileTotals.get(w.file) ?? 0) + us);
    total += us;
  }
  const rows = (m) => [...m].sort((a, b) => b[1] - a[1]).slice(0, top).map(([k, us]) => `  ${(us / 1000).toFixed(0).padStart(7)} ms ${((100 * us) / total).toFixed(1).padStart(5)}%  ${k}`);
  return [`CPU profile ${basename(profileFile)}: ${(total / 1000).toFixed(0)} ms sampled`, 'Top functions by self time:', ...rows(fnTotals), 'Self time by source file or package:', ...rows(fileTotals)].join('\n');
}

function fmt(n, digits = 0) {
  return n === undefined || Number.isNaN(n) ? 'n/a' : n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
}

/** Reads the paths recorded by scripts/bench-reads.cjs (every thread's file), those under `root`. */
function recordedReads(prefix, root) {
  const dir = dirname(prefix);
  const paths = new Set();
  for (const f of readdirSync(dir)) {
    if (!f.startsWith(`${basename(prefix)}.`)) continue;
    for (const p of readFileSync(join(dir, f), 'utf8').split('\n')) {
      const abs = resolve(p);
      if (p && (abs === root || abs.startsWith(`${root}/`))) paths.add(abs);
    }
  }
  return paths;
}

/**
 * The CLI finds its bundled Runtime catalog in a resources/ folder at most six
 * folders above it. A build copied elsewhere (a frozen dist/) has none: it is
 * given this repository's catalog with --catalog, which reads the same file.
 */
export function catalogArgs(cli) {
  let dir = dirname(cli);
  for (let i = 0; i < 6; i++) {
    if (existsSync(join(dir, 'resources', 'runtime-catalog.json'))) return [];
    dir = dirname(dir);
  }
  return ['--catalog', join(REPO, 'resources', 'runtime-catalog.json')];
}

/** CPU time (s) the whole machine has spent busy since boot (Linux /proc/stat), or NaN. */
function busyCpuSeconds() {
  try {
    const fields = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1, 9).map(Number);
    const [user, nice, system, , , irq, softirq, steal] = fields;
    return (user + nice + system + irq + softirq + steal) / 100; // USER_HZ, 100 on Linux
  } catch {
    return NaN;
  }
}

let gnuTimeChecked;
let sourceChecked = false;

/**
 * Measures the four tools on one tree and prints the table and the verdicts.
 * `label` names the tree in the output.
 */
export async function measureTree({ root, label, runs = 3, secretlintTimeoutS = 900, profile = false, cli = DEFAULT_CLI }) {
  root = resolve(root);
  cli = resolve(cli);
  if (!existsSync(cli)) throw new Error(`${cli} is missing: npm run build first, or pass --cli PATH`);
  gnuTimeChecked ??= ensureGnuTime();
  const gnuTime = gnuTimeChecked;
  if (!sourceChecked) {
    sourceChecked = true;
    for (const line of checkFloorAgainstSource()) console.log(line);
  }
  const tmp = mkdtempSync(join(tmpdir(), 'astro-sr-bench-tools-'));
  try {
    const out = (name) => join(tmp, `${name}.out`);
    const ourEnv = { XDG_CACHE_HOME: join(tmp, 'cache'), NO_COLOR: '1' };
    const ourArgs = [cli, 'check', root, '--offline', '--format', 'json', '--fail-on', 'none', ...catalogArgs(cli)];

    // Untimed: what secretlint and ripgrep are given (this reads the whole tree once, warming the page cache).
    const everything = floor(root, { scope: 'all' });
    // Untimed: the files astro-sr opens, recorded, beside the files the floor reads.
    const readsPrefix = join(tmp, 'reads');
    const audit = await runChild({ cmd: process.execPath, args: ourArgs, env: { ...ourEnv, ASR_BENCH_READS_FILE: readsPrefix }, preload: READS, stdoutFile: out('audit'), tmp, gnuTime: false, node: false });
    if (audit.status !== 0) throw new Error(`astro-sr exited ${audit.status ?? audit.signal}: ${audit.stderr.slice(0, 2000)}`);
    const oursRead = recordedReads(readsPrefix, root);
    const floorList = [];
    const scope = floor(root, { listed: floorList });
    const floorRead = new Set(floorList.map((p) => resolve(p)));
    const onlyOurs = [...oursRead].filter((p) => !floorRead.has(p)).sort();
    const onlyFloor = [...floorRead].filter((p) => !oursRead.has(p)).sort();
    const auditProjects = countOurs(out('audit')).projects;

    const mb = scope.bytes / 1e6;
    const allMb = everything.bytes / 1e6;
    const skipped = SKIPPED_DIRS.join(', ');
    console.log(`Tree: ${label} (${root})`);
    console.log(`  astro-sr and the floor read ${fmt(scope.files)} files, ${mb.toFixed(1)} MB: the files of ${fmt(scope.projects)} Astro projects${auditProjects === scope.projects ? '' : ` (astro-sr reports ${fmt(auditProjects)} projects)`}, and the Dockerfiles met while looking for them.`);
    console.log(`  secretlint and ripgrep are given ${fmt(everything.files)} files, ${allMb.toFixed(1)} MB: every file outside the skipped folders that is not binary by its extension, Astro project or not.`);
    if (onlyOurs.length === 0 && onlyFloor.length === 0) {
      console.log(`  Same files: the ${fmt(oursRead.size)} files astro-sr opened in a recorded, untimed run (scripts/bench-reads.cjs) are the files the floor reads.`);
    } else {
      console.log(`  WARNING: astro-sr and the floor read different files (recorded, untimed run): ${onlyOurs.length} only by astro-sr${onlyOurs.length ? ` (${onlyOurs.slice(0, 5).map((p) => relative(root, p)).join(', ')}${onlyOurs.length > 5 ? ', ...' : ''})` : ''}, ${onlyFloor.length} only by the floor${onlyFloor.length ? ` (${onlyFloor.slice(0, 5).map((p) => relative(root, p)).join(', ')}${onlyFloor.length > 5 ? ', ...' : ''})` : ''}.`);
    }

    const rc = join(tmp, 'secretlintrc.json');
    writeFileSync(rc, `${JSON.stringify({ rules: [{ id: PRESET }] }, null, 2)}\n`);
    const caseInsensitive = (s) => [...s].map((c) => (/[a-z]/i.test(c) ? `[${c.toLowerCase()}${c.toUpperCase()}]` : c)).join('');
    const exts = binaryExtensions();
    const rgVersion = (spawnSync('rg', ['--version'], { encoding: 'utf8' }).stdout ?? '').split(/\s/)[1];
    const tools = [
      {
        id: 'ours',
        name: 'astro-sr check',
        node: true,
        cmd: process.execPath,
        args: ourArgs,
        env: ourEnv,
        stdoutFile: out('ours'),
        count: () => countOurs(out('ours')),
        scope,
      },
      {
        id: 'floor',
        name: 'Node floor',
        node: true,
        cmd: process.execPath,
        args: [FLOOR, root],
        stdoutFile: out('floor'),
        count: () => countFloor(out('floor')),
        scope,
      },
      {
        id: 'rg',
        name: rgVersion ? `ripgrep ${rgVersion}` : 'ripgrep',
        cmd: 'rg',
        args: ['--no-ignore', '--hidden', '--no-messages', '--count-matches', '--glob', `!{${SKIPPED_DIRS.join(',')}}/`, '--iglob', `!*.{${exts.join(',')}}`, ...KNOWN_FORMAT_PATTERNS.flatMap((p) => ['-e', p]), root],
        stdoutFile: out('rg'),
        count: () => countRg(out('rg')),
        scope: everything,
        missing: spawnSync('rg', ['--version'], { stdio: 'ignore' }).status !== 0,
      },
      {
        id: 'secretlint',
        name: secretlintName(),
        node: true,
        cmd: process.execPath,
        args: [SECRETLINT, '**/*', `!**/{${SKIPPED_DIRS.join(',')}}/**`, `!**/*.{${exts.map(caseInsensitive).join(',')}}`, '--no-gitignore', '--secretlintrc', rc, '--format', 'unix', '--output', out('secretlint')],
        cwd: root,
        count: () => countSecretlint(out('secretlint')),
        timeoutS: secretlintTimeoutS,
        slow: true,
        scope: everything,
        missing: !existsSync(SECRETLINT) || secretlintTimeoutS <= 0,
      },
    ].filter((t) => !t.missing);

    const loadBefore = loadavg()[0];
    const busyBefore = busyCpuSeconds();
    const wallBefore = process.hrtime.bigint();
    const results = new Map(tools.map((t) => [t.id, { runs: [], notes: [] }]));
    const runOnce = async (tool) => {
      const r = await runChild({ ...tool, tmp, gnuTime, timeoutS: tool.timeoutS });
      const res = results.get(tool.id);
      if (r.timedOut) res.notes.push(`stopped after ${tool.timeoutS} s`);
      else if (r.status !== 0 && !(tool.id === 'rg' && r.status === 1)) throw new Error(`${tool.name} exited ${r.status ?? r.signal}: ${r.stderr.slice(0, 2000)}`);
      res.runs.push(r);
      return r;
    };
    for (let i = 0; i < runs; i++) {
      for (const tool of tools.filter((t) => !t.slow)) {
        const r = await runOnce(tool);
        console.log(`  run ${i + 1}/${runs} ${tool.name}: ${(r.ms / 1000).toFixed(2)} s`);
      }
    }
    // secretlint: one run first; more only when it takes at most a minute.
    for (const tool of tools.filter((t) => t.slow)) {
      for (let i = 0; i < runs; i++) {
        const r = await runOnce(tool);
        console.log(`  run ${i + 1}/${runs} ${tool.name}: ${(r.ms / 1000).toFixed(2)} s${r.timedOut ? ` (stopped at the ${tool.timeoutS} s limit)` : ''}`);
        if (r.timedOut || r.ms > 60_000) {
          if (runs > 1) results.get(tool.id).notes.push(`a single run (it took ${r.timedOut ? 'longer than the limit' : 'more than a minute'})`);
          break;
        }
      }
    }

    const rows = tools.map((t) => {
      const res = results.get(t.id);
      const ms = res.runs.map((r) => r.ms);
      const med = median(ms);
      const medRun = res.runs.find((r) => r.ms === med);
      const counted = medRun.timedOut ? { found: undefined, detail: 'stopped before it reported' } : t.count();
      return { ...t, s: med / 1000, min: Math.min(...ms) / 1000, max: Math.max(...ms) / 1000, rssMb: medRun.rssKb === undefined ? undefined : medRun.rssKb / 1024, timedOut: medRun.timedOut, runs: res.runs.length, notes: res.notes, counted };
    });
    const ours = rows.find((r) => r.id === 'ours');
    const floorRow = rows.find((r) => r.id === 'floor');
    const busy = busyCpuSeconds() - busyBefore;
    const wall = Number(process.hrtime.bigint() - wallBefore) / 1e9;
    const childCpu = [...results.values()].flatMap((r) => r.runs).reduce((sum, r) => sum + (r.cpuS ?? NaN), 0);
    const others = busy - childCpu;
    console.log(`  Other work on the machine during the timed runs: ${Number.isNaN(others) ? 'unknown' : `${Math.max(0, others).toFixed(1)} CPU-seconds of ${(wall * availableParallelism()).toFixed(0)} (${Math.max(0, (100 * others) / (wall * availableParallelism())).toFixed(0)}%)`}; 1-minute load average ${loadBefore.toFixed(2)} before, ${loadavg()[0].toFixed(2)} after. It slows astro-sr's worker threads and ripgrep more than the one-thread floor.`);
    console.log('');
    const header = ['tool', 'files', 'MB', 'seconds', 'min-max', 'runs', 'files/s', 'MB/s', 'peak RSS MB', '÷ floor', '÷ astro-sr', 'found'];
    const table = rows.map((r) => {
      const gt = r.timedOut ? '>' : '';
      const lt = r.timedOut ? '<' : '';
      return [
        r.name,
        fmt(r.scope.files),
        fmt(r.scope.bytes / 1e6, 1),
        `${gt}${fmt(r.s, 2)}`,
        r.runs > 1 ? `${fmt(r.min, 2)}-${fmt(r.max, 2)}` : '',
        String(r.runs),
        `${lt}${fmt(r.scope.files / r.s)}`,
        `${lt}${fmt(r.scope.bytes / 1e6 / r.s, 1)}`,
        fmt(r.rssMb),
        `${gt}${fmt(r.s / floorRow.s, 2)}×`,
        `${gt}${fmt(r.s / ours.s, 2)}×`,
        r.counted.found === undefined ? 'n/a' : fmt(r.counted.found),
      ];
    });
    const widths = header.map((h, i) => Math.max(h.length, ...table.map((row) => row[i].length)));
    const line = (cells) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
    console.log(line(header));
    console.log(widths.map((w) => '-'.repeat(w)).join('  '));
    for (const row of table) console.log(line(row));
    console.log(`(seconds: the median run's wall time; files, MB: what the tool reads; files/s, MB/s: those over the median time; peak RSS: ${gnuTime ? `GNU time's maximum resident set size` : "the Node children's own process.resourceUsage().maxRSS (GNU time unavailable)"}, of the median run; ÷ floor, ÷ astro-sr: the tool's time over theirs; found: what each reports, below.)`);
    const cpus = availableParallelism();
    const describe = {
      ours: `\`astro-sr check DIR --offline --format json --fail-on none${catalogArgs(cli).length ? ' --catalog resources/runtime-catalog.json' : ''}\` (${cli === DEFAULT_CLI ? 'dist/cli.js' : cli}); worker threads for many projects, up to 4 (${cpus} CPUs here)`,
      floor: `scripts/bench-floor.mjs, one thread: walks as astro-sr does (skips ${skipped}, and a virtual environment's own folders; finds Astro projects the same way), reads the files astro-sr reads, once each, at most ${MAX_READ_BYTES / 1024 / 1024 | 0} MB of each, and tests one regular expression (the ${KNOWN_FORMAT_PATTERNS.length} known-format patterns) on each line of the files astro-sr searches (not .gitignore or .dockerignore, not over ${MAX_TEXT_CHARS / 1024 / 1024} MB or binary content)`,
      rg: `the same ${KNOWN_FORMAT_PATTERNS.length} patterns, --no-ignore --hidden, the skipped folders and binary extensions left out by --glob/--iglob; all cores`,
      secretlint: `recommended preset, \`secretlint "**/*" --no-gitignore --format unix\`, the skipped folders and binary extensions left out by negative globs (secretlint 13 honours .gitignore by default; astro-sr reads ignored files too)`,
    };
    for (const r of rows) console.log(`  ${r.name}: ${describe[r.id]}. ${[r.counted.detail, ...r.notes].filter(Boolean).join('; ')}.`);

    const vsFloor = ours.s / floorRow.s;
    const verdicts = [
      [`time at most ${TARGETS.vsFloor}× the plain Node floor's`, `${vsFloor.toFixed(2)}× (${ours.s.toFixed(2)} s vs ${floorRow.s.toFixed(2)} s)`, vsFloor <= TARGETS.vsFloor],
      [`peak memory under ${TARGETS.peakMb} MB`, ours.rssMb === undefined ? 'unknown' : `${ours.rssMb.toFixed(0)} MB`, ours.rssMb !== undefined && ours.rssMb < TARGETS.peakMb],
    ];
    console.log(`\nTargets for astro-sr check on the ${label}:`);
    for (const [what, got, ok] of verdicts) console.log(`  ${ok ? 'PASS' : 'FAIL'}  ${what}: ${got}`);
    const secretlint = rows.find((r) => r.id === 'secretlint');
    const rg = rows.find((r) => r.id === 'rg');
    const beside = [];
    if (secretlint) beside.push(`${secretlint.name} takes ${secretlint.timedOut ? 'more than ' : ''}${(secretlint.s / ours.s).toFixed(1)}× astro-sr's time`);
    if (rg) beside.push(`${rg.name} takes ${(rg.s / ours.s).toFixed(2)}×`);
    if (beside.length) console.log(`  (no target) ${beside.join('; ')}${everything.files !== scope.files ? ', on more files (see the files column)' : ''}.`);

    if (profile || verdicts.some(([what, , ok]) => !ok && what.startsWith('time'))) {
      const dir = join(REPO, 'out', 'bench');
      mkdirSync(dir, { recursive: true });
      const before = new Set(readdirSync(dir));
      const r = await runChild({ cmd: process.execPath, args: ['--cpu-prof', '--cpu-prof-dir', dir, ...ourArgs], env: ourEnv, tmp, gnuTime: false, node: false });
      const made = readdirSync(dir).filter((f) => f.endsWith('.cpuprofile') && !before.has(f));
      // With worker threads each thread writes a profile: the largest holds most of the work.
      made.sort((a, b) => statSync(join(dir, b)).size - statSync(join(dir, a)).size);
      console.log(`\nWhere astro-sr's time goes (node --cpu-prof, ${(r.ms / 1000).toFixed(2)} s with the profiler; ${made.length} profile${made.length === 1 ? '' : 's'} in ${relative(REPO, dir)}, the largest summarised):`);
      if (made[0]) console.log(summarizeProfile(join(dir, made[0]), cli));
    }
    return { scope, everything, rows, verdicts, sameFiles: onlyOurs.length === 0 && onlyFloor.length === 0 };
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

/** Part `tools`: a generated monorepo, measured and removed. */
export async function runToolsBench({ projects = 120, seed = 20261129, runs = 3, secretlintTimeoutS = 900, profile = false, cli = DEFAULT_CLI } = {}) {
  const tmp = mkdtempSync(join(tmpdir(), 'astro-sr-bench-tree-'));
  try {
    const root = join(tmp, 'tree');
    const t0 = Date.now();
    const tree = generateMonorepo({ root, seed, projects });
    console.log(`Generated monorepo (seed ${seed}) in ${((Date.now() - t0) / 1000).toFixed(1)} s: ${tree.projects} Astro projects, ${fmt(tree.files)} files, ${(tree.bytes / 1e6).toFixed(1)} MB, ${tree.planted} fake secrets planted among look-alikes`);
    return await measureTree({ root, label: 'generated monorepo', runs, secretlintTimeoutS, profile, cli });
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

/** Part `real`: a folder of checked-out repositories, read and never written; skipped with a note when there is none. */
export async function runRealBench({ dir = defaultRealCorpus(), runs = 3, secretlintTimeoutS = 900, profile = false, cli = DEFAULT_CLI } = {}) {
  if (!dir || !existsSync(dir) || !statSync(dir).isDirectory()) {
    console.log(`No real-code corpus${dir ? ` at ${dir}` : ''}: skipped. Pass --real DIR, set ASTRO_SR_REAL_CORPUS, or put one at ~/.cache/astro-sr-real/corpus (a folder of checked-out repositories).`);
    return undefined;
  }
  const repos = readdirSync(dir, { withFileTypes: true }).filter((e) => e.isDirectory()).length;
  console.log(`Real-code corpus: ${dir}, ${fmt(repos)} top-level folders`);
  return measureTree({ root: dir, label: 'real-code corpus', runs, secretlintTimeoutS, profile, cli });
}
