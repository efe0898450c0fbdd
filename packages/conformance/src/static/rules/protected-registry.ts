// CE6-P06: writes under HKLM\Drivers or HKLM\Services. Key handles are followed from RegOpenKeyEx/RegCreateKeyEx
// (a literal or same-file path; an imported constant needs the type checker) and OpenDeviceKey (always the
// driver's own, protected key) to the writes made through them.
import { ts } from 'ts-morph'
import { destructured, pathText, unwrap } from '../source/ast.js'
import { callsOf, type FileModel } from '../source/file-model.js'
import { stringValue } from '../source/constants.js'
import type { StaticCheck } from './rule.js'

const WRITES = ['RegSetValueEx', 'RegDeleteValue', 'RegDeleteKey']
const PROTECTED = /^(drivers|services)(\\|$)/i

export const protectedRegistry: StaticCheck = {
  ids: ['CE6-P06'],
  check(file, emit) {
    const handles = protectedHandles(file)
    if (handles.size === 0) return
    for (const c of callsOf(file, ...WRITES)) {
      const h = c.node.arguments[0] && pathText(c.node.arguments[0])
      const key = h !== undefined ? handles.get(h) : undefined
      if (key !== undefined)
        emit({ rule: 'CE6-P06', node: c.node, message: `${c.name} writes under ${key}, a key only the kernel may write: a user-mode driver gets ERROR_ACCESS_DENIED. Keep run-time state under HKLM\\Software\\<vendor>.` })
    }
  },
}

/** Handle paths (`hKey`, `r.hKey`) bound to a protected key → the key's name. */
function protectedHandles(file: FileModel): Map<string, string> {
  const out = new Map<string, string>()
  for (const c of callsOf(file, 'RegOpenKeyEx', 'RegCreateKeyEx', 'OpenDeviceKey')) {
    const key = protectedKey(file, c.name, c.node)
    if (key === undefined) continue
    const decl = c.node.parent
    if (!ts.isVariableDeclaration(decl) || decl.initializer !== c.node) continue
    if (ts.isIdentifier(decl.name)) out.set(c.name === 'OpenDeviceKey' ? decl.name.text : `${decl.name.text}.hKey`, key)
    const h = destructured(decl.name).get('hKey')
    if (h) out.set(h, key)
  }
  return out
}

function protectedKey(file: FileModel, api: string, call: ts.CallExpression): string | undefined {
  if (api === 'OpenDeviceKey') return "the driver's device key (HKLM\\Drivers\\…)"
  const [root, sub] = call.arguments
  if (!root || !sub || !/HKEY_LOCAL_MACHINE|HKLM/.test(unwrap(root).getText())) return undefined
  const path = stringValue(file, sub)
  return path !== undefined && PROTECTED.test(path) ? `HKLM\\${path}` : undefined
}
