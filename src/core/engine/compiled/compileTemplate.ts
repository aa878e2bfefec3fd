/**
 * A finding's message template split once into text and placeholders, each placeholder a closure
 * that formats the row's value as renderMessage does: `{param:name}` the parameter in force (left
 * as written when the rulebook has no such parameter), `{name}` the output of that name when it is
 * set, else the fact.
 */
import { formatValue, type DisplayType } from '../../format';
import type { Rulebook } from '../../rulebook/model';
import { EvaluationError } from '../evaluateExpr';
import type { CompileContext, Compiled } from './frame';

export function compileTemplate(template: string, rulebook: Rulebook, typeOf: (name: string) => DisplayType, ctx: CompileContext): Compiled<string> {
  const parts: (string | Compiled<string>)[] = [];
  const placeholder = /\{([^{}]*)\}/g;
  let last = 0;
  for (let m = placeholder.exec(template); m !== null; m = placeholder.exec(template)) {
    if (m.index > last) parts.push(template.slice(last, m.index));
    parts.push(compilePlaceholder(m[0], m[1]!, rulebook, typeOf, ctx));
    last = m.index + m[0].length;
  }
  if (last < template.length) parts.push(template.slice(last));
  if (parts.every((p) => typeof p === 'string')) {
    const text = parts.join('');
    return () => text;
  }
  return (f) => {
    let out = '';
    for (const p of parts) out += typeof p === 'string' ? p : p(f);
    return out;
  };
}

function compilePlaceholder(whole: string, inner: string, rulebook: Rulebook, typeOf: (name: string) => DisplayType, ctx: CompileContext): string | Compiled<string> {
  const name = inner.trim();
  if (name.startsWith('param:')) {
    const param = name.slice(6).trim();
    const def = rulebook.parameters.get(param)?.definition;
    if (!def) return whole;
    const lookup = ctx.param(param);
    const type = def.type;
    if (!lookup) {
      return () => {
        throw new EvaluationError(`There is no parameter "${param}".`);
      };
    }
    return (f) => formatValue(lookup(f.effectiveDate), type);
  }
  const type = typeOf(name);
  const outputSlot = ctx.outputSlot(name);
  const factSlot = ctx.factSlot(name);
  return (f) => {
    const output = f.outputs[outputSlot] ?? null;
    const value = output !== null ? output : factSlot === undefined ? null : f.facts[factSlot] ?? null;
    return formatValue(value, type);
  };
}
