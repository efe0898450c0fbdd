// The built-in default registry every machine starts from (SPEC "Decisions": "A built-in default registry has
// group 3 (udevice.exe, $udevice) as common.reg does"). Section numbers refer to /shared/ce6-facts.md.

import { Registry } from './registry.js'

export const DRIVERS_KEY_PATH = 'HKEY_LOCAL_MACHINE\\Drivers'
export const BUILTIN_KEY_PATH = 'HKEY_LOCAL_MACHINE\\Drivers\\BuiltIn'
export const ACTIVE_KEY_PATH = 'HKEY_LOCAL_MACHINE\\Drivers\\Active'
export const SERVICES_KEY_PATH = 'HKEY_LOCAL_MACHINE\\Services'

export const DEFAULT_REGISTRY_TEXT: string = String.raw`; cedk built-in default registry.

; §9.3: defaults for process groups that lack their own ProcName/ProcVolPrefix; the device manager's user-mode
; support fails to initialise without them. The values are the ones a book shows (UNCONFIRMED for stock
; common.reg, §15 item 4), as is RootKey, the key BusEnum enumerates at boot.
[HKEY_LOCAL_MACHINE\Drivers]
"ProcName"="udevice.exe"
"ProcVolPrefix"="$udevice"
"RootKey"="Drivers\\BuiltIn"

; §9.1: Drivers\Active\NN keys are written here by the device manager. The key is REG_OPTION_VOLATILE, which a
; .reg file cannot express: createDefaultRegistry() creates it volatile before loading this text.
[HKEY_LOCAL_MACHINE\Drivers\Active]

; §9.1: where built-in driver keys live (RootKey above).
[HKEY_LOCAL_MACHINE\Drivers\BuiltIn]

; §9.3: the CE6 documentation's example group 2, used by services (§9.2: services default to group 2).
[HKEY_LOCAL_MACHINE\Drivers\ProcGroup_0002]
"ProcName"="udevice.exe" ; Dummy for Service.exe now.
"ProcVolPrefix"="$services"

; §2/§9.3: group 3 exactly as the common.reg excerpt has it (Ethman, Console and SIP run there).
[HKEY_LOCAL_MACHINE\Drivers\ProcGroup_0003]
"ProcName"="udevice.exe"
"ProcVolPrefix"="$udevice"

; §9.2: services live under HKLM\Services and always load in user mode.
[HKEY_LOCAL_MACHINE\Services]
`

/** Built once, then cloned: every machine boots from it (performance: one machine per generated property case). */
let template: Registry | null = null

/** A fresh registry holding the default content; each call returns an independent copy. */
export function createDefaultRegistry(): Registry {
  if (!template) {
    template = new Registry()
    // Created before the text is loaded so that Active is volatile (loading keeps an existing key as it is) and
    // still comes first under Drivers, as in the text.
    template.createKey(ACTIVE_KEY_PATH, { volatile: true })
    template.load(DEFAULT_REGISTRY_TEXT, '<default registry>')
  }
  return template.clone()
}

/** The key of a process group: 'ProcGroup' + '_%04x' of the id — HEX (§9.3), so group 0x10 is ProcGroup_0010. */
export function procGroupKeyPath(id: number): string {
  if (!Number.isInteger(id) || id < 0 || id > 0xffffffff) {
    throw new RangeError(`process group id must be a DWORD, got ${id}`)
  }
  return `${DRIVERS_KEY_PATH}\\ProcGroup_${id.toString(16).padStart(4, '0')}`
}
