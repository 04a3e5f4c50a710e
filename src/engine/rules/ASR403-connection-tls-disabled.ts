import { connectionEndpointKind, connectionLabel, connectionSeverity, connectionsOf, extraSettings, projectServices, type AirflowConnection, type ExtraSetting } from '../analysis/airflow/connections';
import { falsy, truthy } from '../knowledge/airflow/options';
import type { FileVerdict, ProjectRule } from './rule';

/** A setting that chooses no encryption, or encryption only when the server offers it. */
interface Choice {
  /** Connection types whose hook reads the key. */
  types: readonly string[];
  /** Keys, lower case (legacy `extra__<type>__` prefix removed). */
  keys: readonly string[];
  /** Whether the value chooses no encryption, encryption only when the server insists (`plain-first`) or offers it (`optional`); undefined for a secure one. */
  choice(value: unknown, conn: AirflowConnection): 'none' | 'plain-first' | 'optional' | undefined;
  /** What to do instead: a sentence, for the message. */
  instead: string;
  /** Also inside an ODBC connection string or an object extra (`connect_kwargs`). */
  nested?: boolean;
}

const lower = (v: unknown): string => (typeof v === 'string' ? v.trim().toLowerCase() : String(v).toLowerCase());

const CHOICES: readonly Choice[] = [
  {
    types: ['postgres', 'redshift'],
    keys: ['sslmode'],
    choice: (v) => (lower(v) === 'disable' ? 'none' : lower(v) === 'allow' ? 'plain-first' : lower(v) === 'prefer' ? 'optional' : undefined),
    instead: 'Write `sslmode: verify-full` (or at least `require`)',
  },
  {
    types: ['mysql'],
    keys: ['ssl_mode'],
    choice: (v) => (lower(v) === 'disabled' ? 'none' : lower(v) === 'preferred' ? 'optional' : undefined),
    instead: 'Write `ssl_mode: VERIFY_IDENTITY` (or at least `REQUIRED`)',
  },
  { types: ['mysql'], keys: ['ssl_disabled'], choice: (v) => (truthy(v) ? 'none' : undefined), instead: 'Remove `ssl_disabled` and set `ssl_verify_identity: true`' },
  {
    types: ['kafka'],
    keys: ['security.protocol'],
    choice: (v) => (lower(v) === 'plaintext' || lower(v) === 'sasl_plaintext' ? 'none' : undefined),
    instead: 'Write `security.protocol: SASL_SSL` (or `SSL`)',
  },
  {
    types: ['odbc', 'mssql'],
    keys: ['encrypt'],
    choice: (v) => (falsy(v) ? 'none' : lower(v) === 'optional' ? 'optional' : undefined),
    instead: 'Write `Encrypt=yes` (or `strict` with ODBC Driver 18)',
    nested: true,
  },
  { types: ['redis'], keys: ['ssl'], choice: (v, conn) => (falsy(v) && conn.hasPassword ? 'none' : undefined), instead: 'Write `ssl: true` (the certificate is then checked: `ssl_cert_reqs` defaults to `required`)' },
  { types: ['grpc'], keys: ['auth_type'], choice: (v) => (v === 'NO_AUTH' ? 'none' : undefined), instead: 'Write `auth_type: SSL` (or `TLS`, `JWT_GOOGLE`, `OATH_GOOGLE`: all over TLS)' },
];

/** Python's truth of a JSON value: the SMTP hook reads its switches with `bool()`, so any text but the empty one (`"false"` too) is true. */
function pythonTrue(v: unknown): boolean {
  if (typeof v === 'string') return v !== '';
  if (typeof v === 'number') return v !== 0;
  if (Array.isArray(v)) return v.length > 0;
  if (v !== null && typeof v === 'object') return Object.keys(v).length > 0;
  return v === true;
}

/** SMTP: both `disable_ssl` and `disable_tls` set (the hook otherwise uses SMTP over SSL, or STARTTLS). */
function smtpPlaintext(conn: AirflowConnection): ExtraSetting | undefined {
  const on = (key: string) => extraSettings(conn, (k) => k === key).find((s) => s.within === 'extra' && pythonTrue(s.value));
  const ssl = on('disable_ssl');
  const tls = on('disable_tls');
  return ssl && tls ? tls : undefined;
}

/** Connection extras that choose no encryption, or encryption only when the server offers it, to a remote host. */
export const connectionTlsDisabled: ProjectRule = {
  meta: {
    id: 'ASR403',
    name: 'connection-tls-disabled',
    responsibility: 'network',
    defaultSeverity: 'warning',
    summary: 'A connection to a remote host chooses no encryption, or encryption only when the server offers it (`sslmode: disable`/`prefer`, `security.protocol: PLAINTEXT`, `Encrypt=no`, …).',
    instead:
      'Require encryption, and a checked certificate where the client can check one: `sslmode: verify-full` (Postgres, Redshift), `ssl_mode: VERIFY_IDENTITY` (MySQL), `security.protocol: SASL_SSL` (Kafka), `Encrypt=yes` (ODBC), `ssl: true` (Redis), an `auth_type` with TLS (gRPC), SMTP over SSL or STARTTLS. Or remove the setting where the default is encrypted. Check first that the server accepts TLS.',
  },
  checkProject(project) {
    const services = projectServices(project);
    const verdicts: FileVerdict[] = [];
    for (const conn of connectionsOf(project)) {
      const type = conn.type?.value;
      if (!type) continue;
      const kind = connectionEndpointKind(conn, services);
      if (kind !== 'remote' && kind !== 'private') continue;
      const label = connectionLabel(conn);
      const severity = connectionSeverity('warning', kind, conn.reach);
      for (const c of CHOICES) {
        if (!c.types.includes(type)) continue;
        for (const s of extraSettings(conn, (key) => c.keys.includes(key.toLowerCase()))) {
          if (!c.nested && s.within !== 'extra') continue;
          const choice = c.choice(s.value, conn);
          if (!choice) continue;
          const how =
            choice === 'none'
              ? 'turns encryption off: everything the connection sends and receives, credentials included, crosses the network in clear text'
              : choice === 'plain-first'
                ? 'makes the client try clear text first: it uses TLS only when the server refuses clear text, so everything the connection sends and receives, credentials included, normally crosses the network in clear text'
                : 'makes encryption optional: the client falls back to clear text whenever the server, or anyone on the network path posing as it, does not offer TLS, and does not check the certificate when it does';
          verdicts.push({
            file: conn.file,
            range: s.range,
            severity,
            message: `\`${s.key}\`${s.within === 'extra' ? '' : ` in \`${s.extra.key}\``} in ${label} ${how}. ${c.instead}, once the server accepts TLS.`,
            brief: choice === 'optional' ? 'connection with optional TLS' : 'connection without TLS',
          });
        }
      }
      if (type === 'smtp') {
        const s = smtpPlaintext(conn);
        const falseText = extraSettings(conn, (k) => k === 'disable_ssl' || k === 'disable_tls').map((x) => x.value).find((v): v is string => typeof v === 'string' && falsy(v));
        if (s) {
          verdicts.push({
            file: conn.file,
            range: s.range,
            severity,
            message: `\`disable_ssl\` and \`disable_tls\` in ${label} together turn encryption off: mail and the SMTP login cross the network in clear text${falseText ? ` (the hook reads them with Python's \`bool()\`: any text but an empty one is true, \`${falseText}\` included)` : ''}. Remove both (SMTP over SSL), or keep only \`disable_ssl\` (STARTTLS).`,
            brief: 'SMTP connection without TLS',
          });
        }
      }
    }
    return verdicts;
  },
};
