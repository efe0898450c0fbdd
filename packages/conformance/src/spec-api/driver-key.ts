// The driver key of the user's registry text, and the one change the framework makes to it: the mode, through
// DEVFLAGS_LOAD_AS_USERPROC in its Flags value. Windows, SysIntr and process group stay as the user wrote them.
import { DEVFLAGS_LOAD_AS_USERPROC, REG_DWORD, parseReg, type DriverModule, type Machine } from '@cedk/kernel'
import type { Mode } from '../mode.js'
import type { DriverOptions } from './options.js'

const HKLM = 'HKEY_LOCAL_MACHINE\\'

/** The registry path (under HKLM) of the key whose Dll value names the driver. */
export function findDriverKey(driver: DriverModule, options: Pick<DriverOptions, 'registry' | 'key'>): string {
  const { text, file } = typeof options.registry === 'string' ? { text: options.registry, file: 'registry' } : options.registry
  const keys = parseReg(text, file).keys.filter((k) => !k.delete && k.path.toUpperCase().startsWith(HKLM))
  const named = keys.filter((k) => k.values.some((v) => v.name.toLowerCase() === 'dll' && v.value?.type === 1 && v.value.data.toLowerCase() === driver.dll.toLowerCase()))
  const wanted = options.key === undefined ? named : named.filter((k) => sameKey(k.path, options.key!))
  if (wanted.length === 1) return wanted[0]!.path.slice(HKLM.length)
  if (wanted.length === 0) {
    const why = options.key === undefined ? '' : ` at ${options.key}`
    throw new Error(`${file}: no key${why} has "Dll"="${driver.dll}" (the registry option must hold the driver key)`)
  }
  throw new Error(`${file}: ${wanted.length} keys have "Dll"="${driver.dll}": say which with the \`key\` option`)
}

function sameKey(a: string, b: string): boolean {
  const norm = (p: string) => p.toUpperCase().replace(/^HKLM\\/, HKLM).replace(/^(?!HKEY_)/, HKLM)
  return norm(a) === norm(b)
}

/** Set or clear DEVFLAGS_LOAD_AS_USERPROC in the key's Flags for the mode; every other flag is kept. */
export function applyMode(machine: Machine, keyPath: string, mode: Mode): void {
  const key = machine.registry.openKey(keyPath)
  if (!key) throw new Error(`driver key ${keyPath} is not in the machine's registry`)
  const flags = key.getDword('Flags') ?? 0
  const next = mode === 'udevice' ? flags | DEVFLAGS_LOAD_AS_USERPROC : flags & ~DEVFLAGS_LOAD_AS_USERPROC
  key.setValue('Flags', { type: REG_DWORD, data: next >>> 0 })
}
