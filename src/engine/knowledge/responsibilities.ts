import type { ResponsibilityKey } from '../types';

export const RESPONSIBILITY_MODEL_URL = 'https://www.astronomer.io/docs/astro/shared-responsibility-model';

export interface Responsibility {
  key: ResponsibilityKey;
  /** Short title, as shown in reports. */
  title: string;
  /** What the customer owns here, in our words. */
  duty: string;
  docs: { title: string; url: string }[];
  /** What of this responsibility no file of a repository shows, so no check of one can see (one sentence). */
  outside: string;
}

/** The customer's responsibilities, in the order reports show them. */
export const CUSTOMER_RESPONSIBILITIES = ['access', 'secrets', 'identity', 'code', 'runtime', 'resources', 'network'] as const satisfies readonly ResponsibilityKey[];

export type CustomerResponsibilityKey = (typeof CUSTOMER_RESPONSIBILITIES)[number];

/** True for a key of the customer's side of the model (findings may carry other categories, such as the tool's own configuration). */
export function isCustomerResponsibility(key: string): key is CustomerResponsibilityKey {
  return (CUSTOMER_RESPONSIBILITIES as readonly string[]).includes(key);
}

export const RESPONSIBILITIES: Record<ResponsibilityKey, Responsibility> = {
  access: {
    key: 'access',
    title: 'Access and API tokens',
    duty: 'You decide who can do what in your Organization, Workspaces and Deployments, and you create, scope, rotate and revoke the API tokens your automation uses.',
    docs: [{ title: 'Authenticate automation to Astro', url: 'https://www.astronomer.io/docs/astro/automation-authentication' }],
    outside: 'Who holds which role in your Organization, Workspaces and Deployments, and which API tokens exist, with what scope and expiry, is kept in Astro itself: review it there.',
  },
  secrets: {
    key: 'secrets',
    title: 'Secrets, connections and variables',
    duty: 'You decide where API keys, connection passwords and secret environment variables live and how your code reads them; they belong in Astro environment variables marked secret or a secrets backend, never in the repository or the image.',
    docs: [
      { title: 'Environment variables on Astro', url: 'https://www.astronomer.io/docs/astro/environment-variables' },
      { title: 'Secrets backends', url: 'https://www.astronomer.io/docs/astro/secrets-backend' },
    ],
    outside: 'Whether the values your code reads are really stored as secret environment variables or in a secrets backend, and who may read them there, is set in Astro and in that backend, not in the repository.',
  },
  identity: {
    key: 'identity',
    title: 'Identity and single sign-on',
    duty: 'You connect your identity provider for single sign-on and enforce multi-factor authentication there.',
    docs: [{ title: 'Shared responsibility model', url: RESPONSIBILITY_MODEL_URL }],
    outside: "Single sign-on and multi-factor authentication are configured in your identity provider and your Astro Organization's settings, which no project file shows.",
  },
  code: {
    key: 'code',
    title: 'Pipeline code and dependencies',
    duty: 'You own the quality and security of your DAGs and plugins and of every package they install, including tracking and patching their vulnerabilities.',
    docs: [
      { title: 'Upgrading Astro Runtime (pinning providers)', url: 'https://www.astronomer.io/docs/astro/best-practices/upgrading-astro-runtime' },
      { title: 'Private Python packages', url: 'https://www.astronomer.io/docs/astro/cli/private-python-packages' },
    ],
    outside: "What your DAGs and plugins do when they run, and packages a build installs from outside the project's files, cannot be judged from the repository; the logic of DAG code is not checked yet.",
  },
  runtime: {
    key: 'runtime',
    title: 'Astro Runtime upgrades',
    duty: 'Astronomer builds, patches and supports Astro Runtime releases; choosing to run a current one is yours. An image that stays on an old tag never receives those fixes, and one past end of support is no longer patched or supported at all.',
    docs: [{ title: 'Upgrade Astro Runtime', url: 'https://www.astronomer.io/docs/runtime/upgrade-astro-runtime' }],
    outside: 'Which Runtime a Deployment actually runs is the image last deployed to it, which Astro knows and the repository may not match.',
  },
  resources: {
    key: 'resources',
    title: 'Deployment resources',
    duty: 'You size your Deployments: executors, worker queues, scheduler resources and limits.',
    docs: [{ title: 'Deployment resources', url: 'https://www.astronomer.io/docs/astro/deployment-resources' }],
    outside: "Executors, worker queues, scheduler size and limits are Deployment settings made in the Astro UI, CLI or API, and are not read from a project's files.",
  },
  network: {
    key: 'network',
    title: 'Network security to your data',
    duty: 'You secure the traffic between your Deployments and your data sources: private connectivity, allow-lists and encryption in transit.',
    docs: [{ title: 'Networking overview', url: 'https://www.astronomer.io/docs/astro/networking-overview' }],
    outside: "Private connectivity, allow-lists and encryption in transit to your data sources are set up in your cloud accounts, your networks and Astro's cluster settings, outside the repository.",
  },
};

/** Who holds a side of the model. */
export type Party = 'customer' | 'astronomer' | 'cloud-provider';

/** One duty of a side that is not the customer's: Astronomer's or the cloud provider's, never checked here. */
export interface TheirDuty {
  title: string;
  /** One sentence, in our words. */
  text: string;
}

export interface TheirSide {
  party: Exclude<Party, 'customer'>;
  /** Who it is, as a heading says it. */
  title: string;
  /** What that means for the customer, in one sentence. */
  note: string;
  duties: readonly TheirDuty[];
}

/** Astronomer's side of the model: theirs, not checkable from a repository. */
export const ASTRONOMER_SIDE: TheirSide = {
  party: 'astronomer',
  title: "Astronomer's side",
  note: 'Astronomer runs and secures these for every customer; nothing in your repository changes them.',
  duties: [
    { title: 'Control plane', text: 'Astronomer operates and secures the Astro control plane and the UI, API and CLI endpoints you reach it through.' },
    { title: 'Authentication to Astro', text: 'Astronomer runs the sign-in to Astro and checks every request against the identity, role or API token it carries.' },
    { title: 'Data plane operations', text: 'Astronomer provisions, scales, patches and keeps available the clusters and services your Deployments run on.' },
    { title: 'Encryption of what Astro manages', text: 'Astronomer encrypts the data it stores and moves for you, such as metadata and task logs, at rest and in transit.' },
    { title: 'Astro Runtime releases', text: 'Astronomer builds, tests and patches Astro Runtime releases and publishes how long each one is maintained and supported.' },
  ],
};

/** The cloud provider's side of the model: theirs, not checkable from a repository. */
export const CLOUD_PROVIDER_SIDE: TheirSide = {
  party: 'cloud-provider',
  title: "The cloud provider's side",
  note: 'The cloud provider that hosts Astro (AWS, Google Cloud or Azure) secures what everything else stands on.',
  duties: [
    { title: 'Physical security', text: 'The cloud provider guards the data centres that host Astro: buildings, power, cooling and who may enter.' },
    { title: 'Hardware and physical network', text: 'The cloud provider maintains and retires the servers, disks and network links beneath every cluster.' },
  ],
};
