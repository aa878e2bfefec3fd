/**
 * JSON text parsed with positions, so that a problem at a JSON path can be reported at its
 * line and column. Uses jsonc-parser (the parser behind VS Code's JSON support), which also
 * reports syntax errors with offsets and lets us spot duplicate keys that JSON.parse would
 * silently drop.
 */
import { findNodeAtLocation, parseTree, printParseErrorCode, type Node, type ParseError } from 'jsonc-parser';
import type { Issue, JsonPath } from './issues';

export interface JsonSource {
  file: string;
  text: string;
  value: unknown;
  root: Node | undefined;
}

export function lineColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: offset - lineStart + 1 };
}

const SYNTAX_ADVICE: Record<string, string> = {
  InvalidSymbol: 'there is a character JSON does not allow here',
  InvalidNumberFormat: 'this number is not written the JSON way (no leading zeros, no trailing dot)',
  PropertyNameExpected: 'a name in double quotes is expected here (is there a comma too many before it?)',
  ValueExpected: 'a value is expected here (is there a comma too many, or a missing value?)',
  ColonExpected: 'a colon is expected between the name and its value',
  CommaExpected: 'a comma is missing before this point',
  CloseBraceExpected: 'a closing } is missing',
  CloseBracketExpected: 'a closing ] is missing',
  EndOfFileExpected: 'there is more text after the end of the JSON value',
  InvalidCommentToken: 'JSON does not allow comments',
  UnexpectedEndOfComment: 'a comment is not closed',
  UnexpectedEndOfString: 'a string is not closed with a double quote',
  UnexpectedEndOfNumber: 'a number is cut short',
  InvalidUnicode: 'an invalid \\u escape',
  InvalidEscapeCharacter: 'an invalid escape after a backslash',
  InvalidCharacter: 'a character that must be escaped inside a string (such as a line break)',
};

/** Parse a rulebook file. Syntax errors come back as issues, each at its line and column. */
export function parseJsonSource(file: string, text: string): { source: JsonSource; issues: Issue[] } {
  const errors: ParseError[] = [];
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const root = parseTree(body, errors, { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false });
  const seenOffsets = new Set<number>();
  const firstPerPlace = errors.filter((e) => !seenOffsets.has(e.offset) && seenOffsets.add(e.offset));
  const issues: Issue[] = firstPerPlace.map((e) => {
    const code = printParseErrorCode(e.error);
    return {
      file,
      ...lineColumn(body, e.offset),
      path: [],
      message: `This is not valid JSON: ${SYNTAX_ADVICE[code] ?? code}.`,
      severity: 'error' as const,
    };
  });
  if (root) issues.push(...duplicateKeys(file, body, root, []));
  let value: unknown = undefined;
  if (issues.length === 0) value = JSON.parse(body);
  return { source: { file, text: body, value, root }, issues };
}

function duplicateKeys(file: string, text: string, node: Node, path: JsonPath): Issue[] {
  const issues: Issue[] = [];
  if (node.type === 'object') {
    const seen = new Set<string>();
    for (const prop of node.children ?? []) {
      const [keyNode, valueNode] = prop.children ?? [];
      if (!keyNode) continue;
      const key = String(keyNode.value);
      if (seen.has(key)) {
        issues.push({
          file, ...lineColumn(text, keyNode.offset), path: [...path, key], severity: 'error',
          message: `"${key}" appears twice in the same object; JSON keeps only the last one. Remove or rename one of them.`,
        });
      }
      seen.add(key);
      if (valueNode) issues.push(...duplicateKeys(file, text, valueNode, [...path, key]));
    }
  } else if (node.type === 'array') {
    (node.children ?? []).forEach((child, i) => issues.push(...duplicateKeys(file, text, child, [...path, i])));
  }
  return issues;
}

/**
 * Line and column of the value at `path`, or of the deepest part of the path that exists
 * (for a missing property: the object that should hold it).
 */
export function locate(source: JsonSource, path: JsonPath): { line: number; column: number } {
  if (!source.root) return { line: 1, column: 1 };
  for (let depth = path.length; depth >= 0; depth--) {
    const node = findNodeAtLocation(source.root, path.slice(0, depth));
    if (node) {
      // Point at the property name for object members: that is where the eye looks.
      const target = node.parent?.type === 'property' && node.parent.children?.[0] ? node.parent.children[0] : node;
      return lineColumn(source.text, target.offset);
    }
  }
  return { line: 1, column: 1 };
}

export function issueAt(source: JsonSource, path: JsonPath, message: string, severity: Issue['severity'] = 'error'): Issue {
  return { file: source.file, ...locate(source, path), path, message, severity };
}
