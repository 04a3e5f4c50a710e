import { connectionEndpointKind, connectionLabel, connectionSeverity, connectionsOf, extraSettings, projectServices, type ExtraSetting } from '../analysis/airflow/connections';
import { falsy, truthy } from '../knowledge/airflow/options';
import type { Fix } from '../types';
import type { FileVerdict, ProjectRule } from './rule';

/** A connection extra that turns a TLS check off, and the value that turns it back on (every one of them is on when absent). */
interface Switch {
  /** Connection types whose hook reads the key; any type when absent. */
  types?: readonly string[];
  /** Keys, lower case, as the hooks read them (legacy `extra__<type>__` prefix removed). */
  keys: readonly string[];
  off(value: unknown): boolean;
  /** The value that checks again, as a JSON/YAML literal. */
  secure: 'true' | 'false' | '"required"' | '"https"' | '"no"' | '"default"';
  /** What the setting stops checking. */
  check: 'certificate' | 'host name';
  /** A certificate path or a CA bundle may stand in the same key (`verify: /etc/ssl/ca.pem`): a fix written as a string must not be mistaken for one. */
  pathLike?: boolean;
  /** Also inside an ODBC connection string or an object extra (`connect_kwargs`). */
  nested?: boolean;
}

const SWITCHES: readonly Switch[] = [
  { keys: ['verify', 'verify_ssl'], off: falsy, secure: 'true', check: 'certificate', pathLike: true },
  { keys: ['verify_certs'], off: falsy, secure: 'true', check: 'certificate' },
  { keys: ['insecure_mode'], off: truthy, secure: 'false', check: 'certificate' },
  { keys: ['tlsallowinvalidcertificates', 'tlsinsecure', 'allow_insecure'], off: truthy, secure: 'false', check: 'certificate' },
  { keys: ['tlsallowinvalidhostnames'], off: truthy, secure: 'false', check: 'host name' },
  { keys: ['ssl_cert_reqs'], off: (v) => typeof v === 'string' && /^(?:ssl\.)?(?:cert_)?none$/i.test(v.trim()), secure: '"required"', check: 'certificate' },
  { keys: ['enable.ssl.certificate.verification'], off: falsy, secure: 'true', check: 'certificate' },
  { keys: ['ssl.endpoint.identification.algorithm'], off: (v) => typeof v === 'string' && v.trim().toLowerCase() === 'none', secure: '"https"', check: 'host name' },
  { keys: ['trustservercertificate'], off: truthy, secure: '"no"', check: 'certificate', nested: true },
  { keys: ['disable_verify_ssl'], off: truthy, secure: 'false', check: 'certificate' },
  // SMTP: `none` makes smtplib use an SSL context that checks nothing (the default context checks).
  { types: ['smtp'], keys: ['ssl_context'], off: (v) => v === 'none', secure: '"default"', check: 'certificate' },
];

/** The edit that turns the check back on: the key removed from a URI (absent, every one checks), else its secure value written. */
function secureFixes(s: ExtraSetting, sw: Switch): Fix[] {
  const bare = sw.secure.replace(/"/g, '');
  const title = `Check the server's ${sw.check} again (${s.key}: ${bare})`;
  if (s.within === 'extra' && s.extra.syntax === 'query') {
    // A query parameter is always a string: `verify=true` would name a CA bundle called `true`. Removing it restores the default.
    if (s.extra.remove) return [{ title: `Check the server's ${sw.check} again (remove ${s.key})`, isPreferred: true, edits: [s.extra.remove()] }];
    if (sw.pathLike || !s.write) return [];
    return [{ title, isPreferred: true, edits: [s.write(bare)] }];
  }
  if (!s.write) return [];
  if (s.within === 'string') return [{ title, isPreferred: true, edits: [s.write(bare)] }];
  // JSON or YAML: write a literal of the right type, keeping a string's quotes where a string is meant
  // (a plain YAML string stays plain unless YAML 1.1, which the Astro CLI reads, would take it for a boolean: `no`).
  const quoted = /^["']/.test(s.raw);
  const plain = s.extra.syntax === 'yaml' && !quoted && !/^(?:y|yes|n|no|on|off)$/i.test(bare);
  const text = sw.secure.startsWith('"') && !plain ? `${quoted ? s.raw[0] : '"'}${bare}${quoted ? s.raw[0] : '"'}` : bare;
  return [{ title, isPreferred: true, edits: [s.write(text)] }];
}

/** Connection extras that turn off the check of the server's certificate or host name. */
export const connectionTlsVerificationOff: ProjectRule = {
  meta: {
    id: 'ASR402',
    name: 'connection-tls-verification-off',
    responsibility: 'network',
    defaultSeverity: 'warning',
    summary: "A connection's extras turn off the check of the server's certificate or host name (`verify: false`, `insecure_mode: true`, `TrustServerCertificate=yes`, …).",
    instead:
      "Remove the setting, so that the client checks the server's certificate and host name again (every client checks by default). When the server's certificate is signed by a private CA, give the client that CA instead: `verify: /path/to/ca.pem` (HTTP, AWS, Vault, Trino), `ca_certs` (Elasticsearch), `tlsCAFile` (MongoDB), `ssl_ca_certs` (Redis), `ssl.ca.location` (Kafka), with the CA file copied into the image.",
  },
  checkProject(project) {
    const services = projectServices(project);
    const verdicts: FileVerdict[] = [];
    for (const conn of connectionsOf(project)) {
      const kind = connectionEndpointKind(conn, services);
      if (kind === 'local' || kind === 'unknown') continue;
      for (const sw of SWITCHES) {
        if (sw.types && !sw.types.includes(conn.type?.value ?? '')) continue;
        const settings = extraSettings(conn, (key) => sw.keys.includes(key.toLowerCase())).filter((s) => (sw.nested || s.within === 'extra') && sw.off(s.value));
        for (const s of settings) {
          const where = s.within === 'extra' ? `\`${s.key}\`` : s.within === 'object' ? `\`${s.key}\` in \`${s.extra.key}\`` : `\`${s.key}\` in the connection string of \`${s.extra.key}\``;
          const what =
            sw.check === 'certificate'
              ? "the check of the server's certificate: anyone who can intercept the network path can pose as the server"
              : "the check that the server's certificate names the host: anyone holding a valid certificate for another name can pose as the server";
          verdicts.push({
            file: conn.file,
            range: s.range,
            severity: connectionSeverity('warning', kind, conn.reach),
            message: `${where} in ${connectionLabel(conn)} turns off ${what}, and read or change everything the connection sends, credentials included. Remove it; if the server's certificate comes from a private CA, give the client that CA's certificate instead.`,
            brief: 'TLS verification off in a connection',
            fixes: secureFixes(s, sw),
          });
        }
      }
    }
    return verdicts;
  },
};
