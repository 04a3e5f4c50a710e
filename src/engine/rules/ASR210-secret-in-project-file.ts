import { exposureText, named, verdictsOf } from './secretVerdicts';
import type { ProjectRule } from './rule';

/** A credential in any other text file of the project: configuration, SQL, shell scripts, notebooks, docs. */
export const secretInProjectFile: ProjectRule = {
  meta: {
    id: 'ASR210',
    name: 'secret-in-project-file',
    responsibility: 'secrets',
    defaultSeverity: 'warning',
    summary: 'Another file of the project (configuration, SQL, a script, a notebook) holds a credential.',
    instead:
      'Keep the value out of the file: read it at run time from a secrets backend or an Astro environment variable marked secret, and write only a reference in configuration (a connection id, `${VAR}`).',
  },
  checkProject(project) {
    return verdictsOf(project, 'ASR210', (o) => ({
      severity: o.exposure.committed || o.exposure.inImage ? undefined : 'info',
      message: `${named(o)} in ${o.where || 'this file'}. ${exposureText(o.exposure)} Keep credentials out of the project's files: store them in a secrets backend or as Astro environment variables marked secret, and read them at run time (\`BaseHook.get_connection(…)\`, \`Variable.get(…)\`, \`os.environ[…]\`, or \`\${VAR}\` in configuration).`,
    }));
  },
};
