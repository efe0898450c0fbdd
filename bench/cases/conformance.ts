// conformance-serial and verifier-overhead (issue 4). conformance-serial: one operation is the full generated
// conformance of examples/serial in both modes (every scenario on fresh machines with the verifier, the
// divergence check, every family's verdict), in process, without vitest; target under 1 s. verifier-overhead: the
// same IOCTL workload (an input DWORD holding an embedded pointer the driver opens with CeOpenCallerBuffer, 16 bytes
// written out) with the runtime verifier and its provenance ledger off and on; target at most 2x.
import { fileURLToPath } from 'node:url'
import { repeatCall, type BenchCase } from '../harness.js'
import { linkPackages } from './link-packages.js'

async function serialConformance(): Promise<(n: number) => Promise<void>> {
  linkPackages()
  const { Uart16550 } = await import('../../packages/kernel/src/index.js')
  const io = await import('../../examples/serial/src/ioctls.js')
  const serial = (await import('../../examples/serial/src/serial.js')).default
  const { modeRuns } = await import('../../packages/conformance/src/spec-api/mode-runs.js')
  const { familyResult } = await import('../../packages/conformance/src/spec-api/family-result.js')
  const { isFailing } = await import('../../packages/conformance/src/report/verdict.js')
  const { FAMILIES } = await import('../../packages/conformance/src/rules/family.js')
  const { MODES } = await import('../../packages/conformance/src/mode.js')
  const { readFileSync } = await import('node:fs')
  const text = readFileSync(fileURLToPath(new URL('../../../examples/serial/serial.reg', import.meta.url)), 'utf8')
  const u32 = (v: number): number[] => [v & 0xff, (v >>> 8) & 0xff, (v >>> 16) & 0xff, v >>> 24]
  // The IOCTLs of examples/serial/spec/serial.conformance.test.ts.
  const ioctls = [
    { name: 'SET_BAUD_RATE', code: io.IOCTL_SERIAL_SET_BAUD_RATE, inSize: 4, outSize: 0, input: u32(9600) },
    { name: 'GET_BAUD_RATE', code: io.IOCTL_SERIAL_GET_BAUD_RATE, inSize: 0, outSize: 4 },
    { name: 'SET_LINE_CONTROL', code: io.IOCTL_SERIAL_SET_LINE_CONTROL, inSize: io.SERIAL_LINE_CONTROL_SIZE, outSize: 0, input: [io.ONESTOPBIT, io.NOPARITY, 8] },
    { name: 'GET_LINE_CONTROL', code: io.IOCTL_SERIAL_GET_LINE_CONTROL, inSize: 0, outSize: io.SERIAL_LINE_CONTROL_SIZE },
    { name: 'SET_TIMEOUTS', code: io.IOCTL_SERIAL_SET_TIMEOUTS, inSize: io.COMMTIMEOUTS_SIZE, outSize: 0 },
    { name: 'GET_TIMEOUTS', code: io.IOCTL_SERIAL_GET_TIMEOUTS, inSize: 0, outSize: io.COMMTIMEOUTS_SIZE },
    { name: 'GET_COMMSTATUS', code: io.IOCTL_SERIAL_GET_COMMSTATUS, inSize: 0, outSize: io.SERIAL_DEV_STATUS_SIZE },
    { name: 'PURGE', code: io.IOCTL_SERIAL_PURGE, inSize: 4, outSize: 0, input: u32(io.PURGE_RXCLEAR | io.PURGE_TXCLEAR) },
  ]
  const options = { registry: { file: 'serial.reg', text }, hardware: () => [{ base: 0x90000000, device: new Uart16550(), irq: 3 }], ioctls, seed: 1 }
  return async (n) => {
    for (let i = 0; i < n; i++) {
      const runs = modeRuns(serial, options)
      for (const mode of MODES) {
        const run = await runs(mode)
        for (const f of FAMILIES) if (isFailing(familyResult(run, f.id, undefined).verdict)) throw new Error(`serial.dll: ${f.id} in ${mode} mode is not clean`)
      }
    }
  }
}

async function ioctlWorkload(verifier: boolean): Promise<(n: number) => Promise<void>> {
  linkPackages()
  const k = await import('../../packages/kernel/src/index.js')
  const { attachVerifier } = await import('../../packages/conformance/src/verifier/index.js')
  const driver = k.defineDriver('ovh.dll', (ctx) => ({
    Init: () => 1,
    Deinit: () => true,
    Open: () => 1,
    Close: () => true,
    IOControl(_h: number, _code: number, pIn: import('../../packages/kernel/src/index.js').ParamPtr, _nIn: number, pOut: import('../../packages/kernel/src/index.js').ParamPtr) {
      const src = ctx.mem.readU32(pIn)
      const r = ctx.CeOpenCallerBuffer(src, 16, k.ARG_I_PTR, false)
      if (r.hr !== k.S_OK) return false
      ctx.mem.write(pOut, ctx.mem.read(r.ptr, 16))
      return ctx.CeCloseCallerBuffer(r.ptr, src, 16, k.ARG_I_PTR) === k.S_OK
    },
  }))
  const m = k.createMachine({ drivers: [driver], registry: '[HKEY_LOCAL_MACHINE\\Drivers\\BuiltIn\\Ovh]\n"Dll"="ovh.dll"\n"Prefix"="OVH"\n"Index"=dword:1\n' })
  if (verifier) attachVerifier(m, { mode: 'kernel', driver: 'ovh.dll' })
  if (!(await m.ActivateDeviceEx('Drivers\\BuiltIn\\Ovh')).ok) throw new Error('ovh.dll failed to load')
  const app = m.createProcess('bench.exe')
  const h = (await app.CreateFile('OVH1:')).handle
  const data = app.alloc(16)
  app.write(data, new Uint8Array(16).fill(5))
  const pIn = app.alloc(4)
  app.writeU32(pIn, data)
  const pOut = app.alloc(16)
  return repeatCall(() => app.DeviceIoControl(h, 1, pIn, 4, pOut, 16))
}

export const conformanceCases: BenchCase[] = [
  {
    name: 'conformance-serial',
    what: 'full conformance of examples/serial, both modes, in process (1 op = 1 run; target < 1 s, i.e. > 1 op/s)',
    setup: serialConformance,
  },
  {
    name: 'verifier-overhead (off)',
    what: 'kernel mode: an IOCTL with an embedded pointer opened, read and closed, 16 bytes out; trace on, no verifier',
    setup: () => ioctlWorkload(false),
  },
  {
    name: 'verifier-overhead (on)',
    what: 'the same with the runtime verifier (every runtime rule, provenance ledger) attached; target at most 2x off',
    setup: () => ioctlWorkload(true),
  },
]
