// Registry value types (winnt.h REG_* numbers), their validation, and the byte images RegQueryValueEx returns.
// Also the root key names, path normalisation and the rules for key and value names: they are kept here, not in
// registry.ts, so that both the store and the .reg parser use them without the two importing each other.

export const REG_NONE = 0
export const REG_SZ = 1
export const REG_EXPAND_SZ = 2
export const REG_BINARY = 3
export const REG_DWORD = 4
export const REG_MULTI_SZ = 7

export type RegValue =
  | { type: 1 | 2; data: string } // REG_SZ, REG_EXPAND_SZ
  | { type: 4; data: number } // REG_DWORD, unsigned 32-bit
  | { type: 7; data: string[] } // REG_MULTI_SZ
  | { type: 0 | 3; data: Uint8Array } // REG_NONE, REG_BINARY

const TYPE_NAMES: Record<number, string> = {
  0: 'REG_NONE',
  1: 'REG_SZ',
  2: 'REG_EXPAND_SZ',
  3: 'REG_BINARY',
  4: 'REG_DWORD',
  5: 'REG_DWORD_BIG_ENDIAN',
  6: 'REG_LINK',
  7: 'REG_MULTI_SZ',
  8: 'REG_RESOURCE_LIST',
  9: 'REG_FULL_RESOURCE_DESCRIPTOR',
  10: 'REG_RESOURCE_REQUIREMENTS_LIST',
  11: 'REG_QWORD',
}

/** 'REG_SZ', 'REG_DWORD', …; types winnt.h does not name print as 'type N'. */
export function regTypeName(type: number): string {
  return TYPE_NAMES[type] ?? `type ${type}`
}

/** The types a RegValue can hold (the others — big-endian dword, link, qword, resource lists — are not simulated). */
export function isSupportedRegType(type: number): type is RegValue['type'] {
  return type === REG_NONE || type === REG_SZ || type === REG_EXPAND_SZ || type === REG_BINARY ||
    type === REG_DWORD || type === REG_MULTI_SZ
}

/**
 * What is wrong with a value, or undefined when it is valid. Beyond the TypeScript types this rejects what a
 * real registry cannot hold: a NUL inside a string (readers stop at it) and an empty or NUL-containing
 * REG_MULTI_SZ entry (an empty string ends the list, so it could never be read back).
 */
export function regValueProblem(v: unknown): string | undefined {
  if (typeof v !== 'object' || v === null) return 'a value must be an object { type, data }'
  const { type, data } = v as { type: unknown; data: unknown }
  if (typeof type !== 'number' || !isSupportedRegType(type)) return `unsupported value type ${String(type)}`
  const name = regTypeName(type)
  switch (type) {
    case REG_SZ:
    case REG_EXPAND_SZ:
      if (typeof data !== 'string') return `${name} data must be a string`
      return data.includes('\0') ? `${name} data must not contain a NUL character` : undefined
    case REG_DWORD:
      return typeof data === 'number' && Number.isInteger(data) && data >= 0 && data <= 0xffffffff
        ? undefined
        : `${name} data must be an integer 0..0xFFFFFFFF, got ${String(data)}`
    case REG_MULTI_SZ:
      return multiSzProblem(data)
    default:
      return data instanceof Uint8Array ? undefined : `${name} data must be a Uint8Array`
  }
}

function multiSzProblem(data: unknown): string | undefined {
  if (!Array.isArray(data)) return 'REG_MULTI_SZ data must be an array of strings'
  for (let i = 0; i < data.length; i++) {
    const s: unknown = data[i]
    if (typeof s !== 'string') return `REG_MULTI_SZ entry ${i} must be a string`
    if (s === '') return `REG_MULTI_SZ entry ${i} is empty (an empty string ends the list)`
    if (s.includes('\0')) return `REG_MULTI_SZ entry ${i} must not contain a NUL character`
  }
  return undefined
}

/** A copy that shares no arrays with the original (the store never hands out its own arrays). */
export function cloneRegValue(v: RegValue): RegValue {
  if (v.type === REG_MULTI_SZ) return { type: v.type, data: [...v.data] }
  if (v.type === REG_NONE || v.type === REG_BINARY) return { type: v.type, data: v.data.slice() }
  return { ...v }
}

/** Structural equality of two values (same type and same data). */
export function regValuesEqual(a: RegValue, b: RegValue): boolean {
  if (a.type !== b.type) return false
  const x = a.data
  const y = b.data
  if (typeof x !== 'object') return x === y
  if (typeof y !== 'object' || x.length !== y.length) return false
  for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) return false
  return true
}

// ---- byte images ----------------------------------------------------------------------------------------

function utf16le(s: string, out: Uint8Array, at: number): number {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i)
    out[at++] = c & 0xff
    out[at++] = c >>> 8
  }
  return at
}

/** UTF-16LE code units, not TextDecoder: lone surrogates must survive a round trip unchanged. */
function readUtf16le(bytes: Uint8Array, from: number, to: number): string {
  let s = ''
  for (let i = from; i < to; i += 2) s += String.fromCharCode(bytes[i]! | (bytes[i + 1]! << 8))
  return s
}

/** Little-endian byte image as RegQueryValueEx returns it (strings UTF-16LE with NUL, multi_sz double NUL, dword 4 bytes). */
export function encodeRegValue(v: RegValue): Uint8Array {
  switch (v.type) {
    case REG_SZ:
    case REG_EXPAND_SZ:
      return encodeStrings([v.data])
    case REG_DWORD: {
      const out = new Uint8Array(4)
      new DataView(out.buffer).setUint32(0, v.data, true)
      return out
    }
    case REG_MULTI_SZ:
      // Every entry NUL-terminated, then the empty string that ends the list; an empty list is that NUL alone.
      return encodeStrings(v.data.length === 0 ? [''] : [...v.data, ''])
    default:
      return v.data.slice()
  }
}

/** Each string followed by a NUL, concatenated. */
function encodeStrings(list: string[]): Uint8Array {
  const chars = list.reduce((n, s) => n + s.length + 1, 0)
  const out = new Uint8Array(chars * 2)
  let at = 0
  for (const s of list) at = utf16le(s, out, at) + 2
  return out
}

/**
 * The inverse of encodeRegValue, used when a caller writes raw bytes with RegSetValueEx. Strings end at the
 * first NUL (a missing terminator is tolerated, as readers tolerate it); a REG_MULTI_SZ ends at its first
 * empty string. Throws RangeError naming the problem: an unsupported type, a dword that is not 4 bytes, or
 * UTF-16 text with an odd byte count.
 */
export function decodeRegValue(type: number, bytes: Uint8Array): RegValue {
  if (!isSupportedRegType(type)) throw new RangeError(`unsupported registry value type ${regTypeName(type)}`)
  switch (type) {
    case REG_SZ:
    case REG_EXPAND_SZ:
      return { type, data: decodeStrings(type, bytes)[0] ?? '' }
    case REG_DWORD:
      if (bytes.length !== 4) throw new RangeError(`REG_DWORD data must be 4 bytes, got ${bytes.length}`)
      return { type, data: new DataView(bytes.buffer, bytes.byteOffset, 4).getUint32(0, true) }
    case REG_MULTI_SZ:
      return { type, data: decodeStrings(type, bytes) }
    default:
      return { type, data: bytes.slice() }
  }
}

/** NUL-separated UTF-16LE strings up to the first empty one (or the end of the data). */
function decodeStrings(type: number, bytes: Uint8Array): string[] {
  if (bytes.length % 2 !== 0) {
    throw new RangeError(`${regTypeName(type)} data is UTF-16 and needs an even byte count, got ${bytes.length}`)
  }
  const list: string[] = []
  let start = 0
  for (let i = 0; i <= bytes.length; i += 2) {
    const atEnd = i === bytes.length
    if (!atEnd && (bytes[i] !== 0 || bytes[i + 1] !== 0)) continue
    if (i === start) break // an empty string (or the end right after a NUL) ends the list
    list.push(readUtf16le(bytes, start, i))
    if (type !== REG_MULTI_SZ || atEnd) break
    start = i + 2
  }
  return list
}

// ---- root keys and paths --------------------------------------------------------------------------------

export const HKEY_CLASSES_ROOT = 'HKEY_CLASSES_ROOT'
export const HKEY_CURRENT_USER = 'HKEY_CURRENT_USER'
export const HKEY_LOCAL_MACHINE = 'HKEY_LOCAL_MACHINE'
export const HKEY_USERS = 'HKEY_USERS'

/** The four roots, in the order the store creates (and the writer prints) them. */
export const ROOT_KEY_NAMES: readonly string[] = [HKEY_CLASSES_ROOT, HKEY_CURRENT_USER, HKEY_LOCAL_MACHINE, HKEY_USERS]

const ROOT_BY_LOWER: ReadonlyMap<string, string> = new Map([
  ['hkey_classes_root', HKEY_CLASSES_ROOT],
  ['hkcr', HKEY_CLASSES_ROOT],
  ['hkey_current_user', HKEY_CURRENT_USER],
  ['hkcu', HKEY_CURRENT_USER],
  ['hkey_local_machine', HKEY_LOCAL_MACHINE],
  ['hklm', HKEY_LOCAL_MACHINE],
  ['hkey_users', HKEY_USERS],
  ['hku', HKEY_USERS],
])

/** The full root name for a root name or alias (any case), else undefined. */
export function rootKeyName(component: string): string | undefined {
  return ROOT_BY_LOWER.get(component.toLowerCase())
}

/**
 * Canonical form of a key path: the full root name, then the other components as given. A path with no root
 * is relative to HKEY_LOCAL_MACHINE (CE's device manager writes 'Drivers\\Active\\04'). Leading and trailing
 * backslashes are ignored; an empty path or an empty component ('a\\\\b') is a RangeError.
 */
export function normalizeRegPath(path: string): string {
  const trimmed = path.replace(/^\\+/, '').replace(/\\+$/, '')
  if (trimmed === '') throw new RangeError(`registry path '${path}' is empty`)
  const parts = trimmed.split('\\')
  if (parts.includes('')) throw new RangeError(`registry path '${path}' has an empty component`)
  const root = rootKeyName(parts[0]!)
  if (root === undefined) return [HKEY_LOCAL_MACHINE, ...parts].join('\\')
  parts[0] = root
  return parts.join('\\')
}

const partsCache = new Map<string, readonly string[]>()

/**
 * The components of a key path in canonical form (normalizeRegPath split at '\\'), cached: the device manager and
 * the drivers open the same few paths on every boot, and a property run boots a machine per case. A bad path is not
 * cached (normalizeRegPath throws). Machines only read the cached arrays.
 */
export function regPathParts(path: string): readonly string[] {
  let parts = partsCache.get(path)
  if (parts === undefined) {
    parts = normalizeRegPath(path).split('\\')
    if (partsCache.size >= 4096) partsCache.clear()
    partsCache.set(path, parts)
  }
  return parts
}

/** What is wrong with a key name component, or undefined. ']' and edge whitespace would not survive a .reg file. */
export function keyNameProblem(name: string): string | undefined {
  if (name === '') return 'a key name must not be empty'
  if (/[\0\r\n\]\\]/.test(name)) return `key name '${name}' contains NUL, CR, LF, ']' or '\\'`
  if (/^\s|\s$/.test(name)) return `key name '${name}' starts or ends with whitespace`
  return undefined
}

/** What is wrong with a value name, or undefined ('' is the default value). */
export function valueNameProblem(name: unknown): string | undefined {
  if (typeof name !== 'string') return 'a value name must be a string'
  return /[\0\r\n]/.test(name) ? `value name '${name}' contains NUL, CR or LF` : undefined
}
