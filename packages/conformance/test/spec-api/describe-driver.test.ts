// describeDriver: the team's tests once per mode, with fresh fixtures from test.extend.
import { expect } from 'vitest'
import { GENERIC_READ, GENERIC_WRITE, Uart16550 } from '@cedk/kernel'
import { describeDriver } from '../../src/index.js'
import { ECHO_CODE, echo, echoRegistry } from '../helpers/echo-driver.js'

const seen: string[] = []

describeDriver(echo, { registry: echoRegistry(), hardware: () => [{ base: 0x90000000, device: new Uart16550(), irq: 3 }] }, ({ test, mode }) => {
  test('fixtures: the machine, the activated device, a caller, the mode, live violations', async ({ machine, device, caller, mode: m, violations, hardware, task }) => {
    seen.push(m)
    expect(m).toBe(mode)
    expect(device).toMatchObject({ name: 'ECH1:', info: { dll: 'echo.dll', state: 'active' } })
    expect(machine.devices()).toHaveLength(1)
    expect(caller.name).toBe('app.exe')
    expect(hardware[0]!.device).toBeInstanceOf(Uart16550)
    expect(violations).toEqual([])
    expect(task.meta.cedk).toEqual({ kind: 'test', dll: 'echo.dll', definition: expect.stringMatching(/echo-driver.ts:\d+$/), mode })
    const port = await caller.CreateFile(device.name, GENERIC_READ | GENERIC_WRITE)
    expect(port).toSucceed()
    const r = await caller.ioctl(port.handle, ECHO_CODE, [1, 2, 3], 3)
    expect(r).toSucceed()
    expect([...r.output]).toEqual([1, 2, 3])
    expect(await caller.ioctl(port.handle, 0x1234, [], 0)).toFailWith('ERROR_INVALID_PARAMETER')
  })

  test('every test gets its own machine; shutdown() gives the end-of-run findings', async ({ machine, device, shutdown }) => {
    expect(machine.devices().map((d) => d.handle)).toEqual([device.handle])
    expect(await shutdown()).toHaveNoViolations()
  })

  test('a test that uses no device never loads the driver', ({ machine }) => {
    expect(machine.devices()).toEqual([])
  })
})

describeDriver(echo, { registry: echoRegistry(), modes: ['udevice'] }, ({ test }) => {
  test('modes narrows the run, and udevice mode really loads the driver in a udevice', async ({ mode, device, machine }) => {
    expect(mode).toBe('udevice')
    expect(device.info.state).toBe('active')
    expect([...machine.processes.values()].some((p) => p.name.toLowerCase().includes('udevice'))).toBe(true)
    expect(seen).toEqual(['kernel', 'udevice'])
  })
})
