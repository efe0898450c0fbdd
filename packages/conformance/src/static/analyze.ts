// analyze(paths, options): read driver sources with ts-morph, run the static rules, and return findings (sorted,
// fingerprinted), the user-mode readiness of each driver, and — with `fix` — the safe rewrites as patches.
import { existsSync, readFileSync } from 'node:fs'
import { dirname, join, relative, resolve, sep } from 'node:path'
import { Project, ts } from 'ts-morph'
import { sourceFiles } from './files.js'
import { compareFindings, fingerprint, locate } from './finding.js'
import { planFixes, type FilePatch } from './fix/index.js'
import { readinessOf, type Readiness } from './readiness.js'
import { parseRegKeys, type DriverKey } from './registry-mode.js'
import { CHECKS } from './rules/index.js'
import { buildFileModel, type FileModel } from './source/file-model.js'
import { Flow } from './source/flow.js'
import type { ModuleFiles } from './source/imported-constants.js'
import { reachedModules, stripExt, userModeModules } from './source/modules.js'
import type { AnalyzeOptions, Finding, RawFinding } from './types.js'

export interface AnalysisResult {
  root: string
  files: string[]
  findings: Finding[]
  readiness: Readiness[]
  /** The rewrites `--fix` applies (only with `fix: true`). */
  patches: FilePatch[]
  typeChecker: boolean
}

export function analyze(paths: string | readonly string[], options: AnalyzeOptions = {}): AnalysisResult {
  const list = typeof paths === 'string' ? [paths] : [...paths]
  const files = sourceFiles(list)
  const root = resolve(options.root ?? commonRoot(list))
  const keys = registryKeys(options)
  const { sources, checker } = parseSources(files, root, !!options.typeChecker)
  const findings: Finding[] = []
  const readiness: Readiness[] = []
  const patches: FilePatch[] = []
  const texts = new Map<string, string>()
  const models = sources.map((sf) => buildFileModel(sf.fileName, toRel(root, sf.fileName), sf, keys, checker))
  // One cache of parsed modules per scan: a board header many drivers import is read once.
  const moduleFiles: ModuleFiles = new Map(models.map((m) => [stripExt(m.path), m.sf]))
  for (const m of models) m.moduleFiles = moduleFiles
  programsOf(models)
  const userCode = userModeModules(models)
  for (const model of models) model.userCode = userCode.has(model)
  inheritModes(models)
  const byFile = new Map<string, Finding[]>()
  for (const model of models) {
    texts.set(model.rel, model.sf.text)
    const plan = options.fix ? planFixes(model, keys) : undefined
    const found = runChecks(model, !!checker, plan?.fixedNodes)
    findings.push(...found)
    byFile.set(model.rel, found)
    if (plan?.patch) patches.push(plan.patch)
  }
  // A driver is as ready as every scanned module its data reaches (the helpers it imports, transitively).
  // A user-mode helper DLL that shares a UI module with a kernel driver is not held to that driver's U01.
  for (const model of models) {
    const reached = reachedModules(model, models).flatMap((m) => byFile.get(m.rel) ?? [])
    readiness.push(...readinessOf(model, model.userCode ? reached.filter((f) => f.rule !== 'CE6-U01') : reached))
  }
  findings.sort(compareFindings)
  fingerprint(findings, (f) => texts.get(f.file)!.split('\n')[f.line - 1] ?? '')
  return { root, files: files.map((f) => toRel(root, f)), findings, readiness, patches, typeChecker: !!checker }
}

function runChecks(model: FileModel, withChecker: boolean, fixed: ReadonlySet<ts.Node> | undefined): Finding[] {
  const raw: RawFinding[] = []
  for (const check of CHECKS) if (withChecker || !check.needsTypeChecker) check.check(model, (f) => raw.push(f))
  return dedupe(raw).map((r) => locate(model, fixed?.has(r.node) ? { ...r, fixable: true } : r))
}

/** One finding per rule and node (a rule may reach the same call twice, e.g. through two entry points). */
function dedupe(raw: RawFinding[]): RawFinding[] {
  const seen = new Set<string>()
  return raw.filter((r) => {
    const key = `${r.rule}@${r.node.pos}:${r.node.end}`
    if (seen.has(key)) return false
    seen.add(key)
    return true
  })
}

/**
 * One data flow per program: a module no other scanned module imports, with everything it imports. Two drivers
 * side by side (a buggy one and its fix) do not share driver state; a helper module both import is analysed in each.
 */
function programsOf(models: readonly FileModel[]): void {
  const imported = new Set(models.flatMap((m) => reachedModules(m, models).filter((x) => x !== m)))
  const roots = models.filter((m) => !imported.has(m))
  for (const root of roots) {
    const flow = new Flow(reachedModules(root, models))
    for (const m of flow.files) (m.flows ??= []).push(flow)
  }
  // Modules only reachable through an import cycle: a program of their own.
  for (const m of models) if (!m.flows) m.flows = [new Flow(reachedModules(m, models))]
  for (const m of models) m.flow = m.flows![0]
}

/**
 * A module with no driver of its own (a shared helper) loads where the drivers that import it load: its UI calls
 * are U02 under a user-mode key and U01 under a kernel one. Without a registry, or when they disagree, the kernel
 * (the more demanding) wins where any importer may load there.
 */
function inheritModes(models: FileModel[]): void {
  const importers = new Map<FileModel, FileModel[]>()
  for (const m of models)
    if (m.drivers.length > 0) for (const r of reachedModules(m, models)) if (r !== m && r.drivers.length === 0) importers.set(r, [...(importers.get(r) ?? []), m])
  for (const [m, by] of importers) {
    const modes = new Set(by.map((d) => (d.userCode ? 'user' : d.mode)))
    m.mode = modes.size === 1 ? [...modes][0]! : modes.has('kernel') ? 'kernel' : 'unknown'
  }
}

/**
 * The scan's syntax trees, and the type checker when asked for. Without the checker each file is parsed by the
 * compiler directly: a ts-morph project adds a file-system host and wrapper bookkeeping that cost a quarter of the
 * parse on the warm scan and give the syntax rules nothing (they walk compiler nodes).
 */
function parseSources(files: readonly string[], root: string, typeChecker: boolean): { sources: ts.SourceFile[]; checker: ts.TypeChecker | undefined } {
  if (!typeChecker) return { sources: files.map((f) => parseFile(f)), checker: undefined }
  // The checker must resolve imports (an imported key path, an IOCTL constant), so it uses the project's tsconfig.
  const tsConfigFilePath = findUp(root, 'tsconfig.json')
  const project = new Project({ skipAddingFilesFromTsConfig: true, ...(tsConfigFilePath ? { tsConfigFilePath } : { compilerOptions: { target: ts.ScriptTarget.ES2022 } }) })
  const sources = files.map((f) => project.addSourceFileAtPath(f).compilerNode)
  return { sources, checker: project.getTypeChecker().compilerObject }
}

/** One file's tree, named by its absolute path with forward slashes (as ts-morph names it). */
function parseFile(file: string): ts.SourceFile {
  const path = resolve(file).split(sep).join('/')
  const kind = /\.tsx$/.test(path) ? ts.ScriptKind.TSX : ts.ScriptKind.TS
  return ts.createSourceFile(path, readFileSync(path, 'utf8').replace(/^\uFEFF/, ''), ts.ScriptTarget.ES2022, true, kind)
}

function registryKeys(options: AnalyzeOptions): DriverKey[] {
  const texts = typeof options.registry === 'string' ? [options.registry] : [...(options.registry ?? [])]
  for (const f of options.registryFiles ?? []) texts.push(readFileSync(f, 'utf8'))
  return texts.flatMap(parseRegKeys)
}

function commonRoot(paths: readonly string[]): string {
  const dirs = paths.map((p) => {
    const abs = resolve(p)
    return existsSync(abs) && !/\.[cm]?tsx?$/.test(abs) ? abs : dirname(abs)
  })
  if (dirs.length === 0) return process.cwd()
  let common = dirs[0]!.split(sep)
  for (const d of dirs.slice(1)) {
    const parts = d.split(sep)
    let i = 0
    while (i < common.length && common[i] === parts[i]) i++
    common = common.slice(0, i)
  }
  return common.join(sep) || sep
}

function findUp(dir: string, name: string): string | undefined {
  for (let d = dir; ; d = dirname(d)) {
    if (existsSync(join(d, name))) return join(d, name)
    if (dirname(d) === d) return undefined
  }
}

const toRel = (root: string, p: string): string => relative(root, p).split(sep).join('/')
