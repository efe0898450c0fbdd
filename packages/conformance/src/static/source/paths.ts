// "On every path out of the function": an abstract interpretation of a function's control flow over the set of
// resources that may be open. Branches join by union; an `if` that tests a resource's HRESULT drops it on the
// failure side (the buffer was never opened there); try/finally applies the finally block to every exit of the
// try; loops run their body once and join with the entry. Each return, throw and fall-off-the-end is an exit.
import { ts } from 'ts-morph'
import { calleeName, isFunctionLike, pathText, unwrap, type FunctionLike } from './ast.js'
import { releases, type Resource } from './resources.js'

type State = ReadonlySet<number>

export interface Exit {
  node: ts.Node
  open: State
}

export function exitsOf(fn: FunctionLike, resources: readonly Resource[]): Exit[] {
  const run = new Interpreter(resources)
  const body = fn.body
  if (!body) return []
  if (!ts.isBlock(body)) {
    run.exits.push({ node: body, open: run.effects(body, new Set()) })
    return run.exits
  }
  const end = run.block(body.statements, new Set())
  if (end) run.exits.push({ node: body.getLastToken() ?? body, open: end })
  return run.exits
}

const union = (a: State | null, b: State | null): State | null => (a === null ? b : b === null ? a : new Set([...a, ...b]))

class Interpreter {
  exits: Exit[] = []
  constructor(private readonly resources: readonly Resource[]) {}

  block(stmts: readonly ts.Statement[], s: State): State | null {
    let cur: State | null = s
    for (const st of stmts) {
      if (cur === null) break
      cur = this.stmt(st, cur)
    }
    return cur
  }

  stmt(st: ts.Statement, s: State): State | null {
    if (ts.isBlock(st)) return this.block(st.statements, s)
    if (ts.isReturnStatement(st) || ts.isThrowStatement(st)) {
      this.exits.push({ node: st, open: st.expression ? this.effects(st.expression, s) : s })
      return null
    }
    if (ts.isIfStatement(st)) return this.ifStmt(st, s)
    if (ts.isTryStatement(st)) return this.tryStmt(st, s)
    if (ts.isSwitchStatement(st)) return this.switchStmt(st, s)
    if (ts.isLabeledStatement(st)) return this.stmt(st.statement, s)
    if (ts.isIterationStatement(st, false)) return this.loop(st, s)
    if (ts.isFunctionDeclaration(st) || ts.isClassDeclaration(st)) return s
    return this.effects(st, s)
  }

  ifStmt(st: ts.IfStatement, s: State): State | null {
    const after = this.effects(st.expression, s)
    const test = this.hrTest(st.expression)
    const thenIn = test && test.failsWhenTrue ? without(after, test.index) : after
    const elseIn = test && !test.failsWhenTrue ? without(after, test.index) : after
    const thenOut = this.stmt(st.thenStatement, thenIn)
    const elseOut = st.elseStatement ? this.stmt(st.elseStatement, elseIn) : elseIn
    return union(thenOut, elseOut)
  }

  tryStmt(st: ts.TryStatement, s: State): State | null {
    const outer = this.exits
    this.exits = []
    const tryOut = this.block(st.tryBlock.statements, s)
    const catchOut = st.catchClause ? this.block(st.catchClause.block.statements, union(s, tryOut)!) : null
    const inner = this.exits
    this.exits = outer
    const fin = st.finallyBlock
    for (const e of inner) this.exits.push({ node: e.node, open: fin ? this.block(fin.statements, e.open) ?? e.open : e.open })
    const out = st.catchClause ? union(tryOut, catchOut) : tryOut
    return fin && out ? this.block(fin.statements, out) : out
  }

  switchStmt(st: ts.SwitchStatement, s: State): State | null {
    const entry = this.effects(st.expression, s)
    let after: State | null = st.caseBlock.clauses.some(ts.isDefaultClause) ? null : entry
    let fallthrough: State | null = null
    for (const clause of st.caseBlock.clauses) {
      const out = this.block(clause.statements, union(entry, fallthrough)!)
      const breaks = clause.statements.some((x) => ts.isBreakStatement(x))
      if (breaks) after = union(after, out)
      fallthrough = breaks ? null : out
    }
    return union(after, fallthrough)
  }

  loop(st: ts.IterationStatement, s: State): State | null {
    let entry = s
    if (ts.isForStatement(st)) {
      if (st.initializer) entry = this.effects(st.initializer, entry)
      if (st.condition) entry = this.effects(st.condition, entry)
    } else if (ts.isForOfStatement(st) || ts.isForInStatement(st) || ts.isWhileStatement(st)) entry = this.effects(st.expression, entry)
    const body = this.stmt(st.statement, entry)
    return union(entry, body)
  }

  /** Acquisitions and releases in an expression or simple statement, in source order, nested functions excluded. */
  effects(node: ts.Node, s: State): State {
    let out: Set<number> | null = null
    const visit = (n: ts.Node): void => {
      if (isFunctionLike(n)) return
      ts.forEachChild(n, visit)
      if (!ts.isCallExpression(n)) return
      this.resources.forEach((r, i) => {
        if (r.alloc === n) (out ??= new Set(s)).add(i)
        else if (releases(r, n)) (out ??= new Set(s)).delete(i)
      })
    }
    visit(node)
    return out ?? s
  }

  /** Does this condition test a resource's HRESULT, and is it true on failure? */
  hrTest(cond: ts.Expression): { index: number; failsWhenTrue: boolean } | undefined {
    const e = unwrap(cond)
    if (ts.isPrefixUnaryExpression(e) && e.operator === ts.SyntaxKind.ExclamationToken) {
      const t = this.hrTest(e.operand)
      return t && { index: t.index, failsWhenTrue: !t.failsWhenTrue }
    }
    const hr = (x: ts.Expression) => {
      const p = pathText(x)
      return p === undefined ? -1 : this.resources.findIndex((r) => r.hrPaths.has(p))
    }
    if (ts.isCallExpression(e) && e.arguments[0]) {
      const i = hr(e.arguments[0])
      const name = calleeName(e)
      if (i >= 0 && (name === 'FAILED' || name === 'SUCCEEDED')) return { index: i, failsWhenTrue: name === 'FAILED' }
    }
    if (ts.isBinaryExpression(e)) return this.compare(e, hr)
    const i = hr(e)
    if (i >= 0) return { index: i, failsWhenTrue: true }
    // `if (!ptr)`: a NULL pointer is a failed open too (the negation above flips this).
    const p = pathText(e)
    const j = p === undefined ? -1 : this.resources.findIndex((r) => r.ptrPaths.has(p))
    return j >= 0 ? { index: j, failsWhenTrue: false } : undefined
  }

  compare(e: ts.BinaryExpression, hr: (x: ts.Expression) => number): { index: number; failsWhenTrue: boolean } | undefined {
    const isOk = (x: ts.Expression) => {
      const u = unwrap(x)
      return (ts.isNumericLiteral(u) && u.text === '0') || (ts.isIdentifier(u) && u.text === 'S_OK')
    }
    const [side, other] = hr(e.left) >= 0 ? [e.left, e.right] : [e.right, e.left]
    const index = hr(side)
    if (index < 0 || !isOk(other)) return undefined
    const op = e.operatorToken.kind
    const K = ts.SyntaxKind
    if (op === K.ExclamationEqualsEqualsToken || op === K.ExclamationEqualsToken || op === K.LessThanToken) return { index, failsWhenTrue: true }
    if (op === K.EqualsEqualsEqualsToken || op === K.EqualsEqualsToken || op === K.GreaterThanEqualsToken) return { index, failsWhenTrue: false }
    return undefined
  }
}

function without(s: State, i: number): State {
  if (!s.has(i)) return s
  const out = new Set(s)
  out.delete(i)
  return out
}
