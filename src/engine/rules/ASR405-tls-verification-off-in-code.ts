import type { SyntaxNode, Tree } from '@lezer/common';
import { calleeOf, decoratorOf, parsePythonTree, parseStatementsAt } from '../files/python';
import type { SourceFile } from '../files/source';
import type { FileVerdict, ProjectRule } from './rule';

/** Python under these folders is pipeline code that runs on Astro; under tests/ it runs in CI. */
const DEPLOYED = /^(?:dags|include|plugins)\//;
const TESTS = /^tests\//;

/**
 * The cheap reading that decides what is parsed (the parse judges; comments
 * and strings may pass here). A full-text search is quick when its first
 * letter is rare, so each keyword is looked for only in files holding a part
 * of it that starts with one, and `insecure_mode=True` and the like are found
 * from each `True`: some 20 ms more for 10,000 Python files.
 */
const GATED: [gate: string, keyword: string][] = [
  ['verif', 'verif'],
  ['CERT_', 'CERT_NONE'],
  ['Policy', 'Policy'],
  ['k_ho', 'check_hostname'],
  // pysftp's `cnopts.hostkeys = None` is written beside the `pysftp.CnOpts()` it changes.
  ['CnOpts', 'hostkeys'],
];
/** At a `verif`: `verify=False`, `verify_ssl = False`, `"verify": False`, `verify_mode = ssl.CERT_NONE`. */
const VERIFY_AT = /verify(?:_ssl|_certs|_mode)?["']?[ \t]*[=:][ \t]*(?:False|True|(?:ssl\.)?CERT_NONE|["']CERT_NONE["'])/y;
/** Before a `True`. */
const TRUE_AFTER = /(?:insecure_mode|disable_ocsp_checks|disable_verify_ssl)["']?[ \t]*[=:][ \t]*$/;

/** Names whose `False` turns off the check of the server's certificate (requests, httpx, AWS and other hooks, Elasticsearch, the Kubernetes client). */
const VERIFY_NAMES = new Set(['verify', 'verify_ssl', 'verify_certs']);
/** Calls whose `verify=False` is about something else (PyJWT's signature check, pandas and NumPy internals). */
const OTHER_VERIFY = new Set(['decode', 'take', 'array_function_dispatch']);
/** Keyword arguments whose dictionary is data sent to a server, not options of the client. */
const PAYLOAD = new Set(['json', 'data', 'params', 'payload', 'body', 'headers', 'files']);

type Kind = 'verify' | 'hostname' | 'cert-none' | 'unverified-context' | 'global-context' | 'ocsp' | 'kubernetes' | 'host-key-policy' | 'pysftp';

interface Hit {
  start: number;
  end: number;
  kind: Kind;
  /** What is written, for the message (`verify=False`, `AutoAddPolicy()`). */
  written: string;
  /** The call it is given to (`requests.get`), when there is one. */
  callee?: string;
}

/** Code that turns off the check of a server's certificate or an SSH host key. */
export const tlsVerificationOffInCode: ProjectRule = {
  meta: {
    id: 'ASR405',
    name: 'tls-verification-off-in-code',
    responsibility: 'network',
    defaultSeverity: 'warning',
    summary: "Pipeline code turns off the check of a server's certificate or SSH host key (`verify=False`, an unverified SSL context, paramiko's `AutoAddPolicy`).",
    instead:
      'Keep the check on and tell the client which certificates to trust: give a private CA\'s bundle as `verify="/usr/local/airflow/include/ca.pem"` (or `REQUESTS_CA_BUNDLE`), or in the connection\'s extra; for SSH, load the server\'s known host key and keep paramiko\'s default `RejectPolicy`.',
  },
  checkProject(project) {
    const sources = project.files?.sources;
    if (!sources) return [];
    const verdicts: FileVerdict[] = [];
    for (const file of sources) {
      if (file.kind !== 'python') continue;
      const inTests = TESTS.test(file.rel);
      if (!inTests && !DEPLOYED.test(file.rel)) continue;
      for (const hit of file.model(tlsOffModel)) {
        verdicts.push({
          file: file.path,
          range: file.lines.rangeOf(hit.start, hit.end),
          severity: inTests ? 'info' : undefined,
          message: messageOf(hit, inTests),
          brief: hit.kind === 'host-key-policy' || hit.kind === 'pysftp' ? 'SSH host key not checked' : 'TLS verification off',
        });
      }
    }
    return verdicts;
  },
};

function messageOf(hit: Hit, inTests: boolean): string {
  const on = hit.callee ? ` in \`${shortCallee(hit.callee)}(…)\`` : '';
  const where = inTests ? ' This is test code: it runs in CI, where the same traffic crosses networks you do not control.' : '';
  const mitm = 'anyone on the network path between the worker and that server can read and change the traffic, credentials included';
  switch (hit.kind) {
    case 'verify':
      return `\`${hit.written}\`${on} turns off the check of the server's certificate, so ${mitm}.${where} Remove it; if the server's certificate comes from a private CA, give that CA's bundle instead (\`verify="/path/to/ca.pem"\`).`;
    case 'hostname':
      return `\`${hit.written}\`${on} accepts a certificate issued for any host name, so ${mitm}.${where} Remove it and connect with the name the certificate is issued for.`;
    case 'cert-none':
      return `\`${hit.written}\`${on} accepts any certificate without checking it, so ${mitm}.${where} Keep \`ssl.CERT_REQUIRED\` (the default of \`ssl.create_default_context()\`) and load a private CA with \`cafile=\`.`;
    case 'unverified-context':
      return `\`${hit.written}\` makes an SSL context that checks neither the certificate nor the host name, so ${mitm}.${where} Use \`ssl.create_default_context()\`, with \`cafile=\` for a private CA.`;
    case 'global-context':
      return `\`${hit.written}\` turns off certificate checks for every HTTPS connection that \`urllib\` and \`http.client\` make in this process, so ${mitm}.${where} Remove it; use \`ssl.create_default_context(cafile=…)\` where a private CA is needed.`;
    case 'ocsp':
      return `\`${hit.written}\`${on} turns off the Snowflake connector's check that the server's certificate has not been revoked (OCSP), so a stolen or revoked certificate is still accepted.${where} Remove it; if OCSP responders are unreachable from your network, allow them through the firewall or proxy.`;
    case 'kubernetes':
      return `\`${hit.written}\`${on} turns off the check of the Kubernetes API server's certificate, so anyone on the network path can impersonate the cluster and receive the credentials and pod specs sent to it.${where} Remove it and give the cluster's CA in the kubeconfig or the connection.`;
    case 'host-key-policy':
      return `\`${hit.written}\`${on} connects to an SSH server whose key it has never seen${hit.written.includes('Warning') ? ' after only logging a warning' : ' and saves that key'}. A worker starts with no known hosts, so every connection is a first one and an impostor's key is accepted, along with the password or key sent to it.${where} Load the server's known host key (\`client.load_host_keys(…)\` or \`get_host_keys().add(…)\`) and keep paramiko's default \`RejectPolicy\`.`;
    case 'pysftp':
      return `\`${hit.written}\` turns off pysftp's check of the SFTP server's host key, so an impostor on the network path receives the credentials and the files.${where} Give the server's key in a known_hosts file (\`CnOpts(knownhosts=…)\`), or use Airflow's SFTP hook with the \`host_key\` extra of the connection.`;
  }
}

/** `HttpHook(http_conn_id="partner").run` → `HttpHook(…).run`: arguments of inner calls left out. */
function shortCallee(callee: string): string {
  let previous;
  do {
    previous = callee;
    callee = callee.replace(/\((?!…\))[^()]*\)/g, '(…)');
  } while (callee !== previous);
  return callee;
}

/** What a Python file turns off, made once per file: the statements the cheap reading points at are parsed, each alone (the whole module when one does not parse alone). */
function tlsOffModel(file: SourceFile): Hit[] {
  const at = candidates(file.text);
  if (at.length === 0) return [];
  const hits = new Map<number, Hit>();
  const statements = parseStatementsAt(file, at);
  if (statements) for (const { tree, source, from } of statements) walk(tree, source, from, hits);
  else walk(file.model(parsePythonTree), file.text, 0, hits);
  return [...hits.values()].sort((a, b) => a.start - b.start);
}

/** Offsets in the statements that may turn a check off. */
function candidates(text: string): number[] {
  const at: number[] = [];
  for (let i = text.indexOf('True'); i >= 0; i = text.indexOf('True', i + 4)) {
    // Most `True`s follow no `=` or `:`; the regex reads only those that do.
    let j = i - 1;
    while (text[j] === ' ' || text[j] === '\t') j--;
    if ((text[j] === '=' || text[j] === ':') && TRUE_AFTER.test(text.slice(Math.max(0, i - 48), i))) at.push(i);
  }
  for (const [gate, keyword] of GATED) {
    if (!text.includes(gate)) continue;
    for (let i = text.indexOf(keyword); i >= 0; i = text.indexOf(keyword, i + keyword.length)) {
      if (keyword === 'verif') {
        VERIFY_AT.lastIndex = i;
        if (!VERIFY_AT.test(text) && !text.startsWith('_create_un', i - 10)) continue;
      } else if (keyword === 'Policy' && !text.startsWith('AutoAdd', i - 7) && !text.startsWith('Warning', i - 7)) continue;
      at.push(i);
    }
  }
  return at;
}

/** Reports what one parsed piece of the file turns off; `source` is the text it was parsed from, found at `base` in the file. */
function walk(tree: Tree, source: string, base: number, hits: Map<number, Hit>): void {
  const text = (n: SyntaxNode) => source.slice(n.from, n.to);
  const add = (from: number, to: number, kind: Kind, callee?: string) => {
    if (!hits.has(base + from)) hits.set(base + from, { start: base + from, end: base + to, kind, written: source.slice(from, to).replace(/\s+/g, ' '), callee });
  };
  tree.iterate({
    enter: (ref) => {
      const node = ref.node;
      switch (node.name) {
        case 'ImportStatement':
          return false;
        case 'ArgList': {
          const callee = calleeOrDecorator(node, source);
          const last = callee?.slice(callee.lastIndexOf('.') + 1);
          for (const [name, value] of keywordsOf(node, source)) {
            const kind = offKind(name.text, value, source);
            if (!kind || (kind === 'verify' && last !== undefined && OTHER_VERIFY.has(last))) continue;
            add(name.node.from, value.to, kind, callee);
          }
          if (last === 'set_missing_host_key_policy') {
            const policy = node.firstChild?.nextSibling;
            if (policy && isAcceptingPolicy(policy, source)) add(policy.from, policy.to, 'host-key-policy', callee);
          }
          break;
        }
        case 'DictionaryExpression': {
          // `extra_options={"verify": False}` (HttpOperator, HttpHook.run), `client_kwargs={"verify": False}`; not a payload sent to a server.
          const owner = node.prevSibling?.name === 'AssignOp' ? node.prevSibling.prevSibling : null;
          if (owner?.name === 'VariableName' && PAYLOAD.has(text(owner))) return false;
          for (let key = node.firstChild; key; key = key.nextSibling) {
            if (key.name !== 'String' || key.nextSibling?.name !== ':' || !key.nextSibling.nextSibling) continue;
            const value = key.nextSibling.nextSibling;
            const kind = offKind(text(key).slice(1, -1), value, source);
            if (kind) add(key.from, value.to, kind, owner?.name === 'VariableName' ? ownerCallee(node, source) : undefined);
          }
          break;
        }
        case 'AssignStatement': {
          // `session.verify = False`, `ctx.check_hostname = False`, `ctx.verify_mode = ssl.CERT_NONE`, `cnopts.hostkeys = None`.
          const value = node.lastChild;
          const target = node.firstChild;
          if (!value || target?.name !== 'MemberExpression' || target.lastChild?.name !== 'PropertyName') break;
          const property = text(target.lastChild);
          const kind = property === 'hostkeys' ? (value.name === 'None' ? 'pysftp' : undefined) : offKind(property, value, source);
          if (kind) add(node.from, node.to, kind);
          else if (property === '_create_default_https_context' && /(?:^|\.)_create_unverified_context$/.test(text(value).replace(/\s+/g, ''))) add(node.from, node.to, 'global-context');
          break;
        }
        case 'PropertyName':
        case 'VariableName': {
          if (text(node) !== '_create_unverified_context') break;
          const expr = node.parent?.name === 'MemberExpression' ? node.parent : node;
          const parent = expr.parent;
          if (parent?.name === 'AssignStatement' && same(parent.lastChild, expr) && !same(parent.firstChild, expr)) break; // the assignment reports itself
          const call = parent?.name === 'CallExpression' && same(parent.firstChild, expr) ? parent : expr;
          add(call.from, call.to, 'unverified-context');
          break;
        }
        case 'CallExpression': {
          // `paramiko.AutoAddPolicy()` made anywhere: its only use is to accept unknown host keys.
          const callee = node.firstChild;
          if (callee && /(?:^|\.)(?:AutoAddPolicy|WarningPolicy)$/.test(text(callee).replace(/\s+/g, ''))) add(node.from, node.to, 'host-key-policy');
          break;
        }
        default:
          break;
      }
      return undefined;
    },
  });
}

/** Whether two nodes are the same node (lezer makes a new object at each visit). */
function same(a: SyntaxNode | null | undefined, b: SyntaxNode): boolean {
  return !!a && a.from === b.from && a.to === b.to && a.name === b.name;
}

/** What `name` given `value` turns off, or undefined. */
function offKind(name: string, value: SyntaxNode, source: string): Kind | undefined {
  const v = source.slice(value.from, value.to).replace(/\s+/g, '');
  const isFalse = value.name === 'Boolean' && v === 'False';
  const isTrue = value.name === 'Boolean' && v === 'True';
  if (VERIFY_NAMES.has(name)) return isFalse ? 'verify' : undefined;
  if (name === 'check_hostname') return isFalse ? 'hostname' : undefined;
  if (name === 'verify_mode' || name === 'cert_reqs') return /^(?:[\w.]*\.)?CERT_NONE$|^["']CERT_NONE["']$/.test(v) ? 'cert-none' : undefined;
  if (name === 'insecure_mode' || name === 'disable_ocsp_checks') return isTrue ? 'ocsp' : undefined;
  if (name === 'disable_verify_ssl') return isTrue ? 'kubernetes' : undefined;
  return undefined;
}

/** `AutoAddPolicy()`, `paramiko.WarningPolicy()`, or the class itself (paramiko makes the instance). */
function isAcceptingPolicy(node: SyntaxNode, source: string): boolean {
  const expr = node.name === 'CallExpression' && node.firstChild ? node.firstChild : node;
  return /(?:^|\.)(?:AutoAddPolicy|WarningPolicy)$/.test(source.slice(expr.from, expr.to).replace(/\s+/g, ''));
}

/** The keyword arguments of an argument list: each name with its value. */
function keywordsOf(argList: SyntaxNode, source: string): [{ node: SyntaxNode; text: string }, SyntaxNode][] {
  const out: [{ node: SyntaxNode; text: string }, SyntaxNode][] = [];
  for (let c = argList.firstChild; c; c = c.nextSibling) {
    if (c.name === 'VariableName' && c.nextSibling?.name === 'AssignOp' && c.nextSibling.nextSibling) out.push([{ node: c, text: source.slice(c.from, c.to) }, c.nextSibling.nextSibling]);
  }
  return out;
}

/** The callee of an argument list (`requests.get`, `HttpOperator`), or its decorator (`dag`). */
function calleeOrDecorator(argList: SyntaxNode, source: string): string | undefined {
  return calleeOf(argList, source) ?? decoratorOf(argList, source);
}

/** The call a dictionary is a keyword argument of (`HttpOperator` for `extra_options={…}`). */
function ownerCallee(dict: SyntaxNode, source: string): string | undefined {
  return dict.parent?.name === 'ArgList' ? calleeOrDecorator(dict.parent, source) : undefined;
}
