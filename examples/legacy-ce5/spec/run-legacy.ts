// Boots a legacy.dll build on a machine with a UART on IRQ 3 and drives GET_INFO, READ_ASYNC and an unknown IOCTL
// from app.exe, with the runtime verifier attached. Shared by the example's own test and the --fix test, which runs
// the rewritten driver through it.
import { attachVerifier, type Mode, type Violation } from '@cedk/conformance'
import { Uart16550, createMachine, type DriverModule } from '@cedk/kernel'

export const KEY = 'Drivers\\BuiltIn\\Legacy'
export const IOCTL_LEG_GET_INFO = 0x00220004
export const IOCTL_LEG_READ_ASYNC = 0x00220008

export interface LegacyRun {
  activated: boolean
  info: { ok: boolean; text: string }
  async: { ok: boolean; bytes: number[] }
  unknown: { ok: boolean; error: string }
  violations: Violation[]
}

/** `embeddedAsync`: READ_ASYNC takes { pBuffer, cb } (the ported driver) instead of the output buffer. */
export async function runLegacy(driver: DriverModule, registry: string, mode: Mode, embeddedAsync = false): Promise<LegacyRun> {
  const m = createMachine({ drivers: [driver], registry, hardware: [{ base: 0x90000000, device: new Uart16550(), irq: 3 }] })
  const verifier = attachVerifier(m, { mode, driver: driver.dll })
  try {
    const act = await m.ActivateDeviceEx(KEY)
    const app = m.createProcess('app.exe')
    const h = (await app.CreateFile('LEG1:')).handle
    const text = app.alloc(64)
    const req = app.alloc(8)
    app.writeU32(req, text)
    app.writeU32(req + 4, 64)
    const info = await app.DeviceIoControl(h, IOCTL_LEG_GET_INFO, req, 8, 0, 0)
    const out = app.alloc(16)
    app.writeU32(req, out)
    app.writeU32(req + 4, 16)
    const asyncCall = embeddedAsync ? await app.DeviceIoControl(h, IOCTL_LEG_READ_ASYNC, req, 8, 0, 0) : await app.DeviceIoControl(h, IOCTL_LEG_READ_ASYNC, req, 8, out, 16)
    await m.advance(20)
    const bytes = [...app.read(out, 16)]
    const unknown = await app.DeviceIoControl(h, 0x00220fff, req, 8, 0, 0)
    await app.CloseHandle(h)
    const decoded = new TextDecoder('latin1').decode(app.read(text, 64))
    return {
      activated: act.ok,
      info: { ok: info.ok, text: decoded.slice(0, decoded.indexOf('\0')) },
      async: { ok: asyncCall.ok, bytes },
      unknown: { ok: unknown.ok, error: unknown.error },
      violations: verifier.finish(await m.shutdown()),
    }
  } finally {
    verifier.dispose()
  }
}
