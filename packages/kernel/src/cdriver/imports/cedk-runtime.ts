// cedk's own runtime support for C drivers (cedk_seh.h).
import { ceTryCall } from '../c-seh.js'
import { out32, type BinderTable } from './binder.js'

export const cedkRuntime: BinderTable = {
  CeTryCall: (ctx, h, rt) => ceTryCall(rt, h, (p, v) => out32(ctx, h, p, v)),
}

