// A description is also what the explicit scenario suite needs (spec-api's IoctlSpec: name, code, buffer sizes, a
// valid input): `conformance()` accepts either form in `ioctls`.
import type { IoctlSpec } from '../spec-api/options.js'
import { encode } from './describe/codec.js'
import type { IoctlDesc } from './describe/ioctl.js'
import type { Field, StructDesc } from './describe/struct.js'

export const isDescription = (x: IoctlSpec | IoctlDesc): x is IoctlDesc => 'in' in x || 'out' in x

/** The simplest valid value of each field (embedded pointers NULL: the scenario suite passes flat buffers). */
function simplest(f: Field): unknown {
  switch (f.kind) {
    case 'scalar': {
      const c = f.constraint
      return !c ? 0 : 'oneOf' in c ? c.oneOf[0] : 'min' in c ? c.min : 0
    }
    case 'bytes':
      return new Uint8Array(f.size)
    case 'varBytes':
      return new Uint8Array(0)
    case 'string':
      return ''
    case 'ptr':
      return 0
    case 'struct':
      return simplestValue(f)
    case 'array':
      return Array.from({ length: f.count }, () => simplestValue(f.of))
  }
}

const simplestValue = (s: StructDesc): Record<string, unknown> => Object.fromEntries(Object.entries(s.fields).map(([k, f]) => [k, simplest(f)]))

export function toIoctlSpec(x: IoctlSpec | IoctlDesc): IoctlSpec {
  if (!isDescription(x)) return x
  const input = x.in ? encode(x.in, simplestValue(x.in) as never) : undefined
  return { name: x.name, code: x.code, inSize: x.in?.size ?? 0, outSize: x.out?.size ?? 0, ...(input && { input }), ...(x.optional && { optional: x.optional }) }
}
