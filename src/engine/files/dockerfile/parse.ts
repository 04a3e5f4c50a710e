import { DockerfileParser } from 'dockerfile-ast';
import { LineIndex } from '../../fs/text';
import type { SourceFile } from '../source';
import type { Range } from '../../types';
import { expand, sourced, type ArgValue, type SourcedText } from './expand';
import { parseReference } from './reference';

/** A span of the Dockerfile's text that a fix may replace. */
export interface SourceSpan {
  range: Range;
  text: string;
}

/** One `FROM` instruction, with its image reference resolved. */
export interface FromImage {
  /** 0-based index of the build stage. */
  stageIndex: number;
  /** The stage's name (`AS name`), lower-cased as Docker matches it. */
  stageName?: string;
  /** The image argument as written (`quay.io/...:${V}`). */
  written: string;
  /** Where the image argument is written in the `FROM` line. */
  range: Range;
  /** The reference after `ARG` expansion; `undefined` parts were not resolvable. */
  resolved: string;
  /** `ARG` names the reference uses that have no value. */
  missingArgs: string[];
  registry?: string;
  path: string;
  tag?: string;
  digest?: string;
  /** Offsets of the tag, registry and digest in `resolved`. */
  spans: { tag?: [number, number]; registry?: [number, number]; digest?: [number, number] };
  /** Where the resolved text from `start` to `end` is written, when it is written in one place (the FROM line or one ARG default). */
  locate(start: number, end: number): SourceSpan | undefined;
  /** The earlier stage this one builds on (`FROM base`), if any. */
  fromStage?: number;
  /** The `ARG`s whose values were used, by name, with the place where a default could be written. */
  argsUsed: { name: string; declaredAt?: Range; nameEnd?: Range['end'] }[];
  platform?: string;
}

/** An instruction of a build stage that a rule may follow (what it copies, runs, where). */
export interface BuildStep {
  /** The stage it belongs to (-1 before the first FROM). */
  stageIndex: number;
  keyword: 'RUN' | 'COPY' | 'ADD' | 'WORKDIR' | 'ENV' | 'ARG' | 'LABEL' | 'ONBUILD';
  /** The arguments after any `--flag`s, continuation lines joined (shell form), or undefined for the exec (JSON) form. */
  shell?: string;
  /** The exec form's words (`RUN ["pip", "install", …]`), and COPY/ADD's words (sources then destination). */
  words: string[];
  /** `--from=builder` → { from: 'builder' }. */
  flags: Record<string, string | null>;
  /** `ENV`/`ARG`/`LABEL` name=value pairs (value undefined for an ARG without default), with where the value is written (quotes included). */
  properties?: { name: string; value?: string; valueRange?: Range }[];
  /** For ONBUILD: the instruction it triggers, as a step of its own. */
  trigger?: BuildStep;
  range: Range;
}

export interface DockerfileModel {
  stages: FromImage[];
  /** RUN, COPY, ADD, WORKDIR, ENV, ARG, LABEL and ONBUILD instructions, in order. */
  steps: BuildStep[];
  /** Problems reading the file (the parser is tolerant; these are things we noticed). */
  problems: string[];
}

export function parseDockerfile(text: string): DockerfileModel {
  const lines = new LineIndex(text);
  const problems: string[] = [];
  let df;
  try {
    df = DockerfileParser.parse(text);
  } catch (err) {
    return { stages: [], steps: [], problems: [`could not parse the Dockerfile: ${(err as Error).message}`] };
  }
  const escapeChar = df.getEscapeCharacter();

  // ARGs declared before the first FROM are the ones a FROM can use.
  const scope = new Map<string, ArgValue & { declaredAt: Range; nameEnd: Range['end'] }>();
  for (const arg of df.getInitialARGs()) for (const prop of arg.getProperties()) {
    const valueRange = prop.getValueRange();
    let value: SourcedText | undefined;
    if (valueRange) {
      const start = lines.offsetAt(valueRange.start);
      const raw = unquote(sourced(text.slice(start, lines.offsetAt(valueRange.end)), start));
      value = expand(raw, scope, escapeChar);
    } else if (prop.getAssignmentOperator() === '=') {
      value = { text: '', offsets: [] };
    }
    scope.set(prop.getName(), { name: prop.getName(), value, declaredAt: arg.getRange(), nameEnd: prop.getNameRange().end });
  }

  const stages: FromImage[] = [];
  const stageIndexByName = new Map<string, number>();
  for (const from of df.getFROMs()) {
    const imageRange = from.getImageRange();
    if (!imageRange) {
      problems.push(`line ${from.getRange().start.line + 1}: FROM without an image`);
      continue;
    }
    const start = lines.offsetAt(imageRange.start);
    const written = text.slice(start, lines.offsetAt(imageRange.end));
    const exp = expand(joinContinuations(sourced(written, start), escapeChar), scope, escapeChar);
    const ref = parseReference(exp.text);
    const stageIndex = stages.length;
    const stageName = from.getBuildStage()?.toLowerCase() ?? undefined;
    const span = (s: [number, number] | undefined): SourceSpan | undefined => {
      if (!s || s[1] <= s[0]) return undefined;
      const offs = exp.offsets.slice(s[0], s[1]);
      for (let k = 1; k < offs.length; k++) if (offs[k] !== offs[k - 1] + 1) return undefined;
      if (offs[0] < 0) return undefined;
      return { range: lines.rangeOf(offs[0], offs[offs.length - 1] + 1), text: exp.text.slice(s[0], s[1]) };
    };
    const argNames = [...written.matchAll(/\$\{?([A-Za-z_][A-Za-z0-9_]*)/g)].map((m) => m[1]);
    const fromStage = !ref.registry && !ref.tag && !ref.digest ? stageIndexByName.get(exp.text.toLowerCase()) : undefined;
    stages.push({
      stageIndex,
      stageName,
      written,
      range: imageRange,
      resolved: exp.text,
      missingArgs: [...new Set(exp.missing)],
      registry: ref.registry,
      path: ref.path,
      tag: ref.tag,
      digest: ref.digest,
      spans: { tag: ref.tagSpan, registry: ref.registrySpan, digest: ref.digestSpan },
      locate: (from, to) => span([from, to]),
      fromStage,
      argsUsed: [...new Set(argNames)].map((name) => ({ name, declaredAt: scope.get(name)?.declaredAt, nameEnd: scope.get(name)?.nameEnd })),
      platform: from.getPlatformFlag()?.getValue() ?? undefined,
    });
    if (stageName) stageIndexByName.set(stageName, stageIndex);
  }
  if (df.getFROMs().length === 0 && text.trim() !== '') problems.push('no FROM instruction');
  return { stages, steps: buildSteps(df), problems };
}

const STEP_KEYWORDS = new Set(['RUN', 'COPY', 'ADD', 'WORKDIR', 'ENV', 'ARG', 'LABEL', 'ONBUILD']);

function buildSteps(df: ReturnType<typeof DockerfileParser.parse>): BuildStep[] {
  const steps: BuildStep[] = [];
  let stageIndex = -1;
  for (const instruction of df.getInstructions()) {
    const keyword = instruction.getKeyword().toUpperCase();
    if (keyword === 'FROM') {
      stageIndex++;
      continue;
    }
    const step = stepOf(instruction, keyword, stageIndex);
    if (step) steps.push(step);
  }
  return steps;
}

type AstInstruction = ReturnType<ReturnType<typeof DockerfileParser.parse>['getInstructions']>[number];

function stepOf(instruction: AstInstruction, keyword: string, stageIndex: number): BuildStep | undefined {
  if (!STEP_KEYWORDS.has(keyword)) return undefined;
  const step: BuildStep = { stageIndex, keyword: keyword as BuildStep['keyword'], words: [], flags: {}, range: instruction.getRange() };
  const withFlags = instruction as AstInstruction & { getFlags?: () => { getName(): string; getValue(): string | null }[] };
  for (const flag of withFlags.getFlags?.() ?? []) step.flags[flag.getName().toLowerCase()] = flag.getValue();
  if (keyword === 'ONBUILD') {
    const trigger = (instruction as AstInstruction & { getTriggerInstruction(): AstInstruction | null }).getTriggerInstruction();
    const inner = trigger ? stepOf(trigger, trigger.getKeyword().toUpperCase(), stageIndex) : undefined;
    if (inner) step.trigger = inner;
    return step;
  }
  if (keyword === 'ENV' || keyword === 'ARG' || keyword === 'LABEL') {
    const props = (instruction as AstInstruction & { getProperties(): { getName(): string; getValue(): string | null; getValueRange(): Range | null }[] }).getProperties();
    step.properties = props.map((p) => ({ name: p.getName(), value: p.getValue() ?? undefined, valueRange: p.getValueRange() ?? undefined }));
    return step;
  }
  const json = instruction as AstInstruction & { getJSONStrings?: () => { getJSONValue(): string }[]; getOpeningBracket?: () => unknown };
  const jsonStrings = json.getJSONStrings?.() ?? [];
  if (json.getOpeningBracket?.() && jsonStrings.length > 0) {
    step.words = jsonStrings.map((j) => j.getJSONValue());
  } else {
    const args = instruction.getArguments();
    step.words = args.map((a) => a.getValue());
    if (args.length > 0) {
      // The text from the first argument on, continuation lines joined.
      const all = instruction.getArgumentsContent() ?? '';
      const first = args[0].getValue();
      const at = all.indexOf(first);
      step.shell = at >= 0 ? all.slice(at) : all;
    }
  }
  return step;
}

/** The stage that gives the image: the last one, followed through `FROM <stage>`. */
export function finalImage(model: DockerfileModel): FromImage | undefined {
  let stage = model.stages[model.stages.length - 1];
  const seen = new Set<number>();
  while (stage && stage.fromStage !== undefined && !seen.has(stage.stageIndex)) {
    seen.add(stage.stageIndex);
    stage = model.stages[stage.fromStage];
  }
  return stage;
}

/** Drops line continuations inside a word (`quay.io/astronomer/\⏎astro-runtime`), joining the lines as Docker does. */
function joinContinuations(s: SourcedText, escapeChar: string): SourcedText {
  const re = new RegExp(`${escapeChar.replace(/[\\^$.*+?()[\]{}|]/g, '\\$&')}[ \t]*\r?\n`, 'g');
  if (!re.test(s.text)) return s;
  re.lastIndex = 0;
  const out: SourcedText = { text: '', offsets: [] };
  let last = 0;
  for (const m of s.text.matchAll(re)) {
    out.text += s.text.slice(last, m.index);
    out.offsets.push(...s.offsets.slice(last, m.index));
    last = m.index! + m[0].length;
  }
  out.text += s.text.slice(last);
  out.offsets.push(...s.offsets.slice(last));
  return out;
}

function unquote(s: SourcedText): SourcedText {
  const q = s.text[0];
  if ((q === '"' || q === "'") && s.text.length >= 2 && s.text[s.text.length - 1] === q) {
    return { text: s.text.slice(1, -1), offsets: s.offsets.slice(1, -1) };
  }
  return s;
}

/** The model of a project's Dockerfile, made once per file (`file.model(dockerfileModel)`). */
export function dockerfileModel(file: SourceFile): DockerfileModel {
  return parseDockerfile(file.text);
}
