import { airflowBoolean } from '../knowledge/airflow/options';
import { airflowMajorOf, airflowSettingsOf, literalValue, notReadNote, replaceValue, settingSeverity, settingsNamed } from '../analysis/airflow/settings';
import type { FileVerdict, ProjectRule } from './rule';

/**
 * A deployed file sets `AIRFLOW__CORE__SIMPLE_AUTH_MANAGER_ALL_ADMINS` true
 * or defines `SIMPLE_AUTH_MANAGER_USERS`. The Astro CLI sets the first for
 * `astro dev`, so local files are not reported.
 */
export const allUsersAdmin: ProjectRule = {
  meta: {
    id: 'ASR503',
    name: 'all-users-admin',
    responsibility: 'access',
    defaultSeverity: 'error',
    summary: "A deployed file makes every user an admin, or defines users, for Airflow's simple auth manager.",
    instead:
      "Remove the `SIMPLE_AUTH_MANAGER_*` settings from the Dockerfile and Deployment files; keep them in `.env` for `astro dev` if you need them. On Astro, users come from your Organization's identity provider and get their permissions from Workspace and Deployment roles in the Astro UI.",
  },
  checkProject(project, ctx) {
    const major = airflowMajorOf(project, ctx.catalog);
    const verdicts: FileVerdict[] = [];
    const settings = airflowSettingsOf(project).filter((s) => s.definition.reach === 'deployed');
    for (const setting of settingsNamed(settings, 'core.simple_auth_manager_all_admins', 'core.simple_auth_manager_users')) {
      const value = literalValue(setting);
      if (value === undefined) continue;
      const file = setting.definition.place.file.path;
      const note = notReadNote(setting, major) ?? '';
      const severity = settingSeverity(setting, 'error', major);
      if (setting.id === 'core.simple_auth_manager_all_admins') {
        if (airflowBoolean(value) !== true) continue;
        const fix = replaceValue(setting, 'False');
        verdicts.push({
          file,
          range: setting.range,
          severity,
          message: `${setting.definition.where} turns off authentication of Airflow's simple auth manager: everyone who reaches the Airflow UI or API is an admin, without logging in. The Astro CLI sets this only for \`astro dev\`; remove it from this deployed file and let Astro authenticate users.${note}`,
          brief: 'everyone is admin',
          fixes: fix ? [{ title: 'Set to False', isPreferred: true, edits: [fix] }] : [],
        });
      } else {
        verdicts.push({
          file,
          range: setting.range,
          severity,
          message: `${setting.definition.where} defines users and roles for Airflow's simple auth manager, whose passwords Airflow generates and keeps in a file inside the deployed environment: accounts outside your identity provider, without single sign-on, MFA or offboarding. Remove it and manage access with Astro's users and roles.${note}`,
          brief: 'simple auth manager users',
        });
      }
    }
    return verdicts;
  },
};
