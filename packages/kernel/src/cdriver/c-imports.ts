// The APIs a C driver may import, by the CE6 DLL that exports them (coredll, ceddk) or cedk's runtime, bound to the
// kernel's implementations through its DriverContext. Each area's binders live in imports/; this table puts them
// together. Anything a module imports that is not in it fails the load with the full list.
import type { DriverContext } from '../api/context.js'
import type { CRuntime } from './c-seh.js'
import type { CMemoryHooks } from './memory-hooks.js'
import type { BinderTable } from './imports/binder.js'
import { ceddkIo } from './imports/ceddk-io.js'
import { cedkRuntime } from './imports/cedk-runtime.js'
import { callbackImports } from './imports/callbacks.js'
import { coredllCore } from './imports/coredll-core.js'
import { coredllDebugOutput } from './imports/debug-output.js'
import { deviceImports } from './imports/devices.js'
import { fileImports } from './imports/files.js'
import { functionTableImports } from './imports/function-tables.js'
import { coredllInterrupts } from './imports/interrupts.js'
import { coredllMarshalling } from './imports/marshalling.js'
import { ceddkRegistry, coredllRegistry } from './imports/registry.js'
import { syncImports } from './imports/sync.js'
import { coredllVirtualMemory } from './imports/virtual-memory.js'
import { threadImports } from './imports/threads.js'

const coredll: BinderTable = {
  ...coredllCore,
  ...syncImports,
  ...threadImports,
  ...fileImports,
  ...callbackImports,
  ...coredllRegistry,
  ...coredllInterrupts,
  ...coredllDebugOutput,
  ...coredllMarshalling,
  ...coredllVirtualMemory,
  ...deviceImports,
}
const ceddk: BinderTable = {
  ...ceddkIo,
  ...ceddkRegistry,
}
const cedk: BinderTable = { ...cedkRuntime, ...functionTableImports }

/** Every API a C driver can import, by import module (the CE6 DLL that exports it, or cedk's runtime). */
export const C_IMPORTS: Readonly<Record<string, Readonly<BinderTable>>> = { coredll, ceddk, cedk }

/** What a module imports that cedk does not provide, as "dll!Name" (the memory hooks and memory are cedk's own). */
export function missingImports(imports: readonly WebAssembly.ModuleImportDescriptor[], hookNames: ReadonlySet<string>): string[] {
  const missing: string[] = []
  for (const { module, name, kind } of imports) {
    if (module === 'env' && (name === 'memory' ? kind === 'memory' : hookNames.has(name) && kind === 'function')) continue
    if (kind === 'function' && C_IMPORTS[module]?.[name] !== undefined) continue
    missing.push(`${module}!${name} (${kind})`)
  }
  return missing
}

/** The import object for one instance: each API bound to `ctx` and `hooks`. */
export function bindImports(ctx: DriverContext, hooks: CMemoryHooks, rt: CRuntime): WebAssembly.Imports {
  const out: WebAssembly.Imports = {}
  for (const [dll, fns] of Object.entries(C_IMPORTS)) {
    out[dll] = Object.fromEntries(Object.entries(fns).map(([name, bind]) => [name, bind(ctx, hooks, rt)]))
  }
  return out
}
