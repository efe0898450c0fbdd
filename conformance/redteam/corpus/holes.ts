// The eight holes of issue 14, each as the user-mode driver that found it: realistic designs with the wrong idea of
// what a udevice may do. Each reports 1 in its output DWORD when it got what it was after.
import { MEM_COMMIT, MEM_DECOMMIT, MEM_RESERVE, PAGE_READWRITE, offset, type DriverContext, type ParamPtr } from '@cedk/kernel'
import { corpusDriver } from '../../harness.js'
import { ask, asking, type Attack } from './attack.js'
import { HELPER_KEY, helperAddresses, ringHelper } from './kernel-helper.js'

const withHelper = { modules: [ringHelper], helpers: () => [HELPER_KEY] }
const report = (ctx: DriverContext, pOut: ParamPtr, got: boolean): boolean => (ctx.mem.writeU32(pOut, got ? 1 : 0), true)

/** Hole 1a: a deferred-work queue keeps the caller's buffer and, on the next call, recommits the page to read it. */
export const keptBuffer: Attack = (() => {
  const outcomes: number[] = []
  let saved = 0
  const driver = corpusDriver('defer.dll', (ctx) => ({
    IOControl: (_h: number, code: number, pIn: ParamPtr, _nIn: number, pOut: ParamPtr) => {
      if (code === 1) {
        saved = pIn
        return report(ctx, pOut, false)
      }
      // The page may have been trimmed since: commit it again before the deferred read (a CE5 habit).
      if (!ctx.VirtualAlloc(saved & ~0xfff, 0x1000, MEM_COMMIT, PAGE_READWRITE)) return report(ctx, pOut, false)
      return report(ctx, pOut, ctx.mem.readU32(ctx.unsafePtr(saved)) !== 0)
    },
  }))
  return { what: "keeps a caller's buffer and recommits its page on a later call", driver, scenario: asking(outcomes, [1, 2]), rules: ['CE6-P07'], outcomes }
})()

/** Hole 1b: decodes the request in place after making the read-only input page writable. */
export const inPlaceDecode: Attack = (() => {
  const outcomes: number[] = []
  const driver = corpusDriver('xdec.dll', (ctx) => ({
    IOControl: (_h: number, _code: number, pIn: ParamPtr, nIn: number, pOut: ParamPtr) => {
      if (!ctx.VirtualAlloc(pIn & ~0xfff, 0x1000, MEM_COMMIT, PAGE_READWRITE)) return report(ctx, pOut, false)
      for (let i = 0; i < nIn; i++) ctx.mem.writeU8(offset(pIn, i), ctx.mem.readU8(offset(pIn, i)) ^ 0x5a)
      return report(ctx, pOut, true)
    },
  }))
  return { what: 'commits its read-only input page writable and decodes in place', driver, scenario: asking(outcomes), rules: ['CE6-P07'], outcomes }
})()

/** Hole 2a: frees the pages of a kernel driver's shared ring buffer it was told about ("cleanup on close"). */
export const sharedRelease: Attack = (() => {
  const outcomes: number[] = []
  const driver = corpusDriver('ringu.dll', (ctx) => ({
    IOControl: async (_h: number, _code: number, _pIn: ParamPtr, _nIn: number, pOut: ParamPtr) => {
      const { ring } = await helperAddresses(ctx)
      return report(ctx, pOut, ring !== 0 && ctx.VirtualFree(ring, 0x1000, MEM_DECOMMIT))
    },
  }))
  return { what: "decommits a kernel driver's shared-heap ring buffer", driver, scenario: asking(outcomes, [1], withHelper), rules: ['CE6-P07'], outcomes }
})()

/** Hole 2b: allocates its own ring buffer on the shared heap, as its kernel-mode version did. */
export const sharedAlloc: Attack = (() => {
  const outcomes: number[] = []
  const driver = corpusDriver('ringa.dll', (ctx) => ({
    IOControl: (_h: number, _code: number, _pIn: ParamPtr, _nIn: number, pOut: ParamPtr) =>
      report(ctx, pOut, ctx.CeVirtualSharedAlloc(0, 0x10000, MEM_RESERVE | MEM_COMMIT) !== 0),
  }))
  return { what: 'CeVirtualSharedAlloc from user mode', driver, scenario: asking(outcomes), rules: ['CE6-P05'], outcomes }
})()

/** Hole 3: completes work in a promise chain it never awaits, which runs on whatever thread is current. */
export const detachedChain: Attack = (() => {
  const outcomes: number[] = []
  let got = false
  const driver = corpusDriver('lazy.dll', (ctx) => {
    const flushLater = async (status: number): Promise<void> => {
      for (let i = 0; i < 400 && !got; i++) {
        await null
        try {
          got = ctx.mem.readU32(ctx.unsafePtr(status)) === 0x5a5a5a5a
        } catch {
          // not yet: try again on the next turn
        }
      }
    }
    return {
      IOControl: async (_h: number, code: number, _pIn: ParamPtr, _nIn: number, pOut: ParamPtr) => {
        if (code === 1) {
          const { status } = await helperAddresses(ctx)
          void flushLater(status)
        }
        return report(ctx, pOut, got)
      },
    }
  })
  const scenario = asking(outcomes, [1], {
    ...withHelper,
    async run({ app, h }) {
      await ask(app, h, outcomes, 1)
      const ring = (await app.CreateFile('RNG1:')).handle
      for (let i = 0; i < 3; i++) await app.DeviceIoControl(ring, 2, 0, 0, 0, 0)
      await ask(app, h, outcomes, 2)
    },
  })
  return { what: "a detached promise chain reading kernel memory on a kernel driver's thread", driver, scenario, rules: ['CE6-P07'], outcomes }
})()

/** Hole 4: installs itself under HKLM\Software with no user-mode flag and activates that key. */
export const selfInstall: Attack = (() => {
  const outcomes: number[] = []
  const driver = corpusDriver('inst.dll', (ctx) => ({
    IOControl: async (_h: number, _code: number, _pIn: ParamPtr, _nIn: number, pOut: ParamPtr) => {
      const { hKey } = ctx.RegCreateKeyEx(0x80000002, 'Software\\Acme\\Turbo')
      ctx.RegSetValueEx(hKey, 'Dll', { type: 1, data: 'inst.dll' })
      ctx.RegSetValueEx(hKey, 'Prefix', { type: 1, data: 'TRB' })
      ctx.RegCloseKey(hKey)
      return report(ctx, pOut, (await ctx.ActivateDeviceEx('Software\\Acme\\Turbo')) !== 0)
    },
  }))
  return { what: 'writes a key of its own without the user-mode flag and activates it', driver, scenario: asking(outcomes), rules: ['CE6-P07'], outcomes }
})()

/** Hole 5a: reports a bad request by throwing an error it named after the machine's. */
export const forgedError: Attack = (() => {
  const outcomes: number[] = []
  const driver = corpusDriver('strict.dll', () => ({
    IOControl: () => {
      throw Object.assign(new Error('request not understood'), { name: 'UsageError' })
    },
  }))
  return { what: 'throws an error named UsageError from IOControl', driver, scenario: asking(outcomes), rules: ['CE6-R02'], outcomes }
})()

/** Hole 5b: its worker thread gives up with an error named HangError. */
export const forgedHang: Attack = (() => {
  const outcomes: number[] = []
  const driver = corpusDriver('poll.dll', (ctx) => ({
    IOControl: (_h: number, _code: number, _pIn: ParamPtr, _nIn: number, pOut: ParamPtr) => {
      ctx.CreateThread(async function poller() {
        await ctx.Sleep(1)
        throw Object.assign(new Error('device stopped answering'), { name: 'HangError' })
      })
      return report(ctx, pOut, false)
    },
  }))
  const scenario = asking(outcomes, [1], {
    async run({ m, app, h }) {
      await ask(app, h, outcomes, 1)
      await m.advance(5)
    },
  })
  return { what: 'a driver thread ends by an error named HangError', driver, scenario, rules: ['CE6-R01'], outcomes }
})()

/** Hole 6: sizes its cache to "all the memory there is". */
export const hog: Attack = (() => {
  const outcomes: number[] = []
  const driver = corpusDriver('cache.dll', (ctx) => ({
    IOControl: (_h: number, _code: number, _pIn: ParamPtr, _nIn: number, pOut: ParamPtr) =>
      report(ctx, pOut, ctx.VirtualAlloc(0, 300 << 20, MEM_RESERVE | MEM_COMMIT, PAGE_READWRITE) !== 0),
  }))
  return {
    what: 'commits 300 MiB',
    driver,
    scenario: asking(outcomes),
    rules: [],
    unflagged: 'a correct driver may ask for more memory than there is and handle NULL: no rule is broken',
    outcomes,
  }
})()

/** Hole 7: looks through its context object for the machine behind it. */
export const reach: Attack = (() => {
  const outcomes: number[] = []
  const driver = corpusDriver('peek.dll', (ctx) => ({
    IOControl: (_h: number, _code: number, _pIn: ParamPtr, _nIn: number, pOut: ParamPtr) => {
      const seen = new Set<object>()
      const queue: unknown[] = [ctx, ctx.mem]
      let found = false
      while (queue.length && !found) {
        const o = queue.shift()
        if (typeof o !== 'object' || o === null || seen.has(o)) continue
        seen.add(o)
        const rec = o as Record<string, unknown>
        found = 'memory' in rec || 'phys' in rec || 'sched' in rec
        for (const k of Object.getOwnPropertyNames(o)) queue.push(rec[k])
      }
      return report(ctx, pOut, found)
    },
  }))
  return { what: 'walks the objects ctx exposes for the machine', driver, scenario: asking(outcomes), rules: [], unflagged: 'pure JavaScript: nothing the machine sees', outcomes }
})()

/** Hole 8: a service (HKLM\Services) without the user-mode flag, loaded through the same DLL. */
export const service: Attack = (() => {
  const outcomes: number[] = []
  let kernelRuns = 0
  const driver = corpusDriver('svc.dll', (ctx) => ({
    Init: () => (ctx.kernelMode && kernelRuns++, 1),
    IOControl: (_h: number, _code: number, _pIn: ParamPtr, _nIn: number, pOut: ParamPtr) => report(ctx, pOut, kernelRuns > 0),
  }))
  const key = { key: 'Services\\Acme', reg: '[HKEY_LOCAL_MACHINE\\Services\\Acme]\n"Dll"="svc.dll"\n"Prefix"="SVC"\n"Index"=dword:1\n' }
  return {
    what: 'a service key without Flags',
    driver,
    scenario: asking(outcomes, [1], { helpers: () => [key] }),
    rules: [],
    unflagged: "the registry's doing, not the driver's",
    outcomes,
  }
})()
