// One parsed driver source and the facts every rule shares: its calls by name, its named functions, its drivers
// and their registry keys. Built once per file in a single walk.
import { ts } from 'ts-morph'
import type { DriverKey, DriverRegistry, LoadMode } from '../registry-mode.js'
import { driverRegistry } from '../registry-mode.js'
import { calleeName, enclosingFunction, walk, type FunctionLike } from './ast.js'
import { addNamedFunction, findDrivers, type DriverModel, type EntryPoint } from './driver-model.js'
import type { Flow } from './flow.js'
import type { ModuleFiles } from './imported-constants.js'

export interface CallSite {
  node: ts.CallExpression
  name: string
  fn: FunctionLike | undefined
}

export interface FileModel {
  path: string
  /** Relative to the scan root, forward slashes. */
  rel: string
  sf: ts.SourceFile
  calls: CallSite[]
  byName: Map<string, CallSite[]>
  functions: Map<string, FunctionLike>
  drivers: DriverModel[]
  entryOf: Map<FunctionLike, EntryPoint>
  registry: DriverRegistry | undefined
  /** Where the file's driver loads: from its registry key, 'unknown' without one. */
  mode: LoadMode
  checker: ts.TypeChecker | undefined
  /** The scan's interprocedural data flow (source/flow.ts), set once every file of the scan is modelled. */
  flow?: Flow
  /** Every program (a root module and what it imports) this module belongs to: one flow each. */
  flows?: Flow[]
  /** A module that runs in a user process whatever the registry says: a CeCallUserProc helper DLL, or a module
   *  with no stream entry points that no stream driver imports (source/modules.ts). */
  userCode?: boolean
  /** The scan's parsed modules by path without extension, shared by its files: where imported constants are read. */
  moduleFiles?: ModuleFiles
}

export function buildFileModel(path: string, rel: string, sf: ts.SourceFile, keys: readonly DriverKey[], checker?: ts.TypeChecker): FileModel {
  const calls: CallSite[] = []
  const byName = new Map<string, CallSite[]>()
  const functions = new Map<string, FunctionLike>()
  // One walk of the file for its calls and its named functions (the warm scan's cost is mostly walks).
  walk(sf, (n) => {
    addNamedFunction(functions, n)
    if (!ts.isCallExpression(n)) return
    const name = calleeName(n)
    if (!name) return
    const site = { node: n, name, fn: enclosingFunction(n) }
    calls.push(site)
    const list = byName.get(name)
    if (list) list.push(site)
    else byName.set(name, [site])
  })
  const drivers = findDrivers(functions, calls.map((c) => c.node))
  const entryOf = new Map<FunctionLike, EntryPoint>()
  for (const d of drivers) for (const e of d.entries) entryOf.set(e.fn, e)
  const registry = drivers.map((d) => driverRegistry(keys, d.dll)).find((r) => r !== undefined)
  return { path, rel, sf, calls, byName, functions, drivers, entryOf, registry, mode: registry?.mode ?? 'unknown', checker }
}

export function callsOf(file: FileModel, ...names: string[]): CallSite[] {
  return names.flatMap((n) => file.byName.get(n) ?? [])
}
