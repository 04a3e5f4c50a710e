/** Tokenises text with the extension's TextMate grammars, as VS Code does (vscode-textmate + the Oniguruma WASM). */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import * as oniguruma from 'vscode-oniguruma';
import * as vsctm from 'vscode-textmate';

/** syntaxes/ in the source tree (out/test/unit/syntaxes/tokenize.js is four levels below the root). */
export const SYNTAXES = path.resolve(__dirname, '../../../../syntaxes');

const FILES: Record<string, string> = {
  'source.pip-requirements': 'pip-requirements.tmLanguage.json',
  'source.apt-packages': 'apt-packages.tmLanguage.json',
};

export interface Token {
  text: string;
  scopes: string[];
}

let registry: vsctm.Registry | undefined;

function getRegistry(): vsctm.Registry {
  if (!registry) {
    const wasm = readFileSync(require.resolve('vscode-oniguruma/release/onig.wasm'));
    const onigLib = oniguruma
      .loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength) as ArrayBuffer)
      .then<vsctm.IOnigLib>(() => ({
        createOnigScanner: (patterns) => new oniguruma.OnigScanner(patterns),
        createOnigString: (s) => new oniguruma.OnigString(s),
      }));
    registry = new vsctm.Registry({
      onigLib,
      loadGrammar: async (scopeName) => {
        const file = FILES[scopeName];
        if (!file) return null;
        const full = path.join(SYNTAXES, file);
        return vsctm.parseRawGrammar(readFileSync(full, 'utf8'), full);
      },
    });
  }
  return registry;
}

/** The tokens of each line of `text`, carrying the state across lines as the editor does. */
export async function tokenize(scopeName: string, text: string): Promise<Token[][]> {
  const grammar = await getRegistry().loadGrammar(scopeName);
  if (!grammar) throw new Error(`no grammar for ${scopeName}`);
  let state = vsctm.INITIAL;
  return text.split('\n').map((line) => {
    const result = grammar.tokenizeLine(line, state);
    state = result.ruleStack;
    return result.tokens.map((t) => ({ text: line.slice(t.startIndex, t.endIndex), scopes: t.scopes }));
  });
}

/** A readable dump of tokens, for failure messages. */
export function dump(tokens: Token[]): string {
  return tokens.map((t) => `${JSON.stringify(t.text)} ${t.scopes.slice(1).join(' ')}`).join('\n');
}
