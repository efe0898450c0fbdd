// CE6-P03: from user mode only GIISR can be installed, through the reflector, and told to check only ports inside a
// static mapping of the key's window.
import { ts } from 'ts-morph'
import { unwrap } from '../source/ast.js'
import { callsOf, type FileModel } from '../source/file-model.js'
import { numericValue, stringValue } from '../source/constants.js'
import type { StaticCheck } from './rule.js'

export const iisr: StaticCheck = {
  ids: ['CE6-P03'],
  check(file, emit) {
    for (const c of callsOf(file, 'LoadIntChainHandler')) {
      const [dllArg, handlerArg] = c.node.arguments
      const dll = (dllArg && stringValue(file, dllArg)) ?? file.registry?.isrDll
      const handler = (handlerArg && stringValue(file, handlerArg)) ?? file.registry?.isrHandler
      const bad = dll !== undefined && dll.toLowerCase() !== 'giisr.dll' ? `installs ${dll}` : handler !== undefined && handler !== 'ISRHandler' ? `installs handler ${handler}` : undefined
      if (bad)
        emit({ rule: 'CE6-P03', node: c.node, message: `LoadIntChainHandler ${bad}: a user-mode driver may install only giisr.dll / ISRHandler (the reflector checks it). Declare IsrDll="giisr.dll", IsrHandler="ISRHandler" and Irq in the registry and configure it with IOCTL_GIISR_INFO.` })
    }
    for (const c of callsOf(file, 'encodeGiisrInfo')) {
      const arg = c.node.arguments[0] && unwrap(c.node.arguments[0])
      if (!arg || !ts.isObjectLiteralExpression(arg)) continue
      for (const port of constantPorts(file, arg))
        emit({ rule: 'CE6-P03', node: port.node, message: `GIISR_INFO ${port.field} is the constant address 0x${(port.value >>> 0).toString(16)}: from user mode the reflector refuses IOCTL_GIISR_INFO unless each checked port lies inside a static mapping of the key's window (CPhysMemoryWindow::IsValidStaticAddr). Map the window with CreateStaticMapping and pass the register's address in that mapping.` })
    }
  },
}

/**
 * The memory-space ports a GIISR_INFO literal gives as compile-time numbers: a physical address, never the address
 * of a static mapping (CreateStaticMapping returns that at run time). I/O-space ports and `CheckPort: false` are
 * left alone, as is any field whose value is not a literal the analyzer can read.
 */
function constantPorts(file: FileModel, info: ts.ObjectLiteralExpression): { field: string; node: ts.Node; value: number }[] {
  const field = (name: string): ts.Expression | undefined => {
    const p = info.properties.find((q) => ts.isPropertyAssignment(q) && (ts.isIdentifier(q.name) || ts.isStringLiteral(q.name)) && q.name.text === name)
    return p && ts.isPropertyAssignment(p) ? p.initializer : undefined
  }
  const isFalse = (e: ts.Expression | undefined) => e !== undefined && unwrap(e).kind === ts.SyntaxKind.FalseKeyword
  const isTrue = (e: ts.Expression | undefined) => e !== undefined && unwrap(e).kind === ts.SyntaxKind.TrueKeyword
  if (!field('CheckPort') || isFalse(field('CheckPort')) || !isFalse(field('PortIsIO'))) return []
  const names = isTrue(field('UseMaskReg')) ? ['PortAddr', 'MaskAddr'] : ['PortAddr']
  const out: { field: string; node: ts.Node; value: number }[] = []
  for (const name of names) {
    const e = field(name)
    const value = e && numericValue(file, e)
    if (e && value !== undefined) out.push({ field: name, node: e, value })
  }
  return out
}
