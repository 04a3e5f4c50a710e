#!/usr/bin/env node
// Review loop on the real-code corpus (test/real/README.md): runs the built
// astro-sr CLI on the corpus that scripts/real-corpus.mjs extracted, prints
// every finding without any flagged value, matches each to a hand-written
// verdict in test/real/verdicts.tsv and prints precision per rule family and
// per rule. `npm run eval:real` builds first; on its own:
//
//   node scripts/eval-real.mjs [--corpus DIR] [--cli PATH] [--verdicts FILE]
//                              [--family secrets|runtime|deps|network|access] [--unreviewed]
//                              [--json] [--check MIN]
//
//   --corpus DIR     the corpus (env ASTRO_SR_REAL_CORPUS; default
//                    ~/.cache/astro-sr-real/corpus).
//   --cli PATH       the CLI to run (default dist/cli.js).
//   --verdicts FILE  the verdicts (default test/real/verdicts.tsv).
//   --family F       only the findings of one family: runtime (ASR1xx),
//                    secrets (ASR2xx), deps (ASR3xx), network (ASR4xx),
//                    access (ASR5xx).
//   --unreviewed     list only the findings that have no verdict.
//   --json           print a machine-readable summary instead of the listing.
//   --check MIN      exit 1 when the precision of the secrets family (over its
//                    reviewed findings) is below MIN (0..1), or when any
//                    secret finding has no verdict.
//
// A finding line is `<file>:<line>:<col> <ruleId> <severity> <kind> h=<hash>`,
// line and column 1-based as in the JSON output's ranges (docs/json-output.md:
// 1-based, end exclusive, UTF-16 code units), file relative to the corpus
// (`owner+name/...`).
// <hash> is the first 10 hex digits of the SHA-256 of the text at the
// finding's range, read from the corpus file: it identifies the flagged text
// across runs without showing it. <kind> comes from the message (for secrets,
// the words before " in ", e.g. "password"), with every `code span` and every
// (`prefix…`) excerpt removed. Nothing of a flagged value is ever printed.
//
// Verdicts (test/real/verdicts.tsv): `file<TAB>line<TAB>ruleId<TAB>hash<TAB>
// tp|fp<TAB>reason`, `#` comments. A finding is matched by (file, ruleId, hash)
// first, then by (file, line, ruleId); verdict lines that match no finding are
// listed as stale. Never write a value into that file.
import { createHash } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const REPO = join(dirname(fileURLToPath(import.meta.url)), '..');
const TODAY = '2026-12-01';
/** The folders the engine never walks (src/engine/project.ts SKIPPED_DIRS). */
const SKIPPED_DIRS = new Set(['node_modules', '.git', '.hg', '.svn', '__pycache__', '.venv', 'venv', '.tox', '.nox', '.mypy_cache', '.pytest_cache', '.ruff_cache', 'site-packages']);
const FAMILIES = [
  { key: 'runtime', title: 'ASR1xx runtime', test: (id) => /^ASR1\d\d$/.test(id) },
  { key: 'secrets', title: 'ASR2xx secrets', test: (id) => /^ASR2\d\d$/.test(id) },
  { key: 'deps', title: 'ASR3xx dependencies', test: (id) => /^ASR3\d\d$/.test(id) },
  { key: 'network', title: 'ASR4xx network', test: (id) => /^ASR4\d\d$/.test(id) },
  { key: 'access', title: 'ASR5xx access', test: (id) => /^ASR5\d\d$/.test(id) },
];
const familyOf = (id) => FAMILIES.find((f) => f.test(id))?.key ?? 'other';

function usage(msg) {
  if (msg) process.stderr.write(`eval-real: ${msg}\n`);
  process.stderr.write('usage: node scripts/eval-real.mjs [--corpus DIR] [--cli PATH] [--verdicts FILE] [--family secrets|runtime|deps|network|access] [--unreviewed] [--json] [--check MIN]\n');
  process.exit(2);
}

function parseArgs(argv) {
  const o = {
    corpus: process.env.ASTRO_SR_REAL_CORPUS || join(homedir(), '.cache', 'astro-sr-real', 'corpus'),
    cli: join(REPO, 'dist', 'cli.js'),
    verdicts: join(REPO, 'test', 'real', 'verdicts.tsv'),
    repos: join(REPO, 'test', 'real', 'repos.tsv'),
    family: undefined, unreviewed: false, json: false, check: undefined,
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const val = () => { if (i + 1 >= argv.length) usage(`${a} needs a value`); return argv[++i]; };
    if (a === '--corpus') o.corpus = val();
    else if (a === '--cli') o.cli = val();
    else if (a === '--verdicts') o.verdicts = val();
    else if (a === '--repos') o.repos = val();
    else if (a === '--family') { o.family = val(); if (!FAMILIES.some((f) => f.key === o.family)) usage('--family takes secrets, runtime, deps, network or access'); }
    else if (a === '--unreviewed') o.unreviewed = true;
    else if (a === '--json') o.json = true;
    else if (a === '--check') { o.check = Number(val()); if (!(o.check >= 0 && o.check <= 1)) usage('--check takes a number from 0 to 1'); }
    else if (a === '-h' || a === '--help') usage();
    else usage(`unknown argument ${a}`);
  }
  o.corpus = resolve(o.corpus);
  o.cli = resolve(o.cli);
  return o;
}

/** Runs the CLI on the corpus and returns its JSON document. */
function runCli(opts) {
  const args = [opts.cli, 'check', opts.corpus, '--format', 'json', '--offline', '--fail-on', 'none',
    '--today', TODAY, '--catalog', join(REPO, 'resources', 'runtime-catalog.json')];
  const r = spawnSync(process.execPath, args, { encoding: 'utf8', maxBuffer: 1 << 30 });
  if (r.error) throw r.error;
  if (r.status !== 0) throw new Error(`astro-sr exited with ${r.status}: ${(r.stderr || '').trim().slice(0, 500)}`);
  return JSON.parse(r.stdout);
}

const texts = new Map();
/** The file's text as the engine reads it (UTF-8, lines split at LF), or null. */
function textOf(corpus, file) {
  if (!texts.has(file)) {
    let t = null;
    try { t = readFileSync(join(corpus, ...file.split('/'))).toString('utf8'); } catch { /* a folder, or gone */ }
    texts.set(file, t);
  }
  return texts.get(file);
}

/** The offset of a 1-based { line, column } position (docs/json-output.md, "Ranges"). */
function offsetAt(text, pos) {
  let off = 0;
  for (let line = 1; line < pos.line; line++) {
    const nl = text.indexOf('\n', off);
    if (nl < 0) return text.length;
    off = nl + 1;
  }
  return Math.min(off + pos.column - 1, text.length);
}

/** First 10 hex digits of the SHA-256 of the flagged text (never shown). */
function hashOf(corpus, f) {
  const text = textOf(corpus, f.file);
  const flagged = text === null ? '' : text.slice(offsetAt(text, f.range.start), offsetAt(text, f.range.end));
  return createHash('sha256').update(flagged, 'utf8').digest('hex').slice(0, 10);
}

/** What was found, in a few words, without any excerpt of the flagged text. */
export function kindOf(ruleId, message) {
  const m = message
    .replace(/\s*\(`[^`]*`\)/g, '') // a "(`AKIA…`)" prefix excerpt
    .replace(/`[^`]*`/g, '‹…›') // any other code span
    .replace(/\s+/g, ' ')
    .trim();
  const sentence = m.split(/\.(?:\s|$)/)[0];
  const cap = (s, n) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);
  if (familyOf(ruleId) === 'secrets') {
    const at = sentence.indexOf(' in ');
    return cap(at > 0 ? sentence.slice(0, at) : sentence, 60);
  }
  return cap(sentence.split(' ').slice(0, 5).join(' '), 60);
}

/** Verdict lines: { file, line, ruleId, hash, verdict, reason, lineNo }. */
function readVerdicts(file) {
  if (!existsSync(file)) return [];
  const rows = [];
  readFileSync(file, 'utf8').split(/\r?\n/).forEach((l, i) => {
    if (l.trim() === '' || l.startsWith('#')) return;
    const [f, line, ruleId, hash, verdict, reason = ''] = l.split('\t');
    if (!f || !/^\d+$/.test(line ?? '') || !/^ASR\d{3}$/.test(ruleId ?? '') || !/^[0-9a-f]{10}$/.test(hash ?? '') || !['tp', 'fp'].includes(verdict)) {
      throw new Error(`${file}:${i + 1}: expected file<TAB>line<TAB>ruleId<TAB>hash (10 hex)<TAB>tp|fp<TAB>reason`);
    }
    rows.push({ file: f, line: Number(line), ruleId, hash, verdict, reason, lineNo: i + 1, used: false });
  });
  return rows;
}

/** Gives each finding its verdict row (or none): by (file, ruleId, hash), then (file, line, ruleId). */
function match(findings, rows) {
  const byHash = new Map();
  const byLine = new Map();
  for (const r of rows) {
    const k1 = `${r.file}\0${r.ruleId}\0${r.hash}`;
    const k2 = `${r.file}\0${r.line}\0${r.ruleId}`;
    if (!byHash.has(k1)) byHash.set(k1, []);
    byHash.get(k1).push(r);
    if (!byLine.has(k2)) byLine.set(k2, []);
    byLine.get(k2).push(r);
  }
  const pick = (cands, line) => cands.find((r) => !r.used && r.line === line) ?? cands.find((r) => !r.used) ?? cands.find((r) => r.line === line) ?? cands[0];
  for (const f of findings) {
    const c1 = byHash.get(`${f.file}\0${f.ruleId}\0${f.hash}`);
    if (c1) { f.verdict = pick(c1, f.line); f.verdict.used = true; }
  }
  for (const f of findings) {
    if (f.verdict) continue;
    const c2 = byLine.get(`${f.file}\0${f.line}\0${f.ruleId}`);
    if (c2) { f.verdict = pick(c2, f.line); f.verdict.used = true; }
  }
  return rows.filter((r) => !r.used);
}

/** Repositories (top-level folders), files and bytes walked as the engine walks. */
function corpusSize(corpus) {
  const repos = readdirSync(corpus, { withFileTypes: true }).filter((e) => e.isDirectory() && !e.name.startsWith('.')).map((e) => e.name);
  let files = 0, bytes = 0;
  const walk = (d) => {
    let entries;
    try { entries = readdirSync(d, { withFileTypes: true }); } catch { return; }
    for (const e of entries) {
      if (e.isDirectory()) { if (!SKIPPED_DIRS.has(e.name)) walk(join(d, e.name)); }
      else if (e.isFile()) { files++; bytes += statSync(join(d, e.name)).size; }
    }
  };
  for (const r of repos) walk(join(corpus, r));
  return { repositories: repos.length, repoNames: repos, files, bytes };
}

function tally(findings) {
  const t = { findings: findings.length, reviewed: 0, tp: 0, fp: 0, unreviewed: 0 };
  for (const f of findings) {
    if (!f.verdict) t.unreviewed++;
    else { t.reviewed++; t[f.verdict.verdict]++; }
  }
  t.precision = t.tp + t.fp ? t.tp / (t.tp + t.fp) : null;
  return t;
}

const pct = (p) => (p === null ? '   -  ' : `${(p * 100).toFixed(1).padStart(5)}%`);
const lineOf = (f) => `${f.file}:${f.line}:${f.col} ${f.ruleId} ${f.severity} ${f.kind} h=${f.hash}`;

function main() {
  const opts = parseArgs(process.argv.slice(2));
  if (!existsSync(opts.corpus)) usage(`no corpus at ${opts.corpus}: run node scripts/real-corpus.mjs first (test/real/README.md)`);
  if (!existsSync(opts.cli)) usage(`no CLI at ${opts.cli}: run npm run build, or give --cli`);
  let rows;
  try { rows = readVerdicts(opts.verdicts); } catch (e) { usage(e.message); }
  const started = Date.now();
  const doc = runCli(opts);
  const seconds = (Date.now() - started) / 1000;

  let findings = doc.findings.map((f) => ({
    ruleId: f.ruleId, severity: f.severity, file: f.file,
    line: f.range.start.line, col: f.range.start.column,
    range: f.range, kind: kindOf(f.ruleId, f.message),
  }));
  for (const f of findings) f.hash = hashOf(opts.corpus, f);
  findings.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line || a.col - b.col || (a.ruleId < b.ruleId ? -1 : 1)));
  const staleAll = match(findings, rows);
  const secrets = tally(findings.filter((f) => familyOf(f.ruleId) === 'secrets'));
  const stale = opts.family ? staleAll.filter((r) => familyOf(r.ruleId) === opts.family) : staleAll;
  if (opts.family) findings = findings.filter((f) => familyOf(f.ruleId) === opts.family);

  const size = corpusSize(opts.corpus);
  let listed = null;
  try {
    listed = readFileSync(opts.repos, 'utf8').split(/\r?\n/).filter((l) => l.trim() && !l.startsWith('#')).map((l) => l.split('\t')[0].replace('/', '+'));
  } catch { /* no list: nothing to compare */ }
  const absent = listed ? listed.filter((n) => !size.repoNames.includes(n)) : [];
  const families = FAMILIES.filter((f) => !opts.family || f.key === opts.family);
  const rules = [...new Set(findings.map((f) => f.ruleId))].sort();
  const unreviewed = findings.filter((f) => !f.verdict);

  if (opts.json) {
    const summary = {
      cli: doc.tool, catalog: doc.catalog, advisories: doc.advisories, today: TODAY, seconds,
      corpus: {
        dir: opts.corpus, repositories: size.repositories, listed: listed?.length ?? null, absent,
        projects: doc.projects.length, files: size.files, mb: Number((size.bytes / 1048576).toFixed(1)), problems: doc.problems.length,
      },
      families: Object.fromEntries(families.map((fam) => [fam.key, tally(findings.filter((f) => familyOf(f.ruleId) === fam.key))])),
      rules: Object.fromEntries(rules.map((id) => [id, tally(findings.filter((f) => f.ruleId === id))])),
      unreviewed: unreviewed.map((f) => ({ file: f.file, line: f.line, col: f.col, ruleId: f.ruleId, severity: f.severity, kind: f.kind, hash: f.hash })),
      stale: stale.map((r) => ({ file: r.file, line: r.line, ruleId: r.ruleId, hash: r.hash, verdict: r.verdict, verdictsLine: r.lineNo })),
    };
    process.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
  } else if (opts.unreviewed) {
    for (const f of unreviewed) process.stdout.write(`${lineOf(f)}\n`);
    process.stdout.write(`${unreviewed.length} unreviewed finding(s)\n`);
  } else {
    const out = [];
    out.push(`astro-sr ${doc.tool?.version ?? '?'} (${opts.cli}) on ${opts.corpus}, judged on ${TODAY}, ${seconds.toFixed(1)} s`);
    out.push(`corpus: ${size.repositories} repositories${listed ? ` (${listed.length} listed in ${basename(opts.repos)}${absent.length ? `, ${absent.length} absent` : ''})` : ''}, ` +
      `${doc.projects.length} Astro projects, ${size.files} files, ${(size.bytes / 1048576).toFixed(1)} MB walked; ${doc.problems.length} files not fully read (problems)`);
    for (const fam of families) {
      const fs = findings.filter((f) => familyOf(f.ruleId) === fam.key);
      out.push('', `== ${fam.title}: ${fs.length} findings`);
      for (const f of fs) out.push(lineOf(f));
    }
    const other = findings.filter((f) => familyOf(f.ruleId) === 'other');
    if (other.length) { out.push('', `== other: ${other.length} findings`); for (const f of other) out.push(lineOf(f)); }
    out.push('', '== precision (over reviewed findings)');
    out.push(`${'family / rule'.padEnd(22)} findings reviewed    tp    fp precision unreviewed`);
    const row = (name, t) => `${name.padEnd(22)} ${String(t.findings).padStart(8)} ${String(t.reviewed).padStart(8)} ${String(t.tp).padStart(5)} ${String(t.fp).padStart(5)}    ${pct(t.precision)} ${String(t.unreviewed).padStart(10)}`;
    for (const fam of families) {
      const fs = findings.filter((f) => familyOf(f.ruleId) === fam.key);
      out.push(row(fam.title, tally(fs)));
      for (const id of rules.filter((r) => fam.test(r))) out.push(row(`  ${id}`, tally(fs.filter((f) => f.ruleId === id))));
    }
    out.push('', `== unreviewed: ${unreviewed.length}`);
    for (const f of unreviewed) out.push(lineOf(f));
    out.push('', `== stale verdicts (match no finding): ${stale.length}`);
    for (const r of stale) out.push(`${opts.verdicts}:${r.lineNo}: ${r.file}:${r.line} ${r.ruleId} h=${r.hash} ${r.verdict}`);
    process.stdout.write(`${out.join('\n')}\n`);
  }

  if (opts.check !== undefined) {
    const failures = [];
    if (secrets.precision === null) failures.push('no reviewed secret finding');
    else if (secrets.precision < opts.check) failures.push(`secret precision ${(secrets.precision * 100).toFixed(1)}% < ${(opts.check * 100).toFixed(1)}%`);
    if (secrets.unreviewed) failures.push(`${secrets.unreviewed} secret finding(s) unreviewed`);
    if (failures.length) {
      process.stderr.write(`eval-real: check failed: ${failures.join('; ')}\n`);
      process.exit(1);
    }
    process.stderr.write(`eval-real: check passed: secret precision ${(secrets.precision * 100).toFixed(1)}% >= ${(opts.check * 100).toFixed(1)}%, none unreviewed\n`);
  }
}

process.stdout.on('error', (e) => { if (e.code === 'EPIPE') process.exit(0); throw e; }); // output piped into head

try {
  main();
} catch (e) {
  process.stderr.write(`eval-real: ${e.message}\n`);
  process.exit(1);
}
