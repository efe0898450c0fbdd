// The spec file a driver team writes: the generated CE6 conformance suite in both modes, then its own tests.
import { readFileSync } from 'node:fs'
import { expect } from 'vitest'
import { conformance, describeDriver } from '@cedk/conformance'
import counter, { IOCTL_COUNTER_ADD, IOCTL_COUNTER_GET } from '../src/counter.js'

const registry = { file: 'counter.reg', text: readFileSync(new URL('../counter.reg', import.meta.url), 'utf8') }

conformance(counter, {
  registry,
  ioctls: [
    { name: 'ADD', code: IOCTL_COUNTER_ADD, inSize: 4, outSize: 0 },
    { name: 'GET', code: IOCTL_COUNTER_GET, inSize: 0, outSize: 4 },
  ],
})

describeDriver(counter, { registry }, ({ test }) => {
  test('what is added can be read back', async ({ caller, device, violations }) => {
    const h = (await caller.CreateFile(device.name)).handle
    expect(await caller.ioctl(h, IOCTL_COUNTER_ADD, [5, 0, 0, 0])).toSucceed()
    const got = await caller.ioctl(h, IOCTL_COUNTER_GET, [], 4)
    expect(got).toSucceed()
    expect(Array.from(got.output)).toEqual([5, 0, 0, 0])
    expect(await caller.ioctl(h, 0x1234, [], 0)).toFailWith('ERROR_INVALID_PARAMETER')
    expect(violations).toHaveNoViolations()
  })
})
