// Issue 14 hole 6: a udevice cannot starve the kernel of RAM. A commit past the per-process limit fails as CE fails
// it (NULL, ERROR_NOT_ENOUGH_MEMORY), never with a JavaScript exception, and a dead host's memory comes back.
import { describe, expect, test } from 'vitest'
import { ERROR_NOT_ENOUGH_MEMORY, MEM_COMMIT, MEM_RESERVE, PAGE_READWRITE, type OwnPtr } from '../../src/index.js'
import { driverKey, machineWith, recorder } from '../helpers/recorder.js'

const MiB = 1 << 20

describe('the per-process commit limit', () => {
  test('a udevice committing past it gets NULL and ERROR_NOT_ENOUGH_MEMORY; its memory returns when its host dies', async () => {
    const got: [number, number][] = []
    const drv = recorder('hog.dll', (ctx) => ({
      IOControl: (_h: number, code: number) => {
        if (code === 1) {
          const p = ctx.VirtualAlloc(0, 80 * MiB, MEM_RESERVE | MEM_COMMIT, PAGE_READWRITE)
          got.push([p, ctx.GetLastError()])
          const q = ctx.VirtualAlloc(0, 32 * MiB, MEM_RESERVE | MEM_COMMIT, PAGE_READWRITE)
          for (let off = 0; off < 32 * MiB; off += 0x1000) ctx.mem.writeU8((q + off) as OwnPtr, 1)
          got.push([q === 0 ? 0 : 1, 0])
        } else {
          ctx.CreateThread(async function dies() {
            throw new RangeError('worker died')
          })
        }
        return true
      },
    }))
    const m = machineWith([drv], driverKey('H', { Dll: 'hog.dll', Prefix: 'HOG', Index: 1, Flags: 0x10 }), { processCommitLimit: 64 * MiB })
    expect((await m.ActivateDeviceEx('Drivers\\BuiltIn\\H')).ok).toBe(true)
    const app = m.createProcess('app.exe')
    const h = (await app.CreateFile('HOG1:')).handle
    const before = m.memory.phys.commitCharge
    expect((await app.DeviceIoControl(h, 1, 0, 0, 0, 0)).ok).toBe(true)
    expect(got).toEqual([
      [0, ERROR_NOT_ENOUGH_MEMORY],
      [1, 0],
    ])
    expect(m.memory.phys.commitCharge - before).toBeGreaterThanOrEqual((32 * MiB) / 0x1000)
    await app.DeviceIoControl(h, 2, 0, 0, 0, 0)
    await m.run()
    expect(m.udevices.crashes).toHaveLength(1)
    expect(m.memory.phys.commitCharge).toBeLessThan(before + 64) // the 8192 pages of its 32 MiB are back
  })
})
