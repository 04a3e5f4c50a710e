import type { ResponsibilityKey } from '../types';

export const RESPONSIBILITY_MODEL_URL = 'https://www.astronomer.io/docs/astro/shared-responsibility-model';

export interface Responsibility {
  key: ResponsibilityKey;
  /** Short title, as shown in reports. */
  title: string;
  /** What the customer owns here, in our words. */
  duty: string;
  docs: { title: string; url: string }[];
}

export const RESPONSIBILITIES: Record<ResponsibilityKey, Responsibility> = {
  access: {
    key: 'access',
    title: 'Access and API tokens',
    duty: 'You decide who can do what in your Organization, Workspaces and Deployments, and you create, scope, rotate and revoke the API tokens your automation uses.',
    docs: [{ title: 'Authenticate automation to Astro', url: 'https://www.astronomer.io/docs/astro/automation-authentication' }],
  },
  secrets: {
    key: 'secrets',
    title: 'Secrets, connections and variables',
    duty: 'You decide where API keys, connection passwords and secret environment variables live and how your code reads them; they belong in Astro environment variables marked secret or a secrets backend, never in the repository or the image.',
    docs: [
      { title: 'Environment variables on Astro', url: 'https://www.astronomer.io/docs/astro/environment-variables' },
      { title: 'Secrets backends', url: 'https://www.astronomer.io/docs/astro/secrets-backend' },
    ],
  },
  identity: {
    key: 'identity',
    title: 'Identity and single sign-on',
    duty: 'You connect your identity provider for single sign-on and enforce multi-factor authentication there.',
    docs: [{ title: 'Shared responsibility model', url: RESPONSIBILITY_MODEL_URL }],
  },
  code: {
    key: 'code',
    title: 'Pipeline code and dependencies',
    duty: 'You own the quality and security of your DAGs and plugins and of every package they install, including tracking and patching their vulnerabilities.',
    docs: [
      { title: 'Upgrading Astro Runtime (pinning providers)', url: 'https://www.astronomer.io/docs/astro/best-practices/upgrading-astro-runtime' },
      { title: 'Private Python packages', url: 'https://www.astronomer.io/docs/astro/cli/private-python-packages' },
    ],
  },
  runtime: {
    key: 'runtime',
    title: 'Astro Runtime upgrades',
    duty: 'Astronomer builds, patches and supports Astro Runtime releases; choosing to run a current one is yours. An image that stays on an old tag never receives those fixes, and one past end of support is no longer patched or supported at all.',
    docs: [{ title: 'Upgrade Astro Runtime', url: 'https://www.astronomer.io/docs/runtime/upgrade-astro-runtime' }],
  },
  resources: {
    key: 'resources',
    title: 'Deployment resources',
    duty: 'You size your Deployments: executors, worker queues, scheduler resources and limits.',
    docs: [{ title: 'Deployment resources', url: 'https://www.astronomer.io/docs/astro/deployment-resources' }],
  },
  network: {
    key: 'network',
    title: 'Network security to your data',
    duty: 'You secure the traffic between your Deployments and your data sources: private connectivity, allow-lists and encryption in transit.',
    docs: [{ title: 'Networking overview', url: 'https://www.astronomer.io/docs/astro/networking-overview' }],
  },
};
