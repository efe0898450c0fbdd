// "On every path out of the function": the control flow (source/path-walk.ts) over the set of resources that may
// be open. Branches join by union; an `if` that tests a resource's HRESULT drops it on the failure side (the buffer
// was never opened there).
import { ts } from 'ts-morph'
import { calleeName, pathText, unwrap, type FunctionLike } from './ast.js'
import { eachCall, walkPaths, type PathDomain } from './path-walk.js'
import { releases, type Resource } from './resources.js'

type State = ReadonlySet<number>

export interface Exit {
  node: ts.Node
  open: State
}

export function exitsOf(fn: FunctionLike, resources: readonly Resource[]): Exit[] {
  return walkPaths<State>(fn, new Set(), new OpenBuffers(resources)).map((e) => ({ node: e.node, open: e.state }))
}

class OpenBuffers implements PathDomain<State> {
  constructor(private readonly resources: readonly Resource[]) {}

  join(a: State, b: State): State {
    return new Set([...a, ...b])
  }

  refine(cond: ts.Expression, s: State, truthy: boolean): State {
    const test = this.hrTest(cond)
    return test && test.failsWhenTrue === truthy ? without(s, test.index) : s
  }

  /** Acquisitions and releases in an expression or simple statement, in source order, nested functions excluded. */
  effects(node: ts.Node, s: State): State {
    let out: Set<number> | null = null
    eachCall(node, (n) => {
      this.resources.forEach((r, i) => {
        if (r.alloc === n) (out ??= new Set(s)).add(i)
        else if (releases(r, n)) (out ??= new Set(s)).delete(i)
      })
    })
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
