// Where in the driver's own source a violation happened: the JavaScript frames of the driver's code, innermost
// first, as "path:line:column (function)". The verifier runs inside the access or API call that broke the rule, so
// the JavaScript stack at that moment holds the framework's frames (verifier, trace, memory, API), then the
// driver's, then the kernel's entry-point call again; the driver's are the first run of frames outside the
// framework. vitest (and tsx) install source maps, so the lines are the TypeScript lines the author wrote; a C
// driver's wasm frames are mapped to its C lines by the kernel (mapCFrames), and cedk's C runtime
// (packages/kernel/c, the libc linked into every C driver) counts as framework like the kernel's APIs.
import { relative, sep } from 'node:path'
import { fileURLToPath } from 'node:url'
import { mapCFrames } from '@cedk/kernel'

/** Frames of the framework itself, of its dependencies and of Node: never the driver's. */
const FRAMEWORK = [`${sep}packages${sep}kernel${sep}src${sep}`, `${sep}packages${sep}conformance${sep}src${sep}`, `${sep}node_modules${sep}`, '/packages/kernel/src/', '/packages/conformance/src/', '/node_modules/']
/** cedk's C runtime, as a C frame names it (relative to the repository). */
const C_RUNTIME = 'packages/kernel/c/'

/** How deep a stack is taken: the framework's frames above the driver are about a dozen. */
const DEPTH = 40
/** At most this many driver frames are kept. */
const KEEP = 6

interface Frame {
  fn: string
  file: string
  line: string
}

function parse(line: string): Frame | null {
  const m = /^\s*at (?:async )?(?:(.*?) \((.*):(\d+:\d+)\)|(.*):(\d+:\d+))$/.exec(line)
  if (!m) return null
  let file = m[2] ?? m[4] ?? ''
  if (file.startsWith('file://')) file = fileURLToPath(file)
  return { fn: m[1] ?? '', file, line: m[3] ?? m[5] ?? '' }
}

const isFramework = (f: Frame): boolean =>
  f.file.startsWith('node:') || f.file.startsWith(C_RUNTIME) || FRAMEWORK.some((p) => f.file.includes(p)) || (!f.file.includes('/') && !f.file.includes(sep))

function show(f: Frame): string {
  const path = relative(process.cwd(), f.file).split(sep).join('/')
  const fn = f.fn.replace(/^Object\./, '')
  return fn ? `${path}:${f.line} (${fn})` : `${path}:${f.line}`
}

/** The driver's frames in a JavaScript stack text (an Error's `stack`), innermost first; [] when none is found. */
export function driverFrames(stack: string | undefined): string[] {
  if (!stack) return []
  const out: string[] = []
  for (const text of mapCFrames(stack).split('\n')) {
    const f = parse(text)
    if (!f) continue
    if (isFramework(f)) {
      if (out.length) break
      continue
    }
    out.push(show(f))
    if (out.length === KEEP) break
  }
  return out
}

/** The driver's frames of the running JavaScript stack. */
export function captureDriverFrames(): string[] {
  const limit = Error.stackTraceLimit
  Error.stackTraceLimit = DEPTH
  try {
    return driverFrames(new Error().stack)
  } finally {
    Error.stackTraceLimit = limit
  }
}
