import { connectionHostKind, connectionLabel, connectionSeverity, connectionsOf, hostName, projectServices, type ConnectionExtra } from '../analysis/airflow/connections';
import type { FileVerdict, ProjectRule } from './rule';

/** Connection types read by SSHHook (SFTPHook builds on it). */
const SSH_TYPES = new Set(['ssh', 'sftp']);

/** How SSHHook reads its switches: `str(value).lower() == "true"` (`True`, `"TRUE"`; not `1` or `yes`). */
function hookTrue(value: unknown): boolean {
  return value === true || (typeof value === 'string' && value.toLowerCase() === 'true');
}

const PIN =
  "Pin the server's key: set the `host_key` extra to its public key (`ssh-ed25519 AAAA…`, the line `ssh-keyscan -t ed25519 <host>` prints without the host name, its fingerprint checked against one you trust), which also turns the check on; or set `no_host_key_check: false` with the key in the image's `~/.ssh/known_hosts`.";

/** An SSH or SFTP connection to a remote host that accepts whatever key the server presents. */
export const sshHostKeyUnchecked: ProjectRule = {
  meta: {
    id: 'ASR404',
    name: 'ssh-host-key-unchecked',
    responsibility: 'network',
    defaultSeverity: 'warning',
    summary: "An SSH or SFTP connection to a remote host accepts any server key: `no_host_key_check` is true (the SSH hook's default when no `host_key` is given) or `allow_host_key_change` is true.",
    instead:
      "Pin the server's public key in the connection: add the `host_key` extra (`ssh-ed25519 AAAA…`, from `ssh-keyscan` checked against a fingerprint you trust), which turns the check on, and remove `no_host_key_check: true` and `allow_host_key_change: true`. Without `host_key`, set `no_host_key_check: false` and put the key in the image's `~/.ssh/known_hosts`.",
  },
  checkProject(project) {
    const services = projectServices(project);
    const verdicts: FileVerdict[] = [];
    for (const conn of connectionsOf(project)) {
      if (!conn.type || !SSH_TYPES.has(conn.type.value)) continue;
      const kind = connectionHostKind(conn, services);
      if (!kind || kind === 'local') continue;
      const extra = (name: string): ConnectionExtra | undefined => conn.extras.find((x) => x.name === name && x.value !== null && x.value !== undefined);
      const hostKey = extra('host_key');
      const hasHostKey = hostKey !== undefined && hostKey.value !== '';
      const noCheck = extra('no_host_key_check');
      const keyChange = extra('allow_host_key_change');
      const label = connectionLabel(conn);
      const host = `\`${hostName(conn.host?.value)}\``;
      const severity = connectionSeverity('warning', kind, conn.reach);
      const risk = `anyone who can intercept the network path to ${host} can pose as the server and receive the login, the commands and the files`;
      // With a host key, the hook refuses `no_host_key_check: true` ("Must check host key when provided"): the connection fails, it is not open.
      if (noCheck && hookTrue(noCheck.value) && !hasHostKey) {
        verdicts.push({ file: conn.file, range: noCheck.range, severity, message: `\`no_host_key_check\` in ${label} makes the SSH hook accept any key the server presents: ${risk}. ${PIN}`, brief: 'SSH host key not checked' });
      } else if (keyChange && hookTrue(keyChange.value)) {
        verdicts.push({
          file: conn.file,
          range: keyChange.range,
          severity,
          message: `\`allow_host_key_change\` in ${label} makes the SSH hook skip the known hosts and accept a server key it does not know: ${risk}. Remove it, and ${PIN.charAt(0).toLowerCase()}${PIN.slice(1)}`,
          brief: 'SSH host key change allowed',
        });
      } else if (!noCheck && !hasHostKey) {
        verdicts.push({
          file: conn.file,
          range: conn.type.range,
          severity,
          message: `${label.charAt(0).toUpperCase()}${label.slice(1)} does not check the server's key: without \`host_key\` or \`no_host_key_check: false\`, the SSH hook's default (\`no_host_key_check\` true in apache-airflow-providers-ssh) accepts any key, so ${risk}. ${PIN}`,
          brief: 'SSH host key not checked (default)',
        });
      }
    }
    return verdicts;
  },
};
