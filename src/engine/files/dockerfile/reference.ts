/**
 * Docker image references (`[registry[:port]/]path[:tag][@digest]`), split
 * the way Docker's reference grammar splits them.
 */
export interface ParsedReference {
  /** Registry host (with port), when the first path component names one. */
  registry?: string;
  /** Repository path without the registry, e.g. `astronomer/astro-runtime`. */
  path: string;
  tag?: string;
  digest?: string;
  /** Offsets into the reference string. */
  registrySpan?: [number, number];
  tagSpan?: [number, number];
  digestSpan?: [number, number];
}

export function parseReference(ref: string): ParsedReference {
  let rest = ref;
  let digest: string | undefined;
  let digestSpan: [number, number] | undefined;
  const at = ref.indexOf('@');
  if (at >= 0) {
    digest = ref.slice(at + 1);
    digestSpan = [at + 1, ref.length];
    rest = ref.slice(0, at);
  }
  let tag: string | undefined;
  let tagSpan: [number, number] | undefined;
  const colon = rest.lastIndexOf(':');
  if (colon > rest.lastIndexOf('/')) {
    tag = rest.slice(colon + 1);
    tagSpan = [colon + 1, rest.length];
    rest = rest.slice(0, colon);
  }
  const slash = rest.indexOf('/');
  const first = slash < 0 ? '' : rest.slice(0, slash);
  if (slash >= 0 && (first.includes('.') || first.includes(':') || first === 'localhost')) {
    return { registry: first, path: rest.slice(slash + 1), tag, digest, registrySpan: [0, slash], tagSpan, digestSpan };
  }
  return { path: rest, tag, digest, tagSpan, digestSpan };
}
