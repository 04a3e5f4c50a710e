// Part of `npm run bench` (part `engine`): what the editor does on a keystroke.
// A project of 300 files (DAGs, include/ SQL, JSON and YAML, tests, the project's
// configuration) holds a DAG of 2,000 lines; each edit changes one line of it, and
// the project is checked again as the extension does it: the project found from
// the edited file, its files read (from memory here, so that only the engine's
// time is measured), models kept between checks for the files that did not
// change (ModelCache), and every rule run. Targets: median at most 5 ms, p99 at
// most 20 ms of engine time.
export const KEYSTROKE_TARGETS = { medianMs: 5, p99Ms: 20 };

const OPERATORS = ['PythonOperator', 'BashOperator', 'SQLExecuteQueryOperator', 'S3ToSnowflakeOperator', 'HttpOperator'];

/** A DAG file of about `lines` lines: tasks that read connections and variables, keys, tokens and passwords only as references. */
export function dagText(name, lines) {
  const out = [
    `"""${name}: loads partner data into the warehouse."""`,
    'from datetime import datetime, timedelta',
    '',
    'from airflow import DAG',
    'from airflow.hooks.base import BaseHook',
    'from airflow.models import Variable',
    'from airflow.operators.bash import BashOperator',
    'from airflow.operators.python import PythonOperator',
    '',
    'default_args = {"owner": "data", "retries": 2, "retry_delay": timedelta(minutes=5)}',
    '',
    `with DAG("${name}", start_date=datetime(2024, 1, 1), schedule="@daily", catchup=False, default_args=default_args) as dag:`,
  ];
  let k = 0;
  while (out.length < lines - 12) {
    const op = OPERATORS[k % OPERATORS.length];
    out.push(
      '',
      `    def extract_${k}(**context):`,
      `        conn = BaseHook.get_connection("partner_api_${k % 7}")`,
      `        token = conn.password  # the API token, kept in the secrets backend`,
      `        api_key = Variable.get("partner_api_key_${k % 5}")`,
      `        params = {"key": context["ds"], "page_token": context["ti"].xcom_pull(key="next_page_token")}`,
      `        return {"rows": ${k * 3}, "partition_key": context["ds_nodash"], "auth": bool(token and api_key)}`,
      '',
      `    task_${k} = PythonOperator(task_id="extract_${k}", python_callable=extract_${k})  # ${op}`,
      `    load_${k} = BashOperator(task_id="load_${k}", bash_command="echo loading {{ ds }} with $PARTNER_TOKEN", env={"PARTNER_TOKEN": "{{ conn.partner_api_${k % 7}.password }}"})`,
      `    task_${k} >> load_${k}`,
    );
    k++;
  }
  while (out.length < lines) out.push('');
  return out.join('\n') + '\n';
}

/** The files of a project of `count` files, with the big DAG at dags/partner_sync.py. */
export function editorProject(count = 300, dagLines = 2000) {
  const files = {
    Dockerfile: 'FROM quay.io/astronomer/astro-runtime:13.2.0\n',
    '.astro/config.yaml': 'project:\n  name: partner-sync\n',
    'requirements.txt': Array.from({ length: 20 }, (_, i) => `apache-airflow-providers-pkg${i}==1.${i}.0`).join('\n') + '\n',
    'packages.txt': 'libpq-dev\n',
    '.env': 'AIRFLOW__CORE__LOAD_EXAMPLES=False\nPARTNER_API_URL=https://api.example.com\n',
    '.gitignore': '.env\nairflow_settings.yaml\n',
    '.dockerignore': '.env\nairflow_settings.yaml\n',
    'airflow_settings.yaml': 'airflow:\n  connections:\n    - conn_id: warehouse\n      conn_type: postgres\n      conn_host: postgres\n      conn_login: postgres\n      conn_password: postgres\n',
    'dags/partner_sync.py': dagText('partner_sync', dagLines),
  };
  for (let i = 0; Object.keys(files).length < count; i++) {
    const kind = i % 6;
    if (kind < 3) files[`dags/dag_${i}.py`] = dagText(`dag_${i}`, 100);
    else if (kind === 3) files[`include/sql/query_${i}.sql`] = `-- ${i}\nSELECT order_id, customer_key, token_count FROM orders WHERE ds = '{{ ds }}';\n`.repeat(10);
    else if (kind === 4) files[`include/config/source_${i}.json`] = JSON.stringify({ source: `partner_${i}`, conn_id: `partner_api_${i % 7}`, primary_key: 'id', fields: ['id', 'name', 'updated_at'] }, null, 2) + '\n';
    else files[`tests/dags/test_${i}.py`] = `from airflow.models import DagBag\n\n\ndef test_${i}():\n    assert DagBag(include_examples=False).import_errors == {}\n`;
  }
  return files;
}

/** Edits one line of the big DAG and checks the project again, `edits` times; returns engine times in ms. */
export async function keystrokeTimes(engine, options, edits = 500) {
  const files = editorProject();
  const fs = new engine.MemoryFs(files);
  const cache = new engine.ModelCache();
  const path = 'dags/partner_sync.py';
  const lines = files[path].split('\n');
  const times = [];
  for (let i = 0; i < edits + 20; i++) {
    // Typing in the middle of the DAG: one line changes (a comment grows by a character).
    const at = 1000 + (i % 50);
    lines[at] = `${lines[at]}x`;
    fs.files.set(path, lines.join('\n'));
    const t0 = process.hrtime.bigint();
    const project = await engine.findProjectOf(fs, path, [], { cache });
    engine.checkProject(project, options);
    const ms = Number(process.hrtime.bigint() - t0) / 1e6;
    if (i >= 20) times.push(ms); // the first checks fill the cache and warm the code
  }
  return { times, files: Object.keys(files).length, dagLines: files[path].split('\n').length - 1 };
}

// ------------------------------------------------------------------ part `editor`
// The extension's whole-workspace check outside VS Code, on the trees the other
// parts use (the generated monorepo of part `tools`, and the real-code corpus
// when there is one): (a) its time beside `astro-sr check` (the built CLI, a
// child process, --offline) on the same tree, run after run; (b) the longest
// stretch the calling thread (the extension host's, in VS Code) is blocked while
// it runs, from perf_hooks.monitorEventLoopDelay and a 1 ms setInterval probe;
// (c) the keystroke re-check above. The extension's path is
// src/extension/workspaceCheck.ts (as tsc compiles it, out/): the folder is
// walked, read and checked by the engine's NodeFs in worker threads
// (out/src/extension/checkWorker.js), package intel is asked of this thread. For
// comparison, the path the extension took before, emulated here: every file read
// through promises (as VsCodeFs reads through vscode.workspace.fs), the projects
// checked on this thread. Targets: the extension's check at most 2x the CLI's
// time, no block longer than 50 ms, the keystroke targets above.
export const EDITOR_TARGETS = { vsCli: 2, blockMs: 50 };

/** The longest delays of this thread's event loop while `run` runs. */
async function blockedWhile(run) {
  const { monitorEventLoopDelay, performance } = await import('node:perf_hooks');
  const histogram = monitorEventLoopDelay({ resolution: 1 });
  histogram.enable();
  let last = performance.now();
  let probeMax = 0;
  const probe = setInterval(() => {
    const now = performance.now();
    probeMax = Math.max(probeMax, now - last - 1);
    last = now;
  }, 1);
  const t0 = performance.now();
  try {
    const value = await run();
    return { value, ms: performance.now() - t0, blockMs: Math.max(histogram.max / 1e6, probeMax) };
  } finally {
    clearInterval(probe);
    histogram.disable();
  }
}

/** A ProjectFs over node:fs/promises: one promise per read and listing, as the extension's VsCodeFs had. */
async function promiseFs(root) {
  const { readFile, readdir, stat } = await import('node:fs/promises');
  const { join } = await import('node:path');
  const abs = (rel) => (rel === '' ? root : join(root, ...rel.split('/')));
  return {
    async readText(rel) {
      try {
        const s = await stat(abs(rel));
        return s.isFile() ? await readFile(abs(rel), 'utf8') : undefined;
      } catch (err) {
        if (['ENOENT', 'ENOTDIR'].includes(err.code)) return undefined;
        throw err;
      }
    },
    async list(rel) {
      try {
        return (await readdir(abs(rel), { withFileTypes: true })).map((e) => ({ name: e.name, kind: e.isFile() ? 'file' : e.isDirectory() ? 'dir' : 'other' }));
      } catch (err) {
        if (['ENOENT', 'ENOTDIR'].includes(err.code)) return [];
        throw err;
      }
    },
  };
}

/**
 * Measures one tree: `runs` rounds of the CLI, the extension's worker path and
 * (unless `before` is false) the old path, each round in that order; medians.
 */
export async function measureEditorTree({ root, label, cli, runs = 3, before = true, engine, workspaceCheck }) {
  const { spawnSync } = await import('node:child_process');
  const { mkdtempSync, rmSync } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  const { join } = await import('node:path');
  const cache = mkdtempSync(join(tmpdir(), 'astro-sr-bench-editor-'));
  const catalog = engine.bundledCatalog();
  const offline = { status: 'offline', advisories: () => undefined, latest: () => undefined };
  const rows = { cli: [], worker: [], workerBlock: [], old: [], oldBlock: [] };
  let counts;
  try {
    for (let i = 0; i < runs; i++) {
      const t0 = process.hrtime.bigint();
      const r = spawnSync(process.execPath, [cli, 'check', root, '--offline', '--format', 'json', '--fail-on', 'none'], { env: { ...process.env, XDG_CACHE_HOME: cache, NO_COLOR: '1' }, maxBuffer: 1 << 30, encoding: 'utf8' });
      rows.cli.push(Number(process.hrtime.bigint() - t0) / 1e6);
      if (r.status !== 0) throw new Error(`astro-sr exited ${r.status ?? r.signal}: ${String(r.stderr).slice(0, 2000)}`);
      const cliOut = JSON.parse(r.stdout);

      const w = await blockedWhile(() => workspaceCheck.checkFolderOnDisk({ root, catalog, intelFor: async () => offline }));
      rows.worker.push(w.ms);
      rows.workerBlock.push(w.blockMs);
      counts = { projects: w.value.result.projects.length, findings: w.value.result.findings.length, threads: w.value.stats.threads, cliProjects: cliOut.projects.length, cliFindings: cliOut.findings.length };

      if (before) {
        const fs = await promiseFs(root);
        const o = await blockedWhile(async () => {
          const { projects } = await engine.findProjects(fs, '');
          let findings = 0;
          for (const p of projects) findings += engine.checkProject(p, { catalog, intel: offline }).length;
          return { projects: projects.length, findings };
        });
        rows.old.push(o.ms);
        rows.oldBlock.push(o.blockMs);
      }
    }
  } finally {
    rmSync(cache, { recursive: true, force: true });
  }
  const med = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  const range = (xs) => `${Math.min(...xs).toFixed(0)}-${Math.max(...xs).toFixed(0)}`;
  const cliMs = med(rows.cli);
  const workerMs = med(rows.worker);
  const block = Math.max(...rows.workerBlock);
  console.log(`Tree: ${label} (${root})`);
  console.log(`  astro-sr check (CLI, child process, --offline):      ${cliMs.toFixed(0)} ms (${range(rows.cli)}); ${counts.cliProjects} projects, ${counts.cliFindings} findings`);
  console.log(`  extension, whole workspace (worker threads, NodeFs): ${workerMs.toFixed(0)} ms (${range(rows.worker)}) on ${counts.threads} thread${counts.threads === 1 ? '' : 's'}; ${counts.projects} projects, ${counts.findings} findings; ${(workerMs / cliMs).toFixed(2)}x the CLI`);
  console.log(`    longest block of the calling thread: ${block.toFixed(1)} ms (runs: ${rows.workerBlock.map((b) => b.toFixed(1)).join(', ')})`);
  if (before) {
    console.log(`  before: promise reads, checks on the calling thread: ${med(rows.old).toFixed(0)} ms (${range(rows.old)}); ${(med(rows.old) / cliMs).toFixed(2)}x the CLI; longest block ${Math.max(...rows.oldBlock).toFixed(1)} ms`);
  }
  const same = counts.projects === counts.cliProjects && counts.findings === counts.cliFindings;
  console.log(`  ${same ? 'Same projects and findings as the CLI.' : 'WARNING: the CLI and the extension found different projects or findings.'}`);
  console.log(`  target: at most ${EDITOR_TARGETS.vsCli}x the CLI's time: ${workerMs <= EDITOR_TARGETS.vsCli * cliMs ? 'PASS' : 'FAIL'}; target: no block over ${EDITOR_TARGETS.blockMs} ms: ${block <= EDITOR_TARGETS.blockMs ? 'PASS' : 'FAIL'}`);
  return { cliMs, workerMs, block, same };
}
