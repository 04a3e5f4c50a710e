import { listItemSpan, NO_AUTH_API_BACKEND } from '../knowledge/airflow/options';
import { rangeIn } from '../analysis/airflow/definitions';
import { airflowMajorOf, airflowSettingsOf, literalValue, localNote, notReadNote, settingSeverity, settingsNamed } from '../analysis/airflow/settings';
import type { FileVerdict, ProjectRule } from './rule';

/** `AIRFLOW__API__AUTH_BACKEND(S)` naming `airflow.api.auth.backend.default`. */
export const apiAuthDisabled: ProjectRule = {
  meta: {
    id: 'ASR501',
    name: 'api-auth-disabled',
    responsibility: 'access',
    defaultSeverity: 'error',
    summary: 'The Airflow REST API is set to accept requests without authentication (`airflow.api.auth.backend.default`).',
    instead:
      "Remove the `AIRFLOW__API__AUTH_BACKENDS` setting: on Astro, requests to the Airflow REST API are authenticated with Astro API tokens and the Organization's users. Give scripts and CI a Deployment API token with the narrowest role they need, never an API that lets everyone in.",
  },
  checkProject(project, ctx) {
    const major = airflowMajorOf(project, ctx.catalog);
    const verdicts: FileVerdict[] = [];
    for (const setting of settingsNamed(airflowSettingsOf(project), 'api.auth_backends')) {
      const value = literalValue(setting);
      const span = value === undefined ? undefined : listItemSpan(setting.definition.value, NO_AUTH_API_BACKEND);
      if (!span) continue;
      verdicts.push({
        file: setting.definition.place.file.path,
        range: rangeIn(setting.definition.place, span),
        severity: settingSeverity(setting, 'error', major),
        message: `${setting.definition.where} names \`${NO_AUTH_API_BACKEND}\`, the API authentication backend that lets every request through without credentials: the experimental API (when enabled) then answers anyone who reaches it, and the stable REST API is left with only its permission checks on an anonymous user. Remove it and let Astro authenticate API requests (with API tokens).${localNote(setting)}${notReadNote(setting, major) ?? ''}`,
        brief: 'REST API without authentication',
      });
    }
    return verdicts;
  },
};
