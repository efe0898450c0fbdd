// A C driver as the client of another driver (winbase.h): CreateFileW, DeviceIoControl, ReadFile, WriteFile,
// SetFilePointer and CloseHandle. Each may call into the other driver, which may block, so each is a blocking
// import. Pointers into the driver's own globals or stack are relocated into its image before the kernel sees them.
import type { BinderTable } from './binder.js'
import { wideArg } from './c-strings.js'
import { blocking, bool, cValue, dword } from './blocking-call.js'

export const fileImports: BinderTable = {
  CreateFileW: (ctx, h, rt) => (pName, access, share) =>
    blocking(rt, () => cValue(ctx.CreateFile(wideArg(ctx, h, pName), access >>> 0, share >>> 0), dword)),
  DeviceIoControl: (ctx, h, rt) => (hFile, code, pIn, nIn, pOut, nOut, pRet) =>
    blocking(rt, () => cValue(ctx.DeviceIoControl(hFile >>> 0, code >>> 0, h.sim(pIn), nIn >>> 0, h.sim(pOut), nOut >>> 0, h.sim(pRet)), bool)),
  ReadFile: (ctx, h, rt) => (hFile, pBuf, n, pRead) => blocking(rt, () => cValue(ctx.ReadFile(hFile >>> 0, h.sim(pBuf), n >>> 0, h.sim(pRead)), bool)),
  WriteFile: (ctx, h, rt) => (hFile, pBuf, n, pWritten) => blocking(rt, () => cValue(ctx.WriteFile(hFile >>> 0, h.sim(pBuf), n >>> 0, h.sim(pWritten)), bool)),
  SetFilePointer: (ctx, h, rt) => (hFile, distance, pHigh, method) =>
    blocking(rt, () => cValue(ctx.SetFilePointer(hFile >>> 0, distance | 0, h.sim(pHigh), method >>> 0), dword)),
  CloseHandle: (ctx, _h, rt) => (handle) => blocking(rt, () => cValue(ctx.CloseHandle(handle >>> 0), bool)),
}
