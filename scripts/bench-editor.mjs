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
