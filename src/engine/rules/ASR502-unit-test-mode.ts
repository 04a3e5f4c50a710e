import { airflowBoolean } from '../knowledge/airflow/options';
import { airflowMajorOf, airflowSettingsOf, literalValue, localNote, notReadNote, replaceValue, settingSeverity, settingsNamed } from '../analysis/airflow/settings';
import type { FileVerdict, ProjectRule } from './rule';

/** `AIRFLOW__CORE__UNIT_TEST_MODE` true: Airflow loads its own test suite's configuration. */
export const unitTestMode: ProjectRule = {
  meta: {
    id: 'ASR502',
    name: 'unit-test-mode',
    responsibility: 'access',
    defaultSeverity: 'error',
    summary: "Airflow's unit test mode is on: Airflow replaces its configuration with the test suite's, which in Airflow 2 accepts REST API requests without authentication.",
    instead:
      'Remove `AIRFLOW__CORE__UNIT_TEST_MODE` (or set it to `False`): unit test mode is for the test suite of Airflow itself. To test your DAGs, use `astro dev pytest` or `dag.test()`, which need no change to Airflow\'s configuration.',
  },
  checkProject(project, ctx) {
    const major = airflowMajorOf(project, ctx.catalog);
    const verdicts: FileVerdict[] = [];
    for (const setting of settingsNamed(airflowSettingsOf(project), 'core.unit_test_mode')) {
      const value = literalValue(setting);
      if (value === undefined || airflowBoolean(value) !== true) continue;
      const fix = replaceValue(setting, 'False');
      verdicts.push({
        file: setting.definition.place.file.path,
        range: setting.range,
        severity: settingSeverity(setting, 'error', major),
        message: `${setting.definition.where} turns on Airflow's unit test mode: Airflow then reads the configuration of its own test suite instead of its configuration file, so every option no environment variable sets takes the test value: example DAGs loaded, new DAGs unpaused, and in Airflow 2 \`[api] auth_backends\` = \`airflow.api.auth.backend.default\`, which lets API requests through without credentials. Remove it.${localNote(setting)}${notReadNote(setting, major) ?? ''}`,
        brief: 'unit test mode on',
        fixes: fix ? [{ title: 'Set to False', isPreferred: true, edits: [fix] }] : [],
      });
    }
    return verdicts;
  },
};
