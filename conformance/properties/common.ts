// Shared by the property corpus: the registry key of a corpus driver and a minimal stream driver around an
// IOControl. Each pair in this folder is a driver whose bug only a property finds, and its fixed twin.
import { defineDriver, type DriverContext, type DriverModule, type ParamPtr } from '@cedk/kernel'

export const registryFor = (dll: string): string => `[HKEY_LOCAL_MACHINE\\Drivers\\BuiltIn\\Tst]\n"Dll"="${dll}"\n"Prefix"="TST"\n"Index"=dword:1\n`

export type IoControl = (h: number, code: number, pIn: ParamPtr, nIn: number, pOut: ParamPtr, nOut: number, pActual: ParamPtr) => boolean | Promise<boolean>

/** A driver "TST1:" whose only work is `ioControl` (built per loaded instance: module state stays per process). */
export function ioctlDriver(dll: string, make: (ctx: DriverContext) => { IOControl: IoControl; Close?: (h: number) => boolean }): DriverModule {
  return defineDriver(dll, (ctx) => {
    const { IOControl, Close } = make(ctx)
    return { Init: () => 1, Deinit: () => true, Open: () => 2, Close: Close ?? (() => true), IOControl }
  })
}
