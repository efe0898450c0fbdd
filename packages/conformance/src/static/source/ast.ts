// Helpers on the TypeScript AST that ts-morph carries. The rules walk compiler nodes directly: wrapping every node
// in a ts-morph object costs more than the whole rule set (the warm target is 300 files/s).
import { ts } from 'ts-morph'

export type FunctionLike = ts.FunctionDeclaration | ts.FunctionExpression | ts.ArrowFunction | ts.MethodDeclaration

export function isFunctionLike(n: ts.Node): n is FunctionLike {
  return ts.isFunctionDeclaration(n) || ts.isFunctionExpression(n) || ts.isArrowFunction(n) || ts.isMethodDeclaration(n)
}

/** The name a call is known by: `ctx.MapCallerPtr(…)` and `MapCallerPtr(…)` are both MapCallerPtr. */
export function calleeName(call: ts.CallExpression): string | undefined {
  const e = call.expression
  if (ts.isIdentifier(e)) return e.text
  if (ts.isPropertyAccessExpression(e)) return e.name.text
  return undefined
}

/** True for `<x>.mem.<method>(…)`: the driver's memory accessor. */
export function isMemCall(call: ts.CallExpression): boolean {
  const e = call.expression
  return ts.isPropertyAccessExpression(e) && ts.isPropertyAccessExpression(e.expression) && e.expression.name.text === 'mem'
}

const MEM_WRITES = new Set(['writeU8', 'writeU16', 'writeU32', 'writeI32', 'write', 'fill', 'copy', 'writeWString'])

export function isMemWrite(call: ts.CallExpression): boolean {
  return isMemCall(call) && MEM_WRITES.has(calleeName(call)!)
}

/** The pointer arguments of a ctx.mem call: the first, and copy's source too. */
export function memPointerArgs(call: ts.CallExpression): ts.Expression[] {
  const args = call.arguments
  if (calleeName(call) === 'copy') return args.slice(0, 2)
  return args.length > 0 ? [args[0]!] : []
}

/** Strip parentheses, `as`, `!` and type assertions. */
export function unwrap(e: ts.Expression): ts.Expression {
  for (;;) {
    if (ts.isParenthesizedExpression(e) || ts.isAsExpression(e) || ts.isNonNullExpression(e) || ts.isTypeAssertionExpression(e) || ts.isSatisfiesExpression(e)) e = e.expression
    else return e
  }
}

/** A canonical text for an access path (`buf.ptr`, `open.ptr`, `p`), or undefined for anything else. */
export function pathText(e: ts.Expression): string | undefined {
  e = unwrap(e)
  if (ts.isIdentifier(e) || e.kind === ts.SyntaxKind.ThisKeyword) return e.getText()
  if (ts.isPropertyAccessExpression(e)) {
    const base = pathText(e.expression)
    return base === undefined ? undefined : `${base}.${e.name.text}`
  }
  return undefined
}

export function rootName(e: ts.Expression): string | undefined {
  return pathText(e)?.split('.')[0]
}

/** Visit every descendant of `node`, not entering nested functions unless `intoFunctions`. */
export function walk(node: ts.Node, visit: (n: ts.Node) => void, intoFunctions = true): void {
  const go = (n: ts.Node): void => {
    visit(n)
    if (!intoFunctions && isFunctionLike(n)) return
    ts.forEachChild(n, go)
  }
  ts.forEachChild(node, go)
}

export function enclosingFunction(n: ts.Node): FunctionLike | undefined {
  for (let p = n.parent; p; p = p.parent) if (isFunctionLike(p)) return p
  return undefined
}

export function isInside(n: ts.Node, outer: ts.Node): boolean {
  return n.pos >= outer.pos && n.end <= outer.end
}

/** Names declared in `fn` itself (parameters and variables), not in nested functions. */
export function localNames(fn: FunctionLike): Set<string> {
  const names = new Set<string>()
  for (const p of fn.parameters) bindingNames(p.name, names)
  if (fn.body) walk(fn.body, (n) => {
    if (ts.isVariableDeclaration(n)) bindingNames(n.name, names)
    else if (ts.isFunctionDeclaration(n) && n.name) names.add(n.name.text)
  }, false)
  return names
}

export function bindingNames(b: ts.BindingName, into: Set<string>): Set<string> {
  if (ts.isIdentifier(b)) into.add(b.text)
  else for (const el of b.elements) if (!ts.isOmittedExpression(el)) bindingNames(el.name, into)
  return into
}

/** For `const { hr, ptr: p } = …`: property name → bound name. */
export function destructured(b: ts.BindingName): Map<string, string> {
  const m = new Map<string, string>()
  if (ts.isObjectBindingPattern(b))
    for (const el of b.elements) {
      const prop = el.propertyName && ts.isIdentifier(el.propertyName) ? el.propertyName.text : ts.isIdentifier(el.name) ? el.name.text : undefined
      if (prop && ts.isIdentifier(el.name)) m.set(prop, el.name.text)
    }
  return m
}

export function lineOf(sf: ts.SourceFile, pos: number): number {
  return sf.getLineAndCharacterOfPosition(pos).line + 1
}
