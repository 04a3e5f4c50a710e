import { airflowMajorOf, airflowSettingsOf, literalValue, notReadNote, replaceValue, settingSeverity, settingsNamed } from '../analysis/airflow/settings';
import type { FileVerdict, ProjectRule } from './rule';

/** A deployed file sets `AIRFLOW__CORE__TEST_CONNECTION` `Enabled` (Airflow compares it lower-cased); `Disabled` and `Hidden` are fine, and so is `.env` or Compose, where only the developer can test. */
export const testConnectionEnabled: ProjectRule = {
  meta: {
    id: 'ASR508',
    name: 'test-connection-enabled',
    responsibility: 'access',
    defaultSeverity: 'warning',
    summary: "Users may test connections from the UI and the API, which makes Airflow connect, from its own network, to any host they name.",
    instead:
      'Remove the setting, or set it to `Disabled` or `Hidden`. Test a connection from a task, or locally with `astro dev` (where `.env` may enable it); on a Deployment, every user who may edit connections could otherwise make Airflow reach hosts in its network and run hook code with the values they choose.',
  },
  checkProject(project, ctx) {
    const major = airflowMajorOf(project, ctx.catalog);
    const verdicts: FileVerdict[] = [];
    // Locally (`.env`, Compose) the only user who can test a connection is the developer, on their own machine: nothing to act on.
    const deployed = airflowSettingsOf(project).filter((s) => s.definition.reach === 'deployed');
    for (const setting of settingsNamed(deployed, 'core.test_connection')) {
      const value = literalValue(setting);
      if (value === undefined || value.toLowerCase() !== 'enabled') continue;
      const fix = replaceValue(setting, 'Disabled');
      verdicts.push({
        file: setting.definition.place.file.path,
        range: setting.range,
        severity: settingSeverity(setting, 'warning', major),
        message: `${setting.definition.where} enables testing connections from the Airflow UI and API: every user who may create or edit connections can make Airflow connect, from inside its network, to any host and port they choose, with hook code run on their values. Airflow turns it off by default for this reason. Set it to \`Disabled\` or remove it.${notReadNote(setting, major) ?? ''}`,
        brief: 'connection testing enabled',
        fixes: fix ? [{ title: 'Set to Disabled', isPreferred: true, edits: [fix] }] : [],
      });
    }
    return verdicts;
  },
};
