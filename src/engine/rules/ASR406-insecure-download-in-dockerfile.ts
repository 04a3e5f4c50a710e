import { dockerfileModel, type BuildStep } from '../files/dockerfile/parse';
import { shellCommands, type ShellWord } from '../files/shell';
import type { SourceFile } from '../files/source';
import type { Fix } from '../types';
import type { FileVerdict, ProjectRule } from './rule';

/** What the build's downloads become: code in the image that runs every DAG and task. */
const WHY = 'anyone on the network path between the build and that server can hand the build different files, and what the build downloads ends up in the image that runs your DAGs and tasks';

/** A place in the Dockerfile that turns a check off, with the spans a fix deletes (none when removing it needs judgement). */
interface Hit {
  start: number;
  end: number;
  message: string;
  brief: string;
  fix?: { title: string; spans: [number, number][] };
}

/** The Dockerfile downloads without checking the server's certificate or the package's signature. */
export const insecureDownloadInDockerfile: ProjectRule = {
  meta: {
    id: 'ASR406',
    name: 'insecure-download-in-dockerfile',
    responsibility: 'network',
    defaultSeverity: 'warning',
    summary: "The Dockerfile downloads code or packages without checking the server's certificate or the package's signature (`curl -k`, `wget --no-check-certificate`, `pip --trusted-host`, `apt-get --allow-unauthenticated`, `[trusted=yes]`, `GIT_SSL_NO_VERIFY`).",
    instead:
      "Keep the checks on and tell the tool whom to trust: a private CA's certificate with `curl --cacert`, `wget --ca-certificate`, pip's `--cert` or `PIP_CERT`, or installed into the image's trust store (`update-ca-certificates`); an apt repository's key with `[signed-by=/etc/apt/keyrings/….gpg]`; and, for files fetched by URL, a checksum check (`echo \"<sha256>  file\" | sha256sum -c -`).",
  },
  checkProject(project) {
    const file = project.dockerfileFile;
    return file.model(insecureDownloadModel).map((hit): FileVerdict => {
      const fixes: Fix[] | undefined = hit.fix && [{ title: hit.fix.title, isPreferred: true, edits: hit.fix.spans.map(([s, e]) => ({ file: file.path, range: file.lines.rangeOf(s, e), newText: '' })) }];
      return { file: file.path, range: file.lines.rangeOf(hit.start, hit.end), message: hit.message, brief: hit.brief, fixes };
    });
  },
};

/** What the Dockerfile turns off, made once per file: RUN lines read as shell (flags located in the file's own text), ENV and ARG values by name. */
function insecureDownloadModel(file: SourceFile): Hit[] {
  const model = file.model(dockerfileModel);
  const text = file.text;
  const escape = /^#[ \t]*escape[ \t]*=[ \t]*`/im.test(text.slice(0, 200)) ? '`' : '\\';
  const hits: Hit[] = [];
  const visit = (step: BuildStep, onbuild: boolean) => {
    if (step.keyword === 'ONBUILD' && step.trigger) return visit(step.trigger, true);
    const start = file.lines.offsetAt(step.range.start);
    const end = file.lines.offsetAt(step.range.end);
    if (step.keyword === 'RUN' && step.shell !== undefined) {
      // After the keyword (and ONBUILD's), and the RUN flags (`--mount=…`, `--network=…`).
      const keyword = /^(?:ONBUILD[ \t]+)?RUN\b/i.exec(text.slice(start, end));
      const commands = shellCommands(text, start + (keyword ? keyword[0].length : 3), end, { escape, lineComment: '#', commentLinesVanish: true });
      while (commands[0]?.[0]?.text.startsWith('--')) commands[0].shift();
      for (const words of commands) hits.push(...commandHits(words, text));
    } else if ((step.keyword === 'ENV' || step.keyword === 'ARG') && !onbuild) {
      for (const p of step.properties ?? []) {
        if (p.value === undefined || !p.valueRange) continue;
        const valueEnd = file.lines.offsetAt(p.valueRange.end);
        const nameStart = text.lastIndexOf(p.name, file.lines.offsetAt(p.valueRange.start));
        const judged = variableHit(p.name, p.value, step.keyword);
        if (!judged || nameStart < start) continue;
        // Removed with its instruction when it is the only setting of a one-line instruction.
        const alone = step.properties!.length === 1 && step.range.start.line === step.range.end.line;
        const lineEnd = text.indexOf('\n', end) < 0 ? text.length : text.indexOf('\n', end) + 1;
        hits.push({ start: nameStart, end: valueEnd, ...judged, fix: alone ? { title: `Remove \`${step.keyword} ${p.name}\``, spans: [[start, lineEnd]] } : undefined });
      }
    }
  };
  for (const step of model.steps) visit(step, false);
  return hits.sort((a, b) => a.start - b.start);
}

/** `ENV`/`ARG` (or a RUN line's `NAME=value`) settings that turn a check off, judged by name and value. */
function variableHit(name: string, value: string, where: string): Pick<Hit, 'message' | 'brief'> | undefined {
  const lasts = where === 'ENV' ? ' ENV values stay set in the image, so this also applies to whatever runs in it later.' : '';
  switch (name) {
    case 'PIP_TRUSTED_HOST':
    case 'UV_INSECURE_HOST':
      if (value.trim() === '') return undefined;
      return {
        message: `\`${name}\` makes ${name.startsWith('PIP') ? 'pip' : 'uv'} accept ${hostShown(value) ? `\`${hostShown(value)}\`` : 'a host'} over plain HTTP or with a certificate it cannot verify, so ${WHY}.${lasts} Serve the index over HTTPS with a valid certificate (or give its CA with ${name.startsWith('PIP') ? '\`PIP_CERT\`' : '\`SSL_CERT_FILE\`'}) and remove this setting.`,
        brief: `${name.startsWith('PIP') ? 'pip' : 'uv'} trusts a host without TLS checks`,
      };
    case 'GIT_SSL_NO_VERIFY':
      return {
        message: `\`GIT_SSL_NO_VERIFY\` makes Git skip the check of the server's certificate over HTTPS (whatever its value, even \`0\` or \`false\`), so ${WHY}.${lasts} Remove it; for a server with a private CA, set \`GIT_SSL_CAINFO\` to its certificate.`,
        brief: 'Git skips TLS checks',
      };
    case 'NODE_TLS_REJECT_UNAUTHORIZED':
      if (value.trim() !== '0') return undefined;
      return {
        message: `\`NODE_TLS_REJECT_UNAUTHORIZED=0\` makes Node.js accept any certificate, so ${WHY}.${lasts} Remove it; for a private CA, set \`NODE_EXTRA_CA_CERTS\` to its certificate.`,
        brief: 'Node.js skips TLS checks',
      };
    default:
      return undefined;
  }
}

// ---------------------------------------------------------------- commands

/** Short curl options that take a value: in `-fsSLo file` the `o` takes the rest of the word or the next one. */
const CURL_VALUED = new Set('AbcCdDeEFHKmoPQrtTuUwxXyYz'.split(''));
/** apt's `-o` settings that turn signature or TLS checks off. */
const APT_INSECURE_OPTION = /^(?:APT::Get::AllowUnauthenticated|Acquire::AllowInsecureRepositories|Acquire::AllowDowngradeToInsecureRepositories)=(?:true|1|yes)$|^Acquire::https::(?:[^:=]+::)?Verify-(?:Peer|Host)=(?:false|0|no)$/i;
/** `http.sslVerify` and the per-URL `http.<url>.sslVerify`. */
const GIT_SSL_VERIFY = /^http\.(?:.+\.)?sslverify$/i;
const FALSE_WORD = /^(?:false|0|no|off)$/i;

/** Commands that run the command after them (and their flags). */
const WRAPPERS = new Set(['sudo', 'env', 'command', 'exec', 'time', 'nohup']);

/** What one simple command turns off. */
function commandHits(all: ShellWord[], text: string): Hit[] {
  const hits: Hit[] = [];
  // Leading `NAME=value` settings, and the wrappers before the command itself.
  let k = 0;
  let wrapped = false;
  for (; k < all.length; k++) {
    const w = all[k];
    const assignment = /^([A-Za-z_][A-Za-z0-9_]*)=([\s\S]*)$/.exec(w.text);
    if (assignment) {
      const judged = variableHit(assignment[1], assignment[2], 'RUN');
      if (judged) hits.push({ start: w.start, end: w.end, ...judged, fix: { title: `Remove \`${assignment[1]}=…\``, spans: [removal(text, w.start, w.end)] } });
      continue;
    }
    if (WRAPPERS.has(w.text)) wrapped = true;
    else if (!(wrapped && w.text.startsWith('-'))) break;
  }
  const words = all.slice(k);
  if (words.length === 0) return hits;
  const name = words[0].text.slice(words[0].text.lastIndexOf('/') + 1);
  const args = words.slice(1);
  if (name === 'export') {
    for (const w of args) {
      const assignment = /^([A-Za-z_][A-Za-z0-9_]*)=([\s\S]*)$/.exec(w.text);
      const judged = assignment && variableHit(assignment[1], assignment[2], 'RUN');
      if (judged) hits.push({ start: w.start, end: w.end, ...judged });
    }
    return hits;
  }
  if ((name === 'sh' || name === 'bash' || name === 'dash') && args[0]?.text === '-c' && args[1] && isQuotedWhole(args[1], text)) {
    for (const inner of shellCommands(text, args[1].start + 1, args[1].end - 1)) hits.push(...commandHits(inner, text));
    return hits;
  }
  if (name === 'curl') return [...hits, ...curlHits(args, text)];
  if (name === 'wget') {
    for (const w of args) {
      // wget takes an unambiguous start of a long option (`--no-check-cert`).
      if (w.text.startsWith('--no-check-cert') && '--no-check-certificate'.startsWith(w.text)) hits.push(flagHit(w, text, `\`${w.text}\` makes wget accept any certificate from the server, so ${WHY}. Remove it; for a private CA, give its certificate with \`--ca-certificate=file\`, and check the file's checksum.`, 'wget skips TLS checks'));
    }
    return hits;
  }
  const pipArgs = pipArguments(name, args);
  if (pipArgs) return [...hits, ...pipHits(pipArgs, name === 'uv' ? 'uv' : 'pip', text)];
  if (name === 'git') return [...hits, ...gitHits(args, text)];
  if (name === 'apt-get' || name === 'apt' || name === 'aptitude') return [...hits, ...aptHits(args, text)];
  // `echo "deb [trusted=yes] http://… ./" > /etc/apt/sources.list.d/….list`, also through `tee`.
  if (args.some((w) => /^deb(?:-src)?(?:\s|$)/.test(w.text))) {
    for (const w of args) {
      const raw = text.slice(w.start, w.end);
      const m = /\[[^\]\n]*?\b(trusted=yes)\b[^\]\n]*\]/.exec(raw);
      if (!m) continue;
      const at = w.start + m.index + m[0].indexOf(m[1]);
      hits.push({
        start: at,
        end: at + m[1].length,
        message: `\`[trusted=yes]\` makes apt install packages from this repository without checking their signatures, so anyone who can change what the repository serves, or what reaches the build on the way, chooses what is installed in the image that runs your DAGs. Add the repository's signing key and name it: \`[signed-by=/etc/apt/keyrings/….gpg]\`.`,
        brief: 'apt repository trusted without signature',
      });
    }
  }
  return hits;
}

function curlHits(args: ShellWord[], text: string): Hit[] {
  const hits: Hit[] = [];
  const message = (flag: string, within?: string) =>
    `\`${flag}\`${within ? ` (in \`${within}\`)` : ''} makes curl accept any certificate from the server, so ${WHY}. Remove it; for a private CA, give its certificate with \`--cacert file\`, and check the file's checksum.`;
  for (let i = 0; i < args.length; i++) {
    const w = args[i];
    if (w.text === '--insecure') {
      hits.push(flagHit(w, text, message('--insecure'), 'curl skips TLS checks'));
      continue;
    }
    if (!/^-[^-]/.test(w.text)) continue;
    // A cluster of short options: `k` counts until an option that takes a value (the rest of the word, or the next word).
    for (let j = 1; j < w.text.length; j++) {
      const c = w.text[j];
      if (c === 'k') {
        if (w.text === '-k') hits.push(flagHit(w, text, message('-k'), 'curl skips TLS checks'));
        else if (w.plain) hits.push({ start: w.start + j, end: w.start + j + 1, message: message('-k', w.text), brief: 'curl skips TLS checks', fix: { title: `Remove \`k\` from \`${w.text}\``, spans: [[w.start + j, w.start + j + 1]] } });
        else hits.push({ start: w.start, end: w.end, message: message('-k', w.text), brief: 'curl skips TLS checks' });
      }
      if (CURL_VALUED.has(c)) {
        if (j === w.text.length - 1) i++;
        break;
      }
    }
  }
  return hits;
}

/** The arguments of a pip command: `pip`, `pip3`, `pip3.12`, `python -m pip`, `python3 -m pip`, `uv pip`, `uv` (its `--allow-insecure-host`). */
function pipArguments(name: string, args: ShellWord[]): ShellWord[] | undefined {
  if (/^pip[0-9.]*$/.test(name) || name === 'uv') return args;
  if (/^python[0-9.]*$/.test(name)) {
    const m = args.findIndex((w) => w.text === '-m');
    if (m >= 0 && args[m + 1]?.text === 'pip') return args.slice(m + 2);
  }
  return undefined;
}

function pipHits(args: ShellWord[], tool: 'pip' | 'uv', text: string): Hit[] {
  const hits: Hit[] = [];
  for (let i = 0; i < args.length; i++) {
    const w = args[i];
    // `pip config set global.trusted-host host`: every later pip command trusts it.
    if (tool === 'pip' && /^(?:global|install|download|wheel)\.trusted-host$/.test(w.text) && args[i - 1]?.text === 'set') {
      hits.push({ start: w.start, end: w.end, message: `\`pip config set ${w.text}\` makes every later pip command in the build accept that host over plain HTTP or with a certificate it cannot verify, so ${WHY}. Serve the index over HTTPS with a valid certificate and remove this setting.`, brief: 'pip trusts a host without TLS checks' });
      continue;
    }
    const m = /^(--trusted-host|--allow-insecure-host)(?:=(.*))?$/.exec(w.text);
    if (!m) continue;
    const inline = m[2] !== undefined;
    const value = inline ? m[2] : args[i + 1]?.text;
    const last = inline ? w : args[i + 1] ?? w;
    const shown = hostShown(value) ? ` ${hostShown(value)}` : '';
    hits.push({
      start: w.start,
      end: w.end,
      message: `\`${m[1]}${shown}\` lets ${tool} download from that host over plain HTTP or with a certificate it cannot verify, so ${WHY}. Serve the index over HTTPS with a valid certificate (or give its CA with ${tool === 'pip' ? '\`--cert\`' : '\`SSL_CERT_FILE\`'}) and remove this option.`,
      brief: `${tool} trusts a host without TLS checks`,
      fix: { title: `Remove \`${m[1]}${shown}\``, spans: [removal(text, w.start, last.end)] },
    });
    if (!inline) i++;
  }
  return hits;
}

function gitHits(args: ShellWord[], text: string): Hit[] {
  const hits: Hit[] = [];
  const message = (written: string) => `\`${written}\` makes Git accept any certificate from the server, so ${WHY}. Remove it; for a server with a private CA, set \`http.sslCAInfo\` to its certificate.`;
  for (let i = 0; i < args.length; i++) {
    const w = args[i];
    // `git -c http.sslVerify=false clone …`, `git clone --config http.sslVerify=false …`
    if ((w.text === '-c' || w.text === '--config') && args[i + 1]) {
      const [key, value] = splitOnce(args[i + 1].text, '=');
      if (GIT_SSL_VERIFY.test(key) && value !== undefined && FALSE_WORD.test(value)) {
        const v = args[i + 1];
        hits.push({ start: v.start, end: v.end, message: message(`${w.text} ${v.text}`), brief: 'Git skips TLS checks', fix: { title: `Remove \`${w.text} ${v.text}\``, spans: [removal(text, w.start, v.end)] } });
      }
      i++;
      continue;
    }
    // `git config --global http.sslVerify false`: every later git command.
    if (GIT_SSL_VERIFY.test(w.text) && args.some((a) => a.text === 'config') && args[i + 1] && FALSE_WORD.test(args[i + 1].text)) {
      hits.push({ start: w.start, end: args[i + 1].end, message: message(`git config ${w.text} ${args[i + 1].text}`), brief: 'Git skips TLS checks' });
      i++;
    }
  }
  return hits;
}

function aptHits(args: ShellWord[], text: string): Hit[] {
  const hits: Hit[] = [];
  for (let i = 0; i < args.length; i++) {
    const w = args[i];
    if (w.text === '--allow-unauthenticated') {
      hits.push(flagHit(w, text, `\`--allow-unauthenticated\` makes apt install packages whose signatures it cannot verify, so ${WHY}. Remove it and add the repository's signing key (\`[signed-by=/etc/apt/keyrings/….gpg]\`).`, 'apt installs unsigned packages'));
    } else if (w.text === '--allow-insecure-repositories') {
      hits.push(flagHit(w, text, `\`--allow-insecure-repositories\` makes apt use repositories that are not signed, so ${WHY}. Remove it and add the repository's signing key (\`[signed-by=/etc/apt/keyrings/….gpg]\`).`, 'apt uses unsigned repositories'));
    } else if (w.text === '-o' && args[i + 1] && APT_INSECURE_OPTION.test(args[i + 1].text)) {
      const v = args[i + 1];
      hits.push({ start: v.start, end: v.end, message: `\`-o ${v.text}\` turns off apt's check of ${/Verify-/i.test(v.text) ? "the repository server's certificate" : 'package signatures'}, so ${WHY}. Remove it.`, brief: 'apt checks off', fix: { title: `Remove \`-o ${v.text}\``, spans: [removal(text, w.start, v.end)] } });
      i++;
    }
  }
  return hits;
}

/** A whole-word flag, removed with the space before it. */
function flagHit(w: ShellWord, text: string, message: string, brief: string): Hit {
  return { start: w.start, end: w.end, message, brief, fix: { title: `Remove \`${w.text}\``, spans: [removal(text, w.start, w.end)] } };
}

/**
 * The span that removes the words from `start` to `end`: with the whole line
 * when they are all of a continued line, else with one side's spaces (those
 * before them, or, when they start their line, those after).
 */
function removal(text: string, start: number, end: number): [number, number] {
  const lineStart = text.lastIndexOf('\n', start - 1) + 1;
  const rest = /^[ \t]*\\[ \t]*\r?\n/.exec(text.slice(end, end + 64));
  if (rest && text.slice(lineStart, start).trim() === '') return [lineStart, end + rest[0].length];
  let s = start;
  while (s > 0 && (text[s - 1] === ' ' || text[s - 1] === '\t')) s--;
  if (s < start && s > 0 && text[s - 1] !== '\n') return [s, end];
  let e = end;
  while (e < text.length && (text[e] === ' ' || text[e] === '\t')) e++;
  return [start, e];
}

/** A host (and port) as written, to name in a message; undefined for anything else, which is never shown (it could hold a credential). */
function hostShown(value: string | undefined): string | undefined {
  const v = value?.trim();
  return v && /^[A-Za-z0-9.:[\]-]{1,253}(?:[ ,][A-Za-z0-9.:[\]-]{1,253}){0,4}$/.test(v) ? v : undefined;
}

function splitOnce(s: string, sep: string): [string, string | undefined] {
  const at = s.indexOf(sep);
  return at < 0 ? [s, undefined] : [s.slice(0, at), s.slice(at + 1)];
}

function isQuotedWhole(w: ShellWord, text: string): boolean {
  const q = text[w.start];
  return (q === '"' || q === "'") && w.end - w.start >= 2 && text[w.end - 1] === q;
}
