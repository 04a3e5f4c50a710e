/**
 * Names whose values are credentials. The base is the list Airflow's secrets
 * masker hides (DEFAULT_SENSITIVE_FIELDS in airflow/utils/log/secrets_masker.py,
 * unchanged in Airflow 3's docs "Masking sensitive data"): access_token,
 * api_key, apikey, authorization, passphrase, passwd, password, private_key,
 * secret, token, keyfile_dict, service_account. Airflow hides a value when
 * the lower-cased name CONTAINS one of them; this module does the same on a
 * normalised name (camelCase and separators turned into `_`), plus common
 * names Airflow does not list (pwd, pass, credentials, auth, access_key,
 * fernet_key, …), and then takes out names that only mention a secret: the
 * name of a Kubernetes Secret (`secret_name`), a path or URL (`key_path`,
 * `token_url`), a counter (`max_tokens`), an identifier (`key_id`), a switch.
 */

/** What kind of credential a sensitive name holds; decides how strictly its value is judged. */
export type NameCategory = 'password' | 'secret' | 'key' | 'private-key' | 'astro-token' | 'fernet' | 'aws-secret';

export interface NameInfo {
  category: NameCategory;
  /** For people: `password`, `API key`, `token`. */
  kind: string;
  /**
   * The name may hold the identifier half of a key pair (`ACCESS_KEY`, as
   * S3-style stores call the key id): a value shaped like a key id there is
   * an identifier, as it is under `aws_access_key_id`.
   */
  maybeKeyId?: boolean;
  /** The name says `secret` (`api_secret`, `client_secret`, `SECRET_KEY`): a shorter random value counts. */
  saysSecret?: boolean;
}

/** Airflow's DEFAULT_SENSITIVE_FIELDS. */
export const AIRFLOW_SENSITIVE_FIELDS = [
  'access_token', 'api_key', 'apikey', 'authorization', 'passphrase', 'passwd', 'password', 'private_key', 'secret', 'token', 'keyfile_dict', 'service_account',
] as const;

/** camelCase, kebab-case, dotted and spaced names to snake_case, lower-cased: `clientSecret` → `client_secret`, `api-key` → `api_key`. */
export function normalizeName(name: string): string {
  return name
    .trim()
    // `contraseña` → `contrasena`: accents dropped, so that names in other languages are judged too.
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/([A-Z])([A-Z][a-z])/g, '$1_$2')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .split('_')
    .filter((part) => part.length > 0)
    .join('_');
}

/** Last segments that make a name about a secret rather than the secret itself. */
const NON_SECRET_SUFFIXES = new Set([
  'name', 'names', 'id', 'ids', 'arn', 'path', 'paths', 'file', 'files', 'filename', 'filepath', 'dir', 'directory', 'folder', 'location', 'url', 'uri', 'urls',
  'endpoint', 'host', 'hostname', 'port', 'length', 'len', 'min', 'max', 'count', 'size', 'limit', 'timeout', 'ttl', 'expiry', 'expires', 'expiration',
  'expires_in', 'expires_at', 'lifetime', 'age', 'days', 'type', 'types', 'kind', 'field', 'fields', 'column', 'env', 'var', 'variable', 'prefix',
  'suffix', 'header', 'param', 'parameter', 'policy', 'rotation', 'required', 'enabled', 'enable', 'disabled', 'disable', 'mode', 'version', 'format',
  'hint', 'prompt', 'label', 'description', 'desc', 'help', 'regex', 'pattern', 'ref', 'reference', 'backend', 'backends', 'manager', 'store',
  'provider', 'class', 'method', 'scope', 'scopes', 'hash', 'hashed', 'digest', 'checksum', 'sha', 'sha1', 'sha256', 'md5', 'fingerprint',
  'algorithm', 'algo', 'cipher', 'encoding', 'mount', 'mounts', 'volume', 'key_ref', 'selector', 'lookup', 'pattern', 'template', 'placeholder',
  'status', 'state', 'valid', 'validation', 'check', 'strength', 'complexity', 'reset', 'changed', 'updated', 'created', 'rotated', 'source', 'sources',
  'conn_id', 'connection_id', 'secret_name', 'key_name', 'id_env', 'bucket', 'table', 'schema', 'user', 'username', 'login', 'email', 'owner',
  'role', 'group', 'project', 'region', 'tenant', 'audience', 'issuer', 'subject', 'kid', 'alias', 'dag', 'task', 'index', 'idx',
  'list', 'map', 'keys', 'len', 'chars', 'bytes', 'bits', 'exists', 'set', 'present', 'used', 'usage', 'counter', 'metric', 'metrics', 'stats',
]);

/** Whole segments that, anywhere in a name, mean it is about counting or splitting text (LLM tokens) or about authors. */
const NON_SECRET_SEGMENTS = new Set([
  'tokens', 'tokenizer', 'tokenizers', 'tokenize', 'tokenized', 'tokenization', 'author', 'authors', 'authored', 'authority', 'passenger', 'passengers',
  'bypass', 'passthrough', 'compass', 'public', 'pub', 'publishable', 'secretless', 'keyboard', 'keyword', 'keywords', 'keyspace',
]);

/** Segments that, in front of `token`, make it something else than a credential: a file's signed path (Airflow's `file_token`), a cursor, a tokenizer's special token. */
const NON_CREDENTIAL_TOKEN_QUALIFIERS = new Set([
  'file', 'page', 'next', 'prev', 'previous', 'continuation', 'pagination', 'cursor', 'sync', 'cancel', 'cancellation', 'change', 'resume',
  'csrf', 'xsrf', 'idempotency', 'request', 'trace', 'correlation', 'lock', 'batch', 'start', 'end', 'stop', 'pad', 'eos', 'bos', 'unk',
  'mask', 'cls', 'sep', 'special', 'sentence', 'word', 'split', 'delimiter', 'separator', 'max', 'min', 'num', 'count',
]);

/** Segments that, in front of `key`, make it a key of data rather than a credential (`partition_key`, `s3_key`, `cache_key`). */
const DATA_KEY_QUALIFIERS = new Set([
  'partition', 'primary', 'foreign', 'sort', 'cluster', 'clustering', 'cache', 's3', 'gcs', 'object', 'blob', 'bucket', 'file', 'dedup', 'dedupe',
  'deduplication', 'idempotency', 'routing', 'row', 'hash', 'dict', 'map', 'lookup', 'shard', 'sharding', 'group', 'message', 'public', 'join', 'merge',
  'unique', 'natural', 'business', 'surrogate', 'composite', 'index', 'record', 'json', 'dag', 'task', 'xcom', 'output', 'input', 'result', 'target',
  'source', 'prefix', 'sub', 'parent', 'child', 'column', 'field', 'attribute', 'attr', 'config', 'setting', 'settings', 'kms', 'cmk', 'sse', 'ssh_public',
  'pgp', 'gpg', 'hot', 'sentry', 'image', 'registry', 'label', 'tag', 'meta', 'metadata', 'redis', 'event', 'api_gateway', 'sort_key', 'date', 'time',
  'run', 'state', 'lock', 'queue', 'topic', 'stream', 'kafka', 'mapping', 'batch', 'upload', 'download', 'path', 'local', 'remote', 'dest', 'destination',
]);

function segments(n: string): string[] {
  return n.split('_').filter((s) => s.length > 0);
}

/** Names judged before, with their verdicts (code repeats a few hundred names thousands of times). */
const classified = new Map<string, Readonly<NameInfo> | null>();
const MAX_CLASSIFIED = 20_000;

/** What a sensitive name holds, or undefined when the name is not sensitive. */
export function classifyName(name: string): Readonly<NameInfo> | undefined {
  const known = classified.get(name);
  if (known !== undefined) return known ?? undefined;
  const info = judgeName(name);
  if (classified.size >= MAX_CLASSIFIED) classified.clear();
  classified.set(name, info ? Object.freeze(info) : null);
  return info;
}

function judgeName(name: string): NameInfo | undefined {
  const n = normalizeName(name);
  if (n.length === 0) return undefined;
  const segs = segments(n);
  const last = segs[segs.length - 1];

  // Specific names first.
  if (/(?:^|_)fernet_key$/.test(n)) return { category: 'fernet', kind: 'Airflow Fernet key' };
  if (/^astro(?:nomer)?_(?:[a-z0-9]+_)*(?:api_token|token|key_secret|api_key_secret|secret)$/.test(n)) {
    return { category: 'astro-token', kind: n.includes('key_secret') ? 'Astronomer Deployment API key secret' : 'Astro API token' };
  }
  if (/(?:^|_)(?:aws_secret(?:_access)?_key|secret_access_key|aws_secret)$/.test(n)) return { category: 'aws-secret', kind: 'AWS secret access key' };

  if (segs.some((s) => NON_SECRET_SEGMENTS.has(s))) return undefined;
  if (segs.length > 1 && (NON_SECRET_SUFFIXES.has(last) || NON_SECRET_SUFFIXES.has(segs.slice(-2).join('_')))) {
    // `secret_id` is the credential of a Vault AppRole; other `_id`s are identifiers.
    if (!(last === 'id' && segs[segs.length - 2] === 'secret')) return undefined;
  }
  if (segs.length === 1 && (last === 'key' || last === 'keys')) return undefined;

  // `postgres_password_secret`: the name of a secret object that holds a password; judged as a secret (random values only).
  if ((last === 'secret' || last === 'secrets') && segs.length > 1 && /pass/.test(n)) return { category: 'secret', kind: 'secret' };
  if (/passphrase|password|passwd|pwd|passcode|(?:^|_)pass(?:_|$)|(?:^|_)pw(?:_|$)|passwort|contrasena|senha|mot_de_passe/.test(n)) {
    return { category: 'password', kind: n.includes('passphrase') ? 'passphrase' : 'password' };
  }
  if (/private_?key|privatekey|(?:^|_)pkey(?:_|$)|(?:^|_)pem(?:_|$)/.test(n)) return { category: 'private-key', kind: 'private key' };
  if (/keyfile_dict|keyfile_json|service_account|(?:^|_)keyfile(?:_|$)|(?:^|_)sa_key(?:_|$)/.test(n)) return { category: 'secret', kind: 'service account key' };
  if (/access_?token|refresh_?token|id_token|bearer|(?:^|_)jwt|token/.test(n)) {
    const at = segs.findIndex((s) => s === 'token');
    if (at > 0 && NON_CREDENTIAL_TOKEN_QUALIFIERS.has(segs[at - 1])) return undefined;
    return { category: 'secret', kind: 'token' };
  }
  if (/api_?key|apikey|api_secret|app_key|app_secret/.test(n)) return { category: 'secret', kind: 'API key', saysSecret: n.includes('secret') || undefined };
  if (/client_?secret/.test(n)) return { category: 'secret', kind: 'client secret', saysSecret: true };
  if (/secret/.test(n)) return { category: 'secret', kind: 'secret', saysSecret: true };
  if (/authorization|(?:^|_)o?auth(?:_|$)|(?:^|_)auth_?(?:string|header|value|code|key|cookie)|(?:^|_)basic_auth|(?:^|_)cookie(?:_|$)|session_?key/.test(n)) {
    return { category: 'secret', kind: 'credential' };
  }
  if (/credential|(?:^|_)creds?(?:_|$)/.test(n)) return { category: 'secret', kind: 'credentials' };
  if (/(?:^|_)(?:sas|sig|signature)(?:_|$)/.test(n)) return { category: 'secret', kind: 'signature' };
  // `ACCESS_KEY`, `S3_ACCESS_KEY`: S3-style stores call the key id the access key (its secret is the secret key).
  if (/(?:^|_)access_key$/.test(n) && !/azure|storage|account|shared/.test(n)) return { category: 'key', kind: 'key', maybeKeyId: true };
  if (/(?:^|_)(?:access|account|storage|signing|encryption|encrypt|master|license|licence|subscription|shared_access|service|admin|webhook|app|consumer|developer|dev|integration|ingest|ingestion|write|read|openai|anthropic|mistral|cohere|groq|stripe|sendgrid|mailgun|mapbox|algolia|pinecone|weaviate|datadog|dd|newrelic|sentry_auth|segment|mixpanel|amplitude|twilio|slack|github|gitlab|notion|airtable|hubspot|salesforce|databricks|snowflake|fivetran|dbt|census|hightouch|openweather|weather|google|gcp|azure|aws|hf|huggingface|replicate|pagerduty|opsgenie|jira|confluence|atlassian|zendesk|shopify)_key$/.test(n)) {
    return { category: 'key', kind: 'key' };
  }
  if (last === 'key' && segs.length >= 2) {
    const before = segs.slice(0, -1);
    if (before.some((s) => DATA_KEY_QUALIFIERS.has(s))) return undefined;
    return { category: 'key', kind: 'key' };
  }
  return undefined;
}

/**
 * Whether a value given this name is a credential when it is a real value:
 * Airflow's sensitive words (the name contains one, as in Airflow) and
 * common ones, except names that only refer to a secret (`secret_name`,
 * `key_path`, `token_url`, `max_tokens`, `key_id`).
 */
export function isSensitiveName(name: string): boolean {
  return classifyName(name) !== undefined;
}

/**
 * Variables that set up a well-known server image's own first password or
 * token when its container starts (`POSTGRES_PASSWORD` of `postgres`,
 * `MONGO_INITDB_ROOT_PASSWORD` of `mongo`, `MINIO_ROOT_PASSWORD`, …), as
 * the images' documentation lists them. Client variables such as
 * `PGPASSWORD`, which reach any server, are not among them.
 */
const IMAGE_SETUP_VARIABLE = /^(?:POSTGRES(?:QL)?_(?:POSTGRES_)?PASSWORD|MYSQL_(?:ROOT_)?PASSWORD|MARIADB_(?:ROOT_)?PASSWORD|MONGO_INITDB_ROOT_PASSWORD|MONGODB_(?:ROOT_)?PASSWORD|ME_CONFIG_(?:MONGODB_ADMINPASSWORD|BASICAUTH_PASSWORD)|MINIO_(?:ROOT_PASSWORD|SECRET_KEY)|NEO4J_AUTH|RABBITMQ_DEFAULT_PASS|REDIS_PASSWORD|ELASTIC_PASSWORD|KIBANA_PASSWORD|GF_SECURITY_ADMIN_PASSWORD|PGADMIN_DEFAULT_PASSWORD|_AIRFLOW_WWW_USER_PASSWORD|(?:MSSQL_)?SA_PASSWORD|CLICKHOUSE_PASSWORD|KEYCLOAK_ADMIN_PASSWORD|KC_BOOTSTRAP_ADMIN_PASSWORD|DOCKER_INFLUXDB_INIT_(?:PASSWORD|ADMIN_TOKEN)|COUCHDB_PASSWORD|ARANGO_ROOT_PASSWORD|CASSANDRA_PASSWORD|ORACLE_PASSWORD|APP_USER_PASSWORD|JUPYTER_TOKEN)$/;

export function isImageSetupVariable(name: string): boolean {
  return IMAGE_SETUP_VARIABLE.test(name);
}

/** Regexes of this module, for the ReDoS test. */
export const NAME_PATTERNS = { imageSetupVariable: IMAGE_SETUP_VARIABLE } as const;
