/**
 * Values that look like credentials but are not: placeholders, references
 * to secrets kept elsewhere, templates, paths, identifiers (hashes, UUIDs,
 * digests), public keys and certificates, documented examples and public
 * defaults. Every test here is linear in the value's length.
 */

/** Words that make a value a placeholder when they are one of its segments (`your-api-key`, `TOKEN_HERE`, `fake_token`). */
const PLACEHOLDER_SEGMENTS = new Set([
  'your', 'yours', 'yourkey', 'yourtoken', 'yourpassword', 'yoursecret', 'here', 'todo', 'tbd', 'fixme', 'fake', 'mock', 'mocked',
  'dummy', 'test', 'testing', 'sample', 'example', 'examples', 'placeholder', 'redacted', 'masked', 'insert', 'enter', 'replace',
  'replaceme', 'changeme', 'changeit', 'xxx', 'xxxx', 'xxxxx', 'foobar', 'lorem', 'ipsum', 'undefined', 'unset',
  'demo', 'notasecret', 'secretvalue', 'supersecret', 'topsecret', 'mysecret', 'mypassword', 'mytoken', 'mykey', 'myapikey',
  // The same in the languages met in public Airflow projects: Portuguese, Spanish, German, French.
  'teste', 'exemplo', 'prueba', 'ejemplo', 'beispiel', 'exemple', 'ficticio', 'falso',
]);

/** Words that name what a value is: a value made only of such words and other words describes a secret (`db-password`, `slack_token`). */
const SELF_DESCRIBING = new Set([
  'password', 'passwd', 'pass', 'pwd', 'secret', 'secrets', 'token', 'tokens', 'key', 'apikey', 'api', 'credential', 'credentials', 'creds', 'passphrase', 'auth',
  'senha', 'contrasena', 'clave', 'passwort', 'kennwort', 'motdepasse', 'usuario', 'user', 'username',
]);

/** Longer words that make a value a placeholder anywhere inside it (`CYEXAMPLEKEY`, `INSERTKEYHERE`). */
const PLACEHOLDER_INFIXES = ['example', 'changeme', 'change_me', 'change-me', 'replace_me', 'replace-me', 'replaceme', 'placeholder', 'redacted', 'dummy', 'insert_', 'insert-', 'your_', 'your-', '_here', '-here', 'xxxxx', 'notreal', 'not_real', 'not-a-real', 'notasecret'];

/** Whole values that are dummies or the textbook weak passwords every tutorial uses. */
const DUMMY_VALUES = new Set([
  'secret', 'secrets', 'password', 'passwd', 'pass', 'pwd', 'token', 'apikey', 'api_key', 'api-key', 'key', 'private_key', 'credentials',
  'changeme', 'change_me', 'changeit', 'test', 'testing', 'tester', 'dummy', 'example', 'sample', 'placeholder', 'none', 'null', 'nil', 'undefined',
  'true', 'false', 'yes', 'no', 'on', 'off', 'empty', 'default', 'todo', 'tbd', 'fixme', 'foo', 'bar', 'baz', 'foobar', 'qwerty', 'letmein',
  '123456', '1234567', '12345678', '123456789', '1234567890', 'abc123', 'abcdef', 'abcd1234', 'p@ssw0rd', 'p@ssword', 'passw0rd', 'pa$$word',
  'pa55word', 's3cr3t', 's3cret', 'hunter2', 'iloveyou', 'welcome', 'user', 'username', 'login', 'guest', 'root', 'mask', 'masked', 'hidden',
  'redacted', 'xxx', 'n/a', 'na', 'tba', 'unknown', 'str', 'string', 'value', 'secret_value', 'password_here', 'token_here', 'mysecret',
  'mypassword', 'supersecret', 'topsecret', 'notasecret', 'secretpassword', 'secretkey', 'secret_key', 'secret-key', 'mysecretkey', 'dev',
  'development', 'local', 'prod', 'production', 'staging',
]);

/** A whole value made of a dummy word and a few digits or a `!` (`password123`, `secret1`, `admin2024!`). */
const DUMMY_WITH_DIGITS = /^(?:password|passwd|pass|secret|test|teste|admin|changeme|example|dummy|demo|sample|default|user|guest|qwerty|welcome|letmein|airflow|postgres|token|root|senha|contrasena|passwort)[-_.]?\d{0,4}!?$/i;

const PLACEHOLDER_PATTERNS = {
  markedName: /^(?:\*[A-Za-z][A-Za-z0-9_ .-]{0,60}\*|%[A-Za-z][A-Za-z0-9_.-]{0,60}%|__[A-Za-z][A-Za-z0-9_.-]{0,60}__|@[A-Za-z][A-Za-z0-9_.-]{0,60}@)$/,
} as const;

/** Characters used to mask or elide a value. */
const MASK_RUN = /[xX*•#]{4}|\.\.\.|…|\*{2}|<>/;

function segmentsOf(value: string): string[] {
  // Split on separators, on lower→upper case changes and on letter↔digit changes: `yourApiKey2` → your, api, key, 2.
  const spaced = value
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .replace(/([A-Za-z])(\d)/g, '$1 $2')
    .replace(/(\d)([A-Za-z])/g, '$1 $2');
  return spaced.split(/[^A-Za-z0-9]+/).filter((s) => s.length > 0).map((s) => s.toLowerCase());
}

/**
 * A placeholder written where a secret will go: `<password>`, `your-api-key`,
 * `changeme`, `xxx`, `***`, `REPLACE_ME`, `TODO`, `dummy`, `example`, a value
 * made of one repeated character, an elided value (`sk-...`). `strict`
 * (for a value given to a real host) keeps only the unmistakable ones: the
 * whole value a dummy, a mask, a template marker.
 */
export function isPlaceholder(value: string, strict = false): boolean {
  const v = stripQuotes(value.trim());
  if (v.length === 0) return false;
  const lower = v.toLowerCase();
  if (DUMMY_VALUES.has(lower) || (!strict && DUMMY_WITH_DIGITS.test(v))) return true;
  // <password>, <YOUR_TOKEN>, [REDACTED], (secret), {password} written as a placeholder in prose
  if (/<[A-Za-z][A-Za-z0-9 _.:\-/]{0,60}>/.test(v)) return true;
  if (/^\[[A-Za-z][A-Za-z0-9 _\-]{0,60}\]$/.test(v) || /^\([A-Za-z][A-Za-z0-9 _\-]{0,60}\)$/.test(v)) return true;
  // *PASSWORD*, %API_KEY%, __TOKEN__, @SECRET@: a name between template markers.
  if (PLACEHOLDER_PATTERNS.markedName.test(v)) return true;
  if (MASK_RUN.test(v)) return true;
  if (distinctChars(v) <= 2 && v.length >= 3) return true;
  if (isSequence(v)) return true;
  for (const infix of PLACEHOLDER_INFIXES) if (lower.includes(infix)) return true;
  // Given to a real host, a value made of dummy words (`Test@2024`) is a weak password, not a placeholder.
  if (strict) return false;
  const segments = segmentsOf(v);
  // Segment words count in values written by a person (a few segments); a long random value yields many short segments by chance.
  if (segments.length <= 8 && segments.some((s) => PLACEHOLDER_SEGMENTS.has(s) || /^x{3,}$/.test(s))) return true;
  if (/^[A-Za-z]+(?:[-_. ][A-Za-z]+)*$/.test(v) && segments.some((s) => SELF_DESCRIBING.has(s))) return true;
  return false;
}

/** `0123456789`, `abcdefgh`, `1234-5678` and their repetitions: typed by hand, never generated. */
function isSequence(v: string): boolean {
  const alnum = v.replace(/[^A-Za-z0-9]/g, '').toLowerCase();
  if (alnum.length < 6) return false;
  let steps = 0;
  for (let i = 1; i < alnum.length; i++) {
    const d = alnum.charCodeAt(i) - alnum.charCodeAt(i - 1);
    if (d === 1 || (alnum[i - 1] === '9' && alnum[i] === '0')) steps++;
  }
  return steps >= (alnum.length - 1) * 0.8;
}

export function distinctChars(v: string): number {
  return new Set(v).size;
}

/** Removes one pair of matching surrounding quotes. */
export function stripQuotes(v: string): string {
  if (v.length >= 2) {
    const q = v[0];
    if ((q === '"' || q === "'" || q === '`') && v[v.length - 1] === q) return v.slice(1, -1);
  }
  return v;
}

/** Jinja/Go template expressions, shell and Compose variables, Python format fields. */
const TEMPLATE_PARTS: RegExp[] = [
  /\{\{[^{}]{0,200}\}\}/, // {{ var.value.x }}, {{ conn.x.password }}, {{ .PostgresPassword }}
  /\{%[^{}]{0,200}%\}/, // {% if %}
  /\$\{[^{}]{0,200}\}/, // ${VAR}, ${VAR:-default}
  /\$\([^()]{0,200}\)/, // $(cat /run/secrets/x)
  /(?:^|[^A-Za-z0-9\\$])\$[A-Za-z_][A-Za-z0-9_]{0,100}(?![A-Za-z0-9_])/, // $VAR
  /\{[A-Za-z_][A-Za-z0-9_.]{0,60}(?:![rsa])?(?::[0-9<>^=+,._%a-z-]{0,20})?\}/, // {password}, {conn.password}, {x!r}, {n:>10}
  /\{[A-Za-z_][A-Za-z0-9_.]{0,60}[([][^{}\n]{0,200}\}/, // f-string fields holding a call or a subscript: {conn.extra_dejson.get('x')}, {parts[3]}
  /\{\d{0,2}\}/, // {} and {0}
  /%\([A-Za-z_][A-Za-z0-9_]{0,60}\)[sdr]/, // %(password)s
  /%s/,
  /<%=?[^%]{0,200}%>/, // <%= ENV['X'] %> (ERB)
];

/** Python, Airflow and other code that fetches a secret at run time instead of holding it. */
const CODE_REFERENCES: RegExp[] = [
  /\bos\.environ\b/,
  /\bos\.getenv\s{0,4}\(/,
  /\bgetenv\s{0,4}\(/,
  /\benviron(?:\.get)?\s{0,4}[[(]/,
  /\bVariable\.get\s{0,4}\(/,
  /\bBaseHook\.get_connection\s{0,4}\(/,
  /\bget_connection\s{0,4}\(/,
  /\bget_secret(?:_value)?\s{0,4}\(/,
  /\bget_password\s{0,4}\(/,
  /\bdbutils\.secrets\.get\s{0,4}\(/,
  /\bsecrets\.get\s{0,4}\(/,
  /\bprocess\.env\b/,
  /\bSecret\s{0,4}\(/,
  /^!ENV\b/,
  /^env\s{0,4}\(/,
  /^(?:vault|awssm|gcpsm|azkv|sm|secretsmanager|ssm):\/{0,2}[A-Za-z0-9_./-]{1,200}$/i,
  /^\{\{\s{0,4}secrets\.[A-Za-z0-9_]{1,100}\s{0,4}\}\}$/,
  // Terraform: `var.db_password`, `random_password.db.result`, `data.aws_secretsmanager_secret_version.x.secret_string`.
  /^(?:var|local|data|module|random_password|random_string|each|self)\.[A-Za-z0-9_.\[\]"-]{1,200}$/,
];

/**
 * A reference to a secret kept elsewhere: `${VAR}`, `$VAR`, `{{ var.value.x }}`,
 * `{{ conn.x.password }}` and other Jinja, `os.environ[...]`, `os.getenv(...)`,
 * `Variable.get(...)`, `BaseHook.get_connection(...)`; also f-string and
 * `.format`/`%` template fields, which stand for a value given elsewhere.
 */
export function isReference(value: string): boolean {
  const v = value.trim();
  if (v.length === 0) return false;
  for (const re of CODE_REFERENCES) if (re.test(v)) return true;
  for (const re of TEMPLATE_PARTS) if (re.test(v)) return true;
  return false;
}

/** File extensions of files that hold keys, credentials or configuration. */
const PATH_EXTENSION = /\.(?:json|pem|key|p8|p12|pfx|crt|cer|der|jks|keystore|txt|ya?ml|cfg|conf|ini|env|toml|csv|py|sh|pub|gpg|asc|enc|kdbx|sql|parquet|zip|gz|log)$/i;

/** A file path, a directory or a storage URI: `/path/key.json`, `include/keys/sa.json`, `~/.ssh/id_rsa`, `s3://bucket/key`. */
export function isPathLike(value: string): boolean {
  const v = stripQuotes(value.trim());
  if (v.length === 0 || /\s/.test(v)) return false;
  if (/^(?:s3a?|gs|gcs|abfss?|wasbs?|hdfs|file|dbfs|az|adl):\/\//i.test(v)) return true;
  if (/^[A-Za-z]:\\/.test(v)) return true;
  if (/^(?:~|\.{1,2})?\//.test(v) || v.includes('/')) {
    if (looksLikeBase64Blob(v)) return false;
    if (PATH_EXTENSION.test(v)) return true;
    // Every segment made of ordinary name characters, and a leading slash, tilde or dot: a path.
    if (/^(?:~|\.{1,2})?\/[A-Za-z0-9_.@\-/]*$/.test(v) && !/\/\//.test(v)) return true;
    // relative paths of ordinary words: include/keys/service-account
    if (/^[A-Za-z0-9_.\-]+(?:\/[A-Za-z0-9_.\-]+)+\/?$/.test(v) && v.split('/').every((s) => s === '' || isWordLike(s))) return true;
    return false;
  }
  if (PATH_EXTENSION.test(v) && /^[A-Za-z0-9_.\-]+$/.test(v) && isWordLike(v.replace(PATH_EXTENSION, ''))) return true;
  return false;
}

/** Base64 with random-looking content, as in keys (not a path even when it contains slashes). */
function looksLikeBase64Blob(v: string): boolean {
  if (v.length < 20 || !/^[A-Za-z0-9+/]+={0,2}$/.test(v)) return false;
  return /[a-z]/.test(v) && /[A-Z]/.test(v) && /\d/.test(v) && !v.split('/').every((s) => s === '' || isWordLike(s));
}

/** Hex digests, git SHAs, UUIDs and `sha256:` digests: identifiers, not credentials. */
export function isIdentifierHash(value: string): boolean {
  const v = stripQuotes(value.trim());
  if (/^(?:sha(?:1|224|256|384|512)|md5|blake2b?)[:=-][A-Fa-f0-9]{16,128}$/i.test(v)) return true;
  if (/@sha256:[a-f0-9]{64}$/.test(v)) return true;
  if (/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(v)) return true;
  if (/^[0-9a-f]{7,128}$/.test(v) || /^[0-9A-F]{7,128}$/.test(v)) return true;
  return false;
}

/**
 * A stored password hash, not a password: crypt formats (`$6$salt$hash`,
 * `$2b$…` bcrypt, `$argon2id$…`), `algorithm$salt$hash` (Django,
 * passlib), `pbkdf2:sha256:…$salt$hash` (Werkzeug, Flask-AppBuilder, which
 * Airflow's own user database uses), PostgreSQL's `md5…` and `SCRAM-SHA-256$…`,
 * MySQL's `*…`.
 */
export function isPasswordHash(value: string): boolean {
  const v = stripQuotes(value.trim());
  return HASH_PATTERNS.some((re) => re.test(v));
}

const HASH_PATTERNS: RegExp[] = [
  /^\$(?:1|2[abxy]?|5|6|y|gy|7|md5|sha1|argon2(?:id|i|d)|scrypt|pbkdf2(?:-sha\d{1,3})?)\$[^\s$]{1,200}(?:\$[^\s$]{1,400}){0,4}$/,
  /^[a-z][a-z0-9_-]{1,30}\$[^\s$]{1,100}\$[A-Za-z0-9+/=.]{16,400}$/,
  /^(?:pbkdf2|scrypt)(?::[a-z0-9-]{1,20}){1,4}\$[^\s$]{1,100}\$[0-9a-f]{16,400}$/,
  /^md5[0-9a-f]{32}$/,
  /^SCRAM-SHA-256\$\d{1,7}:[A-Za-z0-9+/=]{4,100}\$[A-Za-z0-9+/=]{4,200}:[A-Za-z0-9+/=]{4,200}$/,
  /^\*[0-9A-F]{40}$/,
];

/** A version or a version constraint (`>=2.0`, `^1.2`, `~=3.1.0`, `>=1.0,<2`, `2.31.0`, `*`): what lock and manifest files write after a package's name. */
export function isVersionSpec(value: string): boolean {
  const v = stripQuotes(value.trim());
  if (v === '*') return true;
  const parts = v.split(',');
  if (parts.length > 4) return false;
  // A bare version needs a dot (`2.31.0`): a bare number is judged elsewhere.
  return parts.every((part) => VERSION_CONSTRAINT.test(part.trim()) || (parts.length === 1 && BARE_VERSION.test(part.trim())));
}

const VERSION_CONSTRAINT = /^(?:[<>=!~^]=?|===)[ ]{0,2}v?\d{1,10}(?:\.(?:\d{1,10}|\*)){0,4}(?:[a-z]{1,5}\d{0,6})?(?:[-+.][A-Za-z0-9]{1,20}){0,3}$/;
const BARE_VERSION = /^v?\d{1,10}(?:\.\d{1,10}){1,4}(?:[a-z]{1,5}\d{0,6})?(?:[-+.][A-Za-z0-9]{1,20}){0,3}$/;

/** Just a UUID. */
export function isUuid(value: string): boolean {
  return /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value);
}

/** A public key, a certificate or an SSH public key line: public by design. */
export function isPublicKeyMaterial(value: string): boolean {
  const v = value.trim();
  if (/-----BEGIN (?:[A-Z0-9]+ ){0,3}(?:PUBLIC KEY|CERTIFICATE|CERTIFICATE REQUEST|NEW CERTIFICATE REQUEST|X509 CRL|PGP PUBLIC KEY BLOCK|PGP SIGNATURE|PKCS7|DH PARAMETERS|EC PARAMETERS)-----/.test(v)) return true;
  if (/^(?:ssh-(?:rsa|dss|ed25519)|ecdsa-sha2-nistp\d{3}|sk-(?:ssh-ed25519|ecdsa-sha2-nistp256)@openssh\.com) AAAA/.test(v)) return true;
  // The base64 of an SSH public key alone (a host key): it starts with its own key type's name, encoded.
  if (/^AAAA(?:B3NzaC1yc2E|B3NzaC1kc3M|C3NzaC1lZDI1NTE5|E2VjZHNhLXNoYTItbmlzdHA|GnNrLXNzaC1lZDI1NTE5|InNrLWVjZHNh)[A-Za-z0-9+/]{16,2000}={0,3}$/.test(v)) return true;
  // A Mapbox public token (`pk.eyJ…`), meant for browsers.
  if (/^pk\.eyJ[A-Za-z0-9_-]{10,2000}\.[A-Za-z0-9_-]{10,200}$/.test(v)) return true;
  // DER of a SubjectPublicKeyInfo (RSA: MIIBIjANBgkqhkiG9w0BAQEFAAOC…)
  if (/^MI[A-Za-z0-9+/]{2,4}ANBgkqhkiG9w0BAQEFAAO/.test(v)) return true;
  return false;
}

/** The Fernet key in the Astro CLI's local Docker Compose template (`astronomer/astro-cli`, airflow/include/airflow2/composeyml.go.tmpl): the same for every local project. */
export const ASTRO_CLI_LOCAL_FERNET_KEY = 'd6Vefz3G9U_ynXB3cr7y_Ak35tAHkEGAVxuz_B-jzWw=';

/** The well-known account key of Azurite and the Azure Storage Emulator (`devstoreaccount1`). */
export const AZURITE_ACCOUNT_KEY = 'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==';

/** The AWS documentation's example access key pair. */
export const AWS_DOCS_EXAMPLES = ['AKIAIOSFODNN7EXAMPLE', 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY'];

/**
 * Passwords that are public defaults of local tooling, not secrets of the
 * project: the Astro CLI's local Postgres (`postgres`) and Airflow admin
 * user (`admin`), Airflow's own Docker Compose (`airflow`), MinIO
 * (`minioadmin`), RabbitMQ (`guest`), LocalStack (`test`), the Cloudera
 * QuickStart VM (`cloudera`).
 */
const PUBLIC_DEFAULT_PASSWORDS = new Set(['postgres', 'airflow', 'admin', 'minioadmin', 'guest', 'test', 'localstack', 'astro', 'astronomer', 'cloudera']);

/** A published default or documented example value that many projects share. */
export function isPublicDefault(value: string): boolean {
  const v = stripQuotes(value.trim());
  if (v === ASTRO_CLI_LOCAL_FERNET_KEY || v === AZURITE_ACCOUNT_KEY || AWS_DOCS_EXAMPLES.includes(v)) return true;
  if (PUBLIC_DEFAULT_PASSWORDS.has(v.toLowerCase())) return true;
  if (/UseDevelopmentStorage=true/i.test(v) || v.includes('devstoreaccount1')) return true;
  return isPublicJwt(v);
}

/**
 * A JWT that is public by design or by publication: jwt.io's example token
 * (subject 1234567890, John Doe) and tokens of role `anon` (Supabase's
 * public anon keys).
 */
export function isPublicJwt(token: string): boolean {
  if (!token.startsWith('eyJ')) return false;
  const payload = token.split('.')[1];
  if (!payload || !/^[A-Za-z0-9_-]{1,8000}$/.test(payload)) return false;
  let text: string;
  try {
    text = Buffer.from(payload.replace(/-/g, '+').replace(/_/g, '/'), 'base64').toString('utf8');
  } catch {
    return false;
  }
  if (/"sub"\s{0,2}:\s{0,2}"1234567890"/.test(text) && text.includes('John Doe')) return true;
  return /"role"\s{0,2}:\s{0,2}"anon"/.test(text);
}

/** Shannon entropy in bits per character. */
export function shannonEntropy(v: string): number {
  if (v.length === 0) return 0;
  const counts = new Map<string, number>();
  for (const ch of v) counts.set(ch, (counts.get(ch) ?? 0) + 1);
  let h = 0;
  for (const n of counts.values()) {
    const p = n / v.length;
    h -= p * Math.log2(p);
  }
  return h;
}

/**
 * A value made of words, names and short numbers (`my-k8s-secret`,
 * `snowflake_conn`, `airflow-secrets`, `v2`): written by a person, not
 * generated. Its segments are alphabetic, short, or small numbers.
 */
export function isWordLike(value: string): boolean {
  const parts = value.split(/[-_./:@ ]+/).filter((s) => s.length > 0);
  if (parts.length === 0) return true;
  return parts.every((p) => {
    if (/^[A-Za-z]+$/.test(p)) return !looksRandomLetters(p);
    if (/^\d{1,8}$/.test(p)) return true;
    return p.length <= 4 && /^[A-Za-z0-9]+$/.test(p);
  });
}

/** A run of letters that is a random draw rather than a word or a name (`qZtrWkPbXc`): many case changes. */
function looksRandomLetters(p: string): boolean {
  if (p.length < 12) return false;
  let changes = 0;
  for (let i = 1; i < p.length; i++) {
    const a = p[i - 1] >= 'a' && p[i - 1] <= 'z';
    const b = p[i] >= 'a' && p[i] <= 'z';
    if (a !== b) changes++;
  }
  return changes >= Math.max(4, p.length / 4);
}

/**
 * Random enough to be a generated credential: long enough, no spaces, not
 * made of words, at least two character classes and enough entropy. Used
 * only where the name already says the value is sensitive.
 */
export function looksRandom(value: string, minLength = 16): boolean {
  const v = value;
  if (v.length < minLength || /\s/.test(v)) return false;
  // Generated tokens and keys are written in ASCII (base64, hex, alphanumerics); accented letters are typed by a person.
  if (!/^[\x21-\x7e]+$/.test(v)) return false;
  if (isWordLike(v)) return false;
  let classes = 0;
  if (/[a-z]/.test(v)) classes++;
  if (/[A-Z]/.test(v)) classes++;
  if (/\d/.test(v)) classes++;
  if (/[^A-Za-z0-9]/.test(v)) classes++;
  if (classes < 2) return /^[a-z]+$/.test(v) ? false : /^[0-9a-f]+$/i.test(v) && !/^\d+$/.test(v) && v.length >= 32 && shannonEntropy(v) >= 3;
  if (distinctChars(v) < Math.min(10, v.length / 2)) return false;
  // A short value cannot reach 3 bits a character: for 10 characters, log2(10) is 3.3 even when all differ.
  return shannonEntropy(v) >= Math.min(3.0, Math.log2(v.length) - 0.5);
}

/** Regexes of this module, for the ReDoS test. */
export const PLACEHOLDER_REGEXES: { id: string; re: RegExp }[] = [
  { id: 'placeholder:dummy-with-digits', re: DUMMY_WITH_DIGITS },
  { id: 'placeholder:mask-run', re: MASK_RUN },
  { id: 'placeholder:path-extension', re: PATH_EXTENSION },
  { id: 'placeholder:marked-name', re: PLACEHOLDER_PATTERNS.markedName },
  { id: 'placeholder:version-constraint', re: VERSION_CONSTRAINT },
  { id: 'placeholder:bare-version', re: BARE_VERSION },
  ...HASH_PATTERNS.map((re, i) => ({ id: `placeholder:hash-${i}`, re })),
  ...TEMPLATE_PARTS.map((re, i) => ({ id: `placeholder:template-${i}`, re })),
  ...CODE_REFERENCES.map((re, i) => ({ id: `placeholder:code-reference-${i}`, re })),
];
