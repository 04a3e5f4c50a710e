import { airflowMajorOf, airflowSettingsOf, literalValue, notReadNote, settingSeverity, type AirflowSetting } from '../analysis/airflow/settings';
import { secretsOf } from '../analysis/secrets/occurrences';
import { listItemSpan, NO_AUTH_API_BACKEND } from '../knowledge/airflow/options';
import type { SourceFile } from '../files/source';
import type { Range } from '../types';
import type { FileVerdict, ProjectRule } from './rule';

/** What each overriding option replaces, for the message. */
const REPLACES: Record<string, string> = {
  'core.auth_manager': 'replaces the auth manager, which decides who may log in to the Airflow UI and API and what each user may do',
  'api.auth_backends': 'replaces how the Airflow REST API authenticates requests',
  'fab.auth_backends': 'replaces how the Airflow REST API authenticates requests',
  'fab.auth_role_public': 'gives visitors who have not logged in a role, so that they use the UI and API without logging in',
  'fab.config_file': 'points Airflow at another Flask-AppBuilder configuration file, where the UI\'s authentication (`AUTH_TYPE`, roles, security manager) is set',
};

/** Top-level assignments of webserver_config.py that set how users authenticate and what they may do. */
const AUTH_ASSIGNMENT = /^(AUTH_[A-Z_]+|SECURITY_MANAGER_CLASS|FAB_SECURITY_MANAGER_CLASS|OAUTH_PROVIDERS|OPENID_PROVIDERS)\s*(?::[^=\n]*)?=(?!=)/gm;

/** Where webserver_config.py sets authentication: `AUTH_ROLE_PUBLIC` first (anonymous visitors get a role), else the first such assignment. */
function authAssignment(file: SourceFile): { name: string; range: Range } | undefined {
  let first: { name: string; range: Range } | undefined;
  for (const m of file.text.matchAll(AUTH_ASSIGNMENT)) {
    const found = { name: m[1], range: file.lines.rangeOf(m.index, m.index + m[1].length) };
    if (m[1] === 'AUTH_ROLE_PUBLIC') return found;
    first ??= found;
  }
  return first;
}

/**
 * A deployed file that replaces the authentication Astro provides: the auth
 * manager, the REST API's auth backends, the Flask-AppBuilder configuration
 * file, or a `webserver_config.py` that the image copies into
 * `AIRFLOW_HOME`. The no-authentication backend is ASR501's.
 */
export const authOverridden: ProjectRule = {
  meta: {
    id: 'ASR505',
    name: 'auth-overridden',
    responsibility: 'access',
    defaultSeverity: 'warning',
    summary: "A deployed file replaces the authentication Astro provides for the Airflow UI and API (auth manager, API auth backends, webserver_config.py).",
    instead:
      "Leave authentication to Astro: it logs users in to the Airflow UI and API through your Organization's identity provider (single sign-on, MFA, offboarding), and API clients with Astro API tokens. Configuring that identity provider and enforcing MFA is your `identity` responsibility under the shared responsibility model; grant access with Workspace and Deployment roles, not with Airflow's own users.",
  },
  checkProject(project, ctx) {
    const major = airflowMajorOf(project, ctx.catalog);
    const verdicts: FileVerdict[] = [];
    const overriding = (s: AirflowSetting) => s.definition.reach === 'deployed' && !s.definition.buildOnly && s.id in REPLACES && (s.variant !== 'value' || s.definition.value.trim() !== '');
    for (const setting of airflowSettingsOf(project).filter(overriding)) {
      // ASR501 reports a list that names the backend without authentication.
      if (setting.id === 'api.auth_backends' && literalValue(setting) !== undefined && listItemSpan(setting.definition.value, NO_AUTH_API_BACKEND)) continue;
      const option = `\`[${setting.section}] ${setting.key}\``;
      const via = setting.variant === 'cmd' ? ' (through a command)' : setting.variant === 'secret' ? ' (through the secrets backend)' : '';
      verdicts.push({
        file: setting.definition.place.file.path,
        range: setting.range,
        severity: settingSeverity(setting, 'warning', major),
        message: `${setting.definition.where} sets ${option}${via}, which ${REPLACES[setting.id]}. On Astro, users log in through your Organization's identity provider and API clients use Astro API tokens; an override can bypass single sign-on, MFA and Astro's roles, or lock users out. Remove it unless Astronomer support asked for it.${notReadNote(setting, major) ?? ''}`,
        brief: `${option} overridden`,
      });
    }
    const config = project.files?.sources.find((f) => f.rel === 'webserver_config.py');
    const at = config && authAssignment(config);
    if (config && at && secretsOf(project).exposureOf(config.rel).inImage) {
      const publicRole = at.name === 'AUTH_ROLE_PUBLIC' ? ' It sets `AUTH_ROLE_PUBLIC`, which gives visitors who have not logged in a role.' : '';
      verdicts.push({
        file: config.path,
        range: at.range,
        message: `webserver_config.py is copied into the image's AIRFLOW_HOME, where Airflow reads it as the UI's Flask-AppBuilder configuration, and it sets \`${at.name}\`: authentication that replaces what Astro provides (your identity provider's single sign-on and MFA, Astro's roles).${publicRole} Remove the file from the project, or add it to .dockerignore if you need it for a local Airflow.`,
        brief: 'webserver_config.py sets authentication',
      });
    }
    return verdicts;
  },
};
