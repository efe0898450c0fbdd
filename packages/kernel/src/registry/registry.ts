// The registry: a tree of keys holding typed values (SPEC "Registry", fact sheet §9). Names of keys and values
// are case-insensitive and keep the case they were first written with; subkeys and values keep their order.
// Access control is not here: the kernel's Reg* APIs ask isProtectedKeyPath() before letting untrusted code write.

import { parseReg } from './reg-parser.js'
import {
  REG_BINARY,
  REG_DWORD,
  REG_EXPAND_SZ,
  REG_MULTI_SZ,
  REG_SZ,
  ROOT_KEY_NAMES,
  cloneRegValue,
  keyNameProblem,
  normalizeRegPath,
  regPathParts,
  regValueProblem,
  valueNameProblem,
} from './values.js'
import type { RegValue } from './values.js'

/**
 * Case folding for names. Windows compares registry names by upcasing each UTF-16 unit on its own
 * (RtlUpcaseUnicodeChar), so 'ß' never equals 'SS' as String.toUpperCase would make it.
 */
export function foldName(s: string): string {
  const up = s.toUpperCase()
  if (up.length === s.length) return up // every unit mapped to one unit: same as the per-unit fold
  let out = ''
  for (const ch of s) {
    const u = ch.toUpperCase()
    out += u.length === ch.length ? u : ch
  }
  return out
}

interface StoredValue {
  name: string
  value: RegValue
}

export class RegKey {
  /** Last path component as created (case preserved). */
  readonly name: string
  /** Canonical full path, e.g. 'HKEY_LOCAL_MACHINE\\Drivers\\BuiltIn\\Serial'. */
  readonly path: string
  /** REG_OPTION_VOLATILE (Active keys). */
  readonly volatile: boolean
  readonly parent: RegKey | null
  readonly #subkeys = new Map<string, RegKey>()
  readonly #values = new Map<string, StoredValue>()
  #deleted = false

  /** @internal Keys are made by Registry (createKey, the constructor, clone), never directly. */
  constructor(name: string, parent: RegKey | null, volatile: boolean) {
    this.name = name
    this.parent = parent
    this.volatile = volatile
    this.path = parent ? `${parent.path}\\${name}` : name
  }

  /** True once deleteKey removed this key (or an ancestor); a handle to it refers to nothing any more. */
  get deleted(): boolean {
    return this.#deleted
  }

  /** Case-insensitive. */
  subkey(name: string): RegKey | undefined {
    return this.#subkeys.get(foldName(name))
  }

  /** In creation order. */
  subkeys(): RegKey[] {
    return [...this.#subkeys.values()]
  }

  /** In insertion order, names as first written; the values are copies. */
  values(): [string, RegValue][] {
    return [...this.#values.values()].map((s) => [s.name, cloneRegValue(s.value)])
  }

  /** Case-insensitive; '' is the default value (@). Returns a copy. */
  getValue(name: string): RegValue | undefined {
    const stored = this.#values.get(foldName(name))
    return stored ? cloneRegValue(stored.value) : undefined
  }

  /** The name as first written, for messages that quote the registry ('IOBase' when asked for 'IoBase'). */
  valueName(name: string): string | undefined {
    return this.#values.get(foldName(name))?.name
  }

  /** Validates (RangeError naming key path and value name), then stores a copy. */
  setValue(name: string, value: RegValue): void {
    const problem = valueNameProblem(name) ?? regValueProblem(value)
    if (problem) throw new RangeError(`${this.path}: value '${String(name)}': ${problem}`)
    const key = foldName(name)
    const existing = this.#values.get(key)
    // Overwriting keeps the first spelling and the original position, as RegSetValueEx does.
    if (existing) existing.value = cloneRegValue(value)
    else this.#values.set(key, { name, value: cloneRegValue(value) })
  }

  deleteValue(name: string): boolean {
    return this.#values.delete(foldName(name))
  }

  /** Only when the type is REG_DWORD. */
  getDword(name: string): number | undefined {
    const v = this.#values.get(foldName(name))?.value
    return v?.type === REG_DWORD ? v.data : undefined
  }

  /** REG_SZ or REG_EXPAND_SZ. */
  getString(name: string): string | undefined {
    const v = this.#values.get(foldName(name))?.value
    return v?.type === REG_SZ || v?.type === REG_EXPAND_SZ ? v.data : undefined
  }

  getMultiSz(name: string): string[] | undefined {
    const v = this.#values.get(foldName(name))?.value
    return v?.type === REG_MULTI_SZ ? [...v.data] : undefined
  }

  /** @internal Used by Registry. A key under a volatile key is volatile too (see Registry.createKey). */
  _addSubkey(name: string, volatile: boolean): RegKey {
    const child = new RegKey(name, this, volatile || this.volatile)
    this.#subkeys.set(foldName(name), child)
    return child
  }

  /** @internal Used by Registry.clone: copies this key's values and subtree into `to` (already validated here). */
  _copyInto(to: RegKey): void {
    // The value objects are shared, not copied: a stored value is never handed out (getValue and values() copy)
    // and never changed in place (setValue replaces it), so two registries can hold the same one.
    for (const [k, v] of this.#values) to.#values.set(k, { name: v.name, value: v.value })
    for (const [k, sub] of this.#subkeys) {
      const child = new RegKey(sub.name, to, sub.volatile)
      to.#subkeys.set(k, child)
      sub._copyInto(child)
    }
  }

  /** @internal Used by Registry.deleteKey: detaches the subkey and marks its whole subtree deleted. */
  _removeSubkey(name: string): boolean {
    const child = this.#subkeys.get(foldName(name))
    if (!child) return false
    this.#subkeys.delete(foldName(name))
    child._markDeleted()
    return true
  }

  /** @internal */
  _markDeleted(): void {
    this.#deleted = true
    for (const k of this.#subkeys.values()) k._markDeleted()
  }
}

/** The forms loadObject accepts for one value. */
export type RegObjectValue = number | string | string[] | Uint8Array | RegValue

export class Registry {
  readonly #roots = new Map<string, RegKey>()

  /** Empty except the four root keys. */
  constructor() {
    for (const name of ROOT_KEY_NAMES) this.#roots.set(name, new RegKey(name, null, false))
  }

  /** Root aliases: HKLM = HKEY_LOCAL_MACHINE, HKCU = HKEY_CURRENT_USER, HKCR = HKEY_CLASSES_ROOT, HKU = HKEY_USERS.
   *  A path with no root is relative to HKEY_LOCAL_MACHINE (CE's device manager writes 'Drivers\\Active\\04').
   *  Leading/trailing backslashes are ignored; empty components ('a\\\\b') and an empty path are a RangeError. */
  static normalizePath(path: string): string {
    return normalizeRegPath(path)
  }

  /** The four root keys (HKEY_CLASSES_ROOT, HKEY_CURRENT_USER, HKEY_LOCAL_MACHINE, HKEY_USERS). */
  roots(): RegKey[] {
    return [...this.#roots.values()]
  }

  openKey(path: string): RegKey | undefined {
    const parts = regPathParts(path)
    let key = this.#roots.get(parts[0]!)
    for (let i = 1; i < parts.length && key; i++) key = key.subkey(parts[i]!)
    return key
  }

  /**
   * Creates missing parents; returns the existing key if present (its volatility unchanged). `volatile` applies
   * to the last key only (missing parents are ordinary keys), and a key created under a volatile key is volatile
   * too: Windows refuses a non-volatile child there (ERROR_CHILD_MUST_BE_VOLATILE), the simulation is lenient.
   */
  createKey(path: string, opts: { volatile?: boolean } = {}): RegKey {
    const [root, ...rest] = regPathParts(path)
    for (const part of rest) {
      const problem = keyNameProblem(part)
      if (problem) throw new RangeError(`registry path '${path}': ${problem}`)
    }
    let key = this.#roots.get(root!)!
    rest.forEach((part, i) => {
      key = key.subkey(part) ?? key._addSubkey(part, opts.volatile === true && i === rest.length - 1)
    })
    return key
  }

  /** Recursive; false when the key does not exist; roots cannot be deleted (RangeError). */
  deleteKey(path: string): boolean {
    const key = this.openKey(path)
    if (!key) return false
    if (!key.parent) throw new RangeError(`registry root ${key.path} cannot be deleted`)
    return key.parent._removeSubkey(key.name)
  }

  /** Merge a parsed .reg text into this registry (RegParseError on bad syntax, and then nothing is changed).
   *  `file` names the source in errors. */
  load(text: string, file?: string): void {
    const parsed = parsedReg(text, file)
    for (const section of parsed.keys) {
      if (section.delete) {
        this.deleteKey(section.path)
        continue
      }
      const key = this.createKey(section.path)
      for (const v of section.values) {
        if (v.value === null) key.deleteValue(v.name)
        else key.setValue(v.name, v.value)
      }
    }
  }

  /** Apply an object form: { 'HKLM\\Drivers\\X': { Dll: 'x.dll', Index: 1, IClass: ['{..}'], Bin: new Uint8Array([1]) } }
   *  (number → REG_DWORD, string → REG_SZ, string[] → REG_MULTI_SZ, Uint8Array → REG_BINARY, or an explicit RegValue).
   *  Everything is validated before anything is written, so a RangeError leaves the registry unchanged. */
  loadObject(obj: Record<string, Record<string, RegObjectValue>>): void {
    const plan = Object.entries(obj).map(([path, values]) => {
      const entries = Object.entries(values).map(([name, v]) => [name, toRegValue(path, name, v)] as const)
      for (const [name, value] of entries) {
        const problem = valueNameProblem(name) ?? regValueProblem(value)
        if (problem) throw new RangeError(`${path}: value '${name}': ${problem}`)
      }
      for (const part of normalizeRegPath(path).split('\\').slice(1)) {
        const problem = keyNameProblem(part)
        if (problem) throw new RangeError(`registry path '${path}': ${problem}`)
      }
      return { path, entries }
    })
    for (const { path, entries } of plan) {
      const key = this.createKey(path)
      for (const [name, value] of entries) key.setValue(name, value)
    }
  }

  /** Deep copy (machines must never share state). */
  clone(): Registry {
    const copy = new Registry()
    for (const root of this.#roots.values()) root._copyInto(copy.#roots.get(root.name)!)
    return copy
  }

  /** Number of keys, the four roots included, for tests and reports. */
  get keyCount(): number {
    let n = 0
    const count = (k: RegKey): void => {
      n++
      for (const s of k.subkeys()) count(s)
    }
    for (const root of this.#roots.values()) count(root)
    return n
  }
}

/**
 * Performance: every machine loads the same .reg texts (one machine per generated property case), and parsing
 * was a tenth of a short-lived machine's boot. The last few parses are kept by text and file name. Parsing is
 * pure and `load` stores copies of the values (setValue clones), so a kept parse is never mutated or shared.
 */
const PARSE_CACHE_SIZE = 8
const parseCache = new Map<string, ReturnType<typeof parseReg>>()

function parsedReg(text: string, file?: string): ReturnType<typeof parseReg> {
  const key = `${file ?? ''}\0${text}`
  const hit = parseCache.get(key)
  if (hit) return hit
  const parsed = parseReg(text, file) // throws RegParseError: nothing is cached
  if (parseCache.size >= PARSE_CACHE_SIZE) parseCache.delete(parseCache.keys().next().value!)
  parseCache.set(key, parsed)
  return parsed
}

function toRegValue(path: string, name: string, v: RegObjectValue): RegValue {
  if (typeof v === 'number') return { type: REG_DWORD, data: v }
  if (typeof v === 'string') return { type: REG_SZ, data: v }
  if (Array.isArray(v)) return { type: REG_MULTI_SZ, data: v }
  if (v instanceof Uint8Array) return { type: REG_BINARY, data: v }
  if (typeof v === 'object' && v !== null && 'type' in v) return v
  throw new RangeError(`${path}: value '${name}': cannot store ${typeof v} in the registry`)
}

const PROTECTED_ROOTS = ['HKEY_LOCAL_MACHINE\\DRIVERS', 'HKEY_LOCAL_MACHINE\\SERVICES']

/** True for keys only the kernel (trusted code) may write: HKLM\Drivers and everything below it, HKLM\Services
 *  and below. A malformed path is a RangeError (as from normalizePath), never a silent "not protected". */
export function isProtectedKeyPath(path: string): boolean {
  const p = foldName(normalizeRegPath(path))
  return PROTECTED_ROOTS.some((root) => p === root || p.startsWith(`${root}\\`))
}
