// hostile-cases-kernel and hostile-cases-udevice (issue 5): hostile IOCTL round trips per second against
// examples/serial, one core, with tracing and every runtime rule on. One operation is one hostile call, and it pays
// for all of: its generation (the property suites' arbitraries, every hostile class but `exit`, which ends a
// caller rather than making a call), its execution by the property runner (`execute`: placement, race injection,
// DeviceIoControl, output read back and decoded) and the checks (the verifier on every trace event, then the four
// run properties judged on the execution). A machine is booted, its verifier attached, shut down and checked for
// leaks once per program of PROGRAM_STEPS calls; that cost is spread over the program's calls.
import type { BenchCase } from '../harness.js'
import { linkPackages } from './link-packages.js'

/** Calls per program (one fresh machine each). The property suites' programs hold up to 6. */
export const PROGRAM_STEPS = Number(process.env.BENCH_PROGRAM_STEPS ?? 64)

async function hostileRoundTrips(mode: 'kernel' | 'udevice'): Promise<(n: number) => Promise<void>> {
  linkPackages()
  const fc = (await import('fast-check')).default
  const { Uart16550 } = await import('../../packages/kernel/src/index.js')
  const { ALL_CLASSES, callOfClass } = await import('../../packages/conformance/src/properties/arbitraries/interleavings.js')
  const { execute } = await import('../../packages/conformance/src/properties/run/execute.js')
  const { judge, RUN_PROPERTIES } = await import('../../packages/conformance/src/properties/run/checks.js')
  const { serialIoctls } = await import('../../examples/serial/src/descriptions.js')
  const serial = (await import('../../examples/serial/src/serial.js')).default
  const { readFileSync } = await import('node:fs')
  const registry = { file: 'serial.reg', text: readFileSync(new URL('../../../examples/serial/serial.reg', import.meta.url), 'utf8') }
  const target = { driver: serial, registry, hardware: () => [{ base: 0x90000000, device: new Uart16550(), irq: 3 }] }
  type Program = import('../../packages/conformance/src/properties/arbitraries/plan.js').Program
  type CallPlan = import('../../packages/conformance/src/properties/arbitraries/plan.js').CallPlan

  const arbs = ALL_CLASSES.filter((c) => c !== 'exit').map((c) => callOfClass(serialIoctls, c))
  const call = fc.oneof(...arbs.filter((a): a is NonNullable<typeof a> => a !== null))
  // Two caller processes with two threads each, as the property suites generate them.
  const step = fc.record({ call, proc: fc.integer({ min: 0, max: 1 }), thread: fc.integer({ min: 0, max: 1 }), wait: fc.constant(true) }, { noNullPrototype: true }) // as arbitraries/record.ts makes them
  // A program's steps come from one array arbitrary, as the property suites generate them (programArb).
  const program = fc.array(step, { minLength: PROGRAM_STEPS, maxLength: PROGRAM_STEPS })
  let seed = 1

  async function runProgram(): Promise<void> {
    const [s] = fc.sample(program, { seed: seed++, numRuns: 1 }) as { call: CallPlan; proc: number; thread: number; wait: boolean }[][]
    const p: Program = { procs: 2, steps: s!, schedule: [] }
    const x = await execute(target, serialIoctls, p, mode, seed, false) // as the search runs its cases: no JS stacks
    for (const prop of RUN_PROPERTIES) {
      const problems = judge(prop, x, serialIoctls, p)
      if (problems.length) throw new Error(`serial.dll breaks ${prop} in ${mode} mode: ${problems[0]}`)
    }
    // The workload is real: every call reached DeviceIoControl and came back with a result.
    const lost = x.outcomes.find((o) => !o.result)
    if (lost) throw new Error(`#${lost.step + 1} ${lost.ioctl} gave no result: ${lost.failure}`)
  }

  // Whole programs only: calls run beyond one batch count toward the next (the harness's batches are small).
  let ahead = 0
  return async (n) => {
    for (; ahead < n; ahead += PROGRAM_STEPS) await runProgram()
    ahead -= n
  }
}

export const hostileCases: BenchCase[] = [
  {
    name: 'hostile-cases-kernel',
    what: `hostile IOCTLs to examples/serial in kernel mode: generated, run, verifier + 4 run properties (1 op = 1 call; ${PROGRAM_STEPS}-call programs; target ≥ 100 000/s)`,
    setup: () => hostileRoundTrips('kernel'),
  },
  {
    name: 'hostile-cases-udevice',
    what: `the same through the reflector to serial.dll in udevice (target ≥ 50 000/s)`,
    setup: () => hostileRoundTrips('udevice'),
  },
]
