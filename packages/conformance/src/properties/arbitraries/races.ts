// Race injection at the fetch: a valid call whose input buffer a second caller thread rewrites right after the
// driver's k-th read of it, with values that may break every constraint. Deterministic: the rewrite happens inside
// the read's trace event, not at a scheduler's whim, so a driver that checks a field and then fetches it again
// sees the checked value once and the hostile one next.
import fc from 'fast-check'
import type { IoctlSet } from '../describe/ioctl.js'
import { hostileScalar } from './hostile.js'
import type { CallPlan } from './plan.js'
import { structValue, validCallOf, validPtr } from './valid.js'
import { record } from './record.js'

export function racingCall(set: IoctlSet): fc.Arbitrary<CallPlan> {
  const withInput = set.filter((d) => d.in)
  if (withInput.length === 0) throw new Error('race: no IOCTL takes an input buffer')
  return fc.oneof(
    ...withInput.map((d) =>
      record({ call: validCallOf(d), afterReads: fc.integer({ min: 1, max: 4 }), input: structValue(d.in!, validPtr, hostileScalar) })
        .map(({ call, afterReads, input }) => ({ ...call, race: { afterReads, input } })),
    ),
  )
}
