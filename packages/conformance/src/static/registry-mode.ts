// Registry awareness: where a driver loads and which resources its key grants, read from .reg text. A small reader
// of its own (keys, "name"=value with dword/strings/multi_sz) so the analyzer needs no machine; a malformed line is
// skipped — the kernel's parser is the one that rejects bad files.

export type LoadMode = 'kernel' | 'user' | 'unknown'

export interface DriverKey {
  key: string
  values: ReadonlyMap<string, number | string | readonly string[]>
}

export interface DriverRegistry {
  key: string
  dll: string
  mode: LoadMode
  sysIntr?: number
  irq?: number
  isrDll?: string
  isrHandler?: string
  /** Declared IoBase/MemBase windows (what the reflector lets a user-mode driver map). */
  windows: { base: number; length: number }[]
  userProcGroup?: number
}

const DEVFLAGS_LOAD_AS_USERPROC = 0x10
const VALUE = /"((?:[^"\\]|\\.)*)"\s*=\s*(dword:[0-9a-fA-F]+|multi_sz:(?:\s*"(?:[^"\\]|\\.)*"\s*,?)*|"(?:[^"\\]|\\.)*")/g

export function parseRegKeys(text: string): DriverKey[] {
  const keys: { key: string; values: Map<string, number | string | readonly string[]> }[] = []
  const joined = text.replace(/\\\r?\n/g, ' ')
  for (const raw of joined.split(/\r?\n/)) {
    const line = stripComment(raw).trim()
    const head = /^\[(?:HKEY_LOCAL_MACHINE|HKLM)\\([^\]]+)\]$/i.exec(line)
    if (head) keys.push({ key: head[1]!, values: new Map() })
    else if (keys.length > 0) for (const m of line.matchAll(VALUE)) keys.at(-1)!.values.set(m[1]!.toLowerCase(), parseValue(m[2]!))
  }
  return keys
}

function stripComment(line: string): string {
  let inString = false
  for (let i = 0; i < line.length; i++) {
    if (line[i] === '"' && line[i - 1] !== '\\') inString = !inString
    else if (line[i] === ';' && !inString) return line.slice(0, i)
  }
  return line
}

function parseValue(v: string): number | string | readonly string[] {
  if (v.startsWith('dword:')) return parseInt(v.slice(6), 16)
  if (v.startsWith('multi_sz:')) return [...v.matchAll(/"((?:[^"\\]|\\.)*)"/g)].map((m) => unescape(m[1]!))
  return unescape(v.slice(1, -1))
}

const unescape = (s: string): string => s.replace(/\\(.)/g, '$1')

/** The driver key whose "Dll" is `dll` (case-insensitive), or the only key with a Dll when `dll` is unknown. */
export function driverRegistry(keys: readonly DriverKey[], dll: string | undefined): DriverRegistry | undefined {
  const withDll = keys.filter((k) => typeof k.values.get('dll') === 'string')
  const match = dll ? withDll.find((k) => (k.values.get('dll') as string).toLowerCase() === dll.toLowerCase()) : undefined
  const key = match ?? (withDll.length === 1 && !dll ? withDll[0] : undefined)
  return key ? describeKey(key) : undefined
}

function describeKey(k: DriverKey): DriverRegistry {
  const num = (name: string) => (typeof k.values.get(name) === 'number' ? (k.values.get(name) as number) : undefined)
  const str = (name: string) => (typeof k.values.get(name) === 'string' ? (k.values.get(name) as string) : undefined)
  const flags = num('flags') ?? 0
  return {
    key: k.key,
    dll: str('dll')!,
    mode: flags & DEVFLAGS_LOAD_AS_USERPROC ? 'user' : 'kernel',
    sysIntr: num('sysintr'),
    irq: num('irq'),
    isrDll: str('isrdll'),
    isrHandler: str('isrhandler'),
    windows: [...windowsOf(k, 'iobase', 'iolen'), ...windowsOf(k, 'membase', 'memlen')],
    userProcGroup: num('userprocgroup'),
  }
}

function windowsOf(k: DriverKey, baseName: string, lenName: string): { base: number; length: number }[] {
  const base = k.values.get(baseName)
  const len = k.values.get(lenName)
  if (typeof base === 'number' && typeof len === 'number') return [{ base, length: len }]
  if (Array.isArray(base) && Array.isArray(len))
    return base.map((b, i) => ({ base: parseInt(b, 16), length: parseInt(len[i] ?? '0', 16) })).filter((w) => !isNaN(w.base) && !isNaN(w.length))
  return []
}
