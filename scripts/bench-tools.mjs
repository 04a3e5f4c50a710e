// Part 2 of `npm run bench`: the whole `astro-sr check` (the built CLI, a child
// process) on a generated monorepo, beside secretlint with its recommended
// preset, ripgrep with the known-format patterns, and the plain Node floor
// (scripts/bench-floor.mjs). Each tool runs as a child under GNU time
// (`/usr/bin/time -v`: wall time is measured here, peak memory is the child's
// maximum resident set size); without GNU time, Node children report their own
// peak through scripts/bench-maxrss.cjs and ripgrep's is not known.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { SourceMap } from 'node:module';
import { tmpdir } from 'node:os';
import { basename, dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateMonorepo } from './bench-monorepo.mjs';
import { KNOWN_FORMAT_PATTERNS } from './bench-patterns.mjs';

const REPO = join(dirname(fileURLToPath(import.meta.url)), '..');
const CLI = join(REPO, 'dist', 'cli.js');
const FLOOR = join(REPO, 'scripts', 'bench-floor.mjs');
const MAXRSS = join(REPO, 'scripts', 'bench-maxrss.cjs');
const SECRETLINT = join(REPO, 'node_modules', 'secretlint', 'bin', 'secretlint.js');
const NO_PROFILER = join(REPO, 'scripts', 'bench-secretlint-noprofiler.mjs');
const GNU_TIME = '/usr/bin/time';

/** Targets: our throughput >= 30x secretlint's, our time <= 2x the floor's, our peak memory < 300 MB. */
export const TARGETS = { vsSecretlint: 30, vsFloor: 2, peakMb: 300 };

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

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

/**
 * Runs one command as a child, stdout to `stdoutFile`, with at most `timeoutS`
 * seconds. Returns the wall time (ms), the peak RSS (KB, or undefined) and how it ended.
 */
function runChild({ cmd, args, cwd, env, stdoutFile, timeoutS, gnuTime, node, tmp }) {
  const timeFile = join(tmp, `time-${process.hrtime.bigint()}.txt`);
  const rssFile = join(tmp, `maxrss-${process.hrtime.bigint()}.txt`);
  let argv = [cmd, ...args];
  const childEnv = { ...process.env, ...env };
  if (gnuTime) {
    argv = [GNU_TIME, '-v', '-o', timeFile, ...argv];
  } else if (node) {
    argv = [cmd, '--require', MAXRSS, ...args];
    childEnv.ASR_BENCH_MAXRSS_FILE = rssFile;
  }
  return new Promise((resolve) => {
    const out = stdoutFile ? ['ignore', 'pipe', 'pipe'] : ['ignore', 'ignore', 'pipe'];
    const t0 = process.hrtime.bigint();
    const child = spawn(argv[0], argv.slice(1), { cwd, env: childEnv, stdio: out, detached: true });
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
      if (gnuTime && existsSync(timeFile)) {
        const m = /Maximum resident set size \(kbytes\): (\d+)/.exec(readFileSync(timeFile, 'utf8'));
        if (m) rssKb = +m[1];
      } else if (existsSync(rssFile)) {
        rssKb = +readFileSync(rssFile, 'utf8');
      }
      rmSync(timeFile, { force: true });
      rmSync(rssFile, { force: true });
      resolve({ ms, rssKb, status, signal, timedOut, stderr });
    });
  });
}

function countOurs(file) {
  const report = JSON.parse(readFileSync(file, 'utf8'));
  const findings = report.findings ?? report.result?.findings ?? [];
  const secret = findings.filter((f) => /^ASR2\d\d$/.test(f.ruleId ?? f.rule ?? ''));
  const byRule = {};
  for (const f of secret) byRule[f.ruleId] = (byRule[f.ruleId] ?? 0) + 1;
  return { found: secret.length, detail: Object.entries(byRule).sort().map(([k, v]) => `${k} ${v}`).join(', '), projects: (report.projects ?? []).length };
}

function countSecretlint(file) {
  if (!existsSync(file)) return { found: undefined, detail: 'no output' };
  const results = JSON.parse(readFileSync(file, 'utf8'));
  const byRule = {};
  let n = 0;
  for (const r of results) {
    for (const m of r.messages ?? []) {
      n++;
      const rule = String(m.ruleId ?? '').replace('@secretlint/secretlint-rule-', '');
      byRule[rule] = (byRule[rule] ?? 0) + 1;
    }
  }
  return { found: n, detail: Object.entries(byRule).sort().map(([k, v]) => `${k} ${v}`).join(', ') };
}

function countRg(file) {
  let n = 0;
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    const m = /:(\d+)$/.exec(line);
    if (m) n += +m[1];
  }
  return { found: n, detail: 'matches' };
}

function countFloor(file) {
  const r = JSON.parse(readFileSync(file, 'utf8'));
  return { found: r.matches, detail: `lines matching, of ${r.lines}` };
}

/** The top functions of a CPU profile by self time, and the time per source file (through dist/cli.js.map). */
export function summarizeProfile(profileFile, top = 15) {
  const profile = JSON.parse(readFileSync(profileFile, 'utf8'));
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map();
  for (let i = 0; i < profile.samples.length; i++) {
    const id = profile.samples[i];
    self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0));
  }
  let map;
  try {
    map = new SourceMap(JSON.parse(readFileSync(`${CLI}.map`, 'utf8')));
  } catch {
    map = undefined;
  }
  const where = (cf) => {
    if (!cf.url) return { file: `(${cf.functionName || 'native'})`, label: cf.functionName || '(native)' };
    const file = cf.url.startsWith('file://') ? fileURLToPath(cf.url) : cf.url;
    if (map && file === CLI && cf.lineNumber >= 0) {
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

export async function runToolsBench({ projects = 120, seed = 20261129, runs = 3, secretlintTimeoutS = 900, shippedTimeoutS = 300, profile = false } = {}) {
  if (!existsSync(CLI)) throw new Error(`${CLI} is missing: npm run build first`);
  const gnuTime = ensureGnuTime();
  const tmp = mkdtempSync(join(tmpdir(), 'astro-sr-bench-tools-'));
  try {
    const root = join(tmp, 'tree');
    const t0 = Date.now();
    const tree = generateMonorepo({ root, seed, projects });
    const mb = tree.bytes / 1e6;
    console.log(`Generated monorepo (seed ${seed}) in ${((Date.now() - t0) / 1000).toFixed(1)} s: ${tree.projects} Astro projects, ${fmt(tree.files)} files, ${mb.toFixed(1)} MB, ${tree.planted} fake secrets planted among look-alikes`);
    console.log(`Peak memory from ${gnuTime ? `GNU time (${GNU_TIME} -v): the child's max RSS` : "the Node children's own process.resourceUsage().maxRSS (GNU time unavailable; ripgrep's is not known)"}; ${runs} run${runs === 1 ? "" : "s"} of each, the median run reported`);
    const rc = join(tmp, 'secretlintrc.json');
    writeFileSync(rc, `${JSON.stringify({ rules: [{ id: '@secretlint/secretlint-rule-preset-recommend' }] }, null, 2)}\n`);
    const out = (name) => join(tmp, `${name}.out`);
    const tools = [
      {
        id: 'ours',
        name: 'astro-sr check',
        node: true,
        cmd: process.execPath,
        args: [CLI, 'check', root, '--offline', '--format', 'json', '--fail-on', 'none'],
        env: { XDG_CACHE_HOME: join(tmp, 'cache'), NO_COLOR: '1' },
        stdoutFile: out('ours'),
        count: () => countOurs(out('ours')),
        reads: 'every text file of each project (binaries by extension skipped)',
      },
      {
        id: 'secretlint',
        name: 'secretlint 12.0.0',
        node: true,
        cmd: process.execPath,
        args: ['--import', NO_PROFILER, SECRETLINT, '**/*', '--secretlintrc', rc, '--format', 'json', '--output', out('secretlint')],
        cwd: root,
        count: () => countSecretlint(out('secretlint')),
        timeoutS: secretlintTimeoutS,
        slow: true,
        reads: 'every file; profiler off (upstream fix #1673)',
      },
      {
        id: 'secretlint-shipped',
        name: 'secretlint 12.0.0 as shipped',
        node: true,
        cmd: process.execPath,
        args: [SECRETLINT, '**/*', '--secretlintrc', rc, '--format', 'json', '--output', out('secretlint-shipped')],
        cwd: root,
        count: () => countSecretlint(out('secretlint-shipped')),
        timeoutS: shippedTimeoutS,
        slow: true,
        once: true,
        reads: 'every file; O(n²) profiler on',
      },
      {
        id: 'rg',
        name: `ripgrep ${(spawnSync('rg', ['--version'], { encoding: 'utf8' }).stdout ?? '').split(/\s/)[1] ?? ''}`.trim(),
        cmd: 'rg',
        args: ['--no-ignore', '--hidden', '--no-messages', '--count-matches', ...KNOWN_FORMAT_PATTERNS.flatMap((p) => ['-e', p]), root],
        stdoutFile: out('rg'),
        count: () => countRg(out('rg')),
        reads: 'every file, all cores',
      },
      {
        id: 'floor',
        name: 'Node floor',
        node: true,
        cmd: process.execPath,
        args: [FLOOR, root],
        stdoutFile: out('floor'),
        count: () => countFloor(out('floor')),
        reads: 'every file, 1 regex/line',
      },
    ];
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
      for (const tool of tools) {
        if (tool.slow) continue;
        const r = await runOnce(tool);
        process.stdout.write(`  run ${i + 1}/${runs} ${tool.name}: ${(r.ms / 1000).toFixed(2)} s\n`);
      }
    }
    // secretlint: one run first; more only when it takes at most a minute. As shipped: one run, time-limited.
    for (const tool of tools.filter((t) => t.slow)) {
      if (tool.timeoutS <= 0) continue;
      for (let i = 0; i < (tool.once ? 1 : runs); i++) {
        const r = await runOnce(tool);
        process.stdout.write(`  run ${i + 1}/${tool.once ? 1 : runs} ${tool.name}: ${(r.ms / 1000).toFixed(1)} s${r.timedOut ? ` (stopped at the ${tool.timeoutS} s limit)` : ''}\n`);
        if (r.timedOut || r.ms > 60_000) {
          if (runs > 1 && !tool.once) results.get(tool.id).notes.push(`a single run (it took ${r.timedOut ? 'longer than the limit' : 'more than a minute'})`);
          break;
        }
      }
    }

    const rows = tools.filter((t) => results.get(t.id).runs.length > 0).map((t) => {
      const res = results.get(t.id);
      const ms = res.runs.map((r) => r.ms);
      const med = median(ms);
      const medRun = res.runs.find((r) => r.ms === med);
      const counted = medRun.timedOut ? { found: undefined, detail: 'stopped before it reported' } : t.count();
      return { ...t, s: med / 1000, rssMb: medRun.rssKb === undefined ? undefined : medRun.rssKb / 1024, timedOut: medRun.timedOut, runs: res.runs.length, notes: res.notes, counted };
    });
    const ours = rows.find((r) => r.id === 'ours');
    console.log('');
    const header = ['tool', 'seconds', 'files/s', 'MB/s', 'peak RSS MB', 'ratio to ours', 'found', 'reads'];
    const table = rows.map((r) => [
      r.name,
      `${r.timedOut ? '>' : ''}${fmt(r.s, 2)}`,
      `${r.timedOut ? '<' : ''}${fmt(tree.files / r.s)}`,
      `${r.timedOut ? '<' : ''}${fmt(mb / r.s, 1)}`,
      fmt(r.rssMb),
      `${r.timedOut ? '>' : ''}${fmt(r.s / ours.s, 2)}×`,
      r.counted.found === undefined ? 'n/a' : fmt(r.counted.found),
      `${r.reads}${r.runs === 1 ? '; 1 run' : `; median of ${r.runs}`}`,
    ]);
    const widths = header.map((h, i) => Math.max(h.length, ...table.map((row) => row[i].length)));
    const line = (cells) => cells.map((c, i) => (i === 0 || i === cells.length - 1 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
    console.log(line(header));
    console.log(widths.map((w) => '-'.repeat(w)).join('  '));
    for (const row of table) console.log(line(row));
    console.log('(ratio to ours = the tool\'s time / ours: above 1 the tool is slower. files/s and MB/s are the whole tree\'s files and bytes over each tool\'s time.)');
    for (const r of rows) {
      if (r.counted.detail || r.notes.length) console.log(`  ${r.name}: ${[r.counted.detail, ...r.notes].filter(Boolean).join('; ')}`);
    }

    const secretlint = rows.find((r) => r.id === 'secretlint');
    const shipped = rows.find((r) => r.id === 'secretlint-shipped');
    const floor = rows.find((r) => r.id === 'floor');
    const vsSecretlint = secretlint ? secretlint.s / ours.s : NaN;
    const vsFloor = ours.s / floor.s;
    const verdicts = [];
    if (shipped) {
      // What `npx secretlint` is on Node 20: 12.0.0, the newest release that runs there, with its always-on profiler.
      const r = shipped.s / ours.s;
      verdicts.push([`throughput at least ${TARGETS.vsSecretlint}× secretlint 12.0.0 as shipped (the newest secretlint for Node 20)`, `${shipped.timedOut ? '>= ' : ''}${r.toFixed(1)}×`, r >= TARGETS.vsSecretlint]);
    }
    verdicts.push(
      [`time at most ${TARGETS.vsFloor}× the plain Node floor's`, `${vsFloor.toFixed(2)}× (${ours.s.toFixed(2)} s vs ${floor.s.toFixed(2)} s)`, vsFloor <= TARGETS.vsFloor],
      [`peak memory under ${TARGETS.peakMb} MB`, ours.rssMb === undefined ? 'unknown' : `${ours.rssMb.toFixed(0)} MB`, ours.rssMb !== undefined && ours.rssMb < TARGETS.peakMb],
    );
    if (secretlint) {
      // The stricter reading: secretlint with upstream's fix for the profiler (secretlint 13, which needs Node 22).
      const needed = secretlint.s / TARGETS.vsSecretlint;
      const bound = needed < floor.s ? `; ${TARGETS.vsSecretlint}× would take ${needed.toFixed(2)} s, less than the ${floor.s.toFixed(2)} s a Node script needs only to read the tree and test one regex per line` : '';
      verdicts.push([`throughput at least ${TARGETS.vsSecretlint}× secretlint with its profiler off (upstream's fix)`, `${secretlint.timedOut ? '>= ' : ''}${vsSecretlint.toFixed(1)}×${bound}`, vsSecretlint >= TARGETS.vsSecretlint]);
    }
    console.log('\nTargets for astro-sr check:');
    for (const [what, got, ok] of verdicts) console.log(`  ${ok ? 'PASS' : 'FAIL'}  ${what}: ${got}`);

    if (profile || verdicts.some(([what, , ok]) => !ok && what.startsWith('time'))) {
      const dir = join(REPO, 'out', 'bench');
      mkdirSync(dir, { recursive: true });
      const before = new Set(readdirSync(dir));
      const tool = tools.find((t) => t.id === 'ours');
      const r = await runChild({ ...tool, args: ['--cpu-prof', '--cpu-prof-dir', dir, ...tool.args], tmp, gnuTime: false, node: false });
      const made = readdirSync(dir).filter((f) => f.endsWith('.cpuprofile') && !before.has(f));
      console.log(`\nWhere our time goes (node --cpu-prof on the CLI run, ${(r.ms / 1000).toFixed(2)} s with the profiler; ${relative(REPO, dir)}/${made[0] ?? '?'}):`);
      if (made[0]) console.log(summarizeProfile(join(dir, made[0])));
    }
    return { tree, rows, verdicts };
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}
