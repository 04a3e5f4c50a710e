/**
 * Docker Compose files (`docker-compose.yml`, `docker-compose.override.yml`,
 * `compose.yaml`, …): the services they define, with each service's
 * environment entries as written (a mapping, or a list of `NAME=value`),
 * read from the file's YAML document.
 */
import { isMap, isScalar, isSeq, type Node as YamlNode } from 'yaml';
import type { SourceFile } from './source';
import { get, parseYamlFile, scalarString } from './yaml';

/** Whether a file is a Docker Compose file, by its name. */
export function isComposeFileName(rel: string): boolean {
  return /^(?:docker-)?compose(?:[.-][A-Za-z0-9_.-]{1,60})?\.ya?ml$/i.test(rel.slice(rel.lastIndexOf('/') + 1));
}

export interface ComposeService {
  name: string;
  /** Other names it answers to on the Compose network: `hostname`, `container_name`. */
  aliases: string[];
  image?: string;
  /** The `environment` node, when written. */
  environment?: YamlNode | null;
}

export interface ComposeFile {
  services: ComposeService[];
}

export function parseComposeFile(file: SourceFile): ComposeFile {
  const doc = file.model(parseYamlFile).doc;
  const services = get(doc?.contents, 'services')?.value;
  const out: ComposeFile = { services: [] };
  if (!isMap(services)) return out;
  for (const pair of services.items) {
    if (!isScalar(pair.key)) continue;
    const aliases = ['hostname', 'container_name'].map((k) => scalarString(get(pair.value, k)?.value)).filter((v): v is string => !!v);
    out.services.push({ name: String(pair.key.value), aliases, image: scalarString(get(pair.value, 'image')?.value) || undefined, environment: get(pair.value, 'environment')?.value as YamlNode | null | undefined });
  }
  return out;
}

/** The environment entries of a service: `NAME: value` pairs, or `- NAME=value` items. */
export function* environmentEntries(environment: YamlNode | null | undefined): Generator<{ name: string; node: YamlNode | null; inItem: boolean }> {
  if (isMap(environment)) {
    for (const p of environment.items) if (isScalar(p.key)) yield { name: String(p.key.value), node: (p.value ?? null) as YamlNode | null, inItem: false };
  } else if (isSeq(environment)) {
    for (const item of environment.items) {
      const text = scalarString(item);
      if (text === undefined || !text.includes('=')) continue;
      yield { name: text.slice(0, text.indexOf('=')).trim(), node: item as YamlNode, inItem: true };
    }
  }
}
