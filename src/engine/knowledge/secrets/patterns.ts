/**
 * The regular expressions of the known credential formats, found anywhere in
 * free text. Every pattern starts with a literal or a small class and has
 * bounded repetitions, so that matching stays linear in the text's length;
 * test/unit/secrets/redos.test.ts runs recheck on each of them (ALL_PATTERNS).
 *
 * Sources of the formats: the vendors' documentation of their token formats
 * (GitHub, GitLab, Slack, Stripe, SendGrid, Twilio, Databricks, OpenAI,
 * Anthropic, Hugging Face, Google, Azure, AWS), Airflow's own list of
 * content patterns in its secrets masker (Airflow 3.4), and the PEM/PKCS
 * encodings of private keys.
 */

export interface FormatPattern {
  /** Stable id, used in tests and for priorities. */
  id: string;
  /** What it is, for people. */
  kind: string;
  special?: 'astro-token' | 'private-key';
  /** Global regex; the secret is `group` (0 = the whole match). */
  re: RegExp;
  group?: number;
  /** Capture group holding a name (for name-and-value patterns). */
  nameGroup?: number;
  /** Where the secret is when the pattern's other alternative matched (`group` is then empty). */
  altGroup?: number;
}

/** Known formats, most specific first: an earlier pattern wins over a later one that overlaps it. */
export const FORMAT_PATTERNS: FormatPattern[] = [
  // Private keys: PEM blocks (handled further in code: the body must follow), DER in base64, OpenSSH and PuTTY.
  { id: 'private-key-pem', kind: 'private key', special: 'private-key', re: /-----BEGIN ((?:[A-Z0-9]{1,10} ){0,2})PRIVATE KEY(?: BLOCK)?-----/g },
  { id: 'private-key-ssh2', kind: 'private key', special: 'private-key', re: /---- BEGIN SSH2 ENCRYPTED PRIVATE KEY ----/g },
  { id: 'private-key-putty', kind: 'private key', special: 'private-key', re: /PuTTY-User-Key-File-\d: [a-z0-9-]{3,40}/g },
  {
    id: 'private-key-der',
    kind: 'private key',
    special: 'private-key',
    re: /\b(?:MI[A-Za-z0-9+/]{2,4}(?:IBADANBgkqhkiG9w0BAQEFAASC|AgEAMBMGByqGSM49AgEG|IBAAKC)|MC4CAQAwBQYDK2Vw)[A-Za-z0-9+/]{16,8192}={0,2}/g,
  },
  { id: 'private-key-openssh-body', kind: 'private key', special: 'private-key', re: /\bb3BlbnNzaC1rZXktdjE[A-Za-z0-9+/]{16,8192}={0,2}/g },
  // The same, encoded once more in base64, as Kubernetes Secrets, kubeconfig files and CI variables hold them:
  // a PEM block (`LS0tLS1CRUdJTi…` is `-----BEGIN`) or a service account key file (`{"type": "service_account", …}`).
  { id: 'private-key-base64', kind: 'private key (base64-encoded)', special: 'private-key', re: /\bLS0tLS1CRUdJTi[A-Za-z0-9+/]{40,65536}={0,2}/g },
  { id: 'service-account-base64', kind: 'Google Cloud service account key (base64-encoded)', special: 'private-key', re: /\b(?:ewog|eyJ0eXBlIjo)[A-Za-z0-9+/]{200,65536}={0,2}/g },

  { id: 'aws-access-key-id', kind: 'AWS access key ID', re: /\b(?:AKIA|ASIA|ABIA|ACCA)[A-Z0-9]{16}(?![A-Za-z0-9])/g },
  {
    id: 'aws-secret-access-key',
    kind: 'AWS secret access key',
    re: /secret_?(?:access_?)?key["']?\]?\s{0,4}(?:=>|=|:)\s{0,4}["']?([A-Za-z0-9/+]{40})(?![A-Za-z0-9/+=])/gi,
    group: 1,
  },
  { id: 'gcp-api-key', kind: 'Google API key', re: /\bAIza[0-9A-Za-z_-]{35}(?![0-9A-Za-z_-])/g },
  { id: 'gcp-oauth-client-secret', kind: 'Google OAuth client secret', re: /\bGOCSPX-[A-Za-z0-9_-]{28}(?![A-Za-z0-9_-])/g },
  { id: 'gcp-access-token', kind: 'Google OAuth access token', re: /\bya29\.[0-9A-Za-z_-]{30,2048}/g },
  {
    id: 'azure-storage-key',
    kind: 'Azure storage account key',
    re: /\b(?:AccountKey|SharedAccessKey|PrimaryKey|SecondaryKey)\s{0,2}=\s{0,2}([A-Za-z0-9+/]{30,100}={0,2})/gi,
    group: 1,
  },
  { id: 'azure-sas-signature', kind: 'Azure SAS token', re: /[?&;]sig=([A-Za-z0-9%+/=]{20,160})/gi, group: 1 },
  { id: 'azure-client-secret', kind: 'Azure client secret', re: /(?:^|[^A-Za-z0-9_~.-])([A-Za-z0-9_~.-]{3}\dQ~[A-Za-z0-9_~.-]{31,34})(?![A-Za-z0-9_~.-])/g, group: 1 },
  { id: 'github-token', kind: 'GitHub token', re: /\bgh[pousr]_[A-Za-z0-9]{36,255}(?![A-Za-z0-9_])/g },
  { id: 'github-fine-grained-token', kind: 'GitHub token', re: /\bgithub_pat_[A-Za-z0-9_]{50,255}/g },
  { id: 'gitlab-token', kind: 'GitLab token', re: /\bgl(?:pat|dt|rt|ptt|soat|cbt)-[A-Za-z0-9_-]{20,64}/g },
  { id: 'slack-token', kind: 'Slack token', re: /\b(?:xox[abposre]|xapp)-[0-9A-Za-z-]{10,250}/g },
  { id: 'slack-webhook', kind: 'Slack webhook URL', re: /https:\/\/hooks\.slack\.com\/(?:services|workflows|triggers)\/[A-Za-z0-9_/-]{20,200}/g },
  { id: 'teams-webhook', kind: 'Microsoft Teams webhook URL', re: /https:\/\/[a-z0-9-]{1,63}\.webhook\.office\.com\/webhookb2\/[A-Za-z0-9@\/-]{40,400}/g },
  { id: 'discord-webhook', kind: 'Discord webhook URL', re: /https:\/\/(?:ptb\.|canary\.)?discord(?:app)?\.com\/api\/webhooks\/\d{5,30}\/[A-Za-z0-9_-]{40,100}/g },
  { id: 'stripe-live-key', kind: 'Stripe live key', re: /\b[rs]k_live_[0-9A-Za-z]{16,247}/g },
  { id: 'sendgrid-api-key', kind: 'SendGrid API key', re: /\bSG\.[A-Za-z0-9_-]{16,32}\.[A-Za-z0-9_-]{16,64}/g },
  { id: 'twilio-api-key', kind: 'Twilio API key', re: /\bSK[0-9a-fA-F]{32}(?![0-9A-Za-z])/g },
  { id: 'twilio-account-sid', kind: 'Twilio account SID', re: /\bAC[0-9a-f]{32}(?![0-9A-Za-z])/g },
  { id: 'databricks-token', kind: 'Databricks token', re: /\bdapi[0-9a-f]{32}(?:-\d)?(?![0-9A-Za-z])/g },
  { id: 'openai-style-key', kind: 'API secret key', re: /\bsk-(?:proj-|svcacct-|admin-|ant-(?:api|admin)\d{2}-)?[A-Za-z0-9_-]{20,300}/g },
  { id: 'huggingface-token', kind: 'Hugging Face token', re: /\b(?:hf_|api_org_)[A-Za-z0-9]{30,40}(?![A-Za-z0-9])/g },
  { id: 'neon-password', kind: 'Neon database password', re: /\bnpg_[A-Za-z0-9]{12,64}(?![A-Za-z0-9])/g },
  { id: 'pypi-token', kind: 'PyPI token', re: /\bpypi-AgE[A-Za-z0-9_-]{50,300}/g },
  { id: 'npm-token', kind: 'npm token', re: /\bnpm_[A-Za-z0-9]{36}(?![A-Za-z0-9])/g },
  { id: 'vault-token', kind: 'HashiCorp Vault token', re: /\bhv[sb]\.[A-Za-z0-9_-]{24,300}/g },
  { id: 'shopify-token', kind: 'Shopify token', re: /\bshp(?:at|ss|ca|pa)_[a-fA-F0-9]{32}(?![A-Za-z0-9])/g },
  { id: 'atlassian-token', kind: 'Atlassian API token', re: /\bATATT3[A-Za-z0-9_=-]{100,300}/g },
  { id: 'grafana-token', kind: 'Grafana token', re: /\bgl(?:c|sa)_[A-Za-z0-9_=+/-]{32,200}/g },
  { id: 'age-secret-key', kind: 'age secret key', special: 'private-key', re: /\bAGE-SECRET-KEY-1[QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L]{58}/g },
  { id: 'jwt', kind: 'JSON Web Token', re: /(?:^|[^A-Za-z0-9_-])(eyJ[A-Za-z0-9_-]{10,400}\.eyJ[A-Za-z0-9_-]{10,40})/g, group: 1 }, // extended to the whole token in code
  { id: 'fernet-key', kind: 'Airflow Fernet key', re: /fernet_key["']?\s{0,4}[:=]\s{0,4}["']?([A-Za-z0-9_-]{43}=)/gi, group: 1 },

  // Credentials in URLs and connection strings: `scheme://user:password@host`, `?password=…`, `;Pwd=…;`.
  { id: 'url-credentials', kind: 'password in URL', re: /:\/\/([^\s:@/"'`<>]{0,256}):([^\s@/"'`<>]{1,256})@/g, group: 2 },
  { id: 'url-token', kind: 'token in URL', re: /:\/\/([A-Za-z0-9_-]{20,})@/g, group: 1 },
  {
    id: 'connection-string-parameter',
    kind: 'credential in connection string',
    // A parameter also opens a string written in parts (`"SERVER=db;UID=etl;" "PWD=…;"`).
    re: /[?&;"']\s{0,2}(password|pwd|passwd|pass|token|access_token|auth_token|api_key|apikey|api-key|key|secret|client_secret|private_key_passphrase|passphrase|sas_token|accesskey|secretkey)\s{0,2}=\s{0,2}([^&;\s"'#]{1,256})/gi,
    group: 2,
    nameGroup: 1,
  },
  // Airflow connection URIs carry their extras as URL-encoded JSON: `…?__extra__=%7B%22token%22%3A+%22…%22%7D`.
  { id: 'connection-uri-extra', kind: 'credential in connection extras', re: /[?&]__extra__=([^&\s"'#<>]{2,8192})/g, group: 1 },
    // libpq and ODBC-style keyword strings: `host=db user=etl password=…` (psycopg2.connect, PGOPTIONS-like settings).
  {
    id: 'keyword-connection-string',
    kind: 'password in connection string',
    re: /\b(?:(?:host|hostaddr|dbname|user|port|sslmode)=[^\s"'=,;]{1,128}(?: [a-z_]{1,32}=[^\s"'=,;]{1,128}){0,8} password=([^\s"'\\,;()]{1,128})|password=([^\s"'\\,;()]{1,128})(?= (?:host|hostaddr|dbname|user|port)=))/g,
    group: 1,
    altGroup: 2,
  },
  // `curl -u user:password`, `--user user:password` in scripts and CI files.
  { id: 'user-password-flag', kind: 'password', re: /(?:^|\s)(?:-u|--user)(?:[ \t]{1,4}|=)["']?[^\s"':]{1,64}:([^\s"'@]{1,128})/g, group: 1 },
  // SQL that sets a password: `CREATE USER etl WITH PASSWORD '…'`, `ALTER ROLE … PASSWORD '…'`, MySQL's `IDENTIFIED BY '…'`.
  { id: 'sql-password', kind: 'password in SQL', re: /\b(?:PASSWORD|password|IDENTIFIED BY|identified by)[ \t]{1,4}'([^'\n]{1,128})'/g, group: 1 },
  // Command-line flags: `--password Xyz`, `--token=…`.
  {
    id: 'command-line-flag',
    kind: 'credential in command line',
    re: /--(password|passwd|token|api-key|api_key|apikey|secret|client-secret|client_secret|access-token|auth-token|private-key-passphrase)(?:=|[ \t]{1,4})["']?([^\s"'`]{1,256})/gi,
    group: 2,
    nameGroup: 1,
  },
  // Authorization headers: `Authorization: Bearer …`, `"Authorization": "token …"`.
  {
    id: 'authorization-header',
    kind: 'authorization header',
    re: /authorization["']?\s{0,4}[:=]\s{0,4}["']?(?:Bearer|Basic|Token|Bot|Api-Key|ApiKey)[ \t]{1,4}([A-Za-z0-9._~+/=-]{8,4096})/gi,
    group: 1,
  },
  // Name/value pairs in JSON: `"password": "…"` (the AIRFLOW_CONN_* JSON form, conn_extra, backend kwargs). Assignments
  // (`password="…"`, `'token': '…'`, `KEY=value`, `\"key\": \"value\"`) are found without regexes, in detectAssignments.ts.
  { id: 'json-pair', kind: 'credential', re: /"([A-Za-z0-9_.\- ]{1,64})"\s{0,4}:\s{0,4}"([^"\\\n]{0,1024}(?:\\.[^"\\\n]{0,1024}){0,64})"/g, group: 2, nameGroup: 1 },
];

/**
 * For each format, a cheap literal test that every match of its pattern
 * passes: a pattern whose hint is absent from a text is not run on it. Most
 * texts hold one or two hints, so most of the patterns are never run.
 */
export const FORMAT_HINTS: Record<string, RegExp> = {
  'private-key-pem': /-----BEGIN/,
  'private-key-ssh2': /---- BEGIN SSH2/,
  'private-key-putty': /PuTTY-User-Key-File-/,
  'private-key-der': /MI[A-Za-z0-9+/]{2,4}(?:IBAD|AgEA|IBAA)|MC4CAQ/,
  'private-key-openssh-body': /b3BlbnNzaC1rZXktdjE/,
  'private-key-base64': /LS0tLS1CRUdJTi/,
  'service-account-base64': /ewog|eyJ0eXBlIjo/,
  'aws-access-key-id': /AKIA|ASIA|ABIA|ACCA/,
  'aws-secret-access-key': /secret_?(?:access_?)?key/i,
  'gcp-api-key': /AIza/,
  'gcp-oauth-client-secret': /GOCSPX-/,
  'gcp-access-token': /ya29\./,
  'azure-storage-key': /AccountKey|SharedAccessKey|PrimaryKey|SecondaryKey/i,
  'azure-sas-signature': /sig=/i,
  'azure-client-secret': /\dQ~/,
  'github-token': /gh[pousr]_/,
  'github-fine-grained-token': /github_pat_/,
  'gitlab-token': /gl(?:pat|dt|rt|ptt|soat|cbt)-/,
  'slack-token': /xox[abposre]-|xapp-/,
  'slack-webhook': /https:\/\/hooks\.slack\.com\//,
  'teams-webhook': /\.webhook\.office\.com\//,
  'discord-webhook': /\/api\/webhooks\//,
  'stripe-live-key': /k_live_/,
  'sendgrid-api-key': /SG\./,
  'twilio-api-key': /SK[0-9a-fA-F]/,
  'twilio-account-sid': /AC[0-9a-f]/,
  'databricks-token': /dapi[0-9a-f]/,
  'openai-style-key': /sk-/,
  'huggingface-token': /hf_|api_org_/,
  'neon-password': /npg_/,
  'pypi-token': /pypi-AgE/,
  'npm-token': /npm_/,
  'vault-token': /hv[sb]\./,
  'shopify-token': /shp(?:at|ss|ca|pa)_/,
  'atlassian-token': /ATATT3/,
  'grafana-token': /gl(?:c|sa)_/,
  'age-secret-key': /AGE-SECRET-KEY-1/,
  jwt: /eyJ/,
  'fernet-key': /fernet_key/i,
  'url-credentials': /:\/\//,
  'url-token': /:\/\//,
  'connection-string-parameter': /[?&;"']/,
  'connection-uri-extra': /__extra__=/,
  'keyword-connection-string': /password=/i,
  'sql-password': /password[ \t]|identified by/i,
  'user-password-flag': /-u[ \t=]|--user[ \t=]/,
  'command-line-flag': /--(?:password|passwd|token|api|secret|client|access|auth|private)/i,
  'authorization-header': /authorization/i,
  'json-pair': /"\s{0,4}:/,
};

/** A word matched in any letter case, written without the `i` flag (so that the format anchors beside it keep theirs). */
function anyCase(word: string): string {
  return word.replace(/[a-z]/g, (c) => `[${c}${c.toUpperCase()}]`);
}

/**
 * Words, in any case, that every name judged sensitive contains (classifyName
 * in names.ts: `password`, `api_key`, `sessionKey`, `AUTHORIZATION`, `db_pw`,
 * `sas_token`, …) and that every pattern whose hint ignores case needs
 * (`secret_access_key`, `AccountKey`, `sig=`, `fernet_key`, `--token`,
 * `Authorization`, SQL's `IDENTIFIED BY`).
 */
const SENSITIVE_WORDS: string[] = [
  'secret', 'pass', 'pw', 'token', 'key', 'auth', 'cred', 'private', 'fernet', 'bearer', 'jwt', 'cookie', 'sas', 'sig', 'pem', 'contrase', 'senha', 'identified by',
].map(anyCase).concat(`${anyCase('service')}_?${anyCase('account')}`);

/**
 * Whether a pattern only fires on a sensitive name (`"password": "…"`,
 * `?token=…`, `--secret …`, `Authorization: …`): such a pattern's hint may be
 * broad (`[?&;]`) or ignore case, and the name holds a sensitive word.
 */
export function isJudgedByName(p: FormatPattern): boolean {
  return p.nameGroup !== undefined || FORMAT_HINTS[p.id].ignoreCase;
}

/**
 * The hints of the formats that hold their case (`AKIA`, `ghp_`, `AC` and a
 * hex digit…): a text without any of them holds no match of those patterns,
 * whatever its sensitive words, so scanFormats runs them only when this matches.
 */
export const FORMAT_ANCHORS: RegExp = new RegExp(
  [...new Set(FORMAT_PATTERNS.filter((p) => !isJudgedByName(p)).map((p) => FORMAT_HINTS[p.id].source))].join('|'),
);

/**
 * One combined, linear-time test: false means no detector can fire on the
 * text (no known format's anchor and no sensitive word). A superset of every
 * detector, including the names judged by judgeAssignment: it is made of the
 * case-holding hints and the sensitive words, and each hint that ignores case
 * holds one of the words.
 */
export const PREFILTER: RegExp = new RegExp(`${FORMAT_ANCHORS.source}|${SENSITIVE_WORDS.join('|')}`);

/** PREFILTER with the global flag, to walk a text from one candidate to the next (same pattern, so the same ReDoS verdict). */
export const PREFILTER_ALL: RegExp = new RegExp(PREFILTER.source, `${PREFILTER.flags}g`);

export interface NamedPattern {
  id: string;
  re: RegExp;
}

/** Every regex of the format patterns, for the ReDoS test. Other modules add theirs in ALL_PATTERNS (detect.ts). */
export const FORMAT_REGEXES: NamedPattern[] = [
  ...FORMAT_PATTERNS.map((p) => ({ id: p.id, re: p.re })),
  ...Object.entries(FORMAT_HINTS).map(([id, re]) => ({ id: `${id}-hint`, re })),
  { id: 'format-anchors', re: FORMAT_ANCHORS },
  { id: 'prefilter', re: PREFILTER },
];
