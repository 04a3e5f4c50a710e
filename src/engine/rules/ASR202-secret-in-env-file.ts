import { exposureSeverity, exposureText, named, verdictsOf } from './secretVerdicts';
import type { ProjectRule } from './rule';

/** A credential in `.env`, `.env/*.env` or another env-style file; severity follows whether the file is committed or copied into the image. */
export const secretInEnvFile: ProjectRule = {
  meta: {
    id: 'ASR202',
    name: 'secret-in-env-file',
    responsibility: 'secrets',
    defaultSeverity: 'error',
    summary: 'A credential is in an env file (.env, .env/*.env, .env.*, *.env) that would be committed or copied into the image.',
    instead:
      'Keep `.env` for local development only, listed in both `.gitignore` and `.dockerignore`. For Deployments, set the same variables in Astro as environment variables marked secret, or keep them in a secrets backend.',
  },
  checkProject(project) {
    return verdictsOf(project, 'ASR202', (o) => ({
      severity: o.example ? 'error' : exposureSeverity(o.exposure),
      message: `${named(o)} in ${o.where}. ${exposureText(o.exposure, o.example)} For Deployments, set it as an Astro environment variable marked secret or keep it in a secrets backend; locally, keep .env listed in both .gitignore and .dockerignore.`,
    }));
  },
};
