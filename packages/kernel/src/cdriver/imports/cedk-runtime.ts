// cedk's own runtime support for C drivers (cedk_seh.h).
import { ceTryCall, ceTryCallEx } from '../c-seh.js'
import { out32, type BinderTable } from './binder.js'

export const cedkRuntime: BinderTable = {
  CeTryCall: (ctx, h, rt) => ceTryCall(rt, h, (p, v) => out32(ctx, h, p, v)),
  CeTryCallEx: (ctx, h, rt) => ceTryCallEx(rt, h, (p, v) => out32(ctx, h, p, v)),
}

