// Turns a registry (or a subtree) back into .reg text that reg-parser.ts reads back to the same registry: the
// same keys in the same order, the same value names, types and data. Only volatility is lost (a .reg file
// cannot say it), so volatile keys carry a comment.

import type { RegKey, Registry } from './registry.js'
import { REG_BINARY, REG_DWORD, REG_EXPAND_SZ, REG_MULTI_SZ, REG_NONE, REG_SZ, encodeRegValue } from './values.js'
import type { RegValue } from './values.js'

/** Width at which hex lists wrap onto '\' continuation lines, as regedit wraps them. */
const HEX_LINE_WIDTH = 78

/**
 * Writes the keys that have values or no subkeys (a key with only subkeys is re-created by its descendants),
 * parents before children, in creation order. With rootPath, only that key and the keys below it
 * (RangeError when it does not exist). Root keys are written only when they hold values: they always exist.
 */
export function toRegText(reg: Registry, rootPath?: string): string {
  let starts = reg.roots()
  if (rootPath !== undefined) {
    const key = reg.openKey(rootPath)
    if (!key) throw new RangeError(`toRegText: no key ${rootPath}`)
    starts = [key]
  }
  const sections: string[] = []
  for (const key of starts) collect(key, sections)
  return sections.join('\n')
}

function collect(key: RegKey, sections: string[]): void {
  const values = key.values()
  const subkeys = key.subkeys()
  if (values.length > 0 || (subkeys.length === 0 && key.parent !== null)) sections.push(section(key, values))
  for (const sub of subkeys) collect(sub, sections)
}

function section(key: RegKey, values: [string, RegValue][]): string {
  const header = `[${key.path}]${key.volatile ? ' ; volatile (REG_OPTION_VOLATILE)' : ''}`
  return [header, ...values.map(([name, value]) => valueLine(name, value))].join('\n') + '\n'
}

const quote = (s: string): string => `"${s.replace(/[\\"]/g, '\\$&')}"`

/** A .reg string cannot hold a line break: strings with one are written as hex(N) bytes instead. */
const hasLineBreak = (s: string): boolean => /[\r\n]/.test(s)

function valueLine(name: string, v: RegValue): string {
  const lhs = `${name === '' ? '@' : quote(name)}=`
  switch (v.type) {
    case REG_SZ:
      return hasLineBreak(v.data) ? hexLines(`${lhs}hex(1):`, encodeRegValue(v)) : lhs + quote(v.data)
    case REG_EXPAND_SZ:
      return hexLines(`${lhs}hex(2):`, encodeRegValue(v))
    case REG_DWORD:
      return `${lhs}dword:${v.data.toString(16).padStart(8, '0')}`
    case REG_MULTI_SZ:
      return v.data.some(hasLineBreak)
        ? hexLines(`${lhs}hex(7):`, encodeRegValue(v))
        : `${lhs}multi_sz:${v.data.map(quote).join(',')}`
    case REG_BINARY:
      return hexLines(`${lhs}hex:`, v.data)
    case REG_NONE:
      return hexLines(`${lhs}hex(0):`, v.data)
  }
}

/** 'prefix01,02,…' wrapped after a comma with '\' and a two-space indent. */
function hexLines(prefix: string, bytes: Uint8Array): string {
  const lines: string[] = []
  let line = prefix
  bytes.forEach((b, i) => {
    const item = b.toString(16).padStart(2, '0') + (i < bytes.length - 1 ? ',' : '')
    if (line.length + item.length > HEX_LINE_WIDTH - 1 && line !== prefix && line !== '  ') {
      lines.push(`${line}\\`)
      line = '  '
    }
    line += item
  })
  lines.push(line)
  return lines.join('\n')
}
