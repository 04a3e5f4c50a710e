/**
 * Docker Compose files (`docker-compose.yml`, `docker-compose.override.yml`,
 * `compose.yaml`, …): the services they define, with each service's
 * environment entries as written (a mapping, or a list of `NAME=value`),
 * read from the file's YAML document.
 */
import { isAlias, isMap, isScalar, isSeq, type Document, type Node as YamlNode } from 'yaml';
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
  /** Its environment entries as written (through anchors and merge keys): `NAME: value` pairs, or `- NAME=value` items. */
  environment: ComposeVariable[];
}

export interface ComposeVariable {
  name: string;
  /** The value's node (for a `- NAME=value` item, the item). */
  node: YamlNode | null;
}

export interface ComposeFile {
  services: ComposeService[];
}

export function parseComposeFile(file: SourceFile): ComposeFile {
  const doc = file.model(parseYamlFile).doc;
  const services = get(doc?.contents, 'services')?.value;
  const out: ComposeFile = { services: [] };
  if (!doc || !isMap(services)) return out;
  for (const pair of services.items) {
    if (!isScalar(pair.key)) continue;
    const aliases = ['hostname', 'container_name'].map((k) => scalarString(get(pair.value, k)?.value)).filter((v): v is string => !!v);
    const environment = [...environmentEntries(get(pair.value, 'environment')?.value, doc, 0)];
    out.services.push({ name: String(pair.key.value), aliases, image: scalarString(get(pair.value, 'image')?.value) || undefined, environment });
  }
  return out;
}

/** The entries of an `environment:` node, following an alias (`*common-env`) and merge keys (`<<: *common-env`). */
function* environmentEntries(node: unknown, doc: Document, depth: number): Generator<ComposeVariable> {
  if (depth > 8) return;
  const target = isAlias(node) ? node.resolve(doc) : node;
  if (isMap(target)) {
    for (const p of target.items) {
      if (!isScalar(p.key)) continue;
      if (p.key.value === '<<') yield* environmentEntries(p.value, doc, depth + 1);
      else yield { name: String(p.key.value), node: (p.value ?? null) as YamlNode | null };
    }
  } else if (isSeq(target)) {
    for (const item of target.items) {
      const text = scalarString(item);
      if (text === undefined || !text.includes('=')) continue;
      yield { name: text.slice(0, text.indexOf('=')).trim(), node: item as YamlNode };
    }
  }
}

/** The names of the Docker Compose services these files define, and their host names, in lower case (only files named as Compose files count). */
export function composeServiceNames(files: readonly SourceFile[]): Set<string> {
  const names = new Set<string>();
  for (const file of files) {
    if (!isComposeFileName(file.rel)) continue; // (the name is what counts; a file above the project has its full path as `rel`)
    for (const s of file.model(parseComposeFile).services) for (const n of [s.name, ...s.aliases]) names.add(n.toLowerCase());
  }
  return names;
}
