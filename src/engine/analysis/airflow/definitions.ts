/**
 * The environment variables a project sets for Airflow, from every file that
 * sets them, read from the file models the other rules read: Dockerfile
 * `ENV`/`ARG` of the final image's stages and Deployment files'
 * `environment_variables` (they reach Astro: *deployed*; an `ARG` only
 * while the image builds), `.env` files and Docker Compose files (`astro
 * dev` only: *local*). Each keeps where its value is written; a value
 * that a Compose anchor merges into several services is one definition.
 */
import { isScalar, type Node as YamlNode } from 'yaml';
import { isComposeFileName, parseComposeFile } from '../../files/compose';
import { isDeploymentText, parseDeploymentFile } from '../../files/deployment';
import { parseEnvFile } from '../../files/env';
import type { SourceFile } from '../../files/source';
import { scalarSource } from '../../files/yaml';
import type { Span } from '../../knowledge/airflow/connection';
import type { AstroProject } from '../../project/model';
import type { Range, Severity } from '../../types';

/** Whether a definition reaches Astro (`deployed`) or only the local environment of `astro dev` (`local`). */
export type Reach = 'deployed' | 'local';

/**
 * Where a value is written in a file: `exact` when every character of the
 * value is written at `start + i` (a fix may replace part of it); otherwise
 * `offsets`, when known, gives where each character is written (escapes
 * undone: character i is written from `offsets[i]`, its backslash
 * included, to `offsets[i + 1]`; `offsets[length]` is `end`).
 */
export interface Place {
  file: SourceFile;
  start: number;
  end: number;
  exact: boolean;
  offsets?: readonly number[];
}

/** The range of a part of the value (offsets in the value), or of the whole value when the part cannot be placed. */
export function rangeIn(place: Place, span?: Span): Range {
  if (span && place.exact) return place.file.lines.rangeOf(place.start + span.start, place.start + span.end);
  if (span && place.offsets && span.end < place.offsets.length) return place.file.lines.rangeOf(place.offsets[span.start], place.offsets[span.end]);
  return place.file.lines.rangeOf(place.start, place.end);
}

export interface EnvDefinition {
  /** As written. */
  name: string;
  value: string;
  reach: Reach;
  /** For people: ``ENV `AIRFLOW_CONN_API` in the Dockerfile``. */
  where: string;
  /** Where the value is written. */
  place: Place;
  /** A Dockerfile `ARG`: it exists only while the image builds, so Airflow never reads it. */
  buildOnly?: true;
}

/** One step lower for a local definition: error → warning → info (info and hint stay). */
export function severityFor(deployed: Severity, reach: Reach): Severity {
  if (reach === 'deployed') return deployed;
  return deployed === 'error' ? 'warning' : deployed === 'warning' ? 'info' : deployed;
}

/** By the project's loaded files (a new load, a new model), as the secrets of a project are. */
const memo = new WeakMap<object, EnvDefinition[]>();

/** Every environment variable the project sets, in file order (the Dockerfile first); gathered once per loaded project. */
export function envDefinitionsOf(project: AstroProject): EnvDefinition[] {
  const known = project.files && memo.get(project.files);
  if (known) return known;
  const out: EnvDefinition[] = [...dockerfileDefinitions(project)];
  for (const file of project.files?.sources ?? []) {
    if (file.kind === 'env') out.push(...file.model(envFileDefinitions));
    else if (file.kind === 'yaml' && isComposeFileName(file.rel)) out.push(...file.model(composeDefinitions));
    else if (file.kind === 'yaml' && isDeploymentText(file.text)) out.push(...file.model(deploymentDefinitions));
  }
  if (project.files) memo.set(project.files, out);
  return out;
}

/** `ENV` and `ARG` of the final image's stage and the stages it builds on. */
function dockerfileDefinitions(project: AstroProject): EnvDefinition[] {
  const file = project.dockerfileFile;
  const model = project.dockerfile;
  const stages = new Set<number>();
  for (let s = project.final; s && !stages.has(s.stageIndex); s = s.fromStage === undefined ? undefined : model.stages[s.fromStage]) stages.add(s.stageIndex);
  const out: EnvDefinition[] = [];
  for (const step of model.steps) {
    if ((step.keyword !== 'ENV' && step.keyword !== 'ARG') || (stages.size > 0 && !stages.has(step.stageIndex))) continue;
    for (const p of step.properties ?? []) {
      if (p.value === undefined || !p.valueRange) continue;
      let start = file.lines.offsetAt(p.valueRange.start);
      let end = file.lines.offsetAt(p.valueRange.end);
      const q = file.text[start];
      if ((q === '"' || q === "'") && end - start >= 2 && file.text[end - 1] === q) {
        start++;
        end--;
      }
      const { value, offsets } = unescapeDockerfile(file.text, start, end);
      const place: Place = offsets ? { file, start, end, exact: false, offsets } : { file, start, end, exact: true };
      const definition: EnvDefinition = { name: p.name, value, reach: 'deployed', where: `${step.keyword} \`${p.name}\` in the Dockerfile`, place };
      if (step.keyword === 'ARG') definition.buildOnly = true;
      out.push(definition);
    }
  }
  return out;
}

/** A Dockerfile value with its escapes (`\\"`, `\\\\`) and continued lines undone, and where each character is written; no `offsets` when there is nothing to undo. */
function unescapeDockerfile(text: string, start: number, end: number): { value: string; offsets?: number[] } {
  const raw = text.slice(start, end);
  if (!raw.includes('\\')) return { value: raw };
  let value = '';
  const offsets: number[] = [];
  for (let i = start; i < end; i++) {
    if (text[i] === '\\') {
      const next = /^\\\r?\n[ \t]*/.exec(text.slice(i, Math.min(end, i + 80)));
      if (next) {
        i += next[0].length - 1;
        continue;
      }
      offsets.push(i);
      if (i + 1 < end) i++;
    } else {
      offsets.push(i);
    }
    value += text[i];
  }
  offsets.push(end);
  return { value, offsets };
}

function envFileDefinitions(file: SourceFile): EnvDefinition[] {
  return file.model(parseEnvFile).assignments.map((a) => ({
    name: a.name,
    value: a.value,
    reach: 'local' as const,
    where: `\`${a.name}\` in ${file.rel}`,
    place: { file, start: a.valueStart, end: a.valueStart + a.value.length, exact: true },
  }));
}

function deploymentDefinitions(file: SourceFile): EnvDefinition[] {
  const out: EnvDefinition[] = [];
  for (const v of file.model(parseDeploymentFile).environmentVariables) {
    const place = scalarPlace(file, v.value);
    if (place) out.push({ name: v.key, value: place.value, reach: 'deployed', where: `environment variable \`${v.key}\` of the Deployment file ${file.rel}`, place: place.place });
  }
  return out;
}

function composeDefinitions(file: SourceFile): EnvDefinition[] {
  const out: EnvDefinition[] = [];
  const seen = new Set<unknown>();
  for (const service of file.model(parseComposeFile).services) {
    for (const v of service.environment) {
      const place = scalarPlace(file, v.node);
      if (!place || seen.has(v.node)) continue;
      seen.add(v.node);
      // `- NAME=value`: the value is what follows the `=`.
      const item = isScalar(v.node) && typeof v.node.value === 'string' && v.node.value.startsWith(`${v.name}=`) && place.value.startsWith(`${v.name}=`);
      const cut = item ? v.name.length + 1 : 0;
      out.push({
        name: v.name,
        value: place.value.slice(cut),
        reach: 'local',
        where: `\`${v.name}\` of service \`${service.name}\` in ${file.rel}`,
        place: { ...place.place, start: place.place.exact ? place.place.start + cut : place.place.start },
      });
    }
  }
  return out;
}

/** A YAML scalar's value and where it is written. */
export function scalarPlace(file: SourceFile, node: YamlNode | null | undefined): { value: string; place: Place } | undefined {
  if (!isScalar(node) || node.value === null || node.value === undefined || !node.range) return undefined;
  if (typeof node.value !== 'string') {
    return { value: String(node.value), place: { file, start: node.range[0], end: node.range[1], exact: file.text.slice(node.range[0], node.range[1]) === String(node.value) } };
  }
  const src = scalarSource(node, file.text)!;
  return { value: src.value, place: { file, start: src.start, end: src.end, exact: src.exact } };
}
