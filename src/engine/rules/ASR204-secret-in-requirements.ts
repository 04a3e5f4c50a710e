import { named, verdictsOf } from './secretVerdicts';
import type { ProjectRule } from './rule';

/** A credential in an index or package URL of a requirements file. */
export const secretInRequirements: ProjectRule = {
  meta: {
    id: 'ASR204',
    name: 'secret-in-requirements',
    responsibility: 'secrets',
    defaultSeverity: 'error',
    summary: 'A requirements file has a credential in an index, find-links or package URL.',
    instead:
      "Leave the credential out of the URL and let pip read it from the environment of the build (`--extra-index-url https://${PIP_INDEX_USER}:${PIP_INDEX_TOKEN}@pypi.example.com/simple/`), passed to the build as a secret, as Astronomer's guide to private Python packages shows.",
  },
  checkProject(project) {
    return verdictsOf(project, 'ASR204', (o) => ({
      message: `${named(o)} in ${o.where}. Requirement files are committed and copied into the image, so everyone with the repository or the image can use this credential on the index. Pass the index URL as a build secret (\`RUN --mount=type=secret\` with \`PIP_INDEX_URL\` or \`PIP_EXTRA_INDEX_URL\`), as Astronomer documents for private Python packages, or reference an environment variable (\`\${PIP_TOKEN}\`).`,
    }));
  },
};
