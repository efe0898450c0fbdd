// marshal-embedded (issue 3): an IOCTL whose 8-byte input holds one embedded pointer to 64 bytes of the caller's
// memory, which the driver opens with CeOpenCallerBuffer, reads, and closes with CeCloseCallerBuffer.
import { ARG_I_PTR, S_OK, createMachine, defineDriver, type BOOL, type DriverContext, type ParamPtr } from '../../packages/kernel/src/index.js'
import { repeatCall, type BenchCase } from '../harness.js'

function embeddedDriver() {
  return defineDriver('emb.dll', (ctx: DriverContext) => {
    const buf = new Uint8Array(64)
    return {
      Init: () => 1,
      Deinit: () => true,
      Open: () => 1,
      Close: () => true,
      IOControl(_h: number, _code: number, pIn: ParamPtr): BOOL {
        const p = ctx.mem.readU32(pIn)
        const n = ctx.mem.readU32((pIn + 4) as ParamPtr)
        const r = ctx.CeOpenCallerBuffer(p, n, ARG_I_PTR, false)
        if (r.hr !== S_OK) return false
        ctx.mem.readInto(r.ptr, buf)
        return ctx.CeCloseCallerBuffer(r.ptr, p, n, ARG_I_PTR) === S_OK
      },
    }
  })
}

async function embeddedLoop(userMode: boolean) {
  const m = createMachine({
    drivers: [embeddedDriver()],
    registry: String.raw`[HKEY_LOCAL_MACHINE\Drivers\BuiltIn\Emb]
      "Dll"="emb.dll" "Prefix"="EMB" "Index"=dword:1 "Flags"=dword:${userMode ? 10 : 0}`,
    traceCapacity: Number(process.env.BENCH_TRACE_CAPACITY ?? 1 << 16),
  })
  const act = await m.ActivateDeviceEx('Drivers\\BuiltIn\\Emb')
  if (!act.ok) throw new Error(`bench driver failed to load: ${act.error}`)
  const app = m.createProcess('bench.exe')
  const h = (await app.CreateFile('EMB1:')).handle
  const data = app.alloc(64)
  app.write(data, new Uint8Array(64).fill(3))
  const pIn = app.alloc(8)
  app.writeU32(pIn, data)
  app.writeU32(pIn + 4, 64)
  return repeatCall(() => app.DeviceIoControl(h, 1, pIn, 8, 0, 0))
}

export const marshalCases: BenchCase[] = [
  {
    name: 'marshal-embedded',
    what: 'kernel mode: an IOCTL with one embedded 64-byte pointer, opened, read and closed by the driver',
    setup: () => embeddedLoop(false),
  },
  {
    name: 'marshal-embedded (udevice)',
    what: 'the same in a udevice: CeOpenCallerBuffer duplicates through ReadProcessMemory of the caller',
    setup: () => embeddedLoop(true),
  },
]
