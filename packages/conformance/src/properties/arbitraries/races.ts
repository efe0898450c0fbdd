// Race injection at the fetch: a valid call whose input buffer a second caller thread rewrites right after the
// driver's k-th read of it, with values that may break every constraint. Deterministic: the rewrite happens inside
// the read's trace event, not at a scheduler's whim, so a driver that checks a field and then fetches it again
// sees the checked value once and the hostile one next.
import fc from 'fast-check'
import type { IoctlSet } from '../describe/ioctl.js'
import { hostileScalar } from './hostile.js'
import type { CallPlan } from './plan.js'
import { structValue, VALID_BUF, validPtr, validScalar } from './valid.js'

export function racingCall(set: IoctlSet): fc.Arbitrary<CallPlan> {
  const withInput = set.filter((d) => d.in)
  if (withInput.length === 0) throw new Error('race: no IOCTL takes an input buffer')
  // A tuple and one map (not a record around validCallOf's own map): as few arbitraries per call as the plan needs.
  return fc.oneof(
    ...withInput.map((d) =>
      fc
        .tuple(structValue(d.in!, validPtr, validScalar), fc.integer({ min: 1, max: 4 }), structValue(d.in!, validPtr, hostileScalar))
        .map(([input, afterReads, raced]): CallPlan => ({ ioctl: d.name, input, inBuf: VALID_BUF, outBuf: VALID_BUF, race: { afterReads, input: raced } })),
    ),
  )
}
