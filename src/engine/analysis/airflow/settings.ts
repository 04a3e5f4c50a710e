/**
 * Every Airflow configuration option a project sets through the environment
 * (`AIRFLOW__{SECTION}__{KEY}`, `_CMD`, `_SECRET`), from every file that
 * sets environment variables, under the name the rules use for it across
 * Airflow's two majors; and the Airflow major the project runs, from its
 * Runtime.
 */
import { canonicalOption, optionOfEnvName, readInMajor, type OptionName } from '../../knowledge/airflow/options';
import { RuntimeCatalog } from '../../knowledge/runtime/catalog';
import { isReference } from '../../knowledge/secrets/placeholders';
import type { AstroProject } from '../../project/model';
import type { Range, Severity, TextEdit } from '../../types';
import { subjectsOf } from '../runtime/subjects';
import { envDefinitionsOf, rangeIn, severityFor, type EnvDefinition } from './definitions';

export interface AirflowSetting extends OptionName {
  /** The option's name for the rules (`api.expose_config` for `AIRFLOW__WEBSERVER__EXPOSE_CONFIG`). */
  id: string;
  definition: EnvDefinition;
  /** Where the value is written. */
  range: Range;
}

/** By the project's loaded files (a new load, a new model), as the secrets of a project are. */
const memo = new WeakMap<object, AirflowSetting[]>();

/** Every Airflow option the project sets, once per loaded project, in file order (a Dockerfile `ARG` too: see `definition.buildOnly`). */
export function airflowSettingsOf(project: AstroProject): AirflowSetting[] {
  const known = project.files && memo.get(project.files);
  if (known) return known;
  const out: AirflowSetting[] = [];
  for (const definition of envDefinitionsOf(project)) {
    const option = optionOfEnvName(definition.name);
    if (!option) continue;
    out.push({ ...option, id: canonicalOption(option.section, option.key), definition, range: rangeIn(definition.place) });
  }
  if (project.files) memo.set(project.files, out);
  return out;
}

/** The settings of one option (by the rules' name) that Airflow reads: plain values only (not `_CMD` or `_SECRET`), not a build `ARG`. */
export function settingsNamed(settings: readonly AirflowSetting[], ...ids: string[]): AirflowSetting[] {
  return settings.filter((s) => s.variant === 'value' && !s.definition.buildOnly && ids.includes(s.id));
}

/** The Airflow major of the project's image, from its Runtime release (or its image family), when it is a Runtime image. */
export function airflowMajorOf(project: AstroProject, catalog: RuntimeCatalog): number | undefined {
  const subject = subjectsOf(project, catalog).find((s) => s.isFinal);
  if (!subject || subject.image.kind !== 'runtime') return undefined;
  return subject.release ? RuntimeCatalog.airflowMajor(subject.release) : subject.image.family === 'v3' ? 3 : 2;
}

/** A sentence for a setting whose spelling the project's Airflow does not read, or undefined. */
export function notReadNote(setting: AirflowSetting, major: number | undefined): string | undefined {
  if (major === undefined || readInMajor(setting.section, setting.key, major) !== false) return undefined;
  return ` Airflow ${major}, which this project's Runtime runs, does not read \`[${setting.section}] ${setting.key}\`, so it has no effect there today; it would on another Airflow major.`;
}

/**
 * The value a plain setting gives its option, trimmed, for a rule to judge;
 * undefined for `_CMD` and `_SECRET` (the value is elsewhere), an empty
 * value, and a reference (`${VAR}`, `$VAR`, a template) whose value is
 * given elsewhere.
 */
export function literalValue(setting: AirflowSetting): string | undefined {
  if (setting.variant !== 'value') return undefined;
  const value = setting.definition.value.trim();
  if (value === '' || isReference(value)) return undefined;
  return value;
}

/**
 * The severity of a finding on a setting: the rule's severity for a deployed
 * definition, one step lower for a local one (`severityFor`), and info for a
 * spelling the project's Airflow major does not read.
 */
export function settingSeverity(setting: AirflowSetting, deployed: Severity, major: number | undefined): Severity {
  if (major !== undefined && readInMajor(setting.section, setting.key, major) === false) return 'info';
  return severityFor(deployed, setting.definition.reach);
}

/** An edit that writes `text` in place of the setting's whole value, when the value is written exactly where it stands. */
export function replaceValue(setting: AirflowSetting, text: string): TextEdit | undefined {
  const place = setting.definition.place;
  if (!place.exact) return undefined;
  return { file: place.file.path, range: rangeIn(place), newText: text };
}

/** A sentence for a finding on a local definition (`.env`, Compose), or ''. */
export function localNote(setting: AirflowSetting): string {
  return setting.definition.reach === 'local' ? ' This file configures only the local environment of `astro dev`, hence the lower severity; keep the setting out of the Dockerfile and Deployment files.' : '';
}
