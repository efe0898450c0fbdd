// raw-call and kernel-ioctl (issue 2): the same IOControl body, as a plain function and through the full
// DeviceIoControl round trip to a kernel-mode driver (16 bytes in, 16 out, trace and checks on); udevice-ioctl
// (issue 3): the same through the reflector to the driver in user mode.
import {
  ERROR_INVALID_PARAMETER,
  Ev,
  createMachine,
  defineDriver,
  originName,
  type BOOL,
  type DriverContext,
  type DriverModule,
  type Machine,
  type ParamPtr,
} from '../../packages/kernel/src/index.js'
import { repeatCall, type BenchCase } from '../harness.js'

/** The work of the IOControl body on a 16-byte buffer: add one to every byte. */
function transform(buf: Uint8Array): void {
  for (let i = 0; i < 16; i++) buf[i] = (buf[i]! + 1) & 0xff
}

/** The driver: checks its arguments, copies the input into its own 16-byte buffer (a C driver's stack buffer),
 *  transforms, writes it out — what bench/cases/c/bench.c does, so kernel-ioctl and c-kernel-ioctl do the same work. */
function benchDriver(opts: { touchMemory: boolean }) {
  return defineDriver('bench.dll', (ctx: DriverContext) => {
    const buf = new Uint8Array(16)
    return {
      Init: () => 1,
      Deinit: () => true,
      Open: () => 1,
      Close: () => true,
      IOControl(_h: number, _code: number, pIn: ParamPtr, nIn: number, pOut: ParamPtr, nOut: number): BOOL {
        if (!opts.touchMemory) return true
        if (!pIn || !pOut || nIn < 16 || nOut < 16) {
          ctx.SetLastError(ERROR_INVALID_PARAMETER)
          return false
        }
        ctx.mem.readInto(pIn, buf)
        transform(buf)
        ctx.mem.write(pOut, buf)
        return true
      },
    }
  })
}

function ioctlLoop(opts: { touchMemory: boolean; trace: boolean; userMode?: boolean }) {
  return driverIoctlLoop(benchDriver(opts), opts)
}

/** DeviceIoControl(BEN1:, 1, 16 bytes in, 16 out) in a loop, to `driver` (bench.dll, prefix BEN) in either mode;
 *  one call first checks that the driver does the bench's work (each byte out is the byte in plus one). */
export async function driverIoctlLoop(driver: DriverModule, opts: { trace: boolean; userMode?: boolean; touchMemory?: boolean }) {
  const m = createMachine({
    drivers: [driver],
    registry: String.raw`[HKEY_LOCAL_MACHINE\Drivers\BuiltIn\Bench]
      "Dll"="bench.dll" "Prefix"="BEN" "Index"=dword:1 "Flags"=dword:${opts.userMode ? 10 : 0}`,
    traceCapacity: Number(process.env.BENCH_TRACE_CAPACITY ?? 1 << 16),
  })
  const act = await m.ActivateDeviceEx('Drivers\\BuiltIn\\Bench')
  if (!act.ok) throw new Error(`bench driver failed to load: ${act.error}`)
  m.trace.enabled = opts.trace
  const app = m.createProcess('bench.exe')
  const h = (await app.CreateFile('BEN1:')).handle
  const pIn = app.alloc(16)
  const pOut = app.alloc(16)
  app.write(pIn, new Uint8Array(16).fill(7))
  const call = () => app.DeviceIoControl(h, 1, pIn, 16, pOut, 16)
  if (opts.touchMemory !== false) await checkWork(m, call, () => app.read(pOut, 16))
  return repeatCall(call)
}

/** One call does the bench's work — 16 bytes out, each the byte in plus one — and, with the trace on, leaves a
 *  traced read of all 16 input bytes and a traced write of all 16 output bytes, however many accesses it takes. */
async function checkWork(m: Machine, call: () => Promise<{ ok: boolean; error: string }>, output: () => Uint8Array): Promise<void> {
  const seq = m.trace.count
  const r = await call()
  const out = output()
  if (!r.ok || out.some((b) => b !== 8)) throw new Error(`bench driver did not transform its input: ${r.ok ? [...out].join(',') : r.error}`)
  if (!m.trace.enabled) return
  const traced = (kind: Ev) => m.trace.events(seq).filter((e) => e.kind === kind && originName(e.c) === 'param').reduce((n, e) => n + e.b, 0)
  if (traced(Ev.MemRead) < 16 || traced(Ev.MemWrite) < 16) throw new Error(`bench driver's accesses are not all traced: ${traced(Ev.MemRead)} bytes read, ${traced(Ev.MemWrite)} written`)
}

export const kernelIoctlCases: BenchCase[] = [
  {
    name: 'raw-call',
    what: 'the IOControl body as a plain function: copy 16 bytes in, transform, copy 16 out',
    baseline: true,
    async setup() {
      const buf = new Uint8Array(16)
      const input = new Uint8Array(16).fill(7)
      const output = new Uint8Array(16)
      const raw = (inArr: Uint8Array, outArr: Uint8Array): boolean => {
        buf.set(inArr)
        transform(buf)
        outArr.set(buf)
        return true
      }
      return (n: number) => {
        for (let i = 0; i < n; i++) if (!raw(input, output)) throw new Error('unreachable')
      }
    },
  },
  {
    name: 'kernel-ioctl',
    what: 'await DeviceIoControl from a process to a kernel-mode driver, 16 in/16 out via ctx.mem, trace and checks on',
    setup: () => ioctlLoop({ touchMemory: true, trace: true }),
  },
  {
    name: 'udevice-ioctl',
    what: 'the same round trip to the driver loaded in a udevice: reflector, buffers aliased into the host and released',
    setup: () => ioctlLoop({ touchMemory: true, trace: true, userMode: true }),
  },
  {
    name: 'kernel-ioctl (trace off)',
    what: 'the same with the trace disabled: what tracing costs',
    setup: () => ioctlLoop({ touchMemory: true, trace: false }),
  },
  {
    name: 'kernel-ioctl (no memory)',
    what: 'the same round trip with an empty IOControl, trace on: the cost of the call path alone',
    setup: () => ioctlLoop({ touchMemory: false, trace: true }),
  },
]
