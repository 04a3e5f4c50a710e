#!/usr/bin/env node
// Precision and recall on the labelled secrets corpus (test/corpus/secrets),
// ours beside secretlint's (recommended preset). Part 3 of `npm run bench`, and
// `npm run eval:secrets` on its own. Never touches the network.
//
// Three rows:
//  - astro-sr detectors: evaluateCorpus (evaluate.ts in src/engine/), i.e.
//    scanText / judgeAssignment on each case as the corpus states it;
//  - astro-sr check: the whole CLI on the materialised cases (below), end to end;
//  - secretlint: its CLI (13.x: `--no-gitignore`, since it honours .gitignore
//    by default and each case's .gitignore names .env and airflow_settings.yaml)
//    with the recommended preset, on the same materialised cases.
// Materialised cases: every corpus line becomes a tiny Astro project of its own
// in a temp dir (.astro/config.yaml, a clean `FROM` Dockerfile, a .gitignore and
// .dockerignore that keep .env and airflow_settings.yaml local), holding the case
// in a file of the right name and type: the Dockerfile (as `ENV NAME=value` when
// the case has a name), `.env` (`NAME=value`), `airflow_settings.yaml` (a
// connection's field, or a key of its conn_extra), `deployment.yaml` (an
// environment variable's key and value), `requirements.txt`, `dags/case.py`
// (`name = value`), `include/case.json` (`{"name": value}`), `include/notes.txt`.
// A lone line (no name) is written as it is. One case per project, so each
// tool's findings map back to the case's line without ambiguity: a case counts
// as reported when the tool reports anything in its project (for astro-sr: any
// secret finding, ASR201-ASR207 or ASR209; ASR208, which is about a file's
// exposure and not a value, and the Runtime rules do not count). The skeleton
// files are clean, so they add no finding of either tool.
// Usage: node scripts/eval-secrets.mjs [--cli PATH]  (default dist/cli.js)
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { DEFAULT_CLI, catalogArgs, secretlintName } from './bench-tools.mjs';

const REPO = join(dirname(fileURLToPath(import.meta.url)), '..');
const CORPUS = join(REPO, 'test', 'corpus', 'secrets');
const SECRETLINT = join(REPO, 'node_modules', 'secretlint', 'bin', 'secretlint.js');
/** Where tsc puts the corpus evaluator, newest layout first. */
const EVALUATE = [join('knowledge', 'secrets', 'evaluate.js'), join('secrets', 'evaluate.js')].map((p) => join(REPO, 'out', 'src', 'engine', p));
const FROM = 'FROM quay.io/astronomer/astro-runtime:12.4.0\n';

/** The files of one materialised case: { relative path: text }. */
export function materialise(c) {
  const files = {
    '.astro/config.yaml': 'project:\n  name: case\n',
    '.gitignore': '.env\nairflow_settings.yaml\n',
    '.dockerignore': '.env\nairflow_settings.yaml\n',
    Dockerfile: FROM,
  };
  const named = c.name !== '';
  const stem = c.file.replace(/\.tsv$/, '');
  switch (c.context) {
    case 'dockerfile':
      files.Dockerfile = `${FROM}${named ? `ENV ${c.name}=${c.text}` : c.text}\n`;
      break;
    case 'env':
      files['.env'] = `${named ? `${c.name}=${c.text}` : c.text}\n`;
      break;
    case 'yaml':
      if (!named) files[stem.startsWith('deployment') ? 'deployment.yaml' : 'airflow_settings.yaml'] = `${c.text}\n`;
      else if (stem.startsWith('deployment')) files['deployment.yaml'] = `deployment:\n  environment_variables:\n    - key: ${c.name}\n      value: ${c.text}\n`;
      else if (/^conn_/.test(c.name)) files['airflow_settings.yaml'] = `airflow:\n  connections:\n    - conn_id: case\n      conn_type: generic\n      ${c.name}: ${c.text}\n`;
      else files['airflow_settings.yaml'] = `airflow:\n  connections:\n    - conn_id: case\n      conn_type: generic\n      conn_extra:\n        ${c.name}: ${c.text}\n`;
      break;
    case 'requirements':
      files['requirements.txt'] = `${named ? `${c.name}=${c.text}` : c.text}\n`;
      break;
    case 'python':
      files['dags/case.py'] = `${named ? `${c.name} = ${c.text}` : c.text}\n`;
      break;
    case 'json':
      files['include/case.json'] = `${named ? `{"${c.name}": ${c.text}}` : c.text}\n`;
      break;
    default:
      files['include/notes.txt'] = `${named ? `${c.name}=${c.text}` : c.text}\n`;
  }
  return files;
}

function confusion(cases, reported) {
  const r = { tp: 0, fp: 0, fn: 0, tn: 0 };
  cases.forEach((c, i) => {
    const hit = reported(c, i);
    if (c.label === 'secret') hit ? r.tp++ : r.fn++;
    else hit ? r.fp++ : r.tn++;
  });
  r.precision = r.tp + r.fp === 0 ? 1 : r.tp / (r.tp + r.fp);
  r.recall = r.tp + r.fn === 0 ? 1 : r.tp / (r.tp + r.fn);
  return r;
}

export async function runSecretsEval({ corpus = CORPUS, cli: cliPath = DEFAULT_CLI } = {}) {
  const require = createRequire(import.meta.url);
  let evaluate;
  try {
    const found = EVALUATE.find((p) => existsSync(p));
    if (!found) throw new Error('not found');
    evaluate = require(found);
  } catch (err) {
    console.log(`(${EVALUATE.map((p) => relative(REPO, p)).join(' or ')} cannot be loaded: ${err.message.split('\n')[0]}; run tsc -p . first)`);
    return undefined;
  }
  const cases = evaluate.readCorpus(corpus);
  const ours = evaluate.evaluateCorpus(corpus);
  const tmp = mkdtempSync(join(tmpdir(), 'astro-sr-eval-'));
  try {
    const root = join(tmp, 'cases');
    const dirs = cases.map((c) => `${c.file.replace(/\.tsv$/, '')}-${String(c.line).padStart(4, '0')}`);
    cases.forEach((c, i) => {
      for (const [rel, text] of Object.entries(materialise(c))) {
        const path = join(root, dirs[i], ...rel.split('/'));
        mkdirSync(dirname(path), { recursive: true });
        writeFileSync(path, text);
      }
    });
    const caseOf = (abs) => relative(root, abs).split(sep)[0];

    // secretlint: every file, .gitignore or not.
    const rc = join(tmp, 'secretlintrc.json');
    writeFileSync(rc, JSON.stringify({ rules: [{ id: '@secretlint/secretlint-rule-preset-recommend' }] }));
    const slOut = join(tmp, 'secretlint.json');
    const sl = spawnSync(process.execPath, [SECRETLINT, '**/*', '--no-gitignore', '--secretlintrc', rc, '--format', 'json', '--output', slOut], { cwd: root, encoding: 'utf8' });
    if (sl.status !== 0) throw new Error(`secretlint exited ${sl.status}: ${sl.stderr.slice(0, 2000)}`);
    const slHits = new Map();
    for (const r of JSON.parse(readFileSync(slOut, 'utf8'))) {
      for (const m of r.messages ?? []) {
        const key = caseOf(r.filePath);
        slHits.set(key, [...(slHits.get(key) ?? []), String(m.ruleId).replace('@secretlint/secretlint-rule-', '')]);
      }
    }

    // The whole astro-sr CLI on the same cases.
    const cli = spawnSync(process.execPath, [cliPath, 'check', root, '--offline', '--format', 'json', '--fail-on', 'none', '--today', '2026-11-29', ...catalogArgs(cliPath)], {
      encoding: 'utf8',
      maxBuffer: 512 * 1024 * 1024,
      env: { ...process.env, XDG_CACHE_HOME: join(tmp, 'cache') },
    });
    if (cli.status !== 0) throw new Error(`astro-sr exited ${cli.status}: ${cli.stderr.slice(0, 2000)}`);
    const report = JSON.parse(cli.stdout);
    const ourHits = new Map();
    for (const f of report.findings ?? []) {
      if (!/^ASR2(?:0[1-79]|10)$/.test(f.ruleId)) continue; // the credential rules (ASR208 is about ignore files)
      const key = String(f.file).split('/')[0];
      ourHits.set(key, [...(ourHits.get(key) ?? []), f.ruleId]);
    }

    const cliRow = confusion(cases, (_c, i) => ourHits.has(dirs[i]));
    const slRow = confusion(cases, (_c, i) => slHits.has(dirs[i]));
    const rows = [
      ['astro-sr detectors (evaluateCorpus)', ours],
      ['astro-sr check (whole CLI, materialised)', cliRow],
      [`${secretlintName()} (materialised)`, slRow],
    ];
    const secrets = cases.filter((c) => c.label === 'secret').length;
    console.log(`Corpus ${relative(REPO, corpus)}: ${cases.length} cases (${secrets} secret, ${cases.length - secrets} clean) in ${new Set(cases.map((c) => c.file)).size} files`);
    const w = Math.max(...rows.map(([n]) => n.length));
    console.log(`${'tool'.padEnd(w)}   TP   FP   FN   TN  precision  recall`);
    for (const [name, r] of rows) {
      console.log(`${name.padEnd(w)} ${[r.tp, r.fp, r.fn, r.tn].map((n) => String(n).padStart(4)).join(' ')}  ${(100 * r.precision).toFixed(1).padStart(8)}%  ${(100 * r.recall).toFixed(1).padStart(5)}%`);
    }
    console.log('\nRecall by corpus file (secrets found / secrets), and false positives:');
    const files = [...new Set(cases.map((c) => c.file))];
    const fw = Math.max(...files.map((f) => f.length));
    console.log(`  ${'file'.padEnd(fw)}  ${'detectors'.padStart(11)}  ${'astro-sr check'.padStart(14)}  ${'secretlint'.padStart(11)}`);
    for (const file of files) {
      const idx = cases.map((c, i) => (c.file === file ? i : -1)).filter((i) => i >= 0);
      const sec = idx.filter((i) => cases[i].label === 'secret');
      const cln = idx.filter((i) => cases[i].label === 'clean');
      const mistakes = new Set(ours.mistakes.filter((m) => m.file === file).map((m) => m.line));
      const det = (i) => (cases[i].label === 'secret' ? !mistakes.has(cases[i].line) : mistakes.has(cases[i].line));
      const cell = (hit) => `${sec.filter(hit).length}/${sec.length} fp ${cln.filter(hit).length}`;
      console.log(`  ${file.padEnd(fw)}  ${cell(det).padStart(11)}  ${cell((i) => ourHits.has(dirs[i])).padStart(14)}  ${cell((i) => slHits.has(dirs[i])).padStart(11)}`);
    }
    const slRules = {};
    for (const list of slHits.values()) for (const r of list) slRules[r] = (slRules[r] ?? 0) + 1;
    console.log(`secretlint's findings by rule: ${Object.entries(slRules).sort((a, b) => b[1] - a[1]).map(([k, v]) => `${k} ${v}`).join(', ') || 'none'}`);
    const missedByCli = cases.filter((c, i) => c.label === 'secret' && !ourHits.has(dirs[i])).map((c) => `${c.file}:${c.line}`);
    const fpByCli = cases.filter((c, i) => c.label === 'clean' && ourHits.has(dirs[i])).map((c) => `${c.file}:${c.line} (${ourHits.get(dirs[cases.indexOf(c)]).join(',')})`);
    if (missedByCli.length) console.log(`astro-sr check missed (the detectors alone may not): ${missedByCli.join(', ')}`);
    if (fpByCli.length) console.log(`astro-sr check reported on clean cases: ${fpByCli.join(', ')}`);
    if (ours.mistakes.length) console.log(`detector mistakes: ${ours.mistakes.map((m) => `${m.type} ${m.file}:${m.line}`).join(', ')}`);
    console.log('Note: the corpus was written with the detectors, so their row is an in-sample figure.');
    return { ours, cli: cliRow, secretlint: slRow };
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const { values } = parseArgs({ options: { cli: { type: 'string', default: DEFAULT_CLI } } });
  await runSecretsEval({ cli: values.cli });
}
