// The control flow of one function, walked over an abstract state: statements in order, branches joined, an `if`
// refined on each side by the domain, `try/finally` applying the finally block to every exit of the try, loops run
// once and joined with their entry, `switch` with fall-through. Each return, throw and fall-off-the-end is an exit
// with the state that reaches it. Nested functions are not entered (they run at another time).
import { ts } from 'ts-morph'
import type { FunctionLike } from './ast.js'
import { callsOf, type FileModel } from './file-model.js'

export interface PathDomain<S> {
  join(a: S, b: S): S
  /** The state after the calls of an expression or simple statement (source order). */
  effects(node: ts.Node, s: S): S
  /** The state on the side of `if (cond)` where the condition is `truthy`. */
  refine(cond: ts.Expression, s: S, truthy: boolean): S
}

export interface Exit<S> {
  node: ts.Node
  state: S
}

export function walkPaths<S>(fn: FunctionLike, init: S, domain: PathDomain<S>): Exit<S>[] {
  const w = new Walker(domain)
  const body = fn.body
  if (!body) return []
  if (!ts.isBlock(body)) return [{ node: body, state: domain.effects(body, init) }]
  const end = w.block(body.statements, init)
  if (end !== null) w.exits.push({ node: body.getLastToken() ?? body, state: end })
  return w.exits
}

class Walker<S> {
  exits: Exit<S>[] = []
  constructor(private readonly d: PathDomain<S>) {}

  private union(a: S | null, b: S | null): S | null {
    return a === null ? b : b === null ? a : this.d.join(a, b)
  }

  block(stmts: readonly ts.Statement[], s: S): S | null {
    let cur: S | null = s
    for (const st of stmts) {
      if (cur === null) break
      cur = this.stmt(st, cur)
    }
    return cur
  }

  stmt(st: ts.Statement, s: S): S | null {
    if (ts.isBlock(st)) return this.block(st.statements, s)
    if (ts.isReturnStatement(st) || ts.isThrowStatement(st)) {
      this.exits.push({ node: st, state: st.expression ? this.d.effects(st.expression, s) : s })
      return null
    }
    if (ts.isIfStatement(st)) {
      const after = this.d.effects(st.expression, s)
      const thenOut = this.stmt(st.thenStatement, this.d.refine(st.expression, after, true))
      const elseIn = this.d.refine(st.expression, after, false)
      return this.union(thenOut, st.elseStatement ? this.stmt(st.elseStatement, elseIn) : elseIn)
    }
    if (ts.isTryStatement(st)) return this.tryStmt(st, s)
    if (ts.isSwitchStatement(st)) return this.switchStmt(st, s)
    if (ts.isLabeledStatement(st)) return this.stmt(st.statement, s)
    if (ts.isIterationStatement(st, false)) return this.loop(st, s)
    if (ts.isFunctionDeclaration(st) || ts.isClassDeclaration(st)) return s
    return this.d.effects(st, s)
  }

  private tryStmt(st: ts.TryStatement, s: S): S | null {
    const outer = this.exits
    this.exits = []
    const tryOut = this.block(st.tryBlock.statements, s)
    const catchOut = st.catchClause ? this.block(st.catchClause.block.statements, this.union(s, tryOut)!) : null
    const inner = this.exits
    this.exits = outer
    const fin = st.finallyBlock
    for (const e of inner) this.exits.push({ node: e.node, state: fin ? this.block(fin.statements, e.state) ?? e.state : e.state })
    const out = st.catchClause ? this.union(tryOut, catchOut) : tryOut
    return fin && out !== null ? this.block(fin.statements, out) : out
  }

  private switchStmt(st: ts.SwitchStatement, s: S): S | null {
    const entry = this.d.effects(st.expression, s)
    let after: S | null = st.caseBlock.clauses.some(ts.isDefaultClause) ? null : entry
    let fallthrough: S | null = null
    for (const clause of st.caseBlock.clauses) {
      const out = this.block(clause.statements, this.union(entry, fallthrough)!)
      const breaks = clause.statements.some((x) => ts.isBreakStatement(x))
      if (breaks) after = this.union(after, out)
      fallthrough = breaks ? null : out
    }
    return this.union(after, fallthrough)
  }

  private loop(st: ts.IterationStatement, s: S): S | null {
    let entry = s
    if (ts.isForStatement(st)) {
      if (st.initializer) entry = this.d.effects(st.initializer, entry)
      if (st.condition) entry = this.d.effects(st.condition, entry)
    } else if (ts.isForOfStatement(st) || ts.isForInStatement(st) || ts.isWhileStatement(st)) entry = this.d.effects(st.expression, entry)
    return this.union(entry, this.stmt(st.statement, entry))
  }
}

/** Names (access paths) → the call that made each so: a state the order rules only add to on a path. */
export type Marked = ReadonlyMap<string, ts.CallExpression>

/** A domain of marked paths that branches join by union and conditions do not refine (A03's closes, M06's releases). */
export abstract class MarkedPaths implements PathDomain<Marked> {
  join(a: Marked, b: Marked): Marked {
    return b.size === 0 ? a : a.size === 0 ? b : new Map([...a, ...b])
  }

  refine(_cond: ts.Expression, s: Marked): Marked {
    return s
  }

  abstract effects(node: ts.Node, s: Marked): Marked
}

/** Walk, from nothing marked, every function of `file` that calls one of `callees` (the calls that mark a path). */
export function walkMarking(file: FileModel, callees: Iterable<string>, domain: MarkedPaths): void {
  const fns = new Set<FunctionLike>()
  for (const c of callsOf(file, ...callees)) if (c.fn) fns.add(c.fn)
  for (const fn of fns) walkPaths<Marked>(fn, new Map(), domain)
}

/** Visit the calls of a node in evaluation order (arguments before the call), nested functions excluded. */
export function eachCall(node: ts.Node, visit: (c: ts.CallExpression) => void): void {
  const go = (n: ts.Node): void => {
    if (ts.isFunctionDeclaration(n) || ts.isFunctionExpression(n) || ts.isArrowFunction(n) || ts.isMethodDeclaration(n)) return
    ts.forEachChild(n, go)
    if (ts.isCallExpression(n)) visit(n)
  }
  go(node)
}
