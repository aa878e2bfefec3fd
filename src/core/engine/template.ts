/**
 * Finding messages: a rule's template with `{name}` replaced by the row's value of that fact or
 * output and `{param:name}` by the parameter in force, each formatted for people (15%, US$2,100,000,000).
 */
import { formatValue, type DisplayType } from '../format';
import { BUILT_IN_FACTS, type Rulebook, type Subject } from '../rulebook/model';
import type { RowScope } from './evaluateExpr';

/** How a fact, computed value or output of `subject` is shown. */
export function typeOfName(rulebook: Rulebook, subject: Subject, name: string): DisplayType {
  const builtIn = BUILT_IN_FACTS[name];
  if (builtIn) return builtIn.type;
  const column = subject.columns.find((c) => c.name === name);
  if (column) return column.type;
  const computed = rulebook.computed.get(name);
  if (computed) return computed.definition.type;
  const output = subject.definition.outputs[name];
  return output?.type ?? 'any';
}

export interface TemplateContext {
  scope: RowScope;
  typeOf(name: string): DisplayType;
  rulebook: Rulebook;
}

export function renderMessage(template: string, ctx: TemplateContext): string {
  return template.replace(/\{([^{}]*)\}/g, (whole, inner: string) => {
    const name = inner.trim();
    if (name.startsWith('param:')) {
      const param = name.slice(6).trim();
      const def = ctx.rulebook.parameters.get(param)?.definition;
      if (!def) return whole;
      return formatValue(ctx.scope.param(param), def.type);
    }
    const type = ctx.typeOf(name);
    const output = ctx.scope.output(name);
    const value = output !== null ? output : ctx.scope.fact(name);
    return formatValue(value, type);
  });
}
