/**
 * Where a host is, as far as a project's text can tell: on the developer's
 * machine (loopback, Docker's name for the host, a service of the local
 * Docker Compose environment), on a private network (RFC 1918 and other
 * private ranges, names only a private resolver answers), or anywhere else.
 */

/** The services of the Astro CLI's local environment (`astro dev start`), reachable by name from its containers. */
export const ASTRO_CLI_SERVICES: readonly string[] = ['postgres', 'scheduler', 'webserver', 'triggerer', 'api-server', 'dag-processor'];

export type HostKind = 'local' | 'private' | 'remote';

/** DNS zones that only resolve inside a private network: AWS and Google Cloud internal names, mDNS, names reserved for home and corporate networks. */
const PRIVATE_SUFFIX = /\.(?:internal|local|lan|corp|intranet|home\.arpa|private)$/;

/** Docker's names for the machine the containers run on, and its default bridge's gateway address (the host, seen from a container on `docker0`). */
const DOCKER_HOSTS = new Set(['172.17.0.1', 'host.docker.internal', 'gateway.docker.internal', 'docker.for.mac.localhost', 'docker.for.win.localhost', 'kubernetes.docker.internal']);

/**
 * The kind of a host name or address. `services` are the names of Docker
 * Compose services the project itself defines (the Astro CLI's are always local).
 */
export function hostKind(host: string, services: ReadonlySet<string> = new Set()): HostKind {
  const h = host.trim().toLowerCase().replace(/^\[|\]$/g, '').replace(/\.$/, '');
  if (h === '' || h === 'localhost' || h.endsWith('.localhost') || DOCKER_HOSTS.has(h) || h === '::1' || h === '0.0.0.0' || h === '::') return 'local';
  if (ASTRO_CLI_SERVICES.includes(h) || services.has(h)) return 'local';
  if (h.endsWith('.svc.cluster.local') || h.endsWith('.svc')) return 'local';
  const v4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(h);
  if (v4) {
    const [a, b] = [Number(v4[1]), Number(v4[2])];
    if (a === 127) return 'local';
    if (a === 10 || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168) || (a === 100 && b >= 64 && b <= 127) || (a === 169 && b === 254)) return 'private';
    return 'remote';
  }
  if (/^f[cd][0-9a-f]{2}:|^fe[89ab][0-9a-f]:/.test(h)) return 'private';
  // Names only a private resolver answers: one label (a search domain completes it), cloud and corporate private zones, mDNS.
  if (!h.includes('.') && !h.includes(':')) return 'private';
  if (PRIVATE_SUFFIX.test(h)) return 'private';
  return 'remote';
}

/**
 * Whether a credential for this host only reaches something the developer
 * runs on their own machine: loopback, Docker's host, a local Compose
 * service. (A Kubernetes service inside a cluster is not: its credential is
 * a real one.)
 */
export function isOnDeveloperMachine(host: string, services: ReadonlySet<string> = new Set()): boolean {
  const h = host.trim().toLowerCase();
  return hostKind(h, services) === 'local' && !h.endsWith('.svc.cluster.local') && !h.endsWith('.svc');
}
