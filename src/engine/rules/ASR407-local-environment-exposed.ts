import { isScalar, type Scalar } from 'yaml';
import { get, parseYamlFile } from '../files/yaml';
import type { Fix } from '../types';
import type { FileVerdict, ProjectRule } from './rule';

/** The project's settings for the Astro CLI, which `astro config set` writes. */
const ASTRO_CONFIG = '.astro/config.yaml';

/** What the Astro CLI reads as true (Go's `strconv.ParseBool`, through viper): YAML `true`, and these strings. */
const GO_TRUE = new Set(['1', 't', 'T', 'true', 'TRUE', 'True']);

interface Setting {
  /** The key's path, as `astro config set` names it. */
  path: [string, ...string[]];
  /** Whether the value is the insecure one. */
  insecure: (value: unknown) => boolean;
  /** The safe value a fix writes. */
  safe: string;
  brief: string;
  message: (written: string) => string;
}

const truthy = (v: unknown) => v === true || (typeof v === 'number' && v !== 0) || (typeof v === 'string' && GO_TRUE.has(v.trim()));

const SETTINGS: Setting[] = [
  {
    path: ['airflow', 'expose_port'],
    insecure: truthy,
    safe: 'false',
    brief: 'local Airflow exposed to the network',
    message: (written) =>
      `\`airflow.expose_port: ${written}\` makes \`astro dev start\` publish the local Airflow UI and API and the Postgres metadata database on every network interface of your machine instead of only on localhost. Anyone on the same network (office, café, VPN) can then reach them: the local UI has a well-known login (\`admin\`/\`admin\` on Airflow 2) or none at all (on Airflow 3 the simple auth manager makes every user an admin), and Postgres accepts its default \`postgres\`/\`postgres\` login, which gives your local connections, variables and their credentials. Set it to \`false\`; to share an environment, use a Deployment on Astro.`,
  },
  {
    path: ['houston', 'skip_verify_tls'],
    insecure: truthy,
    safe: 'false',
    brief: 'Astro CLI skips TLS checks',
    message: (written) =>
      `\`houston.skip_verify_tls: ${written}\` makes the Astro CLI accept any certificate from the Astronomer Software (Astro Private Cloud) API, so anyone on the network path can impersonate it and receive your login token and everything you deploy. Set it to \`false\`, and add the platform's CA to your machine's trusted certificates if it uses a private one.`,
  },
  {
    path: ['cloud', 'api', 'protocol'],
    insecure: (v) => typeof v === 'string' && v.trim().toLowerCase() === 'http',
    safe: 'https',
    brief: 'Astro CLI talks to Astro over HTTP',
    message: () => '`cloud.api.protocol: http` makes the Astro CLI send its requests to the Astro API, your API token with them, over plain HTTP, readable and changeable by anyone on the network path. Set it to `https` (the default), or remove the key.',
  },
  {
    path: ['cloud', 'api', 'ws_protocol'],
    insecure: (v) => typeof v === 'string' && v.trim().toLowerCase() === 'ws',
    safe: 'wss',
    brief: 'Astro CLI uses WebSockets without TLS',
    message: () => '`cloud.api.ws_protocol: ws` makes the Astro CLI open its WebSocket connections to the Astronomer API without TLS, so the token sent over them and what comes back can be read and changed on the network path. Set it to `wss` (the default), or remove the key.',
  },
];

/** `.astro/config.yaml` publishes the local environment on the network or talks to Astronomer without TLS. */
export const localEnvironmentExposed: ProjectRule = {
  meta: {
    id: 'ASR407',
    name: 'local-environment-exposed',
    responsibility: 'network',
    defaultSeverity: 'warning',
    summary: '`.astro/config.yaml` publishes the local Airflow environment on every network interface (`airflow.expose_port`), or makes the Astro CLI skip TLS (`houston.skip_verify_tls`, `cloud.api.protocol: http`).',
    instead:
      'Keep `airflow.expose_port: false` so that `astro dev start` binds the Airflow UI and Postgres to 127.0.0.1 only, and share work through a Deployment on Astro rather than your machine; keep the Astro CLI on `https` with TLS checks on (`astro config set houston.skip_verify_tls false`).',
  },
  checkProject(project) {
    const file = project.files?.sources.find((f) => f.rel === ASTRO_CONFIG);
    if (!file) return [];
    // A file that does not parse is reported as a read problem elsewhere; nothing to judge here.
    const doc = file.model(parseYamlFile).doc;
    if (!doc) return [];
    const verdicts: FileVerdict[] = [];
    for (const setting of SETTINGS) {
      let node: unknown = doc.contents;
      for (const key of setting.path) node = get(node, key)?.value;
      if (!isScalar(node) || !node.range || !setting.insecure(node.value)) continue;
      const range = file.lines.rangeOf(node.range[0], node.range[1]);
      const fix: Fix = { title: `Set ${setting.path.join('.')} to ${setting.safe}`, isPreferred: true, edits: [{ file: file.path, range, newText: quotedLike(node, setting.safe) }] };
      verdicts.push({ file: file.path, range, message: setting.message(file.text.slice(node.range[0], node.range[1])), brief: setting.brief, fixes: [fix] });
    }
    return verdicts;
  },
};

/** The safe value written the way the old one was (`"true"` → `"false"`), as `astro config set` writes strings quoted. */
function quotedLike(node: Scalar, value: string): string {
  if (node.type === 'QUOTE_DOUBLE') return `"${value}"`;
  if (node.type === 'QUOTE_SINGLE') return `'${value}'`;
  return value;
}
