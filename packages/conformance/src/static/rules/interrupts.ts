// CE6-P02: in udevice the reflector serves the interrupt APIs only for the SysIntr of the driver's registry key.
import { ts } from 'ts-morph'
import { unwrap } from '../source/ast.js'
import { callsOf, type FileModel } from '../source/file-model.js'
import { constDefinition, constName, numericValue } from '../source/constants.js'
import type { StaticCheck } from './rule.js'

const INTERRUPT_APIS = ['InterruptInitialize', 'InterruptDone', 'InterruptDisable', 'InterruptMask']
const ALTERNATIVE = 'declare SysIntr under the driver key and read it with DDKReg_GetIsrInfo: the reflector then serves InterruptInitialize/InterruptDone for that SysIntr'

export const interrupts: StaticCheck = {
  ids: ['CE6-P02'],
  check(file, emit) {
    const requestsSysIntr = callsOf(file, 'KernelIoControl').some((c) => c.node.arguments[0] && constName(c.node.arguments[0]) === 'IOCTL_HAL_REQUEST_SYSINTR')
    for (const c of callsOf(file, ...INTERRUPT_APIS)) {
      const problem = problemOf(file, c.name, c.node.arguments[0], requestsSysIntr)
      if (problem) emit({ rule: 'CE6-P02', node: c.node, message: `${c.name} ${problem}; a user-mode driver gets ERROR_INVALID_PARAMETER from the reflector. Fix: ${ALTERNATIVE}.` })
    }
  },
}

function problemOf(file: FileModel, api: string, arg: ts.Expression | undefined, requestsSysIntr: boolean): string | undefined {
  const literal = arg && (ts.isNumericLiteral(unwrap(arg)) ? Number((unwrap(arg) as ts.NumericLiteral).text) : numericValue(file, arg))
  const reg = file.registry
  const computed = arg && computedInCode(file, unwrap(arg))
  if (reg?.sysIntr !== undefined) {
    if (literal !== undefined) return literal !== reg.sysIntr ? `on SysIntr ${literal}, not the registry's ${reg.sysIntr}` : undefined
    return computed ? `on a SysIntr computed in code (${computed}), not read from the registry` : undefined
  }
  if (api !== 'InterruptInitialize') return undefined
  if (reg) return 'with no SysIntr in the registry key'
  if (literal !== undefined) return `on a hard-coded SysIntr (${literal})`
  if (computed) return `on a SysIntr computed in code (${computed})`
  return requestsSysIntr ? 'on a SysIntr requested at run time (IOCTL_HAL_REQUEST_SYSINTR)' : undefined
}

/**
 * For `x` bound by `const x = SYSINTR_FIRMWARE + 4` (constants and literals only), in this file or in a board header
 * it imports: that expression's text.
 */
function computedInCode(file: FileModel, arg: ts.Expression): string | undefined {
  const def = constDefinition(file, arg)
  return def && def.e !== unwrap(arg) && isConstantExpression(def.e) ? def.text : undefined
}

function isConstantExpression(e: ts.Expression): boolean {
  e = unwrap(e)
  if (ts.isNumericLiteral(e)) return true
  if (ts.isIdentifier(e)) return /^[A-Z][A-Z0-9_]*$/.test(e.text)
  return ts.isBinaryExpression(e) && isConstantExpression(e.left) && isConstantExpression(e.right)
}
