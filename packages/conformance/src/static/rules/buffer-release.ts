// CE6-M04 / CE6-A02: a caller buffer (or duplicate) closed, and an asynchronous buffer freed, on every path out of
// the function that keeps it local — decided on the control flow (source/paths.ts), not by counting calls. An
// asynchronous buffer kept in driver state must be freed somewhere in the file through that state.
import { ts } from 'ts-morph'
import { calleeName, lineOf, pathText, walk, type FunctionLike } from '../source/ast.js'
import { callsOf, type FileModel } from '../source/file-model.js'
import { exitsOf } from '../source/paths.js'
import { RELEASES, resourcesOf } from '../source/resources.js'
import type { Emit, StaticCheck } from './rule.js'

export const bufferRelease: StaticCheck = {
  ids: ['CE6-M04', 'CE6-A02'],
  check(file, emit) {
    const fns = new Set<FunctionLike>()
    for (const c of callsOf(file, 'CeOpenCallerBuffer', 'CeAllocAsynchronousBuffer', 'CeAllocDuplicateBuffer')) if (c.fn) fns.add(c.fn)
    // A free through a helper's parameter (`c.async` for `capture.async`) is matched on the last property name.
    const freedPaths = new Set<string | undefined>()
    for (const c of callsOf(file, RELEASES.async)) {
      const p = c.node.arguments[0] && pathText(c.node.arguments[0])
      freedPaths.add(p)
      if (p?.includes('.')) freedPaths.add(`*.${p.split('.').at(-1)}`)
    }
    for (const fn of fns) checkFunction(file, fn, freedPaths, emit)
  },
}

function checkFunction(file: FileModel, fn: FunctionLike, freedPaths: Set<string | undefined>, emit: Emit): void {
  const resources = resourcesOf(fn, file)
  const asyncSources = new Set(resources.filter((r) => r.kind === 'async').map((r) => r.alloc.arguments[0] && pathText(r.alloc.arguments[0])))
  const exits = exitsOf(fn, resources)
  resources.forEach((r, i) => {
    const rule = r.kind === 'async' ? 'CE6-A02' : 'CE6-M04'
    const what = r.kind === 'async' ? 'asynchronous buffer' : r.kind === 'caller' ? 'caller buffer' : 'duplicate buffer'
    const release = RELEASES[r.kind]
    if (!r.bound) return emit({ rule, node: r.alloc, message: `The ${what}'s pointer is dropped: ${release} can never be called on it.` })
    if (r.escaped) {
      // A pointer copied into a record (a worker's job) and freed by the function that made it, through its own
      // name, is freed: the record is the worker's view, the allocating function the owner.
      if (r.kind === 'async' && r.escapeTargets.length > 0 && !freesOwnPointer(fn, r.ptrPaths) && !r.escapeTargets.some((t) => freedPaths.has(t) || (t.includes('.') && freedPaths.has(`*.${t.split('.').at(-1)}`))))
        emit({ rule, node: r.alloc, message: `The ${what} is kept in \`${r.escapeTargets[0]}\`, and no ${release} in this file frees it: free it when the operation completes, and in Close for operations still pending.` })
      return
    }
    if (r.kind === 'caller' && [...r.ptrPaths].some((p) => asyncSources.has(p))) return // user mode needs it open until the async free
    const leak = exits.find((x) => x.open.has(i))
    if (leak) emit({ rule, node: r.alloc, message: `The ${what} opened here is still open on the path that ${exitWord(leak.node)} at line ${lineOf(file.sf, leak.node.getStart(file.sf))}: call ${release} on every path out of the function, error paths included.` })
  })
}

/** Does `fn` call CeFreeAsynchronousBuffer on one of the resource's own pointer paths (`async.ptr`)? */
function freesOwnPointer(fn: FunctionLike, ptrPaths: ReadonlySet<string>): boolean {
  let found = false
  walk(fn.body!, (n) => {
    if (found || !ts.isCallExpression(n) || calleeName(n) !== RELEASES.async) return
    const p = n.arguments[0] && pathText(n.arguments[0])
    if (p && ptrPaths.has(p)) found = true
  })
  return found
}

function exitWord(n: ts.Node): string {
  return ts.isReturnStatement(n) ? 'returns' : ts.isThrowStatement(n) ? 'throws' : 'ends'
}

