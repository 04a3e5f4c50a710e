import { exposureSeverity, exposureText, named, verdictsOf } from './secretVerdicts';
import type { ProjectRule } from './rule';

/** A private key block in any text file of the project. */
export const privateKey: ProjectRule = {
  meta: {
    id: 'ASR206',
    name: 'private-key',
    responsibility: 'secrets',
    defaultSeverity: 'error',
    summary: 'A private key block is in a file of the project.',
    instead:
      "Take the key out of the project and replace it, since everyone who had the repository or the image has it. Keep keys in a secrets backend (for example in a connection's extra field) or mount them at run time, and refer to them by connection id or path.",
  },
  checkProject(project) {
    return verdictsOf(project, 'ASR206', (o) => ({
      severity: exposureSeverity(o.exposure),
      message: `${named(o)}${o.where ? ` in ${o.where}` : ''}. ${exposureText(o.exposure)} Anyone holding the key can act as its owner until it is revoked: revoke or rotate it, then keep it in a secrets backend (for example in a connection's extra) or in an Astro environment variable marked secret.`,
    }));
  },
};
