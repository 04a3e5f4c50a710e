import { named, verdictsOf } from './secretVerdicts';
import type { ProjectRule } from './rule';

/** A deployments-as-code file with a credential value, or a sensitive variable marked `is_secret: false`. */
export const secretInDeploymentFile: ProjectRule = {
  meta: {
    id: 'ASR209',
    name: 'secret-in-deployment-file',
    responsibility: 'secrets',
    defaultSeverity: 'error',
    summary: 'A Deployment file (deployments as code) holds a credential value, or marks a sensitive variable as not secret.',
    instead:
      "Keep only the variable's key in the Deployment file, with `is_secret: true`, and set its value in the Astro UI or with `astro deployment variable update --secret`.",
  },
  checkProject(project) {
    return verdictsOf(project, 'ASR209', (o) => ({
      severity: o.notMarkedSecret ? 'warning' : undefined,
      message: o.notMarkedSecret
        ? `${o.where} looks like a credential but has \`is_secret: false\`: Astro would show its value to everyone who can see the Deployment. Set \`is_secret: true\` and leave its value out of the file; set the value in the Astro UI or with \`astro deployment variable update --secret\`.`
        : `${named(o)} in ${o.where} of a Deployment file. Deployment files are committed, so the value is readable by everyone with the repository, whatever \`is_secret\` says. Leave the value out of the file and set it as an Astro environment variable marked secret (Astro UI or \`astro deployment variable create --secret\`), or keep it in a secrets backend.`,
    }));
  },
};
