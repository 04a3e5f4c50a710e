import { airflowBoolean } from '../knowledge/airflow/options';
import { airflowMajorOf, airflowSettingsOf, literalValue, localNote, notReadNote, replaceValue, settingSeverity, settingsNamed } from '../analysis/airflow/settings';
import type { FileVerdict, ProjectRule } from './rule';

/** `AIRFLOW__CORE__HIDE_SENSITIVE_VAR_CONN_FIELDS` (or Airflow 2's `[admin] hide_sensitive_variable_fields`) false. */
export const sensitiveMaskingOff: ProjectRule = {
  meta: {
    id: 'ASR507',
    name: 'sensitive-masking-off',
    responsibility: 'access',
    defaultSeverity: 'warning',
    summary: 'Airflow stops masking sensitive variables and connection extras in the UI and in task logs.',
    instead:
      'Remove the setting (masking is on by default). If a value is masked that should not be, rename the variable or extra so that its name does not contain a sensitive word, or list more names to mask with `AIRFLOW__CORE__SENSITIVE_VAR_CONN_NAMES`; never turn masking off for everything.',
  },
  checkProject(project, ctx) {
    const major = airflowMajorOf(project, ctx.catalog);
    const verdicts: FileVerdict[] = [];
    for (const setting of settingsNamed(airflowSettingsOf(project), 'core.hide_sensitive_var_conn_fields')) {
      const value = literalValue(setting);
      if (value === undefined || airflowBoolean(value) !== false) continue;
      const fix = replaceValue(setting, 'True');
      verdicts.push({
        file: setting.definition.place.file.path,
        range: setting.range,
        severity: settingSeverity(setting, 'warning', major),
        message: `${setting.definition.where} turns off the masking of sensitive variables and connection extras: values whose names contain \`password\`, \`secret\`, \`token\`, \`api_key\` and the like appear in clear text in the Airflow UI and in task logs, for everyone who can read them. Remove it.${localNote(setting)}${notReadNote(setting, major) ?? ''}`,
        brief: 'sensitive values not masked',
        fixes: fix ? [{ title: 'Set to True', isPreferred: true, edits: [fix] }] : [],
      });
    }
    return verdicts;
  },
};
