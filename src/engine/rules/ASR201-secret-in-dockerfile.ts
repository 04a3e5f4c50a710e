import { named, verdictsOf } from './secretVerdicts';
import type { ProjectRule } from './rule';

/** A credential written in the Dockerfile: ENV, ARG, LABEL or a RUN line. */
export const secretInDockerfile: ProjectRule = {
  meta: {
    id: 'ASR201',
    name: 'secret-in-dockerfile',
    responsibility: 'secrets',
    defaultSeverity: 'error',
    summary: 'A credential is written in the Dockerfile (ENV, ARG, LABEL or a RUN line).',
    instead:
      'Give build-time credentials to `RUN` as BuildKit secrets (`RUN --mount=type=secret,id=pip_token …`), which never reach a layer, and set the ones DAGs need at run time as Astro environment variables marked secret. `ENV`, `ARG` and `LABEL` values stay in the image and its history.',
  },
  checkProject(project) {
    return verdictsOf(project, 'ASR201', (o) => {
      const why = o.where.startsWith('ENV')
        ? 'An ENV value is stored in the image and readable by anyone who can pull it.'
        : o.where.startsWith('ARG')
          ? 'An ARG value is recorded in the image history (`docker history`) even when no layer keeps it.'
          : o.where.startsWith('LABEL')
            ? 'Labels are image metadata that anyone who can pull the image reads.'
            : 'Instructions are recorded in the image history, and files a RUN line writes stay in its layer.';
      return {
        message: `${named(o)} in ${o.where} of the Dockerfile. ${why} The Dockerfile is also committed. Set the value as an Astro environment variable marked secret or keep it in a secrets backend; for a private package index, pass the credential as a build secret (\`RUN --mount=type=secret\`).`,
      };
    });
  },
};
