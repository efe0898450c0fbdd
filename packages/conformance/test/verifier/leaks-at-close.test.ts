// Leaks at Close and at the caller's exit: what a driver made while serving one open context and still holds when
// that context's Close returns (CE6-R03, R04, M04, A02, with the kernel's note as evidence), and the marshalled
// buffers it still holds when their caller exits (CE6-A02, M04). Resources of an Open made while the device had no
// other open context belong to the device: checked at Deinit, not at Close.
import { ARG_O_PTR, Ev, type AsyncPtr, type OpenContextHeld, type ParamPtr } from '@cedk/kernel'
import { describe, expect, test } from 'vitest'
import { corpusDriver, runCase, type Scenario } from '../../../../conformance/harness.js'
import { MODES, type Violation } from '../../src/index.js'

const rules = (vs: readonly Violation[]): string[] => vs.map((v) => v.rule)
const heldNote = (v: Violation): OpenContextHeld | undefined => (v.event?.detail as { openContextHeld?: OpenContextHeld } | undefined)?.openContextHeld

/** app.exe sends IOCTL 1 on its handle and closes it. */
const ioctlThenClose: Scenario = {
  async run({ app, h }) {
    await app.DeviceIoControl(h, 1, 0, 0, app.alloc(16), 16)
    await app.CloseHandle(h)
  },
}

/** While app.exe's handle is open, other.exe opens the device, sends IOCTL 1, closes; then app.exe closes. */
const secondHandle: Scenario = {
  async run({ m, app, h }) {
    const other = m.createProcess('other.exe')
    const h2 = (await other.CreateFile('TST1:')).handle
    await other.DeviceIoControl(h2, 1, 0, 0, other.alloc(16), 16)
    await other.CloseHandle(h2)
    await app.CloseHandle(h)
    // Reopened with nothing else open: a first Open again.
    const h3 = (await app.CreateFile('TST1:')).handle
    await app.CloseHandle(h3)
  },
}

describe.each(MODES)('leaks at Close (%s mode)', (mode) => {
  test('memory an IOControl allocated and nothing ever freed: CE6-R04 at the unload, naming the IOControl', async () => {
    const drv = corpusDriver('perclose.dll', (ctx) => ({ IOControl: () => ctx.LocalAlloc(0, 24) !== 0 }))
    const vs = await runCase(drv, ioctlThenClose, mode)
    expect(rules(vs)).toEqual(['CE6-R04'])
    const v = vs[0]!
    // Not at Close: what an IOControl made may be the device's (see the next test); the unload finds it still held.
    expect(heldNote(v)).toBeUndefined()
    expect(v.message).toMatch(/heap leaked: 32 bytes at 0x[0-9A-F]+, allocated at perclose\.dll!TST_IOControl/)
    expect(v.entry).toBe('TST_IOControl')
  })

  test("a message one handle's IOControl queued and another handle's IOControl freed after the first closed: clean", async () => {
    // A mailbox: POST (code 1) queues a block in the device, TAKE (code 2) frees the oldest; the poster closes first.
    const drv = corpusDriver('mbox.dll', (ctx) => {
      const queue: number[] = []
      return {
        IOControl: (_h, code) => {
          if (code === 1) return queue.push(ctx.LocalAlloc(0, 16)) > 0
          const p = queue.shift()
          return p !== undefined && ctx.LocalFree(p) === 0
        },
      }
    })
    const handOff: Scenario = {
      async run({ m, app, h }) {
        const poster = m.createProcess('poster.exe')
        const hp = (await poster.CreateFile('TST1:')).handle
        await poster.DeviceIoControl(hp, 1, 0, 0, 0, 0)
        await poster.CloseHandle(hp)
        await app.DeviceIoControl(h, 2, 0, 0, 0, 0)
        await app.CloseHandle(h)
      },
    }
    expect(rules(await runCase(drv, handOff, mode))).toEqual([])
  })

  test('a handle an IOControl created and nothing ever closed: CE6-R03 at the unload', async () => {
    const drv = corpusDriver('perclose.dll', (ctx) => ({ IOControl: () => ctx.CreateEvent(false, false) !== 0 }))
    const vs = await runCase(drv, ioctlThenClose, mode)
    expect(rules(vs)).toEqual(['CE6-R03'])
    expect(heldNote(vs[0]!)).toBeUndefined()
    expect(vs[0]!.message).toMatch(/handle leaked: event handle 0x[0-9A-F]+, allocated at perclose\.dll!TST_IOControl/)
  })

  test('an asynchronous buffer of the open context not freed by Close: CE6-A02 at that Close, not again at the end', async () => {
    const drv = corpusDriver('perclose.dll', (ctx) => ({
      IOControl: (_h, _c, _pIn, _nIn, pOut: ParamPtr, nOut) => ctx.CeAllocAsynchronousBuffer(pOut, nOut, ARG_O_PTR).hr === 0,
    }))
    const vs = await runCase(drv, ioctlThenClose, mode)
    expect(rules(vs)).toEqual(['CE6-A02'])
    expect(vs[0]!.event?.kind).toBe(Ev.Note)
    expect(vs[0]!.message).toContain('was still allocated when perclose.dll!TST_Close returned')
  })

  test("a second handle's Open allocation not freed by its Close is caught; the first Open's shared state is not", async () => {
    // Leaks its per-open block in Close; the device-wide buffer made at the first Open is freed in Deinit.
    const drv = corpusDriver('perclose.dll', (ctx) => {
      let shared = 0
      return {
        Open: () => {
          if (!shared) shared = ctx.LocalAlloc(0, 256)
          return ctx.LocalAlloc(0, 16)
        },
        IOControl: () => true,
        Deinit: () => (ctx.LocalFree(shared), true),
      }
    })
    const vs = await runCase(drv, secondHandle, mode)
    // At other.exe's Close (the only Open made while another handle was open); the first Opens' blocks are the
    // device's until Deinit, and still held then: the unload reports them.
    const atClose = vs.filter((v) => v.event !== null)
    expect(rules(atClose)).toEqual(['CE6-R04'])
    expect(heldNote(atClose[0]!)?.held).toMatchObject([{ kind: 'heap', detail: expect.stringMatching(/^16 bytes/), site: 'perclose.dll!TST_Open' }])
    expect(vs.filter((v) => v.event === null).map((v) => [v.rule, v.message.match(/: (\d+) bytes/)?.[1]])).toEqual([
      ['CE6-R04', '16'],
      ['CE6-R04', '16'],
    ])
  })

  test('the correct twin (per-open state freed in Close, shared state in Deinit) is clean', async () => {
    const drv = corpusDriver('perclose.dll', (ctx) => {
      let shared = 0
      const scratch = new Map<number, number>()
      return {
        Open: () => {
          if (!shared) shared = ctx.LocalAlloc(0, 256)
          return ctx.LocalAlloc(0, 16)
        },
        IOControl: (hOpen) => {
          if (!scratch.has(hOpen)) scratch.set(hOpen, ctx.CreateEvent(false, false))
          return true
        },
        Close: (hOpen) => {
          const ev = scratch.get(hOpen)
          if (ev) ctx.CloseHandle(ev)
          scratch.delete(hOpen)
          return ctx.LocalFree(hOpen) === 0
        },
        Deinit: () => (ctx.LocalFree(shared), true),
      }
    })
    expect(await runCase(drv, secondHandle, mode)).toEqual([])
  })
})

describe.each(MODES)("leaks at the caller's exit (%s mode)", (mode) => {
  /**
   * Keeps an asynchronous buffer of IOCTL 1 until IOCTL 2 or Deinit frees it (without writing). Its Close throws
   * when `closeThrows`: the check at Close does not run, and the buffer is still held when the caller exits.
   */
  const keeper = (closeThrows: boolean) =>
    corpusDriver('keeper.dll', (ctx) => {
      let buf: { ptr: AsyncPtr; src: ParamPtr; n: number } | null = null
      const free = (): boolean => {
        if (buf) ctx.CeFreeAsynchronousBuffer(buf.ptr, buf.src, buf.n, ARG_O_PTR)
        buf = null
        return true
      }
      return {
        IOControl: (_h, code, _pIn, _nIn, pOut: ParamPtr, nOut) => {
          if (code === 2) return free()
          const { hr, ptr } = ctx.CeAllocAsynchronousBuffer(pOut, nOut, ARG_O_PTR)
          if (hr === 0) buf = { ptr, src: pOut, n: nOut }
          return hr === 0
        },
        Close: () => {
          if (closeThrows) throw new Error('Close failed')
          return true
        },
        Deinit: free,
      }
    })

  test('an asynchronous buffer still held when its caller exits: CE6-A02 with the exit as evidence', async () => {
    const exits: Scenario = {
      async run({ app, h }) {
        await app.DeviceIoControl(h, 1, 0, 0, app.alloc(16), 16)
        await app.exit(0)
      },
    }
    const vs = await runCase(keeper(true), exits, mode)
    expect(rules(vs)).toEqual(['CE6-R02', 'CE6-A02'])
    expect(vs[1]!.event?.kind).toBe(Ev.ProcessExit)
    expect(vs[1]!.message).toMatch(/was still allocated when its caller p\d+ exited/)
  })

  test('freed before the caller exits: clean', async () => {
    const frees: Scenario = {
      async run({ app, h }) {
        await app.DeviceIoControl(h, 1, 0, 0, app.alloc(16), 16)
        await app.DeviceIoControl(h, 2, 0, 0, 0, 0)
        await app.exit(0)
      },
    }
    expect(await runCase(keeper(false), frees, mode)).toEqual([])
  })
})
