/** Helpers for the secret rules' tests: the `astro dev init` template, fake credentials, checking a project. */
import { strict as assert } from 'node:assert';
import { checkTree, type CheckResult } from '../../../src/engine/check';
import { MemoryFs } from '../../../src/engine/fs/fs';
import { LineIndex } from '../../../src/engine/fs/text';
import type { Finding, Range } from '../../../src/engine/types';
import { testCatalog, TODAY } from '../helpers';

/**
 * Made-up credentials: random-looking so that detectors treat them as real,
 * but generated for these tests and valid nowhere.
 */
export const FAKE = {
  password: 'Vq7-mZ2rK9xLw4pT',
  password2: 'Hs8-vR3nQ5wZ7yKe',
  password3: 'Jx4-pL9sW2vN6qTb',
  awsSecret: 'h3Kq9ZtV7xWm2LpR8nYc4BdF6gJs1QaE0uTz5XoP',
  githubToken: `ghp_${'R7mK2xQ9vL4tZ8wN3pB6cY1dF5gH0jS2kT4u'}`,
  astroToken: 'eyJhbGciOiJSUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJjbHEydjd4OWswMDAxIiwiaXNzIjoiaHR0cHM6Ly9hcGkuYXN0cm9ub21lci5pbyJ9.Zq8vLx2Pw7Rk4Tn9Vb3Mc6Yd1Fg5Hj0KsL2nQ8rT4wXyA',
  privateKey: [
    '-----BEGIN RSA PRIVATE KEY-----',
    'MIIEpAIBAAKCAQEAu7Kq2Vx9mZ4rT8wL3pN6cY1dF5gH0jS2kQ7vB9xR4tM8nW3',
    'zP6yC1eG5hJ0kL2mN4qS7uV9wX3yZ6aB8cD1eF4gH7jK0lM3nP5qR8sT2uV5wX9',
    'yZ2aB4cD7eF0gH3jK6lM9nP2qR5sT8uV1wX4yZ7aB0cD3eF6gH9jK2lM5nP8qR1',
    '-----END RSA PRIVATE KEY-----',
  ].join('\n'),
};

export const RUNTIME_DOCKERFILE = 'FROM quay.io/astronomer/astro-runtime:13.2.0\n';

/** The files `astro dev init` writes (Airflow 3 template), which must give no finding. */
export const TEMPLATE: Record<string, string> = {
  // The newest stable Runtime of the test catalog, so that the image rules have nothing to say either.
  Dockerfile: 'FROM astrocrpublic.azurecr.io/runtime:3.3-2\n',
  '.astro/config.yaml': 'project:\n  name: template\n',
  '.env': '',
  'requirements.txt': '# Astro Runtime includes the following pre-installed providers packages: https://www.astronomer.io/docs/astro/runtime-image-architecture#provider-packages\n',
  'packages.txt': '',
  '.gitignore': '.git\n.env\n.DS_Store\nairflow_settings.yaml\n__pycache__/\nastro\n.venv\nairflow-webserver.pid\nwebserver_config.py\nairflow.cfg\nairflow.db\n.astro/*.local.yml\n.astro/*.local.yaml\n',
  '.dockerignore': 'astro\n.git\n.env\nairflow_settings.yaml\nlogs/\n.venv\nairflow.db\nairflow.cfg\n',
  'airflow_settings.yaml': [
    '# This file allows you to configure Airflow Connections, Pools, and Variables in a single place for local development only.',
    '# NOTE: json dicts can be added to the conn_extra field as yaml key value pairs. See the example below.',
    '',
    'airflow:',
    '  connections:',
    '    - conn_id:',
    '      conn_type:',
    '      conn_host:',
    '      conn_schema:',
    '      conn_login:',
    '      conn_password:',
    '      conn_port:',
    '      conn_extra:',
    '        example_extra_field: example-value',
    '  pools:',
    '    - pool_name:',
    '      pool_slot:',
    '      pool_description:',
    '  variables:',
    '    - variable_name:',
    '      variable_value:',
    '',
  ].join('\n'),
  'dags/.airflowignore': '',
  'dags/exampledag.py': [
    '"""',
    '## Astronaut ETL example DAG',
    '"""',
    '',
    'from airflow.sdk.definitions.asset import Asset',
    'from airflow.sdk import dag, task',
    'from pendulum import datetime',
    'import requests',
    '',
    '',
    '@dag(start_date=datetime(2024, 1, 1), schedule="@daily", catchup=False, doc_md=__doc__, default_args={"owner": "Astro", "retries": 3}, tags=["example"])',
    'def example_astronauts():',
    '    @task(outlets=[Asset("current_astronauts")])',
    '    def get_astronauts(**context) -> list[dict]:',
    '        try:',
    '            r = requests.get("http://api.open-notify.org/astros.json")',
    '            r.raise_for_status()',
    '            number_of_people_in_space = r.json()["number"]',
    '            list_of_people_in_space = r.json()["people"]',
    '        except Exception:',
    '            number_of_people_in_space = 12',
    '            list_of_people_in_space = [{"craft": "ISS", "name": "Oleg Kononenko"}]',
    '        context["ti"].xcom_push(key="number_of_people_in_space", value=number_of_people_in_space)',
    '        return list_of_people_in_space',
    '',
    '    @task',
    '    def print_astronaut_craft(greeting: str, person_in_space: dict) -> None:',
    '        craft = person_in_space["craft"]',
    '        name = person_in_space["name"]',
    '        print(f"{name} is currently in space flying on the {craft}! {greeting}")',
    '',
    '    print_astronaut_craft.partial(greeting="Hello! :)").expand(person_in_space=get_astronauts())',
    '',
    '',
    'example_astronauts()',
    '',
  ].join('\n'),
  'tests/dags/test_dag_example.py': [
    'import os',
    'import pytest',
    'from airflow.models import DagBag',
    '',
    '',
    'def get_import_errors():',
    '    dag_bag = DagBag(include_examples=False)',
    '    return [(os.path.relpath(k, os.environ.get("AIRFLOW_HOME")), v.strip()) for k, v in dag_bag.import_errors.items()]',
    '',
    '',
    '@pytest.mark.parametrize("rel_path,rv", get_import_errors())',
    'def test_file_imports(rel_path, rv):',
    '    if rel_path and rv:',
    '        raise Exception(f"{rel_path} failed to import with message \\n {rv}")',
    '',
  ].join('\n'),
};

/** Checks a root project: the template with `files` laid over it (a value of null removes a template file). */
export async function checkProjectFiles(files: Record<string, string | null>, base: Record<string, string> = TEMPLATE): Promise<CheckResult> {
  const all: Record<string, string> = { ...base };
  for (const [k, v] of Object.entries(files)) {
    if (v === null) delete all[k];
    else all[k] = v;
  }
  return checkTree(new MemoryFs(all), { catalog: testCatalog(), today: TODAY });
}

/** Findings of the secret rules (ASR2xx) only. */
export async function secretFindings(files: Record<string, string | null>, base?: Record<string, string>): Promise<Finding[]> {
  const { findings } = await checkProjectFiles(files, base);
  return findings.filter((f) => f.ruleId.startsWith('ASR2'));
}

/** The range of the `nth` occurrence of `needle` in `text`. */
export function rangeOfText(text: string, needle: string, nth = 0): Range {
  let at = -1;
  for (let k = 0; k <= nth; k++) {
    at = text.indexOf(needle, at + 1);
    assert.ok(at >= 0, `'${needle}' not in the text`);
  }
  return new LineIndex(text).rangeOf(at, at + needle.length);
}

/** A compact view: rule, severity, file, range. */
export function brief(f: Finding): { ruleId: string; severity: string; file: string; range: Range } {
  return { ruleId: f.ruleId, severity: f.severity, file: f.file, range: f.range };
}

/** No message or fix title holds a credential (or more than its first four characters). */
export function assertNoValueShown(findings: readonly Finding[]): void {
  const values = Object.values(FAKE).flatMap((v) => [v, ...v.split('\n').filter((l) => l.length > 12)]);
  for (const f of findings) {
    for (const text of [f.message, ...f.fixes.map((x) => x.title)]) {
      for (const v of values) {
        for (let k = 0; k + 5 <= v.length; k++) {
          const piece = v.slice(k, k + 5);
          if (/^[-A-Za-z ]+$/.test(piece)) continue; // plain words such as `BEGIN` or `PRIVATE`
          assert.ok(!text.includes(piece), `${f.ruleId} shows part of a credential (${piece}…) in: ${text}`);
        }
      }
    }
  }
}
