// Issue 13 item 3: a bug found through inference and a hardware event is reported in words a driver author reads —
// the broken rule, the shrunk program with the event under the call it fired during, the inferred description as
// TypeScript to paste into the spec, and the command that replays it. The message is built by the same functions
// the registered property test throws with (withNote, failureMessage, inferredNote).
import { describe, expect, test } from 'vitest'
import { checkDriver, failureMessage, inferDriver, inferredNote, testSeed, withNote, type PropertyOptions } from '@cedk/conformance'
import buggy from '../../../../../conformance/detection/dma-wait/buggy.js'
import wait from '../../../../../conformance/detection/dma-wait/case.js'

const spec = { registry: wait.registry, hardware: wait.hardware!, events: wait.events!, modes: ['kernel' as const] }

describe('a failure found through inference, with hardware events', () => {
  test('shows the rule, the event under its call, the inferred description and the replay command', async () => {
    const x = await inferDriver(buggy, spec, wait.ioctls, 13)
    const o: PropertyOptions = { ...spec, ioctls: x.set }
    const id = 'inferred:no-violation/kernel'
    const r = await checkDriver(buggy, o, 'no-violation', 'kernel', { seed: testSeed(13, id), numRuns: 10 })
    expect(r, 'the IST writing the waiting caller\'s buffer is found on the inferred description').not.toBeNull()
    const text = failureMessage(withNote(r!, inferredNote(x)), { id, seed: r!.failure.seed, path: r!.failure.path })
    expect(text).toMatch(/^property no-violation in kernel mode fails for dmaxfer\.dll:\n {2}✗ CE6-A01 /)
    // The event, named as the spec names it, under the call it fired during.
    expect(text).toMatch(/#1 app0\.exe thread 0: DMA_WAIT_DONE[^\n]*\n(?: {6}[^\n]*\n)+ {2}⚡ while #1 runs: hardware event DMA transfer completes \(512 bytes\)\n/)
    // The inferred description, as code to paste, with its imports.
    expect(text).toContain('the IOCTL descriptions inference found (paste them into the spec to check them and fix them):')
    expect(text).toMatch(/import \{[^}]*\bioctl\b[^}]*\} from '@cedk\/conformance'/)
    expect(text).toContain("ioctl('DMA_WAIT_DONE', 0x80002008, {")
    // The replay command names the inferred test's id, the seed and the shrink path.
    expect(text).toContain(`\nreplay: CEDK_REPLAY='inferred:no-violation/kernel:${r!.failure.seed}:${r!.failure.path}' npx vitest run packages/conformance/test/properties/infer/failure-report.test.ts`)
  })
})
