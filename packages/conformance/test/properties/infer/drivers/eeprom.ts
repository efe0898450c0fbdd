// eeprom.dll: a 256-byte configuration EEPROM behind IOCTL_EEPROM_ACCESS. The request is
//   typedef struct { DWORD dwOp; DWORD dwOffset; PBYTE pData; DWORD cbData; } EEPROM_REQUEST;
// with dwOp EEPROM_OP_READ (1) or EEPROM_OP_WRITE (2), and at most 64 bytes per request inside the part. The
// CE5-era read path copied straight into pData (fine when the driver ran in the caller's slot); the fix opens it.
import { AccessViolation, ARG_I_PTR, ARG_O_PTR, ERROR_INVALID_PARAMETER, FAILED, defineDriver, offset, type DriverContext, type DriverModule, type ParamPtr } from '@cedk/kernel'

export const IOCTL_EEPROM_ACCESS = 0x00222100
export const EEPROM_REQUEST_SIZE = 16
const EEPROM_OP_READ = 1
const EEPROM_OP_WRITE = 2
const EEPROM_SIZE = 256
const MAX_TRANSFER = 64

export const registry = `[HKEY_LOCAL_MACHINE\\Drivers\\BuiltIn\\Eeprom]\n"Dll"="eeprom.dll"\n"Prefix"="EEP"\n"Index"=dword:1\n`

interface Request {
  op: number
  at: number
  pData: number
  cb: number
}

function makeEeprom(marshalsReads: boolean): DriverModule {
  return defineDriver('eeprom.dll', (ctx: DriverContext) => {
    const cells = new Uint8Array(EEPROM_SIZE).fill(0xff)

    function fail(): false {
      ctx.SetLastError(ERROR_INVALID_PARAMETER)
      return false
    }

    function readRequest(pIn: ParamPtr): Request {
      return { op: ctx.mem.readU32(pIn), at: ctx.mem.readU32(offset(pIn, 4)), pData: ctx.mem.readU32(offset(pIn, 8)), cb: ctx.mem.readU32(offset(pIn, 12)) }
    }

    const fits = (r: Request): boolean => r.cb > 0 && r.cb <= MAX_TRANSFER && r.at < EEPROM_SIZE && r.at + r.cb <= EEPROM_SIZE

    function readCells(r: Request): boolean {
      if (!marshalsReads) {
        ctx.mem.write(ctx.unsafePtr(r.pData), cells.subarray(r.at, r.at + r.cb))
        return true
      }
      const { hr, ptr } = ctx.CeOpenCallerBuffer(r.pData, r.cb, ARG_O_PTR, false)
      if (FAILED(hr)) return fail()
      try {
        ctx.mem.write(ptr, cells.subarray(r.at, r.at + r.cb))
      } finally {
        ctx.CeCloseCallerBuffer(ptr, r.pData, r.cb, ARG_O_PTR)
      }
      return true
    }

    function writeCells(r: Request): boolean {
      const { hr, ptr } = ctx.CeOpenCallerBuffer(r.pData, r.cb, ARG_I_PTR, false)
      if (FAILED(hr)) return fail()
      try {
        cells.set(ctx.mem.read(ptr, r.cb), r.at)
      } finally {
        ctx.CeCloseCallerBuffer(ptr, r.pData, r.cb, ARG_I_PTR)
      }
      return true
    }

    function IOControl(_h: number, code: number, pIn: ParamPtr, nIn: number): boolean {
      if (code !== IOCTL_EEPROM_ACCESS || !pIn || nIn < EEPROM_REQUEST_SIZE) return fail()
      try {
        const r = readRequest(pIn)
        if (!fits(r)) return fail()
        if (r.op === EEPROM_OP_READ) return readCells(r)
        if (r.op === EEPROM_OP_WRITE) return writeCells(r)
        return fail()
      } catch (e) {
        if (e instanceof AccessViolation) return fail() // __except: a bad request buffer
        throw e
      }
    }

    return { Init: () => 1, Deinit: () => true, Open: () => 1, Close: () => true, IOControl }
  })
}

export const buggy = makeEeprom(false)
export const fixed = makeEeprom(true)
