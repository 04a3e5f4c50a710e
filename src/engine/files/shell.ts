/**
 * Shell text (Dockerfile `RUN` lines, scripts, Makefile recipes, CI steps)
 * read as simple commands of words, each word with where it is written, as
 * a shell would split it: quotes and escapes undone, comments and line
 * continuations skipped. A lexical reading, not a shell.
 */
/** A word of a shell command, with where it is written in the file. */
export interface ShellWord {
  /** The word with quotes and escapes undone. */
  text: string;
  /** Offsets in the file of the word as written (quotes included). */
  start: number;
  end: number;
  /** Written as it reads (no quotes, escapes or continuations), so an offset inside `text` is one in the file. */
  plain: boolean;
}

export interface ShellOptions {
  /** The character that continues a line: `\`, or a Dockerfile's escape directive. */
  escape?: string;
  /** Lines starting with this (after spaces) are comments, besides `#` at a word's start (`//` in a Jenkinsfile). */
  lineComment?: string;
  /** Comment lines vanish with their line break, as Docker removes them from a continued instruction. */
  commentLinesVanish?: boolean;
  /** A line starting with a flag (`--name`, `-e`) continues the command above it, as YAML folds plain scalars. */
  flagLinesContinue?: boolean;
}

/**
 * The simple commands of shell text between `from` and `to` of `text`, each
 * as its words with their offsets: quotes and escapes undone, comments and
 * line continuations skipped, split at `;`, `&&`, `||`, `|`, `&`, newlines,
 * parentheses, backquotes and `$(` (not at a one-word `$(NAME)`, which
 * Makefiles use for variables). A lexical reading, not a shell.
 */
export function shellCommands(text: string, from: number, to: number, options: ShellOptions = {}): ShellWord[][] {
  const escape = options.escape ?? '\\';
  const commands: ShellWord[][] = [];
  let words: ShellWord[] = [];
  let word: ShellWord | undefined;
  const current = (at: number): ShellWord => (word ??= { text: '', start: at, end: at, plain: true });
  const endWord = (at: number) => {
    if (!word) return;
    word.end = at;
    words.push(word);
    word = undefined;
  };
  const endCommand = (at: number) => {
    endWord(at);
    if (words.length > 0) commands.push(words);
    words = [];
  };
  const lineEnd = (i: number) => {
    const nl = text.indexOf('\n', i);
    return nl < 0 || nl > to ? to : nl;
  };
  /** The offset after a continuation (`\` then spaces then a line break) starting at `i`, or -1. */
  const continuation = (i: number) => {
    let j = i + 1;
    while (j < to && (text[j] === ' ' || text[j] === '\t')) j++;
    if (text[j] === '\r') j++;
    return text[j] === '\n' ? j + 1 : -1;
  };
  let i = from;
  let lineStart = true;
  while (i < to) {
    if (lineStart) {
      lineStart = false;
      let j = i;
      while (j < to && (text[j] === ' ' || text[j] === '\t')) j++;
      if (options.lineComment && text.startsWith(options.lineComment, j)) {
        i = lineEnd(j);
        if (options.commentLinesVanish) {
          i++;
          lineStart = true;
        }
        continue;
      }
    }
    const c = text[i];
    if (c === escape) {
      const next = continuation(i);
      if (next >= 0) {
        if (word) word.plain = false;
        i = next;
        lineStart = true;
        continue;
      }
    }
    if (c === '\\') {
      const w = current(i);
      w.text += text[i + 1] ?? '';
      w.plain = false;
      i += 2;
    } else if (c === "'") {
      const close = text.indexOf("'", i + 1);
      const end = close < 0 || close >= to ? to : close;
      const w = current(i);
      w.text += text.slice(i + 1, end);
      w.plain = false;
      i = end + 1;
    } else if (c === '"') {
      const w = current(i);
      w.plain = false;
      let j = i + 1;
      while (j < to && text[j] !== '"') {
        if (text[j] === '\\' && j + 1 < to) {
          const next = continuation(j);
          if (next >= 0) {
            j = next;
            continue;
          }
          w.text += '"\\$`'.includes(text[j + 1]) ? text[j + 1] : text.slice(j, j + 2);
          j += 2;
        } else w.text += text[j++];
      }
      i = j + 1;
    } else if (c === '#' && !word) {
      i = lineEnd(i);
    } else if (c === '\n') {
      let j = i + 1;
      while (j < to && (text[j] === ' ' || text[j] === '\t')) j++;
      if (options.flagLinesContinue && text[j] === '-' && /[A-Za-z-]/.test(text[j + 1] ?? '') && !/^---(?:\s|$)/.test(text.slice(j, j + 4))) {
        endWord(i);
        i = j;
        continue;
      }
      endCommand(i);
      i++;
      lineStart = true;
    } else if (c === ' ' || c === '\t' || c === '\r') {
      endWord(i);
      i++;
    } else if (c === '$' && text[i + 1] === '(') {
      const simple = /^\$\([A-Za-z_][A-Za-z0-9_]*\)/.exec(text.slice(i, Math.min(to, i + 130)));
      if (simple) {
        current(i).text += simple[0];
        i += simple[0].length;
      } else {
        endCommand(i);
        i += 2;
      }
    } else if (c === ';' || c === '&' || c === '|' || c === '(' || c === ')' || c === '`') {
      endCommand(i);
      i++;
    } else if (c === '<' || c === '>') {
      endWord(i);
      i++;
    } else {
      current(i).text += c;
      i++;
    }
  }
  endCommand(Math.min(i, to));
  return commands;
}
