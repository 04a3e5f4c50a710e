// Generates a synthetic monorepo of Astro projects for `npm run bench`: the
// layout `astro dev init` makes (Dockerfile, .astro/, .env, .gitignore,
// .dockerignore, airflow_settings.yaml, requirements.txt, packages.txt, dags/,
// include/, plugins/, tests/), DAGs, SQL and JSON of realistic sizes, a
// sprinkling of fake secrets of the kinds rules ASR201-ASR209 look for, and
// many values that look like secrets and are not. Deterministic for a seed:
// the same seed writes the same bytes. Every secret is random text made here,
// at run time, valid for nothing.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** mulberry32: small, fast, and the same everywhere. */
function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const UPPER_NUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
const HEX = '0123456789abcdef';
const B64 = `${ALNUM}+/`;
const B64URL = `${ALNUM}-_`;

const DOMAINS = ['sales', 'finance', 'marketing', 'ops', 'hr', 'product', 'growth', 'risk', 'supply', 'support'];
const SOURCES = ['salesforce', 'hubspot', 'stripe', 'zendesk', 'postgres', 'mysql', 's3', 'gcs', 'snowflake', 'bigquery', 'kafka', 'sftp', 'shopify', 'netsuite'];
const VERBS = ['ingest', 'load', 'sync', 'transform', 'export', 'refresh', 'backfill', 'audit', 'reconcile', 'aggregate'];
const TABLES = ['orders', 'customers', 'invoices', 'events', 'sessions', 'payments', 'tickets', 'accounts', 'leads', 'shipments', 'products', 'refunds'];
const TAGS = [
  'quay.io/astronomer/astro-runtime:12.4.0',
  'quay.io/astronomer/astro-runtime:12.7.1',
  'quay.io/astronomer/astro-runtime:13.8.0-python-3.11',
  'astrocrpublic.azurecr.io/runtime:3.1-12-python-3.12',
  'astrocrpublic.azurecr.io/runtime:3.1-17',
  'astrocrpublic.azurecr.io/runtime:3.0-10',
];
const REQUIREMENTS = [
  'apache-airflow-providers-snowflake==5.8.0',
  'apache-airflow-providers-amazon==8.28.0',
  'apache-airflow-providers-google==10.22.0',
  'apache-airflow-providers-postgres==5.13.1',
  'apache-airflow-providers-slack==8.9.0',
  'apache-airflow-providers-http==4.13.0',
  'astro-sdk-python==1.8.1',
  'pandas==2.2.3',
  'requests==2.32.3',
  'pyarrow==17.0.0',
  'great-expectations==0.18.21',
  'dbt-core==1.8.7',
  'boto3==1.35.36',
  'sqlalchemy==1.4.54',
];

export function generateMonorepo({ root, seed = 20261129, projects = 120 }) {
  const rand = rng(seed);
  const int = (lo, hi) => lo + Math.floor(rand() * (hi - lo + 1));
  const pick = (xs) => xs[Math.floor(rand() * xs.length)];
  const chance = (p) => rand() < p;
  const chars = (alphabet, n) => {
    let s = '';
    for (let i = 0; i < n; i++) s += alphabet[Math.floor(rand() * alphabet.length)];
    return s;
  };
  const ident = () => `${pick(VERBS)}_${pick(SOURCES)}_${pick(TABLES)}`;

  // ---- fake secrets (random, made now, valid for nothing) and look-alikes that are not secrets
  const secret = {
    awsKeyId: () => `AKIA${chars(UPPER_NUM, 16)}`,
    awsSecret: () => chars(B64, 40),
    github: () => `ghp_${chars(ALNUM, 36)}`,
    slack: () => `xoxb-${chars('0123456789', 12)}-${chars('0123456789', 13)}-${chars(ALNUM, 24)}`,
    google: () => `AIza${chars(B64URL, 35)}`,
    stripe: () => `sk_live_${chars(ALNUM, 32)}`,
    sendgrid: () => `SG.${chars(B64URL, 22)}.${chars(B64URL, 43)}`,
    password: () => `${chars(ALNUM, int(6, 10))}${pick(['!', '#', '%', '$'])}${chars(ALNUM, int(4, 8))}`,
    astro: () => `eyJhbGciOiJSUzI1NiIsInR5cCI6IkpXVCJ9.eyJ${chars(B64URL, 180)}.${chars(B64URL, 342)}`,
    privateKey: () => {
      const body = [];
      for (let i = 0; i < 25; i++) body.push(chars(B64, 64));
      return `-----BEGIN RSA PRIVATE KEY-----\n${body.join('\n')}\n${chars(B64, 24)}==\n-----END RSA PRIVATE KEY-----\n`;
    },
  };
  const lookalike = {
    sha256: () => chars(HEX, 64),
    gitSha: () => chars(HEX, 40),
    uuid: () => `${chars(HEX, 8)}-${chars(HEX, 4)}-4${chars(HEX, 3)}-a${chars(HEX, 3)}-${chars(HEX, 12)}`,
    b64blob: () => chars(B64, 60),
    placeholder: () => pick(['changeme', '<your-password>', 'xxxxxxxx', '${DB_PASSWORD}', '{{ var.value.db_password }}', 'REPLACE_ME', '********', 'password', 'example']),
  };
  let planted = 0;
  const plant = (make) => {
    planted++;
    return make();
  };

  let files = 0;
  let bytes = 0;
  const write = (rel, text) => {
    const path = join(root, rel);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, text);
    files++;
    bytes += Buffer.byteLength(text);
  };

  // ---- file makers
  const dockerfile = (p) => {
    const lines = [`FROM ${pick(TAGS)}`];
    if (chance(0.3)) lines.push('', 'USER root', 'RUN apt-get update && apt-get install -y --no-install-recommends libpq-dev && rm -rf /var/lib/apt/lists/*', 'USER astro');
    lines.push('ENV AIRFLOW__CORE__TEST_CONNECTION=Enabled');
    lines.push('ENV AIRFLOW__SECRETS__BACKEND=airflow.providers.amazon.aws.secrets.secrets_manager.SecretsManagerBackend');
    lines.push(`ENV AIRFLOW__SECRETS__BACKEND_KWARGS='{"connections_prefix": "airflow/connections", "variables_prefix": "airflow/variables"}'`);
    lines.push('ARG GITHUB_TOKEN', 'ENV PIP_INDEX_URL=https://pypi.org/simple');
    if (chance(0.06)) lines.push(`ENV SNOWFLAKE_PASSWORD=${plant(secret.password)}`);
    if (chance(0.04)) lines.push(`ENV AWS_ACCESS_KEY_ID=${plant(secret.awsKeyId)}`, `ENV AWS_SECRET_ACCESS_KEY=${plant(secret.awsSecret)}`);
    if (chance(0.03)) lines.push(`ARG PIP_EXTRA_INDEX_URL=https://deploy:${plant(secret.github)}@pypi.internal.example.com/simple/`);
    lines.push(`ENV IMAGE_CHECKSUM=sha256:${lookalike.sha256()}`, `LABEL org.opencontainers.image.revision=${lookalike.gitSha()} project=project-${p}`);
    return `${lines.join('\n')}\n`;
  };

  const dotenv = () => {
    const lines = ['# Local settings for astro dev start; never deployed', 'AIRFLOW__CORE__TEST_CONNECTION=Enabled', 'AIRFLOW__WEBSERVER__EXPOSE_CONFIG=True', `AIRFLOW__CORE__FERNET_KEY=\${FERNET_KEY}`];
    lines.push(`AIRFLOW_VAR_ENVIRONMENT=${pick(['dev', 'local', 'sandbox'])}`, `AIRFLOW_VAR_RUN_UUID=${lookalike.uuid()}`, 'AWS_DEFAULT_REGION=us-east-1');
    lines.push(`SNOWFLAKE_PASSWORD=${chance(0.25) ? plant(secret.password) : lookalike.placeholder()}`);
    if (chance(0.2)) lines.push(`AIRFLOW_CONN_POSTGRES_DEFAULT=postgresql://airflow:${plant(secret.password)}@db.internal.example.com:5432/warehouse`);
    else lines.push('AIRFLOW_CONN_POSTGRES_DEFAULT=postgresql://airflow:${POSTGRES_PASSWORD}@db.internal.example.com:5432/warehouse');
    if (chance(0.1)) lines.push(`ASTRO_API_TOKEN=${plant(secret.astro)}`);
    if (chance(0.1)) lines.push(`SLACK_BOT_TOKEN=${plant(secret.slack)}`);
    if (chance(0.08)) lines.push(`AWS_ACCESS_KEY_ID=${plant(secret.awsKeyId)}`, `AWS_SECRET_ACCESS_KEY=${plant(secret.awsSecret)}`);
    lines.push('API_TOKEN=', `GIT_COMMIT=${lookalike.gitSha()}`);
    return `${lines.join('\n')}\n`;
  };

  const gitignore = (ignoresEnv) => `.git\n${ignoresEnv ? '.env\n' : ''}.DS_Store\nairflow_settings.yaml\n__pycache__/\nastro\n.venv/\nlogs/\n`;
  const dockerignore = (ignoresEnv) => `astro\n.git\n${ignoresEnv ? '.env\n' : ''}airflow_settings.yaml\nlogs/\n.venv/\nairflow.db\nairflow.cfg\n`;

  const airflowSettings = () => {
    const conns = [];
    for (let i = 0, n = int(1, 4); i < n; i++) {
      const kind = pick(['postgres', 'snowflake', 'http', 'aws']);
      const pw = chance(0.12) ? plant(secret.password) : chance(0.5) ? '' : lookalike.placeholder();
      conns.push(`    - conn_id: ${kind}_${pick(TABLES)}\n      conn_type: ${kind}\n      conn_host: ${kind}.internal.example.com\n      conn_schema: ${pick(TABLES)}\n      conn_login: svc_airflow\n      conn_password: ${pw === '' ? '' : JSON.stringify(pw)}\n      conn_port: ${int(1000, 9999)}\n      conn_extra:\n        region_name: us-east-1\n`);
    }
    return `# This file allows you to configure Airflow Connections, Pools, and Variables in a single place for local development only.\n# NOTE: json dicts can be added to the conn_extra field as yaml key value pairs. See the example below.\n\nairflow:\n  connections:\n${conns.join('')}  pools:\n    - pool_name: default_pool\n      pool_slot: 16\n      pool_description: default\n  variables:\n    - variable_name: run_id\n      variable_value: ${lookalike.uuid()}\n    - variable_name: api_key\n      variable_value: ${chance(0.08) ? plant(secret.stripe) : ''}\n`;
  };

  const requirements = () => {
    const lines = ['# Python packages your DAGs need, one per line, pinned'];
    if (chance(0.05)) lines.push(`--extra-index-url https://__token__:${plant(secret.github)}@pypi.internal.example.com/simple/`);
    else if (chance(0.2)) lines.push('--extra-index-url https://pypi.internal.example.com/simple/');
    const n = int(3, 9);
    for (let i = 0; i < n; i++) lines.push(pick(REQUIREMENTS));
    if (chance(0.2)) lines.push(`internal-utils @ git+https://github.com/example/internal-utils@${lookalike.gitSha()}`);
    return `${[...new Set(lines)].join('\n')}\n`;
  };

  const taskBlock = (i) => {
    const table = pick(TABLES);
    const src = pick(SOURCES);
    const parts = [
      `    @task(retries=${int(0, 5)}, retry_delay=timedelta(minutes=${int(1, 30)}))`,
      `    def ${pick(VERBS)}_${table}_${i}(ds=None, **context):`,
      `        """${pick(VERBS)} ${table} from ${src} for the logical date; idempotent per partition."""`,
      `        hook = ${pick(['PostgresHook', 'SnowflakeHook', 'S3Hook', 'HttpHook'])}(${pick(['postgres_conn_id', 'snowflake_conn_id', 'aws_conn_id', 'http_conn_id'])}="${src}_default")`,
      `        password = Variable.get("${src}_password")`,
      `        token = os.environ.get("${src.toUpperCase()}_API_TOKEN", "")`,
      `        secret_name = "airflow/connections/${src}_${table}"`,
      `        checksum = "${lookalike.sha256()}"`,
      `        run_uuid = "${lookalike.uuid()}"`,
      `        query = """`,
      `            SELECT id, ${table}_key, amount, currency, updated_at`,
      `            FROM raw.${src}_${table}`,
      `            WHERE updated_at >= '{{ data_interval_start }}' AND updated_at < '{{ data_interval_end }}'`,
      `        """`,
      `        rows = hook.get_records(query)`,
      `        log.info("loaded %d rows of ${table} (%s)", len(rows), checksum[:8])`,
      `        return {"rows": len(rows), "partition": ds, "token_set": bool(token), "password_set": bool(password)}`,
      '',
    ];
    if (chance(0.002)) parts.splice(4, 0, `        api_key = "${plant(secret.stripe)}"`);
    if (chance(0.0015)) parts.splice(4, 0, `        slack_token = "${plant(secret.slack)}"`);
    if (chance(0.001)) parts.splice(4, 0, `        gh = Github("${plant(secret.github)}")`);
    if (chance(0.0015)) parts.splice(4, 0, `        db_password = "${plant(secret.password)}"`);
    if (chance(0.0008)) parts.splice(4, 0, `        maps_key = "${plant(secret.google)}"`);
    if (chance(0.0005)) parts.splice(4, 0, `        sendgrid_key = "${plant(secret.sendgrid)}"`);
    if (chance(0.02)) parts.splice(4, 0, `        image_b64 = "${lookalike.b64blob()}"`);
    return parts.join('\n');
  };

  const dag = (name, target) => {
    const head = [
      `"""`,
      `${name}: ${pick(VERBS)}s ${pick(TABLES)} from ${pick(SOURCES)} into the warehouse.`,
      '',
      'Owned by the data platform team. Credentials come from the secrets backend;',
      'never put a password or token in this file.',
      `"""`,
      'import os',
      'import logging',
      'from datetime import datetime, timedelta',
      '',
      'from airflow.decorators import dag, task',
      'from airflow.models import Variable',
      'from airflow.providers.postgres.hooks.postgres import PostgresHook',
      'from airflow.providers.snowflake.hooks.snowflake import SnowflakeHook',
      'from airflow.providers.amazon.aws.hooks.s3 import S3Hook',
      'from airflow.providers.http.hooks.http import HttpHook',
      '',
      'log = logging.getLogger(__name__)',
      '',
      'default_args = {',
      `    "owner": "${pick(DOMAINS)}",`,
      '    "depends_on_past": False,',
      `    "retries": ${int(0, 3)},`,
      '    "email_on_failure": False,',
      '}',
      '',
      '',
      `@dag(schedule="${pick(['@daily', '@hourly', '0 3 * * *', '*/15 * * * *', '@weekly'])}", start_date=datetime(2024, ${int(1, 12)}, ${int(1, 28)}), catchup=False, default_args=default_args, tags=["${pick(DOMAINS)}"])`,
      `def ${name}():`,
      '',
    ].join('\n');
    let body = '';
    const calls = [];
    let i = 0;
    while (head.length + body.length < target) {
      body += `${taskBlock(i)}\n`;
      calls.push(`${i}`);
      i++;
    }
    return `${head}${body}    chain = [t() for t in []]\n\n\n${name}()\n`;
  };

  const sql = (target) => {
    const out = ['-- generated by the warehouse team; do not edit by hand'];
    let n = 0;
    while (out.join('\n').length < target) {
      const t = pick(TABLES);
      out.push(
        `CREATE OR REPLACE TABLE analytics.${t}_${n} AS`,
        `SELECT s.id, s.${t}_key, SUM(s.amount) AS amount, MAX(s.updated_at) AS updated_at, MD5(s.id::text) AS row_hash`,
        `FROM staging.${pick(SOURCES)}_${t} s`,
        `LEFT JOIN analytics.dim_${pick(TABLES)} d ON d.id = s.${pick(TABLES)}_id`,
        `WHERE s.updated_at >= '{{ ds }}' AND s.checksum <> '${lookalike.sha256()}'`,
        'GROUP BY 1, 2;',
        '',
      );
      n++;
    }
    return `${out.join('\n')}\n`;
  };

  const json = (target) => {
    const records = [];
    let size = 2;
    while (size < target) {
      const r = JSON.stringify({
        id: lookalike.uuid(),
        table: pick(TABLES),
        source: pick(SOURCES),
        sha256: lookalike.sha256(),
        commit: lookalike.gitSha(),
        secret_arn: `arn:aws:secretsmanager:us-east-1:${chars('0123456789', 12)}:secret:airflow/connections/${pick(SOURCES)}-${chars(ALNUM, 6)}`,
        rows: int(0, 1e6),
        updated_at: `2026-${String(int(1, 12)).padStart(2, '0')}-${String(int(1, 28)).padStart(2, '0')}T00:00:00Z`,
      }, null, 2);
      records.push(r);
      size += r.length + 2;
    }
    return `[\n${records.join(',\n')}\n]\n`;
  };

  const plugin = (name) => {
    const lines = [
      `"""Custom operator: ${name}."""`,
      'from airflow.models import BaseOperator',
      'from airflow.hooks.base import BaseHook',
      '',
      '',
      `class ${name}(BaseOperator):`,
      '    template_fields = ("endpoint", "payload")',
      '',
      '    def __init__(self, *, conn_id: str, endpoint: str, payload: dict | None = None, **kwargs):',
      '        super().__init__(**kwargs)',
      '        self.conn_id = conn_id',
      '        self.endpoint = endpoint',
      '        self.payload = payload or {}',
      '',
      '    def execute(self, context):',
      '        conn = BaseHook.get_connection(self.conn_id)',
      '        password = conn.password  # from the secrets backend',
      '        headers = {"Authorization": f"Bearer {conn.password}"}',
      '        self.log.info("calling %s", self.endpoint)',
      '        return {"status": "ok", "headers": list(headers)}',
      '',
    ];
    if (chance(0.05)) lines.splice(6, 0, `API_KEY = "${plant(secret.google)}"`, '');
    return `${lines.join('\n')}\n`;
  };

  const test = () => `"""Test the validity of all DAGs."""\nimport os\nimport logging\nfrom contextlib import contextmanager\nimport pytest\nfrom airflow.models import DagBag\n\n\n@contextmanager\ndef suppress_logging(namespace):\n    logger = logging.getLogger(namespace)\n    old_value = logger.disabled\n    logger.disabled = True\n    try:\n        yield\n    finally:\n        logger.disabled = old_value\n\n\ndef get_import_errors():\n    with suppress_logging("airflow"):\n        dag_bag = DagBag(include_examples=False)\n        return [(None, None)] + [(k, v.strip()) for k, v in dag_bag.import_errors.items()]\n\n\n@pytest.mark.parametrize("rel_path,rv", get_import_errors(), ids=[x[0] for x in get_import_errors()])\ndef test_file_imports(rel_path, rv):\n    if rel_path and rv:\n        raise Exception(f"{rel_path} failed to import with message \\n {rv}")\n\n\nAPPROVED_TAGS = {${DOMAINS.map((d) => `"${d}"`).join(', ')}}\nTEST_PASSWORD = "test"  # a fixture value, not a secret\nFAKE_TOKEN = "dummy-token-for-tests"\n`;

  for (let p = 0; p < projects; p++) {
    const dir = `${pick(DOMAINS)}/project-${String(p).padStart(3, '0')}`;
    const ignoresEnv = !chance(0.15);
    write(`${dir}/.astro/config.yaml`, `project:\n  name: project-${p}\n`);
    write(`${dir}/.astro/test_dag_integrity_default.py`, test());
    write(`${dir}/Dockerfile`, dockerfile(p));
    write(`${dir}/.env`, dotenv());
    write(`${dir}/.gitignore`, gitignore(ignoresEnv));
    write(`${dir}/.dockerignore`, dockerignore(ignoresEnv));
    write(`${dir}/airflow_settings.yaml`, airflowSettings());
    write(`${dir}/requirements.txt`, requirements());
    write(`${dir}/packages.txt`, chance(0.3) ? 'libpq-dev\n' : '');
    write(`${dir}/README.md`, `# project-${p}\n\nAn Astro project. Run \`astro dev start\` to start Airflow locally.\n\nCredentials live in the secrets backend (AWS Secrets Manager); see docs/secrets.md.\n`);
    if (chance(0.03)) write(`${dir}/include/keys/deploy_key.pem`, plant(secret.privateKey));
    const dagCount = int(36, 50);
    for (let d = 0; d < dagCount; d++) {
      const domain = pick(DOMAINS);
      const name = `${ident()}_${d}`;
      // Most DAGs 2-9 KB, a few large generated ones.
      const target = chance(0.05) ? int(20_000, 50_000) : int(2_000, 9_000);
      write(`${dir}/dags/${domain}/${name}.py`, dag(name, target));
    }
    write(`${dir}/dags/__init__.py`, '');
    for (let s = 0, n = int(10, 18); s < n; s++) write(`${dir}/include/sql/${pick(TABLES)}_${s}.sql`, sql(int(800, 14_000)));
    for (let j = 0, n = int(5, 9); j < n; j++) write(`${dir}/include/data/${pick(SOURCES)}_${j}.json`, json(chance(0.1) ? int(60_000, 150_000) : int(3_000, 25_000)));
    for (let k = 0, n = int(3, 6); k < n; k++) write(`${dir}/plugins/operators/${pick(SOURCES)}_operator_${k}.py`, plugin(`${pick(SOURCES).replace(/^./, (c) => c.toUpperCase())}Operator${k}`));
    for (let t = 0, n = int(4, 8); t < n; t++) write(`${dir}/tests/dags/test_${pick(TABLES)}_${t}.py`, test());
  }
  return { root, files, bytes, projects, planted };
}
