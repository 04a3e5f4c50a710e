/**
 * Finds committed credentials in a project's candidate files, once per
 * check, and sorts each into the rule that reports it: the file's own rule
 * (Dockerfile, env file, airflow_settings.yaml, deployment file, Python,
 * requirements), or the more specific ASR206 (private keys) and ASR207
 * (Astro API tokens), which win over the file's rule for the same secret.
 * Values never leave this module: only offsets, kinds and masked previews.
 */
import { isMap, isPair, isScalar, isSeq, parseDocument, visit, type Document, type Node as YamlNode, type Pair, type Scalar } from 'yaml';
import type { ProjectFs } from '../fs';
import type { AstroProject } from '../project';
import type { RequirementFile } from '../requirements/model';
import { LineIndex } from '../text';
import type { Fix, Range, ReadProblem } from '../types';
import { isPlaceholder, isReference, isSensitiveName, judgeAssignment, maskPreview, scanText } from './detect';
import { PREFILTER_ALL } from './patterns';
import { isExampleEnvFile, loadSecretFiles, type Exposure, type SecretFile, type SecretFiles } from './files';
import { scanPython } from './python';
import type { SecretContext, SecretHit } from './types';

export type SecretRuleId = 'ASR201' | 'ASR202' | 'ASR203' | 'ASR204' | 'ASR205' | 'ASR206' | 'ASR207' | 'ASR209' | 'ASR210';

/** One credential at one place of one file. */
export interface SecretOccurrence {
  rule: SecretRuleId;
  /** Relative to the checked root. */
  file: string;
  range: Range;
  /** What it is: `password`, `AWS secret access key`, … */
  kind: string;
  /** Masked: a few leading characters at most. */
  preview: string;
  /** Where it is written, for people: ``ENV `DB_PASSWORD` ``, `` `conn_password` of connection `warehouse` ``. Never holds the value. */
  where: string;
  exposure: Exposure;
  /** An example env file (`.env.example`): written to be committed. */
  example?: boolean;
  /** ASR209: a sensitive variable marked `is_secret: false` (no value needed). */
  notMarkedSecret?: boolean;
  fixes?: Fix[];
}

export interface ProjectSecrets {
  occurrences: SecretOccurrence[];
  files: SecretFiles;
}

/** A hit at absolute offsets of a file's text. */
export interface Found {
  start: number;
  end: number;
  kind: string;
  special?: SecretHit['special'];
  preview: string;
  where: string;
  notMarkedSecret?: boolean;
  fixes?: Fix[];
  /** Found by the whole-text scan for known formats: loses to a structured hit on the same secret, which knows better where it is. */
  generic?: boolean;
  /** In a file no structured reader knows (configuration, scripts, a YAML file that is not a Deployment file): ASR210. */
  plainFile?: boolean;
}

/** Reads the project's candidate files and finds the credentials in them. */
export async function loadProjectSecrets(fs: ProjectFs, project: AstroProject, problems: ReadProblem[]): Promise<ProjectSecrets> {
  const files = await loadSecretFiles(fs, project, problems);
  const occurrences: SecretOccurrence[] = [];
  for (const file of files.files) {
    const found = merge(scanFile(file, project, problems));
    if (found.length === 0) continue;
    const lines = new LineIndex(file.text);
    const example = file.kind === 'env' && isExampleEnvFile(file.rel);
    const exposure = example ? { committed: true, inImage: files.exposureOf(file.rel).inImage } : files.exposureOf(file.rel);
    for (const f of found) {
      const rule = ruleFor(file, f);
      if (!rule) continue;
      occurrences.push({
        rule,
        file: file.path,
        range: lines.rangeOf(f.start, f.end),
        kind: f.kind,
        preview: f.preview,
        where: f.where,
        exposure,
        example: example || undefined,
        notMarkedSecret: f.notMarkedSecret,
        fixes: f.fixes?.map((fix) => ({ ...fix, edits: fix.edits.map((e) => ({ ...e, file: file.path })) })),
      });
    }
  }
  occurrences.push(...requirementSecrets(project, files));
  return { occurrences, files };
}

function ruleFor(file: SecretFile, f: Found): SecretRuleId | undefined {
  if (f.special === 'private-key') return 'ASR206';
  if (f.special === 'astro-token') return 'ASR207';
  switch (file.kind) {
    case 'dockerfile':
      return 'ASR201';
    case 'env':
      return 'ASR202';
    case 'settings':
      return 'ASR203';
    case 'deployment':
      // A YAML file that is not a deployment file is any other project file.
      return f.plainFile ? 'ASR210' : 'ASR209';
    case 'python':
      return 'ASR205';
    default:
      return 'ASR210';
  }
}

function scanFile(file: SecretFile, project: AstroProject, problems: ReadProblem[]): Found[] {
  switch (file.kind) {
    case 'dockerfile':
      return scanDockerfile(file.text, project);
    case 'env':
      return scanEnvFile(file.text);
    case 'settings':
      return scanSettings(file, problems);
    case 'deployment':
      return scanDeploymentFile(file, problems);
    case 'python': {
      const candidates = pythonCandidates(file.text);
      return [...known(file.text, 'python', 'a comment or string'), ...(candidates.length > 0 ? scanPython(file.text, candidates) : [])];
    }
    default:
      return scanOtherText(file);
  }
}

// ---------------------------------------------------------------- shared pieces

/** Multi-line formats: a text holding one is scanned whole. */
const MULTILINE_KEY = /-----BEGIN|---- BEGIN|PuTTY-User/;

/**
 * Known formats anywhere in a text. Only runs of lines that pass the
 * detectors' prefilter are scanned (every single-line format passes it),
 * except that a text with a private key marker is scanned whole, since a key
 * block spans lines. On typical code this halves the scanning.
 */
function known(text: string, context: SecretContext, where: string, base = 0): Found[] {
  // An empty `where` stands for "name it after what the text gives the value to, if anything".
  const toFound = (h: SecretHit, at: number): Found => ({ ...fromHit(h, base + at), where: where || (h.name ? `\`${h.name}\`` : ''), generic: true });
  if (MULTILINE_KEY.test(text)) return scanText(text, context).map((h) => toFound(h, 0));
  // Only runs of lines holding a candidate are scanned: walk from one PREFILTER match to the next.
  const out: Found[] = [];
  let chunkStart = -1;
  let chunkEnd = -1;
  const flush = () => {
    if (chunkStart < 0) return;
    for (const h of scanText(text.slice(chunkStart, chunkEnd), context)) out.push(toFound(h, chunkStart));
    chunkStart = -1;
  };
  const re = PREFILTER_ALL;
  re.lastIndex = 0;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const lineStart = text.lastIndexOf('\n', m.index - 1) + 1;
    const nl = text.indexOf('\n', m.index + m[0].length);
    const lineEnd = nl < 0 ? text.length : nl;
    if (chunkStart >= 0 && lineStart > chunkEnd + 1) flush();
    if (chunkStart < 0) chunkStart = lineStart;
    chunkEnd = lineEnd;
    re.lastIndex = lineEnd;
  }
  flush();
  return out;
}

function fromHit(h: SecretHit, base: number): Omit<Found, 'where'> {
  return { start: base + h.start, end: base + h.end, kind: h.kind, special: h.special, preview: h.preview };
}

/** A name/value pair: the detectors' judgement, and credentials inside URLs in the value. `base` is the value's offset in the file. */
export function judge(name: string, value: string, context: SecretContext, base: number, where: string): Found[] {
  const out: Found[] = [];
  const hit = judgeAssignment(name, value, context);
  if (hit) out.push({ ...fromHit(hit, base), where });
  out.push(...urlCredentials(value, context, base, where));
  return out;
}

/** Characters that end the user-info part of a URL. */
const USERINFO_END = new Set([' ', '\t', '\n', '\r', '/', '@', "'", '"', '`', '<', '>', '{', '}', '\\']);

/** The `user[:password]@` parts of the URLs in a text, found by hand (linear; a regex here backtracks on long inputs). */
export function* urlUserInfos(text: string): Generator<{ userStart: number; user: string; password?: string }> {
  let from = 0;
  for (;;) {
    const at = text.indexOf('://', from);
    if (at < 0) return;
    from = at + 3;
    // A scheme before `://`: at least one letter.
    const c = text.charCodeAt(at - 1);
    if (!((c >= 65 && c <= 90) || (c >= 97 && c <= 122) || (c >= 48 && c <= 57))) continue;
    let k = from;
    while (k < text.length && !USERINFO_END.has(text[k])) k++;
    if (text[k] !== '@' || k === from || k + 1 >= text.length || USERINFO_END.has(text[k + 1])) continue;
    const info = text.slice(from, k);
    const colon = info.indexOf(':');
    yield colon < 0 ? { userStart: from, user: info } : { userStart: from, user: info.slice(0, colon), password: info.slice(colon + 1) };
    from = k + 1;
  }
}

/** `scheme://user:password@host` (the password) and `https://<token>@host` (a long user part alone). */
export function urlCredentials(text: string, textContext: SecretContext, base: number, where: string): Found[] {
  if (!text.includes('://')) return [];
  // The parts of a URL are bare values; in the python context a bare value would be read as an expression.
  const context: SecretContext = textContext === 'python' ? 'text' : textContext;
  const out: Found[] = [];
  for (const { userStart, user, password } of urlUserInfos(text)) {
    if (password !== undefined && password !== '') {
      const start = userStart + user.length + 1;
      if (isReference(password) || isPlaceholder(password) || password.startsWith('$')) continue;
      const hit = judgeAssignment('password', password, context);
      const h = hit ?? { kind: 'password in a URL', start: 0, end: password.length, preview: maskPreview(password, 'password') };
      out.push({ ...fromHit(h, base + start), kind: hit ? h.kind : 'password in a URL', where });
    } else if (password === undefined && user.length >= 16 && !isReference(user) && !isPlaceholder(user)) {
      const hit = judgeAssignment('token', user, context);
      if (hit) out.push({ ...fromHit(hit, base + userStart), where });
    }
  }
  return out;
}

const ASSIGNMENT = /(?:^|[\s;&|(,{[])(?:export\s+)?["']?([A-Za-z_][A-Za-z0-9_.-]*)["']?\s*(?:=|:(?!\/\/))[ \t]*("([^"\\\n]*)"|'([^'\n]*)'|([^\s"',;&|)}\]#]+))/g;
const LONG_FLAG = /(?:^|\s)--([A-Za-z][A-Za-z0-9-]*)(?:[ \t]+|=)("([^"\\\n]*)"|'([^'\n]*)'|([^\s"';&|)]+))/g;
const CURL_USER = /(?:^|\s)(?:-u|--user)(?:[ \t]+|=)?("([^"\n]*)"|'([^'\n]*)'|([^\s"';&|]+))/g;

/**
 * Free-form lines (RUN instructions, heredocs, unparsable YAML): `NAME=value`
 * and `name: value` pairs, `--password value` flags, `curl -u user:password`,
 * and URLs with credentials. `base` is the text's offset in the file.
 */
export function lineScan(text: string, context: SecretContext, base: number, where: (name: string) => string): Found[] {
  const out: Found[] = [];
  const valueOf = (m: RegExpMatchArray, group: number) => {
    const raw = m[group];
    const inner = m[group + 1] ?? m[group + 2] ?? m[group + 3] ?? '';
    const at = m.index! + m[0].lastIndexOf(raw) + (raw === inner ? 0 : 1);
    return { value: inner, at };
  };
  for (const m of text.matchAll(ASSIGNMENT)) {
    const { value, at } = valueOf(m, 2);
    if (value.includes('://')) continue; // judged below as a URL
    const hit = judgeAssignment(m[1], value, context);
    if (hit) out.push({ ...fromHit(hit, base + at), where: where(m[1]) });
  }
  for (const m of text.matchAll(LONG_FLAG)) {
    if (!isSensitiveName(m[1])) continue;
    const { value, at } = valueOf(m, 2);
    if (value.includes('://')) continue;
    const hit = judgeAssignment(m[1], value, context);
    if (hit) out.push({ ...fromHit(hit, base + at), where: where(`--${m[1]}`) });
  }
  for (const m of text.matchAll(CURL_USER)) {
    const { value, at } = valueOf(m, 1);
    const colon = value.indexOf(':');
    if (colon < 0 || value.includes('://')) continue;
    const password = value.slice(colon + 1);
    if (password === '' || isReference(password) || isPlaceholder(password) || password.startsWith('$')) continue;
    const hit = judgeAssignment('password', password, context) ?? { kind: 'password', start: 0, end: password.length, preview: maskPreview(password, 'password') };
    out.push({ ...fromHit(hit, base + at + colon + 1), where: where('-u user:password') });
  }
  out.push(...urlCredentials(text, context, base, where('URL')));
  return out;
}

/** One finding per secret: overlapping hits keep the specific one (private key, Astro token), then one with a fix, then a structured one, then the longer. */
export function merge(found: Found[]): Found[] {
  const rank = (f: Found) => (f.special ? 4 : 0) + (f.fixes ? 2 : 0) + (f.generic ? 0 : 1);
  // Last tie-break: the hit that says more precisely where it is (`AIRFLOW_CONN_API`, key `password`).
  const sorted = [...found].sort((a, b) => rank(b) - rank(a) || b.end - b.start - (a.end - a.start) || a.start - b.start || b.where.length - a.where.length);
  const kept: Found[] = [];
  for (const f of sorted) if (!kept.some((k) => f.start < k.end && k.start < f.end)) kept.push(f);
  return kept.sort((a, b) => a.start - b.start);
}

// ---------------------------------------------------------------- Dockerfile

function scanDockerfile(text: string, project: AstroProject): Found[] {
  const lines = new LineIndex(text);
  const out = known(text, 'dockerfile', 'a line');
  const assignmentLines = new Set<number>();
  for (const step of project.dockerfile.steps) {
    if (step.keyword !== 'ENV' && step.keyword !== 'ARG' && step.keyword !== 'LABEL') continue;
    for (let l = step.range.start.line; l <= step.range.end.line; l++) assignmentLines.add(l);
    for (const p of step.properties ?? []) {
      if (!p.valueRange) continue;
      let start = lines.offsetAt(p.valueRange.start);
      let end = lines.offsetAt(p.valueRange.end);
      const q = text[start];
      if ((q === '"' || q === "'") && end - start >= 2 && text[end - 1] === q) {
        start++;
        end--;
      }
      out.push(...judge(p.name, text.slice(start, end), 'dockerfile', start, `${step.keyword} \`${p.name}\``));
    }
  }
  // Everything else line by line: RUN (also continued and heredoc lines), comments, other instructions.
  let offset = 0;
  const rawLines = text.split('\n');
  for (let l = 0; l < rawLines.length; l++) {
    const line = rawLines[l];
    if (!assignmentLines.has(l) && !/^\s*FROM\s/i.test(line)) out.push(...lineScan(line, 'dockerfile', offset, (name) => (name === 'URL' ? 'a URL in a RUN line' : `\`${name}\` in a RUN line`)));
    offset += line.length + 1;
  }
  return out;
}

// ---------------------------------------------------------------- env files

const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_.-]*$/;

/** `[export ]NAME = value` split by hand: the name, and where the value starts; undefined for other lines. */
function envAssignment(line: string): { name: string; valueStart: number } | undefined {
  const eq = line.indexOf('=');
  if (eq < 0) return undefined;
  let left = line.slice(0, eq).trim();
  if (left.startsWith('export ') || left.startsWith('export\t')) left = left.slice(7).trim();
  if (!ENV_NAME.test(left)) return undefined;
  let valueStart = eq + 1;
  while (line[valueStart] === ' ' || line[valueStart] === '\t') valueStart++;
  return { name: left, valueStart };
}

/** A bare value without its ` # comment`. */
function withoutComment(value: string): string {
  for (let k = 0; k < value.length; k++) {
    if (value[k] === '#' && (k === 0 || value[k - 1] === ' ' || value[k - 1] === '\t')) return value.slice(0, k).trimEnd();
  }
  return value.trimEnd();
}

/** Reads `KEY=VALUE` lines as the Astro CLI and python-dotenv do: `#` comments, `export`, quotes trimmed, ` # comment` after a bare value. */
export function scanEnvFile(text: string): Found[] {
  const out = known(text, 'env', 'a line of the file');
  let offset = 0;
  for (const line of text.split('\n')) {
    const body = line.replace(/\r$/, '');
    const m = envAssignment(body);
    if (m) {
      const name = m.name;
      let valueStart = m.valueStart;
      let value = body.slice(valueStart);
      const q = value[0];
      if ((q === '"' || q === "'") && value.indexOf(q, 1) > 0) {
        value = value.slice(1, value.indexOf(q, 1));
        valueStart++;
      } else {
        value = withoutComment(value);
      }
      const where = `\`${name}\``;
      out.push(...judge(name, value, 'env', offset + valueStart, where));
      if (value.startsWith('{')) out.push(...jsonSecrets(value, offset + valueStart, where));
    } else if (!/^\s*(#|$)/.test(body)) {
      out.push(...lineScan(body, 'env', offset, (name) => `\`${name}\``));
    }
    offset += line.length + 1;
  }
  return out;
}

/** Sensitive keys of a JSON object written in a text (`conn_extra` as a string, `AIRFLOW_CONN_X={…}`); undefined when it does not parse. */
function jsonSecrets(json: string, base: number, where: string, locate?: (from: number, to: number) => [number, number] | undefined): Found[] {
  let data: unknown;
  try {
    data = JSON.parse(json);
  } catch {
    return [];
  }
  const out: Found[] = [];
  let cursor = 0;
  const visit = (value: unknown, key: string) => {
    if (typeof value === 'string') {
      const literal = JSON.stringify(value);
      const keyAt = key ? json.indexOf(JSON.stringify(key), cursor) : cursor;
      const at = json.indexOf(literal, keyAt < 0 ? cursor : keyAt);
      if (at < 0) return;
      cursor = at + literal.length;
      // Offsets inside the JSON literal are the value's own while the value has no escapes.
      const exact = literal.length === value.length + 2;
      for (const f of judge(key, value, 'json', 0, `${where}, key \`${key}\``)) {
        const span = exact ? [at + 1 + f.start, at + 1 + f.end] : [at, at + literal.length];
        const mapped = locate ? locate(span[0], span[1]) : ([base + span[0], base + span[1]] as [number, number]);
        if (mapped) out.push({ ...f, start: mapped[0], end: mapped[1] });
      }
    } else if (Array.isArray(value)) {
      for (const v of value) visit(v, key);
    } else if (value && typeof value === 'object') {
      for (const [k, v] of Object.entries(value)) visit(v, k);
    }
  };
  visit(data, '');
  return out;
}

// ---------------------------------------------------------------- YAML files

/** Where a scalar's value is written: exact offsets when the source is the value itself (plain, or quoted without escapes). */
function scalarSource(node: Scalar, text: string): { value: string; start: number; exact: boolean; end: number } | undefined {
  if (!node.range || typeof node.value !== 'string') return undefined;
  const [from, to] = node.range;
  const src = text.slice(from, to);
  const value = node.value;
  if (src === value) return { value, start: from, exact: true, end: to };
  if ((src[0] === '"' || src[0] === "'") && src.slice(1, -1) === value) return { value, start: from + 1, exact: true, end: to - 1 };
  return { value, start: from, exact: false, end: to };
}

/** Found items of a scalar value: hits inside it mapped to the file, or the whole scalar when it is written differently (block scalars, escapes). */
function placeInScalar(found: Found[], node: Scalar, text: string, src: { start: number; exact: boolean; end: number }): Found[] {
  return found.map((f) => (src.exact ? { ...f, start: src.start + f.start, end: src.start + f.end } : { ...f, start: node.range![0], end: node.range![1] }));
}

function scalarString(node: unknown): string | undefined {
  if (!isScalar(node)) return undefined;
  if (node.value === null || node.value === undefined) return '';
  return typeof node.value === 'string' ? node.value : String(node.value);
}

function get(map: unknown, key: string): Pair | undefined {
  if (!isMap(map)) return undefined;
  return map.items.find((p) => isScalar(p.key) && p.key.value === key) as Pair | undefined;
}

function parseYaml(file: SecretFile, problems: ReadProblem[]): Document | undefined {
  const doc = parseDocument(file.text, { uniqueKeys: false, prettyErrors: false });
  let message: string | undefined;
  if (doc.errors.length > 0) {
    const first = doc.errors[0];
    message = `${first.linePos?.[0] ? `line ${first.linePos[0].line}: ` : ''}${first.message.split('\n')[0]}`;
  } else {
    // `*PLACEHOLDER*` parses as an alias to an anchor that does not exist; YAML tools reject the file when they read it.
    visit(doc, {
      Alias(_, node) {
        if (node.resolve(doc)) return undefined;
        const line = node.range ? new LineIndex(file.text).positionAt(node.range[0]).line + 1 : undefined;
        message = `${line ? `line ${line}: ` : ''}a value starting with \`*\` is read as an alias to an anchor that is not defined (quote the value if it is text)`;
        return visit.BREAK;
      },
    });
  }
  if (message === undefined) return doc;
  problems.push({ file: file.path, message: `could not read as YAML (${message}); looked for credentials line by line instead` });
  return undefined;
}

function yamlLineScan(text: string): Found[] {
  return lineScan(text, 'yaml', 0, (name) => `\`${name}\``);
}

/** airflow_settings.yaml: connections (password, URI, extra), variables. */
function scanSettings(file: SecretFile, problems: ReadProblem[]): Found[] {
  const text = file.text;
  const out = known(text, 'yaml', 'a line of the file');
  const doc = parseYaml(file, problems);
  if (!doc) return [...out, ...yamlLineScan(text)];
  const airflow = get(doc.contents, 'airflow')?.value;
  const connections = get(airflow, 'connections')?.value;
  for (const conn of isSeq(connections) ? connections.items : []) {
    if (!isMap(conn)) continue;
    const id = scalarString(get(conn, 'conn_id')?.value) || '(no conn_id)';
    for (const pair of conn.items) {
      if (!isScalar(pair.key)) continue;
      const field = String(pair.key.value);
      const where = `\`${field}\` of connection \`${id}\``;
      const node = pair.value;
      if (field === 'conn_extra' && isMap(node)) {
        out.push(...yamlMapSecrets(node, text, where));
        continue;
      }
      if (!isScalar(node) || typeof node.value !== 'string' || node.value === '') continue;
      const src = scalarSource(node, text)!;
      if (field === 'conn_password') {
        const v = src.value;
        if (isPlaceholder(v) || isReference(v)) continue;
        const hit = judgeAssignment('conn_password', v, 'yaml') ?? { kind: 'password', start: 0, end: v.length, preview: maskPreview(v, 'password') };
        out.push(...placeInScalar([{ ...fromHit(hit, 0), where }], node, text, src));
      } else if (field === 'conn_extra') {
        const inJson = jsonSecrets(src.value, 0, where, (a, b) => (src.exact ? [src.start + a, src.start + b] : [node.range![0], node.range![1]]));
        if (inJson.length === 0 && !isJson(src.value)) {
          if (src.value.trim().startsWith('{')) problems.push({ file: file.path, message: `${where}: the JSON does not parse; looked for credentials line by line instead` });
          out.push(...placeInScalar(lineScan(src.value, 'json', 0, () => where), node, text, src));
        }
        out.push(...inJson);
      } else {
        out.push(...placeInScalar(judge(field, src.value, 'yaml', 0, where), node, text, src));
      }
    }
  }
  const variables = get(airflow, 'variables')?.value;
  for (const variable of isSeq(variables) ? variables.items : []) {
    const name = scalarString(get(variable, 'variable_name')?.value);
    const node = get(variable, 'variable_value')?.value;
    if (!name || !isScalar(node) || typeof node.value !== 'string' || node.value === '') continue;
    const src = scalarSource(node, text)!;
    const where = `variable \`${name}\``;
    out.push(...placeInScalar(judge(name, src.value, 'yaml', 0, where), node, text, src));
    if (src.value.trim().startsWith('{')) out.push(...jsonSecrets(src.value, 0, where, (a, b) => (src.exact ? [src.start + a, src.start + b] : [node.range![0], node.range![1]])));
  }
  return out;
}

function isJson(s: string): boolean {
  try {
    JSON.parse(s);
    return true;
  } catch {
    return false;
  }
}

/** Every sensitive key of a YAML mapping, at any depth. */
function yamlMapSecrets(map: YamlNode, text: string, where: string): Found[] {
  const out: Found[] = [];
  const visit = (node: unknown, key: string) => {
    if (isMap(node)) {
      for (const p of node.items) visit(p.value, isScalar(p.key) ? String(p.key.value) : key);
    } else if (isSeq(node)) {
      for (const v of node.items) visit(v, key);
    } else if (isPair(node)) {
      visit(node.value, key);
    } else if (isScalar(node) && typeof node.value === 'string' && node.value !== '') {
      const src = scalarSource(node, text)!;
      out.push(...placeInScalar(judge(key, src.value, 'yaml', 0, `${where}, key \`${key}\``), node, text, src));
    }
  };
  visit(map, '');
  return out;
}

/** Deployments as code: `deployment.environment_variables[]` with `key`, `value`, `is_secret`. Other YAML: known formats only (for ASR206/ASR207). */
function scanDeploymentFile(file: SecretFile, problems: ReadProblem[]): Found[] {
  const text = file.text;
  // Not a deployment file: only the specific rules (private keys, Astro tokens) apply.
  if (!/^deployment:/m.test(text)) return [...known(text, 'yaml', ''), ...astroAssignments(text)].map((f) => ({ ...f, plainFile: true }));
  const out = known(text, 'yaml', 'a line');
  const doc = parseYaml(file, problems);
  if (!doc) return [...out, ...yamlLineScan(text)];
  const vars = get(get(doc.contents, 'deployment')?.value, 'environment_variables')?.value;
  for (const item of isSeq(vars) ? vars.items : []) {
    const key = scalarString(get(item, 'key')?.value);
    if (!key) continue;
    const valueNode = get(item, 'value')?.value;
    const secretPair = get(item, 'is_secret');
    const isSecret = isScalar(secretPair?.value) ? secretPair!.value.value : undefined;
    const where = `environment variable \`${key}\``;
    let valueHits: Found[] = [];
    if (isScalar(valueNode) && valueNode.value !== null && valueNode.value !== undefined && String(valueNode.value) !== '') {
      const src = scalarSource(valueNode, text) ?? { value: String(valueNode.value), start: valueNode.range![0], exact: false, end: valueNode.range![1] };
      valueHits = judge(key, src.value, 'yaml', 0, where);
      const v = src.value;
      if (valueHits.length === 0 && (isSecret === true || isSecret === 'true') && !isPlaceholder(v) && !isReference(v)) {
        valueHits = [{ kind: 'secret value', start: 0, end: v.length, preview: maskPreview(v), where }];
      }
      out.push(...placeInScalar(valueHits, valueNode, text, src));
    }
    if (valueHits.length === 0 && isSensitiveName(key) && (isSecret === false || isSecret === 'false') && secretPair && isScalar(secretPair.value) && secretPair.value.range) {
      const [from, to] = secretPair.value.range;
      out.push({ kind: 'sensitive variable not marked secret', start: from, end: to, preview: '', where, notMarkedSecret: true });
    }
  }
  return out;
}

// ---------------------------------------------------------------- other text files

const ASTRO_NAMES = /\b(ASTRO_[A-Z_]{0,40}TOKEN|ASTRONOMER_KEY_SECRET)\b["']?[ \t]{0,4}[:=][ \t]{0,4}["']?([^\s"'#]{1,4096})/g;

/** Astro API tokens assigned by name in any file (CI files, scripts, READMEs). */
function astroAssignments(text: string): Found[] {
  if (!/ASTRO/.test(text)) return [];
  const out: Found[] = [];
  for (const m of text.matchAll(ASTRO_NAMES)) {
    const value = m[2];
    const hit = judgeAssignment(m[1], value, 'text');
    if (hit?.special === 'astro-token') out.push({ ...fromHit(hit, m.index! + m[0].length - value.length), where: `\`${m[1]}\`` });
  }
  return out;
}

/**
 * Any other file of the project (configuration, SQL, scripts, notebooks,
 * docs): known formats anywhere, sensitive name/value pairs, and Astro API
 * tokens assigned by name.
 */
function scanOtherText(file: SecretFile): Found[] {
  const context: SecretContext = /\.(?:json|ipynb)$/i.test(file.rel) ? 'json' : 'text';
  return [...known(file.text, context, ''), ...astroAssignments(file.text)];
}

/** `=` or `:` before a string literal; the name before it is read backwards (a regex anchored on the name would start at every letter). */
const PY_LITERAL_AFTER = /[:=][ \t]*(?:\([ \t\r\n]{0,64})?[rRbBuU]{0,2}["']/g;
/** `os.environ.setdefault("NAME", "…")`, `os.putenv(…)`, `Variable.set(…)`: a name and a value given as two literals. */
const PY_SETTER_CALL = /\b(?:setdefault|putenv|set)\([ \t]*["']([A-Za-z_][A-Za-z0-9_.-]{0,127})["'][ \t]*,[ \t]*[rRbBuU]{0,2}["']/g;

function isWordChar(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;
}

/**
 * Where a Python file may give a string literal to a sensitive name (the
 * literal's opening quote), or hold a URL with a password (the URL's user
 * part): the cheap reading that decides what is parsed. Known formats are
 * found without parsing; a file with no candidate is not parsed at all.
 */
export function pythonCandidates(text: string): number[] {
  const out: number[] = [];
  if (text.includes('://')) for (const u of urlUserInfos(text)) if (u.password) out.push(u.userStart);
  for (const m of text.matchAll(PY_LITERAL_AFTER)) {
    let end = m.index!;
    while (end > 0 && (text[end - 1] === ' ' || text[end - 1] === '\t')) end--;
    if (end > 0 && (text[end - 1] === '"' || text[end - 1] === "'")) end--;
    let start = end;
    while (start > 0 && isWordChar(text.charCodeAt(start - 1))) start--;
    if (start === end) continue;
    const name = text.slice(start, end);
    const quote = m.index! + m[0].length - 1;
    // isSensitiveName is memoized (classifyName): code repeats the same few hundred names.
    if (isSensitiveName(name) && literalMayBeSecret(name, text, quote)) out.push(quote);
  }
  if (text.includes('set') || text.includes('putenv')) {
    for (const m of text.matchAll(PY_SETTER_CALL)) {
      const quote = m.index! + m[0].length - 1;
      if (isSensitiveName(m[1]) && literalMayBeSecret(m[1], text, quote)) out.push(quote);
    }
  }
  return out;
}

/**
 * Whether the string literal whose quote is at `quote` may be judged a secret
 * when given to `name` (the same judgement the parsed scan makes; anything
 * this cheap reading cannot tell, such as a triple-quoted or unterminated
 * literal, counts as "may").
 */
function literalMayBeSecret(name: string, text: string, quote: number): boolean {
  const q = text[quote];
  if (text[quote + 1] === q && text[quote + 2] === q) return true;
  let end = quote + 1;
  while (end < text.length && text[end] !== q && text[end] !== '\n') end += text[end] === '\\' ? 2 : 1;
  if (text[end] !== q) return true;
  let start = quote;
  while (start > 0 && /[rRbBuUfF]/.test(text[start - 1])) start--;
  if (/[fF]/.test(text.slice(start, quote))) return false;
  const value = text.slice(quote + 1, end);
  if (value === '' || isPlaceholder(value) || isReference(value)) return false;
  // Connection(password="…") and the like are judged without a randomness test.
  return /pass|pwd/i.test(name) || judgeAssignment(name, text.slice(start, end + 1), 'python') !== undefined;
}

// ---------------------------------------------------------------- requirements

const INDEX_OPTIONS = new Set(['--index-url', '--extra-index-url', '--find-links']);

function requirementSecrets(project: AstroProject, files: SecretFiles): SecretOccurrence[] {
  const out: SecretOccurrence[] = [];
  for (const file of project.requirements?.files ?? []) {
    const exposure = files.exposureOf(relToProject(project, file.path));
    const add = (f: Found, valueRange: Range) => {
      const line = valueRange.start.line;
      const range = valueRange.start.line === valueRange.end.line ? { start: { line, character: valueRange.start.character + f.start }, end: { line, character: valueRange.start.character + f.end } } : valueRange;
      out.push({ rule: f.special === 'astro-token' ? 'ASR207' : f.special === 'private-key' ? 'ASR206' : 'ASR204', file: file.path, range, kind: f.kind, preview: f.preview, where: f.where, exposure });
    };
    for (const o of requirementValues(file)) {
      for (const f of merge([...urlCredentials(o.value, 'requirements', 0, o.where), ...known(o.value, 'requirements', o.where)])) add(f, o.range);
    }
  }
  return out;
}

function requirementValues(file: RequirementFile): { value: string; range: Range; where: string }[] {
  const out: { value: string; range: Range; where: string }[] = [];
  for (const o of file.options) if (INDEX_OPTIONS.has(o.name) && o.value && o.valueRange) out.push({ value: o.value, range: o.valueRange, where: `\`${o.name}\`` });
  for (const r of file.requirements) if (r.url && r.urlRange) out.push({ value: r.url, range: r.urlRange, where: r.name ? `the URL of \`${r.name}\`` : 'a requirement URL' });
  for (const i of file.includes) if (/:\/\//.test(i.target)) out.push({ value: i.target, range: i.targetRange, where: `\`${i.kind === 'constraint' ? '-c' : '-r'}\`` });
  return out;
}

function relToProject(project: AstroProject, path: string): string {
  return project.root === '' ? path : path.slice(project.root.length + 1);
}
