// inference (issue 13): property cases per second on descriptions inferred for examples/serial from its IOCTLs'
// names, codes and buffer sizes only. One operation is one generated case, as the inferred suites run it: a
// program of up to 6 calls from programArb (every hostile class) on the inferred descriptions, executed on a fresh
// machine in kernel mode, the verifier on every event, then the inferred suites' properties of one run judged
// (INFERRED_PROPERTIES but equivalence, which is a second execution in udevice: no-crash, no-violation,
// errors-not-faults and resources-balance).
// inference-describe: one whole inference of serial's IOCTLs (the probing machines), seconds per run.
import type { BenchCase } from '../harness.js'
import { linkPackages } from './link-packages.js'

async function serialTarget() {
  linkPackages()
  const { Uart16550 } = await import('../../packages/kernel/src/index.js')
  const { serialIoctls } = await import('../../examples/serial/src/descriptions.js')
  const serial = (await import('../../examples/serial/src/serial.js')).default
  const { readFileSync } = await import('node:fs')
  const registry = { file: 'serial.reg', text: readFileSync(new URL('../../../examples/serial/serial.reg', import.meta.url), 'utf8') }
  const plain = serialIoctls.map((d) => ({ name: d.name, code: d.code, inSize: d.in?.size ?? 0, outSize: d.out?.size ?? 0 }))
  return { serial, registry, hardware: () => [{ base: 0x90000000, device: new Uart16550(), irq: 3 }], plain }
}

async function inferredCases(): Promise<(n: number) => Promise<void>> {
  const t = await serialTarget()
  const fc = (await import('fast-check')).default
  const { inferDriver } = await import('../../packages/conformance/src/properties/infer/infer-driver.js')
  const { INFERRED_PROPERTIES } = await import('../../packages/conformance/src/properties/infer/inferred-suites.js')
  const { ALL_CLASSES, programArb } = await import('../../packages/conformance/src/properties/arbitraries/interleavings.js')
  const { execute } = await import('../../packages/conformance/src/properties/run/execute.js')
  const { judge, RUN_PROPERTIES } = await import('../../packages/conformance/src/properties/run/checks.js')
  type RunProperty = import('../../packages/conformance/src/properties/run/checks.js').RunProperty
  const props = RUN_PROPERTIES.filter((p: RunProperty) => INFERRED_PROPERTIES.includes(p))
  const target = { driver: t.serial, registry: t.registry, hardware: t.hardware }
  const { set } = await inferDriver(t.serial, target, t.plain, 1)
  const programs = programArb(set, { classes: ALL_CLASSES })
  let seed = 1
  return async (n) => {
    for (let i = 0; i < n; i++) {
      const [p] = fc.sample(programs, { seed: seed++, numRuns: 1 })
      const x = await execute(target, set, p!, 'kernel', seed, false) // as the search runs its cases: no JS stacks
      for (const prop of props) {
        const problems = judge(prop, x, set, p!)
        if (problems.length) throw new Error(`serial.dll breaks ${prop} on its inferred descriptions: ${problems[0]}`)
      }
    }
  }
}

async function wholeInference(): Promise<(n: number) => Promise<void>> {
  const t = await serialTarget()
  const { inferDriver } = await import('../../packages/conformance/src/properties/infer/infer-driver.js')
  let seed = 1
  return async (n) => {
    for (let i = 0; i < n; i++) {
      const x = await inferDriver(t.serial, { registry: t.registry, hardware: t.hardware }, t.plain, seed++)
      if (x.set.length !== t.plain.length) throw new Error('an IOCTL was not described')
    }
  }
}

export const inferenceCases: BenchCase[] = [
  {
    name: 'inference',
    what: 'property cases per second on examples/serial with descriptions inferred from { name, code, inSize, outSize } (kernel mode; programs of up to 6 calls, every hostile class; verifier + the inferred suites\' properties of one run)',
    setup: inferredCases,
  },
  {
    name: 'inference-describe',
    what: "one inference of serial.dll's 10 IOCTLs from their names, codes and sizes (all probes), per second",
    setup: wholeInference,
    once: 5,
  },
]
