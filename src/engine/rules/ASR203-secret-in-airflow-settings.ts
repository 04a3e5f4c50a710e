import { exposureSeverity, exposureText, named, verdictsOf } from './secretVerdicts';
import type { ProjectRule } from './rule';

/** A credential in airflow_settings.yaml (connection password, URI or extra; a secret variable value). */
export const secretInAirflowSettings: ProjectRule = {
  meta: {
    id: 'ASR203',
    name: 'secret-in-airflow-settings',
    responsibility: 'secrets',
    defaultSeverity: 'error',
    summary: 'A connection password, URI or extra, or a secret variable, is written in airflow_settings.yaml that would be committed or copied into the image.',
    instead:
      'Keep `airflow_settings.yaml` on your machine, listed in both `.gitignore` and `.dockerignore`. For Deployments, keep connections and variables in a secrets backend, or set them as `AIRFLOW_CONN_…` and `AIRFLOW_VAR_…` Astro environment variables marked secret.',
  },
  checkProject(project) {
    return verdictsOf(project, 'ASR203', (o) => ({
      severity: exposureSeverity(o.exposure),
      message: `${named(o)} in ${o.where}. ${exposureText(o.exposure)} airflow_settings.yaml is for local development only; Deployments should get connections and variables from a secrets backend or from Astro environment variables marked secret, and code reads them with BaseHook.get_connection or Variable.get.`,
    }));
  },
};
