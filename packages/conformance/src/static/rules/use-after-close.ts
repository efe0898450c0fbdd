// CE6-M06: a marshalled buffer touched after it was closed or freed, on some path of the function
// (source/path-walk.ts). The buffer is named by the path its pointer is released through (`ptr`, `req.opened`); a
// later ctx.mem access through that path, or offset() of it, on a path where the release happened is the finding.
// A re-open into the same path revives it; an early return after a release ends that path.
import { ts } from 'ts-morph'
import { calleeName, isMemCall, lineOf, memPointerArgs, pathText, unwrap } from '../source/ast.js'
import type { FileModel } from '../source/file-model.js'
import { MarkedPaths, eachCall, walkMarking, type Marked } from '../source/path-walk.js'
import { ALLOCATES, RELEASES } from '../source/resources.js'
import type { Emit, StaticCheck } from './rule.js'

const RELEASING = new Set(Object.values(RELEASES))
type Released = Marked

export const useAfterClose: StaticCheck = {
  ids: ['CE6-M06'],
  check(file, emit) {
    walkMarking(file, RELEASING, new ReleasedBuffers(file, emit))
  },
}

class ReleasedBuffers extends MarkedPaths {
  private readonly reported = new Set<ts.Node>()
  constructor(
    private readonly file: FileModel,
    private readonly emit: Emit,
  ) {
    super()
  }

  effects(node: ts.Node, s: Released): Released {
    let out: Map<string, ts.CallExpression> | undefined
    const cur = () => out ?? s
    eachCall(node, (c) => {
      const name = calleeName(c) ?? ''
      if (isMemCall(c)) return this.check(c, cur())
      if (RELEASING.has(name)) {
        const p = c.arguments[0] && pathText(c.arguments[0])
        if (p) (out ??= new Map(s)).set(p, c)
      } else if (ALLOCATES.has(name)) for (const p of reopened(c)) if (cur().has(p)) (out ??= new Map(s)).delete(p)
    })
    return cur()
  }

  private check(access: ts.CallExpression, s: Released): void {
    if (s.size === 0 || this.reported.has(access)) return
    for (const arg of memPointerArgs(access)) {
      const p = pointerPath(arg)
      const released = p !== undefined ? s.get(p) : undefined
      if (!released) continue
      this.reported.add(access)
      const sf = this.file.sf
      this.emit({ rule: 'CE6-M06', node: access, message: `\`${arg.getText(sf)}\` is used after ${calleeName(released)} released it (line ${lineOf(sf, released.getStart(sf))}): in udevice the copy is gone, in the kernel the access reaches whatever the pointer now names. Release the buffer after its last use.` })
      return
    }
  }
}

/** `p` or `offset(p, n)`: the path of the buffer an access goes through. */
function pointerPath(arg: ts.Expression): string | undefined {
  const e = unwrap(arg)
  if (ts.isCallExpression(e) && calleeName(e) === 'offset' && e.arguments[0]) return pathText(e.arguments[0])
  return pathText(e)
}

/** The paths a new marshalling result is bound to (`ptr`, `open.ptr`): a released path reused for a new buffer. */
function reopened(alloc: ts.CallExpression): string[] {
  let top: ts.Node = alloc
  while (ts.isAwaitExpression(top.parent) || ts.isParenthesizedExpression(top.parent)) top = top.parent
  const p = top.parent
  if (ts.isVariableDeclaration(p) && ts.isObjectBindingPattern(p.name))
    return p.name.elements.flatMap((el) => (ts.isIdentifier(el.name) && (el.propertyName ?? el.name).getText() === 'ptr' ? [el.name.text] : []))
  const target = ts.isVariableDeclaration(p) && ts.isIdentifier(p.name) ? p.name.text : ts.isBinaryExpression(p) && p.right === top ? pathText(p.left) : undefined
  return target ? [`${target}.ptr`] : []
}
