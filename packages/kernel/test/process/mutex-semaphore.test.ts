// Mutexes (ownership, recursion, ERROR_NOT_OWNER) and semaphores (counts, the maximum).
import { describe, expect, test } from 'vitest'
import { ERROR_INVALID_PARAMETER, ERROR_NOT_OWNER, INFINITE, WAIT_OBJECT_0, WAIT_TIMEOUT } from '../../src/index.js'
import { rig } from './rig.js'

describe('mutexes', () => {
  test('a released mutex goes to the waiter, who owns it now; the old owner may not release it again', async () => {
    const r = await rig({ schedule: () => 0 })
    const log: string[] = []
    r.on(1, async (c) => {
      const mx = c.CreateMutex(true) // the calling thread owns it
      c.CreateThread(async () => {
        log.push(`waiter got ${await c.WaitForSingleObject(mx, INFINITE)}`)
        await c.Sleep(0) // let the old owner try to release it
        log.push(`waiter releases ${c.ReleaseMutex(mx)}`)
      })
      await c.Sleep(0) // the waiter blocks on the mutex
      log.push('owner releases ' + c.ReleaseMutex(mx))
      await c.Sleep(0) // the waiter runs and takes it
      c.SetLastError(0)
      log.push(`owner releases again ${c.ReleaseMutex(mx)} error ${c.GetLastError()}`)
      await c.Sleep(0)
      return true
    })
    await r.app.DeviceIoControl(r.h, 1, 0, 0, 0, 0)
    expect(log).toEqual(['owner releases true', 'waiter got 0', `owner releases again false error ${ERROR_NOT_OWNER}`, 'waiter releases true'])
  })

  test('ReleaseMutex by a thread that never owned it fails with ERROR_NOT_OWNER and leaves the owner in place', async () => {
    const r = await rig()
    const out: unknown[] = []
    r.on(1, async (c) => {
      const mx = c.CreateMutex(false)
      out.push(c.ReleaseMutex(mx), c.GetLastError()) // unowned
      out.push(c.WaitForSingleObject(mx, 0))
      const th = c.CreateThread(() => {
        c.SetLastError(0)
        out.push(c.ReleaseMutex(mx), c.GetLastError())
        out.push(c.WaitForSingleObject(mx, 0)) // still owned by the IOCTL thread
      })
      await c.WaitForSingleObject(th, INFINITE)
      out.push(c.ReleaseMutex(mx))
      return true
    })
    await r.app.DeviceIoControl(r.h, 1, 0, 0, 0, 0)
    expect(out).toEqual([false, ERROR_NOT_OWNER, WAIT_OBJECT_0, false, ERROR_NOT_OWNER, WAIT_TIMEOUT, true])
  })

  test('the owner may wait again without blocking; the mutex is free only after as many releases as acquisitions', async () => {
    const r = await rig({ schedule: () => 0 })
    const log: string[] = []
    r.on(1, async (c) => {
      const mx = c.CreateMutex(true)
      log.push(`again ${c.WaitForSingleObject(mx, 0)} ${c.WaitForSingleObject(mx, INFINITE)}`) // count 3
      c.CreateThread(async () => void log.push(`other got ${await c.WaitForSingleObject(mx, INFINITE)}`))
      for (let i = 1; i <= 3; i++) {
        c.ReleaseMutex(mx)
        await c.Sleep(0)
        log.push(`released ${i}`)
      }
      c.SetLastError(0)
      log.push(`release 4 ${c.ReleaseMutex(mx)} ${c.GetLastError()}`)
      return true
    })
    await r.app.DeviceIoControl(r.h, 1, 0, 0, 0, 0)
    expect(log).toEqual(['again 0 0', 'released 1', 'released 2', 'other got 0', 'released 3', `release 4 false ${ERROR_NOT_OWNER}`])
  })

  test('two threads contending: the mutex serialises their critical sections', async () => {
    for (const seed of [1, 2, 3, 4]) {
      const r = await rig({ seed })
      const log: string[] = []
      r.on(1, async (c) => {
        const mx = c.CreateMutex(false)
        const body = (n: string) => async () => {
          for (let i = 0; i < 3; i++) {
            await c.WaitForSingleObject(mx, INFINITE)
            log.push(`${n}+`)
            await c.Sleep(1)
            log.push(`${n}-`)
            c.ReleaseMutex(mx)
            await c.Sleep(0)
          }
        }
        const ths = [c.CreateThread(body('a')), c.CreateThread(body('b'))]
        await c.WaitForMultipleObjects(ths, true, INFINITE)
        return true
      })
      await r.app.DeviceIoControl(r.h, 1, 0, 0, 0, 0)
      expect(log).toHaveLength(12)
      for (let i = 0; i < log.length; i += 2) expect(log[i + 1]).toBe(log[i]!.replace('+', '-'))
    }
  })

  test('a mutex whose owning thread ended is granted to the next waiter (abandoned)', async () => {
    const r = await rig()
    let res = -1
    r.on(1, async (c) => {
      const mx = c.CreateMutex(false)
      const th = c.CreateThread(() => void c.WaitForSingleObject(mx, 0))
      await c.WaitForSingleObject(th, INFINITE)
      res = (await c.WaitForSingleObject(mx, INFINITE)) as number
      return true
    })
    await r.app.DeviceIoControl(r.h, 1, 0, 0, 0, 0)
    expect([0x80, WAIT_OBJECT_0]).toContain(res)
  })
})

describe('semaphores', () => {
  test('each wait takes one count; at zero waits block until ReleaseSemaphore, which returns the previous count', async () => {
    const r = await rig({ schedule: () => 0 })
    const log: string[] = []
    r.on(1, async (c) => {
      const s = c.CreateSemaphore(2, 3)
      log.push(`take ${c.WaitForSingleObject(s, 0)} ${c.WaitForSingleObject(s, 0)} ${c.WaitForSingleObject(s, 0)}`)
      for (const n of ['w0', 'w1', 'w2']) c.CreateThread(async () => void log.push(`${n} ${await c.WaitForSingleObject(s, INFINITE)}`))
      await c.Sleep(0)
      log.push(`release 2 -> prev ${c.ReleaseSemaphore(s, 2)}`)
      await c.Sleep(0)
      log.push(`release 1 -> prev ${c.ReleaseSemaphore(s, 1)}`)
      await c.Sleep(0)
      log.push(`release 3 -> prev ${c.ReleaseSemaphore(s, 3)}`)
      log.push(`take ${c.WaitForSingleObject(s, 0)} ${c.WaitForSingleObject(s, 0)} ${c.WaitForSingleObject(s, 0)} ${c.WaitForSingleObject(s, 0)}`)
      return true
    })
    await r.app.DeviceIoControl(r.h, 1, 0, 0, 0, 0)
    expect(log).toEqual([
      `take 0 0 ${WAIT_TIMEOUT}`,
      'release 2 -> prev 0',
      'w0 0',
      'w1 0',
      'release 1 -> prev 0',
      'w2 0',
      'release 3 -> prev 0',
      `take 0 0 0 ${WAIT_TIMEOUT}`,
    ])
  })

  test('a release past the maximum fails with ERROR_INVALID_PARAMETER and changes nothing', async () => {
    const r = await rig()
    const out: unknown[] = []
    r.on(1, (c) => {
      const s = c.CreateSemaphore(1, 2)
      out.push(c.ReleaseSemaphore(s, 2), c.GetLastError())
      c.SetLastError(0)
      out.push(c.ReleaseSemaphore(s, 0), c.GetLastError())
      out.push(c.ReleaseSemaphore(s, 1)) // 1 -> 2: allowed, previous count 1
      c.SetLastError(0)
      out.push(c.ReleaseSemaphore(s, 1), c.GetLastError()) // 2 -> 3: past the maximum
      out.push(c.WaitForSingleObject(s, 0), c.WaitForSingleObject(s, 0), c.WaitForSingleObject(s, 0))
      return true
    })
    await r.app.DeviceIoControl(r.h, 1, 0, 0, 0, 0)
    expect(out).toEqual([false, ERROR_INVALID_PARAMETER, false, ERROR_INVALID_PARAMETER, 1, false, ERROR_INVALID_PARAMETER, 0, 0, WAIT_TIMEOUT])
  })

  test('CreateSemaphore with bad counts fails with ERROR_INVALID_PARAMETER', async () => {
    const r = await rig()
    const out: unknown[] = []
    r.on(1, (c) => {
      for (const [i, max] of [
        [0, 0],
        [3, 2],
        [-1, 2],
      ] as const) {
        c.SetLastError(0)
        out.push(c.CreateSemaphore(i, max), c.GetLastError())
      }
      return true
    })
    await r.app.DeviceIoControl(r.h, 1, 0, 0, 0, 0)
    expect(out).toEqual([0, ERROR_INVALID_PARAMETER, 0, ERROR_INVALID_PARAMETER, 0, ERROR_INVALID_PARAMETER])
  })
})
