// CE6-A03: the asynchronous buffer must be freed before the caller buffer it was made from is closed. Decided on
// the paths of the function that frees it (source/path-walk.ts): a close on an error path that returns does not
// reach a free after it; a close made by a helper the function calls first (a completion routine's
// `closeRequest(req)`) does, matched on the record field it was given.
import { ts } from 'ts-morph'
import { calleeName, enclosingFunction, lineOf, pathText, unwrap, type FunctionLike } from '../source/ast.js'
import { flowOf } from '../source/analysis-root.js'
import type { FileModel } from '../source/file-model.js'
import { MarkedPaths, eachCall, walkMarking, type Marked } from '../source/path-walk.js'
import type { Emit, StaticCheck } from './rule.js'

const FREES = new Set(['CeFreeAsynchronousBuffer', 'CeFlushAsynchronousBuffer'])
/** Closed pointer path → the close call that closed it. */
type Closed = Marked

export const asyncFreeOrder: StaticCheck = {
  ids: ['CE6-A03'],
  check(file, emit) {
    walkMarking(file, FREES, new ClosedBuffers(file, emit))
  },
}

class ClosedBuffers extends MarkedPaths {
  private readonly reported = new Set<ts.Node>()
  constructor(
    private readonly file: FileModel,
    private readonly emit: Emit,
  ) {
    super()
  }

  effects(node: ts.Node, s: Closed): Closed {
    let out: Map<string, ts.CallExpression> | undefined
    eachCall(node, (c) => {
      const name = calleeName(c) ?? ''
      if (name === 'CeCloseCallerBuffer') {
        const p = c.arguments[0] && pathText(c.arguments[0])
        if (p) (out ??= new Map(s)).set(p, c)
      } else if (FREES.has(name)) this.check(c, out ?? s)
      else
        for (const p of closedByHelper(this.file, c)) (out ??= new Map(s)).set(p, c)
    })
    return out ?? s
  }

  private check(free: ts.CallExpression, s: Closed): void {
    const src = free.arguments[1] && pathText(free.arguments[1])
    const closed = src !== undefined ? s.get(src) : undefined
    if (!closed || this.reported.has(free)) return
    this.reported.add(free)
    const sf = this.file.sf
    const how = calleeName(closed) === 'CeCloseCallerBuffer' ? 'CeCloseCallerBuffer' : `\`${closed.expression.getText(sf)}(…)\`, which calls CeCloseCallerBuffer,`
    this.emit({ rule: 'CE6-A03', node: free, message: `${calleeName(free)} runs after ${how} closed \`${src}\` (line ${lineOf(sf, closed.getStart(sf))}), the buffer it was made from (in user mode the asynchronous buffer is that very copy). Free the asynchronous buffer first, then close.` })
  }
}

/** The pointer paths (in the caller's terms) a same-scan helper closes: `closeRequest(req)` closing `r.ptr` → req.ptr. */
function closedByHelper(file: FileModel, call: ts.CallExpression): string[] {
  const fn = flowOf(file).resolve(file, call)
  if (!fn) return []
  const out: string[] = []
  for (const [i, rest] of paramCloses(fn)) {
    const arg = call.arguments[i]
    const base = arg && pathText(unwrap(arg))
    if (base) out.push(rest ? `${base}.${rest}` : base)
  }
  return out
}

const closesCache = new WeakMap<FunctionLike, [number, string][]>()

/** [parameter index, path below it] of every CeCloseCallerBuffer in `fn` whose pointer is reached from a parameter. */
function paramCloses(fn: FunctionLike): [number, string][] {
  let out = closesCache.get(fn)
  if (out) return out
  out = []
  closesCache.set(fn, out)
  const params = fn.parameters.map((p) => (ts.isIdentifier(p.name) ? p.name.text : undefined))
  if (fn.body)
    eachCall(fn.body, (c) => {
      if (calleeName(c) !== 'CeCloseCallerBuffer' || enclosingFunction(c) !== fn) return
      const [root, ...rest] = (c.arguments[0] && pathText(c.arguments[0]))?.split('.') ?? []
      const i = params.indexOf(root)
      if (i >= 0) out!.push([i, rest.join('.')])
    })
  return out
}
