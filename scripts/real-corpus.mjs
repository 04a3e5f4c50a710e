#!/usr/bin/env node
// Rebuilds the real-code corpus (test/real/README.md) from git snapshots of the
// public repositories listed in test/real/repos.tsv. The code of those
// repositories is never part of this repository: this script writes the tree of
// each listed commit into a folder OUTSIDE it, by default
// ~/.cache/astro-sr-real/corpus/<owner>+<name>/.
//
//   node scripts/real-corpus.mjs [--mirrors DIR] [--out DIR] [--repos FILE]
//                                [--only owner/name]... [--force] [--modes]
//                                [--prune] [--jobs N] [--quiet]
//
//   --mirrors DIR  where the git snapshots are (env ASTRO_SR_MIRRORS; default
//                  /work/.mirror). Each repository is looked up as
//                  DIR/<owner>+<name>/ holding a bare git dir (repo/), or a
//                  clone (repo/.git, .git), at most three levels down; a clone
//                  at DIR/<owner>/<name> or DIR/<name> is also accepted.
//   --out DIR      the corpus folder (env ASTRO_SR_REAL_CORPUS; default
//                  ~/.cache/astro-sr-real/corpus).
//   --repos FILE   the list (default test/real/repos.tsv).
//   --only R       extract only this repository (repeatable).
//   --force        re-extract even when the stamp says the folder is current.
//   --modes        keep the executable bit of files git records as 100755.
//   --prune        delete corpus folders of repositories no longer listed.
//   --jobs N       repositories extracted at once (default 4).
//
// Each folder is written to a temporary name and renamed into place, and a
// stamp file <out>/<owner>+<name>.stamp records the commit, so an interrupted
// run leaves no half folder and a second run skips what is current. Symlinks
// and submodules (gitlinks) are skipped; blobs the snapshot lacks (the fetch
// tool leaves out files of 4 MiB and more, and LFS content) are skipped and
// counted. A repository whose snapshot is absent, or lacks the listed commit,
// is reported and skipped: the script still exits 0, saying how many were
// missing. Exit 2 on a usage error or an unreadable list.
import { spawn, spawnSync } from 'node:child_process';
import {
  chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync,
  statSync, writeFileSync,
} from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const REPO = join(dirname(fileURLToPath(import.meta.url)), '..');

function usage(msg) {
  if (msg) process.stderr.write(`real-corpus: ${msg}\n`);
  process.stderr.write('usage: node scripts/real-corpus.mjs [--mirrors DIR] [--out DIR] [--repos FILE] [--only owner/name] [--force] [--modes] [--prune] [--jobs N] [--quiet]\n');
  process.exit(2);
}

function parseArgs(argv) {
  const o = {
    mirrors: process.env.ASTRO_SR_MIRRORS || '/work/.mirror',
    out: process.env.ASTRO_SR_REAL_CORPUS || join(homedir(), '.cache', 'astro-sr-real', 'corpus'),
    repos: join(REPO, 'test', 'real', 'repos.tsv'),
    only: [], force: false, modes: false, prune: false, jobs: 4, quiet: false,
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const val = () => { if (i + 1 >= argv.length) usage(`${a} needs a value`); return argv[++i]; };
    if (a === '--mirrors') o.mirrors = val();
    else if (a === '--out') o.out = val();
    else if (a === '--repos') o.repos = val();
    else if (a === '--only') o.only.push(val());
    else if (a === '--force') o.force = true;
    else if (a === '--modes') o.modes = true;
    else if (a === '--prune') o.prune = true;
    else if (a === '--quiet') o.quiet = true;
    else if (a === '--jobs') { o.jobs = Number(val()); if (!Number.isInteger(o.jobs) || o.jobs < 1) usage('--jobs takes a positive integer'); }
    else if (a === '-h' || a === '--help') usage();
    else usage(`unknown argument ${a}`);
  }
  o.mirrors = resolve(o.mirrors);
  o.out = resolve(o.out);
  return o;
}

/** Lines of repos.tsv: { repo, commit, note }. */
export function readRepoList(file) {
  const list = [];
  const text = readFileSync(file, 'utf8');
  text.split(/\r?\n/).forEach((line, i) => {
    if (line.trim() === '' || line.startsWith('#')) return;
    const [repo, commit, note = ''] = line.split('\t');
    if (!/^[A-Za-z0-9][A-Za-z0-9_.-]*\/[A-Za-z0-9_.-]+$/.test(repo ?? '') || !/^[0-9a-f]{40}$/.test(commit ?? '')) {
      throw new Error(`${file}:${i + 1}: expected owner/name<TAB>40-hex commit<TAB>note`);
    }
    list.push({ repo, commit, note });
  });
  return list;
}

/** The folder name of a repository in the corpus and the mirror: owner+name. */
export const folderName = (repo) => repo.replace('/', '+');

function isGitDir(dir) {
  try {
    return statSync(join(dir, 'objects')).isDirectory() && existsSync(join(dir, 'HEAD'));
  } catch {
    return false;
  }
}

/** Git dirs at or under dir (at most `depth` levels), bare ones and clones' .git. */
function gitDirsUnder(dir, depth) {
  const found = [];
  const visit = (d, left) => {
    if (isGitDir(d)) { found.push(d); return; }
    if (isGitDir(join(d, '.git'))) { found.push(join(d, '.git')); return; }
    if (left === 0) return;
    let entries;
    try { entries = readdirSync(d, { withFileTypes: true }); } catch { return; }
    for (const e of entries) {
      if (e.isDirectory() && e.name !== 'objects' && e.name !== 'refs' && !e.name.startsWith('.')) visit(join(d, e.name), left - 1);
    }
  };
  visit(dir, depth);
  return found;
}

function git(gitDir, args, opts = {}) {
  return spawnSync('git', ['--git-dir', gitDir, ...args], { encoding: 'buffer', maxBuffer: 1 << 30, ...opts });
}

const hasCommit = (gitDir, commit) => git(gitDir, ['cat-file', '-e', `${commit}^{commit}`]).status === 0;

/** The git dir of a repository that holds the commit, or null. */
export function findGitDir(mirrors, repo, commit) {
  const [owner, name] = repo.split('/');
  const places = [join(mirrors, `${owner}+${name}`), join(mirrors, owner, name), join(mirrors, name)];
  for (const place of places) {
    if (!existsSync(place)) continue;
    for (const gd of gitDirsUnder(place, 3)) if (hasCommit(gd, commit)) return gd;
  }
  return null;
}

function safePath(p) {
  if (p === '' || p.startsWith('/') || p.includes('\\') || p.includes('\0')) return false;
  return p.split('/').every((seg) => seg !== '' && seg !== '.' && seg !== '..' && seg.toLowerCase() !== '.git');
}

/** Entries of the commit's tree: regular files only (symlinks and gitlinks skipped). */
function listTree(gitDir, commit) {
  const r = git(gitDir, ['ls-tree', '-r', '-z', '--full-tree', commit]);
  if (r.status !== 0) throw new Error(`git ls-tree failed: ${r.stderr.toString().trim()}`);
  const files = [];
  let symlinks = 0, gitlinks = 0, unsafe = 0;
  for (const rec of r.stdout.toString('utf8').split('\0')) {
    if (rec === '') continue;
    const tab = rec.indexOf('\t');
    const [mode, type, oid] = rec.slice(0, tab).split(' ');
    const path = rec.slice(tab + 1);
    if (mode === '120000') { symlinks++; continue; }
    if (mode === '160000' || type === 'commit') { gitlinks++; continue; }
    if (type !== 'blob') continue;
    if (!safePath(path)) { unsafe++; continue; }
    files.push({ mode, oid, path });
  }
  return { files, symlinks, gitlinks, unsafe };
}

/**
 * Streams the blobs through one `git cat-file --batch` and calls onBlob(file,
 * buffer) for each present one; resolves with the number missing.
 */
function streamBlobs(gitDir, files, onBlob) {
  return new Promise((resolvePromise, reject) => {
    const child = spawn('git', ['--git-dir', gitDir, 'cat-file', '--batch'], { stdio: ['pipe', 'pipe', 'pipe'] });
    let idx = 0; // the file whose answer is expected next
    let missing = 0;
    let buf = Buffer.alloc(0);
    let body = null; // { size, chunks, got }
    let stderr = '';
    child.stderr.on('data', (d) => { stderr += d; });
    child.on('error', reject);
    child.stdout.on('data', (chunk) => {
      buf = buf.length ? Buffer.concat([buf, chunk]) : chunk;
      for (;;) {
        if (body) {
          const need = body.size + 1 - body.got; // the body, then a LF
          if (buf.length === 0) break;
          const take = Math.min(need, buf.length);
          body.chunks.push(buf.subarray(0, take));
          body.got += take;
          buf = buf.subarray(take);
          if (body.got < body.size + 1) break;
          const data = Buffer.concat(body.chunks).subarray(0, body.size);
          body = null;
          try { onBlob(files[idx], data); } catch (e) { child.kill(); reject(e); return; }
          idx++;
          continue;
        }
        const nl = buf.indexOf(10);
        if (nl < 0) break;
        const header = buf.subarray(0, nl).toString('utf8');
        buf = buf.subarray(nl + 1);
        const parts = header.split(' ');
        if (parts[1] === 'missing' || parts.length < 3) { missing++; idx++; continue; }
        body = { size: Number(parts[2]), chunks: [], got: 0 };
      }
    });
    child.on('close', (code) => {
      if (idx !== files.length) reject(new Error(`git cat-file --batch stopped after ${idx} of ${files.length} blobs (exit ${code}): ${stderr.trim()}`));
      else resolvePromise(missing);
    });
    child.stdin.on('error', () => {}); // an early exit is reported by 'close'
    child.stdin.end(files.map((f) => `${f.oid}\n`).join(''));
  });
}

async function extract(entry, gitDir, opts) {
  const name = folderName(entry.repo);
  const dest = join(opts.out, name);
  const tmp = join(opts.out, `.tmp-${name}-${process.pid}`);
  rmSync(tmp, { recursive: true, force: true });
  mkdirSync(tmp, { recursive: true });
  const { files, symlinks, gitlinks, unsafe } = listTree(gitDir, entry.commit);
  let bytes = 0, written = 0;
  const made = new Set();
  const missing = await streamBlobs(gitDir, files, (f, data) => {
    const target = join(tmp, ...f.path.split('/'));
    const dir = dirname(target);
    if (!made.has(dir)) { mkdirSync(dir, { recursive: true }); made.add(dir); }
    writeFileSync(target, data);
    if (opts.modes && f.mode === '100755') chmodSync(target, 0o755);
    bytes += data.length;
    written++;
  });
  rmSync(dest, { recursive: true, force: true });
  renameSync(tmp, dest);
  writeFileSync(join(opts.out, `${name}.stamp`), `${entry.commit}\n`);
  return { files: written, bytes, missing, symlinks, gitlinks, unsafe };
}

/** Files and bytes of an extracted folder (for the summary of current ones). */
function sizeOf(dir) {
  let files = 0, bytes = 0;
  const walk = (d) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.isFile()) { files++; bytes += statSync(p).size; }
    }
  };
  walk(dir);
  return { files, bytes };
}

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  if (opts.out === REPO || opts.out.startsWith(REPO + sep)) usage(`--out must be outside the repository (${REPO})`);
  let list;
  try { list = readRepoList(opts.repos); } catch (e) { usage(e.message); }
  if (opts.only.length) {
    const unknown = opts.only.filter((r) => !list.some((e) => e.repo === r));
    if (unknown.length) usage(`not in ${opts.repos}: ${unknown.join(', ')}`);
    list = list.filter((e) => opts.only.includes(e.repo));
  }
  mkdirSync(opts.out, { recursive: true });
  const log = (s) => { if (!opts.quiet) process.stdout.write(`${s}\n`); };
  const totals = { extracted: 0, current: 0, absent: [], failed: [], files: 0, bytes: 0, missingBlobs: 0, symlinks: 0, gitlinks: 0 };
  let next = 0;
  const worker = async () => {
    while (next < list.length) {
      const entry = list[next++];
      const name = folderName(entry.repo);
      const dest = join(opts.out, name);
      const stamp = join(opts.out, `${name}.stamp`);
      if (!opts.force && existsSync(dest) && existsSync(stamp) && readFileSync(stamp, 'utf8').trim() === entry.commit) {
        const s = sizeOf(dest);
        totals.current++; totals.files += s.files; totals.bytes += s.bytes;
        continue;
      }
      const gitDir = findGitDir(opts.mirrors, entry.repo, entry.commit);
      if (!gitDir) {
        totals.absent.push(entry.repo);
        log(`absent  ${entry.repo} ${entry.commit.slice(0, 12)} (no snapshot with that commit under ${opts.mirrors})`);
        continue;
      }
      try {
        const r = await extract(entry, gitDir, opts);
        totals.extracted++; totals.files += r.files; totals.bytes += r.bytes;
        totals.missingBlobs += r.missing; totals.symlinks += r.symlinks; totals.gitlinks += r.gitlinks;
        const extra = [r.missing && `${r.missing} blobs absent from the snapshot`, r.symlinks && `${r.symlinks} symlinks`, r.gitlinks && `${r.gitlinks} submodules`, r.unsafe && `${r.unsafe} unsafe paths`].filter(Boolean);
        log(`wrote   ${entry.repo} ${entry.commit.slice(0, 12)}: ${r.files} files, ${(r.bytes / 1048576).toFixed(1)} MB${extra.length ? ` (skipped ${extra.join(', ')})` : ''}`);
      } catch (e) {
        totals.failed.push(entry.repo);
        rmSync(join(opts.out, `.tmp-${name}-${process.pid}`), { recursive: true, force: true });
        log(`failed  ${entry.repo}: ${e.message}`);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(opts.jobs, list.length || 1) }, worker));

  if (opts.prune && !opts.only.length) {
    const keep = new Set(list.map((e) => folderName(e.repo)));
    for (const e of readdirSync(opts.out, { withFileTypes: true })) {
      const base = e.isDirectory() ? e.name : e.name.replace(/\.stamp$/, '');
      if (e.name.startsWith('.') || keep.has(base)) continue;
      if (e.isDirectory() || e.name.endsWith('.stamp')) {
        rmSync(join(opts.out, e.name), { recursive: true, force: true });
        log(`pruned  ${e.name}`);
      }
    }
  }

  const present = totals.extracted + totals.current;
  process.stdout.write(
    `corpus ${opts.out}: ${present} of ${list.length} repositories (${totals.extracted} extracted, ${totals.current} already current), ` +
    `${totals.files} files, ${(totals.bytes / 1048576).toFixed(1)} MB` +
    `${totals.missingBlobs ? `; ${totals.missingBlobs} blobs absent from snapshots skipped` : ''}` +
    `${totals.symlinks + totals.gitlinks ? `; ${totals.symlinks} symlinks and ${totals.gitlinks} submodules skipped` : ''}\n`,
  );
  if (totals.absent.length) process.stdout.write(`missing: ${totals.absent.length} repositories have no snapshot at the listed commit (skipped): ${totals.absent.join(', ')}\n`);
  if (totals.failed.length) process.stdout.write(`failed: ${totals.failed.length} repositories could not be extracted: ${totals.failed.join(', ')}\n`);
}

process.stdout.on('error', (e) => { if (e.code === 'EPIPE') process.exit(0); throw e; }); // output piped into head

main().catch((e) => { process.stderr.write(`real-corpus: ${e.stack || e}\n`); process.exit(1); });
