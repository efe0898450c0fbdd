// The printf a C driver's debug output uses (NKDbgPrintfW, wsprintfW, _vsnwprintf), with the rules of CE's wide
// formatting functions: in a wide format %s and %c take WCHAR strings and characters, %S and %C char ones, and the
// h / l (w) modifiers force narrow / wide. The arguments are read from the C caller's variadic area (wasm32: a
// pointer to the arguments, each at its natural alignment, char and short promoted to int) through `CVarArgs`, so
// every read is a machine access like the driver's own.

/** Where the formatter gets its arguments and the strings they point to. */
export interface CVarArgs {
  /** The next 32-bit argument (int, unsigned, pointer, promoted char/short). */
  i32(): number
  /** The next 64-bit integer argument (long long, __int64), as unsigned. */
  i64(): bigint
  /** The next double argument. */
  f64(): number
  /** The NUL-terminated string at a C pointer: `wide` UTF-16 or 8-bit, at most `max` units. */
  str(p: number, wide: boolean, max: number): string
}

/** Longest string a %s reads: a debug message is a line, not a buffer dump. */
const MAX_STRING = 1024

const SPEC = /%([-+ #0]*)(\*|\d+)?(?:\.(\*|\d*))?(hh|h|ll|l|w|I64|I32|L)?([diuxXocCsSpf%])?/y

/** Format `fmt` with its arguments; a conversion it does not know is copied as written and ends argument reading. */
export function formatC(fmt: string, args: CVarArgs): string {
  let out = ''
  let i = 0
  while (i < fmt.length) {
    const pct = fmt.indexOf('%', i)
    if (pct < 0) return out + fmt.slice(i)
    out += fmt.slice(i, pct)
    SPEC.lastIndex = pct
    const m = SPEC.exec(fmt)!
    const conv = m[5]
    if (conv === undefined) return out + fmt.slice(pct)
    i = SPEC.lastIndex
    out += conversion(m, conv, args)
  }
  return out
}

interface Spec {
  left: boolean
  plus: boolean
  space: boolean
  alt: boolean
  zero: boolean
  width: number
  precision: number | undefined
  size: string
}

function parseSpec(m: RegExpExecArray, args: CVarArgs): Spec {
  const flags = m[1] ?? ''
  let width = m[2] === undefined ? 0 : m[2] === '*' ? args.i32() | 0 : Number(m[2])
  let left = flags.includes('-')
  if (width < 0) {
    left = true
    width = -width
  }
  const p = m[3] === undefined ? undefined : m[3] === '*' ? args.i32() | 0 : Number(m[3] || '0')
  return {
    left,
    plus: flags.includes('+'),
    space: flags.includes(' '),
    alt: flags.includes('#'),
    zero: flags.includes('0'),
    width,
    precision: p !== undefined && p < 0 ? undefined : p,
    size: m[4] ?? '',
  }
}

function conversion(m: RegExpExecArray, conv: string, args: CVarArgs): string {
  if (conv === '%') return '%'
  const s = parseSpec(m, args)
  switch (conv) {
    case 'd':
    case 'i':
      return integer(s, signed(s, args), 10, '')
    case 'u':
      return integer(s, unsigned(s, args), 10, '')
    case 'x':
    case 'X': {
      const v = unsigned(s, args)
      const digits = integer({ ...s, alt: false }, v, 16, s.alt && v !== 0n ? '0x' : '')
      return conv === 'X' ? digits.toUpperCase() : digits
    }
    case 'o':
      return integer(s, unsigned(s, args), 8, s.alt ? '0' : '')
    case 'p':
      // Microsoft's %p: the pointer as 8 upper-case hex digits.
      return pad(s, (args.i32() >>> 0).toString(16).toUpperCase().padStart(8, '0'), false)
    case 'c':
    case 'C': {
      const code = args.i32()
      return pad(s, String.fromCharCode(isWide(conv, s.size) ? code & 0xffff : code & 0xff), false)
    }
    case 's':
    case 'S': {
      const p = args.i32() >>> 0
      const max = Math.min(s.precision ?? MAX_STRING, MAX_STRING)
      const text = p === 0 ? '(null)'.slice(0, max) : args.str(p, isWide(conv, s.size), max)
      return pad(s, text, false)
    }
    default: {
      // 'f': fixed-point, precision 6 by default.
      const v = args.f64()
      const sign = v < 0 || Object.is(v, -0) ? '-' : s.plus ? '+' : s.space ? ' ' : ''
      return pad(s, sign + Math.abs(v).toFixed(Math.min(s.precision ?? 6, 20)), true, sign.length)
    }
  }
}

/** In a wide format function: lower-case s/c are wide unless `h`, upper-case narrow unless `l`/`w`. */
function isWide(conv: string, size: string): boolean {
  if (size === 'h') return false
  if (size === 'l' || size === 'w') return true
  return conv === 's' || conv === 'c'
}

function signed(s: Spec, args: CVarArgs): bigint {
  if (s.size === 'll' || s.size === 'I64') return BigInt.asIntN(64, args.i64())
  const v = args.i32()
  if (s.size === 'h') return BigInt((v << 16) >> 16)
  if (s.size === 'hh') return BigInt((v << 24) >> 24)
  return BigInt(v | 0)
}

function unsigned(s: Spec, args: CVarArgs): bigint {
  if (s.size === 'll' || s.size === 'I64') return BigInt.asUintN(64, args.i64())
  const v = args.i32()
  if (s.size === 'h') return BigInt(v & 0xffff)
  if (s.size === 'hh') return BigInt(v & 0xff)
  return BigInt(v >>> 0)
}

function integer(s: Spec, v: bigint, radix: number, prefix: string): string {
  const neg = v < 0n
  let digits = (neg ? -v : v).toString(radix)
  // An explicit precision is the minimum digit count, and precision 0 prints nothing for 0; it also turns off '0'.
  if (s.precision !== undefined) digits = s.precision === 0 && v === 0n ? '' : digits.padStart(s.precision, '0')
  const sign = neg ? '-' : radix === 10 && s.plus ? '+' : radix === 10 && s.space ? ' ' : ''
  const head = sign + prefix
  return pad(s, head + digits, s.precision === undefined, head.length)
}

/** Pad to the width: left-justified with spaces, or right with zeros after the sign/prefix (`zeroAfter` chars). */
function pad(s: Spec, text: string, zeroable: boolean, zeroAfter = 0): string {
  if (text.length >= s.width) return text
  if (s.left) return text.padEnd(s.width, ' ')
  if (s.zero && zeroable) return text.slice(0, zeroAfter) + text.slice(zeroAfter).padStart(s.width - zeroAfter, '0')
  return text.padStart(s.width, ' ')
}
