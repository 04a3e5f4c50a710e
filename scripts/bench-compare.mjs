#!/usr/bin/env node
// Two builds of the astro-sr CLI side by side on the same trees: the whole
// check's wall time (the median of --runs runs, the two builds alternating so
// that a busy machine slows both alike) and the number of findings of each.
// For "this change costs N%" questions; `npm run bench` measures one build
// against other tools.
//
//   node scripts/bench-compare.mjs --before OTHER/dist/cli.js [--after dist/cli.js]
//                                  [--runs 11] [--tree DIR]... [--projects 120]
//
// Without --tree: the generated monorepo of `npm run bench`'s `tools` part
// (scripts/bench-monorepo.mjs, --projects projects, the bench's seed) and the
// real-code corpus when there is one ($ASTRO_SR_REAL_CORPUS or
// ~/.cache/astro-sr-real/corpus). A build of an earlier commit:
//   git worktree add /tmp/before <commit> && (cd /tmp/before && npm ci && node scripts/build.mjs)
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { generateMonorepo } from './bench-monorepo.mjs';

const { values } = parseArgs({
  options: {
    before: { type: 'string' },
    after: { type: 'string', default: 'dist/cli.js' },
    runs: { type: 'string', default: '11' },
    tree: { type: 'string', multiple: true },
    projects: { type: 'string', default: '120' },
  },
});
if (!values.before) {
  process.stderr.write('usage: node scripts/bench-compare.mjs --before OTHER/dist/cli.js [--after dist/cli.js] [--runs 11] [--tree DIR]... [--projects 120]\n');
  process.exit(2);
}
const clis = { before: resolve(values.before), after: resolve(values.after) };
const runs = Math.max(1, Number(values.runs));
let generated;
const trees = values.tree?.map((t) => ({ name: t, dir: resolve(t) })) ?? [];
if (trees.length === 0) {
  generated = mkdtempSync(join(tmpdir(), 'astro-sr-compare-'));
  const root = join(generated, 'mono');
  generateMonorepo({ root, seed: 20261129, projects: Number(values.projects) });
  trees.push({ name: `generated monorepo (${values.projects} projects)`, dir: root });
  const real = process.env.ASTRO_SR_REAL_CORPUS ?? join(homedir(), '.cache/astro-sr-real/corpus');
  if (existsSync(real)) trees.push({ name: 'real-code corpus', dir: real });
}

const median = (xs) => xs.slice().sort((a, b) => a - b)[Math.floor(xs.length / 2)];
try {
  for (const tree of trees) {
    const times = { before: [], after: [] };
    const findings = {};
    for (let i = 0; i < runs; i++) {
      const order = i % 2 ? ['after', 'before'] : ['before', 'after'];
      for (const which of order) {
        const t0 = process.hrtime.bigint();
        const r = spawnSync(process.execPath, [clis[which], 'check', tree.dir, '--offline', '--format', 'json', '--fail-on', 'none'], { maxBuffer: 1 << 30 });
        times[which].push(Number(process.hrtime.bigint() - t0) / 1e9);
        if (r.status !== 0) throw new Error(`${clis[which]} exited ${r.status}: ${r.stderr.toString().slice(0, 400)}`);
        findings[which] = JSON.parse(r.stdout.toString()).findings.length;
      }
    }
    const [b, a] = [median(times.before), median(times.after)];
    console.log(`${tree.name}: before ${b.toFixed(2)} s (${findings.before} findings), after ${a.toFixed(2)} s (${findings.after} findings): ${((a / b - 1) * 100).toFixed(1)}% (median of ${runs} runs each, alternating)`);
  }
} finally {
  if (generated) rmSync(generated, { recursive: true, force: true });
}
