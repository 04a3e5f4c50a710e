/**
 * Airflow configuration options as environment variables name them
 * (`AIRFLOW__{SECTION}__{KEY}`, with `_CMD` and `_SECRET` variants), and
 * the options the rules judge, under one name across both Airflow majors:
 * Airflow 3 moved `[webserver]` options to `[api]`, and both majors still
 * read some deprecated spellings (`[api] auth_backend`, `[admin]
 * hide_sensitive_variable_fields`).
 *
 * Sources: Airflow's configuration reference
 * (https://airflow.apache.org/docs/apache-airflow/stable/configurations-ref.html),
 * "Setting Configuration Options"
 * (https://airflow.apache.org/docs/apache-airflow/stable/howto/set-config.html)
 * and the `deprecated_options` table of `airflow/configuration.py`.
 */

export interface OptionName {
  /** Lower case, as Airflow reads it. */
  section: string;
  key: string;
  /** `AIRFLOW__…_CMD` runs a command for the value; `AIRFLOW__…_SECRET` reads it from the secrets backend. */
  variant: 'value' | 'cmd' | 'secret';
}

/** The option an environment variable sets, or undefined for another name. */
export function optionOfEnvName(name: string): OptionName | undefined {
  const m = /^AIRFLOW__([A-Za-z0-9_]+?)__([A-Za-z0-9_.]+)$/.exec(name);
  if (!m) return undefined;
  const section = m[1].toLowerCase();
  let key = m[2].toLowerCase();
  let variant: OptionName['variant'] = 'value';
  // An option whose own name ends like a variant (`[api_auth] jwt_secret`) is that option, not the `_SECRET` variant of another.
  if (BY_SPELLING.has(`${section}.${key}`)) return { section, key, variant };
  if (key.endsWith('_cmd')) {
    key = key.slice(0, -4);
    variant = 'cmd';
  } else if (key.endsWith('_secret')) {
    key = key.slice(0, -7);
    variant = 'secret';
  }
  return { section, key, variant };
}

/** One option the rules know, under the name Airflow 3 gives it, with every spelling and the majors that read it. */
interface OptionFact {
  id: string;
  spellings: { name: string; majors: readonly number[] }[];
}

const BOTH = [2, 3] as const;

const OPTIONS: readonly OptionFact[] = [
  { id: 'core.fernet_key', spellings: [{ name: 'core.fernet_key', majors: BOTH }] },
  { id: 'core.unit_test_mode', spellings: [{ name: 'core.unit_test_mode', majors: BOTH }] },
  { id: 'core.test_connection', spellings: [{ name: 'core.test_connection', majors: BOTH }] },
  { id: 'core.auth_manager', spellings: [{ name: 'core.auth_manager', majors: BOTH }] },
  { id: 'core.simple_auth_manager_all_admins', spellings: [{ name: 'core.simple_auth_manager_all_admins', majors: [3] }] },
  { id: 'core.simple_auth_manager_users', spellings: [{ name: 'core.simple_auth_manager_users', majors: [3] }] },
  {
    id: 'core.hide_sensitive_var_conn_fields',
    spellings: [
      { name: 'core.hide_sensitive_var_conn_fields', majors: BOTH },
      { name: 'admin.hide_sensitive_variable_fields', majors: [2] },
    ],
  },
  {
    id: 'api.secret_key',
    spellings: [
      { name: 'api.secret_key', majors: [3] },
      { name: 'webserver.secret_key', majors: BOTH },
    ],
  },
  { id: 'api_auth.jwt_secret', spellings: [{ name: 'api_auth.jwt_secret', majors: [3] }] },
  {
    id: 'api.expose_config',
    spellings: [
      { name: 'api.expose_config', majors: [3] },
      { name: 'webserver.expose_config', majors: BOTH },
    ],
  },
  {
    id: 'api.auth_backends',
    spellings: [
      { name: 'api.auth_backends', majors: [2] },
      { name: 'api.auth_backend', majors: [2] },
    ],
  },
  { id: 'fab.auth_backends', spellings: [{ name: 'fab.auth_backends', majors: [3] }] },
  // The FAB provider's role for visitors who have not logged in (`AUTH_ROLE_PUBLIC` of webserver_config.py as an option).
  { id: 'fab.auth_role_public', spellings: [{ name: 'fab.auth_role_public', majors: [3] }] },
  {
    // The Flask-AppBuilder configuration file (`webserver_config.py`): `[webserver]` in Airflow 2, the FAB provider's `[fab]` in Airflow 3.
    id: 'fab.config_file',
    spellings: [
      { name: 'fab.config_file', majors: [3] },
      { name: 'webserver.config_file', majors: [2] },
    ],
  },
  { id: 'secrets.backend', spellings: [{ name: 'secrets.backend', majors: BOTH }] },
  { id: 'secrets.backend_kwargs', spellings: [{ name: 'secrets.backend_kwargs', majors: BOTH }] },
  { id: 'workers.secrets_backend_kwargs', spellings: [{ name: 'workers.secrets_backend_kwargs', majors: [3] }] },
  { id: 'workers.secrets_backend', spellings: [{ name: 'workers.secrets_backend', majors: [3] }] },
];

const BY_SPELLING = new Map<string, { fact: OptionFact; majors: readonly number[] }>();
for (const fact of OPTIONS) for (const s of fact.spellings) BY_SPELLING.set(s.name, { fact, majors: s.majors });

/** The name the rules use for an option: Airflow 3's, for a spelling they know; `section.key` as written otherwise. */
export function canonicalOption(section: string, key: string): string {
  return BY_SPELLING.get(`${section}.${key}`)?.fact.id ?? `${section}.${key}`;
}

/** Whether Airflow `major` reads this spelling; undefined for an option the rules do not know. */
export function readInMajor(section: string, key: string, major: number): boolean | undefined {
  const known = BY_SPELLING.get(`${section}.${key}`);
  return known ? known.majors.includes(major) : undefined;
}

/** Airflow's reading of a boolean option (`conf.getboolean`): `t`, `true`, `1` and `f`, `false`, `0`, in any case; undefined for anything else. */
export function airflowBoolean(value: string): boolean | undefined {
  const v = value.split('#')[0].trim().toLowerCase();
  if (v === 't' || v === 'true' || v === '1') return true;
  if (v === 'f' || v === 'false' || v === '0') return false;
  return undefined;
}

/** Any truthy spelling a connection extra may hold: `true`, `"true"`, `True`, `1`, `yes`, `on`. */
export function truthy(value: unknown): boolean {
  if (value === true || value === 1) return true;
  return typeof value === 'string' && /^(?:true|t|1|yes|y|on)$/i.test(value.trim());
}

/** Any false spelling: `false`, `"false"`, `False`, `0`, `no`, `off`. */
export function falsy(value: unknown): boolean {
  if (value === false || value === 0) return true;
  return typeof value === 'string' && /^(?:false|f|0|no|n|off)$/i.test(value.trim());
}

/** Airflow 2's REST API authentication backend that lets every request in (`airflow/api/auth/backend/default.py`). */
export const NO_AUTH_API_BACKEND = 'airflow.api.auth.backend.default';

/** Where `item` is written among the comma-separated items of `value`, as Airflow splits `auth_backends` (each item stripped); undefined when it is not one. */
export function listItemSpan(value: string, item: string): { start: number; end: number } | undefined {
  let start = 0;
  for (const part of value.split(',')) {
    const lead = part.length - part.trimStart().length;
    if (part.trim() === item) return { start: start + lead, end: start + lead + item.length };
    start += part.length + 1;
  }
  return undefined;
}
