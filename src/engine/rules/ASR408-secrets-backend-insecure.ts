import { parseExtraJson, type Extra } from '../knowledge/airflow/connection';
import { hostKind, type HostKind } from '../knowledge/hosts';
import { projectServices } from '../analysis/airflow/connections';
import { rangeIn } from '../analysis/airflow/definitions';
import { airflowMajorOf, airflowSettingsOf, literalValue, localNote, notReadNote, settingSeverity, settingsNamed, type AirflowSetting } from '../analysis/airflow/settings';
import type { Fix, Severity } from '../types';
import type { FileVerdict, ProjectRule } from './rule';

/** The host of an `http(s)://` URL, lower case, or undefined. */
function urlHost(url: string): string | undefined {
  try {
    return new URL(url).hostname.replace(/^\[|\]$/g, '').toLowerCase() || undefined;
  } catch {
    return undefined;
  }
}

const HTTP_URL = /^http:\/\//i;

/** What the kwargs connect to: the host of their first URL value (`url`, `endpoint_url`, `vault_url`), or undefined (the cloud provider's own endpoint). */
function backendHost(extras: readonly Extra[]): string | undefined {
  for (const x of extras) if (typeof x.value === 'string' && /^https?:\/\//i.test(x.value)) return urlHost(x.value);
  return undefined;
}

/**
 * `AIRFLOW__SECRETS__BACKEND_KWARGS` (and Airflow 3's
 * `AIRFLOW__WORKERS__SECRETS_BACKEND_KWARGS`) that reach the secrets
 * backend over plain `http://` to a host that is not on the developer's
 * machine, or turn certificate checks off with `"verify": false`.
 */
export const secretsBackendInsecure: ProjectRule = {
  meta: {
    id: 'ASR408',
    name: 'secrets-backend-insecure',
    responsibility: 'network',
    defaultSeverity: 'error',
    summary: 'The secrets backend is reached over plain http or without certificate checks.',
    instead:
      "Reach the secrets backend over `https://` and keep certificate checks on: remove `\"verify\": false`, or give `verify` the path of your CA bundle (copied into the image) when the server's certificate comes from a private CA. Every connection and variable Airflow reads travels on this link.",
  },
  checkProject(project, ctx) {
    const major = airflowMajorOf(project, ctx.catalog);
    const services = projectServices(project);
    const verdicts: FileVerdict[] = [];
    const severityAt = (setting: AirflowSetting, kind: HostKind): Severity => (kind === 'private' ? 'info' : settingSeverity(setting, 'error', major));
    for (const setting of settingsNamed(airflowSettingsOf(project), 'secrets.backend_kwargs', 'workers.secrets_backend_kwargs')) {
      const value = literalValue(setting);
      const extras = value === undefined ? undefined : parseExtraJson(setting.definition.value);
      if (!extras) continue;
      const { place, where } = setting.definition;
      const file = place.file.path;
      // A Dockerfile value with escaped quotes is located through its offsets, and not edited.
      const editable = place.exact;
      const note = notReadNote(setting, major) ?? '';
      for (const x of extras) {
        if (typeof x.value !== 'string' || !HTTP_URL.test(x.value.trim())) continue;
        const host = urlHost(x.value.trim());
        const kind = host === undefined ? undefined : hostKind(host, services);
        if (!kind || kind === 'local') continue;
        const at = x.raw.toLowerCase().indexOf('http://');
        const fixes: Fix[] = editable && at >= 0 ? [{ title: 'Use https://', isPreferred: true, edits: [{ file, range: rangeIn(place, { start: x.span.start + at, end: x.span.start + at + 'http://'.length }), newText: 'https://' }] }] : [];
        verdicts.push({
          file,
          range: rangeIn(place, x.span),
          severity: severityAt(setting, kind),
          message: `\`${x.key}\` in ${where} reaches the secrets backend at ${kind === 'private' ? 'a host on a private network' : 'a remote host'} over plain http://: every connection and variable Airflow reads from it, and the token it logs in with, travel unencrypted, and anyone on the network path can read or change them. Use https://.${localNote(setting)}${note}`,
          brief: 'secrets backend over http',
          fixes,
        });
      }
      for (const x of extras) {
        // JSON `false` (or 0) reaches requests and botocore as a false `verify`; a string (`"false"`) is read as the path of a CA bundle, which fails instead.
        if (x.name !== 'verify' || (x.value !== false && x.value !== 0)) continue;
        const host = backendHost(extras);
        const kind = host === undefined ? 'remote' : hostKind(host, services);
        if (kind === 'local') continue;
        const fixes: Fix[] = editable ? [{ title: 'Set verify to true', isPreferred: true, edits: [{ file, range: rangeIn(place, x.span), newText: 'true' }] }] : [];
        verdicts.push({
          file,
          range: rangeIn(place, x.span),
          severity: severityAt(setting, kind),
          message: `\`${x.key}\` set to false in ${where} turns off the check of the secrets backend's TLS certificate: anyone on the network path${kind === 'private' ? ' of your private network' : ''} can pose as the backend and read the token Airflow logs in with, and hand Airflow connections and variables of their choosing. Remove it, or set \`verify\` to the path of your CA bundle.${localNote(setting)}${note}`,
          brief: 'secrets backend without certificate checks',
          fixes,
        });
      }
    }
    return verdicts;
  },
};
