// describeDriver's fixtures at the end of a test: what the fixture's own shutdown finds (a leak at Close or Deinit)
// fails the test unless the test called shutdown() itself, and a device that cannot load fails with the rule and
// reason the verifier recorded, not only with ActivateDeviceEx's error.
import { GENERIC_READ, GENERIC_WRITE, LMEM_ZEROINIT, defineDriver } from '@cedk/kernel'
import { afterEach, expect, onTestFailed, test as plainTest } from 'vitest'
import { describeDriver } from '../../src/index.js'

/** A per-open context from LocalAlloc that Close forgets to free. */
const leaky = defineDriver('leaky.dll', (ctx) => ({
  Init: () => 1,
  Deinit: () => true,
  Open: () => ctx.LocalAlloc(LMEM_ZEROINIT, 32),
  Close: () => true,
  IOControl: () => true,
}))

/** Ported from CE5 with its SYSINTR hard-coded: udevice refuses the interrupt, Init fails. */
const hardCoded = defineDriver('keys.dll', (ctx) => ({
  Init() {
    const hEvent = ctx.CreateEvent(false, false)
    if (ctx.InterruptInitialize(20, hEvent, 0, 0)) return 1
    ctx.CloseHandle(hEvent)
    return 0
  },
  Deinit: () => true,
  Open: () => 1,
  Close: () => true,
  IOControl: () => true,
}))

const registry = (dll: string) => String.raw`
[HKEY_LOCAL_MACHINE\Drivers\BuiltIn\Dev]
"Dll"="${dll}"
"Prefix"="DEV"
"Index"=dword:1
"SysIntr"=dword:13
`

/** The messages each expected-to-fail test below failed with, by test name. */
const failures = new Map<string, string[]>()
const recordFailure = () =>
  onTestFailed(({ task }) => {
    failures.set(`${task.suite?.name} > ${task.name}`, (task.result?.errors ?? []).map((e) => e.message ?? ''))
  })

describeDriver(leaky, { registry: registry('leaky.dll') }, ({ test }) => {
  test.fails('a handle left open: the fixture closes it, Close leaks, the test fails', async ({ caller, device }) => {
    recordFailure()
    expect((await caller.CreateFile(device.name, GENERIC_READ | GENERIC_WRITE)).ok).toBe(true)
  })

  test.fails('a handle closed by the test: the leak at Close is found at teardown all the same', async ({ caller, device, violations }) => {
    recordFailure()
    const h = await caller.CreateFile(device.name, GENERIC_READ | GENERIC_WRITE)
    expect(await caller.CloseHandle(h.handle)).toSucceed()
    expect(violations).toHaveNoViolations() // the ledger is checked when the driver unloads
  })

  test('a test that calls shutdown() judges the end-of-run findings itself', async ({ caller, device, shutdown }) => {
    await caller.CreateFile(device.name, GENERIC_READ | GENERIC_WRITE)
    expect((await shutdown()).map((v) => v.rule)).toContain('CE6-R04')
  })
})

describeDriver(hardCoded, { registry: registry('keys.dll'), modes: ['udevice'] }, ({ test }) => {
  // The fixture fails before the test body runs: the hook records what it failed with.
  afterEach(({ task }) => {
    failures.set(`${task.suite?.name} > ${task.name}`, (task.result?.errors ?? []).map((e) => e.message ?? ''))
  })
  test.fails('the device fixture of a driver that does not load', async ({ device }) => {
    expect(device).toBeDefined()
  })
})

plainTest('the failures named the leak, and the rule and reason that stopped the load', () => {
  for (const mode of ['kernel', 'udevice']) {
    for (const name of ['a handle left open: the fixture closes it, Close leaks, the test fails', 'a handle closed by the test: the leak at Close is found at teardown all the same']) {
      const [message] = failures.get(`leaky.dll in ${mode} mode > ${name}`) ?? []
      expect(message, `${mode}: ${name}`).toMatch(/^the machine's shutdown after this test found 1 violation the test did not check/)
      expect(message).toMatch(/CE6-R04 /)
      expect(message).toMatch(/re-run this case: /)
    }
  }
  const [notLoaded] = failures.get('keys.dll in udevice mode > the device fixture of a driver that does not load') ?? []
  expect(notLoaded).toMatch(/^the driver did not load in udevice mode: ActivateDeviceEx\(.*\) failed with \w+ after CE6-P02 .*SYSINTR 20 is not the SysIntr of the driver's key \(19\)/)
})
