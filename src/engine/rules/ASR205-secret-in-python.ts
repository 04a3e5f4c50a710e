import { named, verdictsOf } from './secretVerdicts';
import type { ProjectRule } from './rule';

/** A literal credential in DAG, include, plugin or test code. */
export const secretInPython: ProjectRule = {
  meta: {
    id: 'ASR205',
    name: 'secret-in-python',
    responsibility: 'secrets',
    defaultSeverity: 'warning',
    summary: 'Python code under dags/, include/, plugins/ or tests/ holds a literal credential.',
    instead:
      'Read the value when the task runs: `BaseHook.get_connection("conn_id")` or `Variable.get("name")` for values kept in a secrets backend, or `os.environ["NAME"]` for an Astro environment variable marked secret.',
  },
  checkProject(project) {
    return verdictsOf(project, 'ASR205', (o) => ({
      message: `${named(o)} in ${o.where}. Code is committed and shipped in the image, so the credential travels with both. Store it as an Airflow connection or variable in a secrets backend, or as an Astro environment variable marked secret, and read it at run time: \`BaseHook.get_connection(…)\`, \`Variable.get(…)\` or \`os.environ[…]\`.`,
    }));
  },
};
