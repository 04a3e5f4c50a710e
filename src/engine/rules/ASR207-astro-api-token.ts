import { exposureSeverity, exposureText, named, verdictsOf } from './secretVerdicts';
import type { ProjectRule } from './rule';

/** An Astro API token or a legacy Deployment API key secret with a value, anywhere in the project. */
export const astroApiToken: ProjectRule = {
  meta: {
    id: 'ASR207',
    name: 'astro-api-token',
    responsibility: 'access',
    defaultSeverity: 'error',
    summary: 'An Astro API token or Deployment API key secret is written in a file of the project.',
    instead:
      "Rotate the token in the Astro UI now. Keep tokens in your CI system's secret store, pass them as `ASTRO_API_TOKEN` only to the job that deploys, and give each token the narrowest role it needs.",
  },
  checkProject(project) {
    return verdictsOf(project, 'ASR207', (o) => ({
      severity: exposureSeverity(o.exposure),
      message: `${named(o)}${o.where ? ` in ${o.where}` : ''}. ${exposureText(o.exposure)} An Astro API token acts with its role on your Workspace, Organization or Deployment until it expires or is rotated: rotate it in the Astro UI, and give it to CI through the CI system's secret store (as \`ASTRO_API_TOKEN\`), never in a file.`,
    }));
  },
};
