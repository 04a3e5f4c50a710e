import { airflowBoolean } from '../knowledge/airflow/options';
import { airflowMajorOf, airflowSettingsOf, literalValue, notReadNote, replaceValue, settingSeverity, settingsNamed } from '../analysis/airflow/settings';
import type { FileVerdict, ProjectRule } from './rule';

/** A deployed file sets `EXPOSE_CONFIG` true (`[webserver]` or `[api]`); `non-sensitive-only` and false are fine, and so is the Astro CLI's local default. */
export const configExposed: ProjectRule = {
  meta: {
    id: 'ASR506',
    name: 'config-exposed',
    responsibility: 'access',
    defaultSeverity: 'warning',
    summary: 'Airflow shows its whole configuration, sensitive values included, in the UI and the API.',
    instead:
      'Remove `EXPOSE_CONFIG`, or set it to `non-sensitive-only` if users need to read the configuration: Airflow then hides the values of sensitive options (connection strings, keys, passwords). Check a setting in the Astro UI\'s environment variables instead of exposing every value to every user with access to the Airflow UI.',
  },
  checkProject(project, ctx) {
    const major = airflowMajorOf(project, ctx.catalog);
    const verdicts: FileVerdict[] = [];
    // The Astro CLI sets `AIRFLOW__WEBSERVER__EXPOSE_CONFIG: "True"` in every local environment: the same in `.env` or Compose changes nothing.
    const deployed = airflowSettingsOf(project).filter((s) => s.definition.reach === 'deployed');
    for (const setting of settingsNamed(deployed, 'api.expose_config')) {
      const value = literalValue(setting);
      // Airflow lower-cases the value: `non-sensitive-only` hides sensitive values, `true`/`t`/`1` shows them all.
      if (value === undefined || airflowBoolean(value) !== true) continue;
      const hide = replaceValue(setting, 'non-sensitive-only');
      const off = replaceValue(setting, 'False');
      verdicts.push({
        file: setting.definition.place.file.path,
        range: setting.range,
        severity: settingSeverity(setting, 'warning', major),
        message: `${setting.definition.where} makes Airflow show its whole configuration, sensitive values included (the metadata database's connection string, the Fernet and secret keys, secrets backend settings), to every user who can open the configuration page or call the config API. Set it to \`non-sensitive-only\` or remove it.${notReadNote(setting, major) ?? ''}`,
        brief: 'configuration exposed',
        fixes: [...(hide ? [{ title: 'Set to non-sensitive-only', isPreferred: true as const, edits: [hide] }] : []), ...(off ? [{ title: 'Set to False', edits: [off] }] : [])],
      });
    }
    return verdicts;
  },
};
