// Interprocedural provenance of caller pointers over every scanned module (issue 15). A flow-insensitive abstract
// interpretation: each *unit* (an entry point, a helper, a thread routine: a function at module level or directly
// in a driver's load function, closures included) is evaluated once per round into a summary — what it returns,
// which pointers it dereferences through ctx.mem, what it stores into driver state — in terms of its parameters
// ($0, $1.field, *$0 …). A call instantiates the callee's summary with the caller's argument values, so a helper
// called with a pointer parameter in one place and with driver memory in another is judged per call. Driver state
// (module- and load-level variables, anything reached from them, `this`) is one field-based heap shared by every
// unit: a pointer parameter stored there becomes *stale* (in@/out@), whoever reads it later. Rounds repeat until the
// heap stops growing. Values are sets of atoms:
//   in / out      a pointer parameter of the current call (input-only / output)
//   in@ / out@    the same read back out of driver state, or handed to a thread: used after (or beside) its call
//   emb           a word read out of caller memory (an embedded pointer)
//   mar / mar-in  a pointer CeOpenCallerBuffer returned (mar-in: opened with an input-only ARG_I_* descriptor)
//   async / dup   the pointers CeAllocAsynchronousBuffer / CeAllocDuplicateBuffer returned
//   R:<kind>      the result record of those calls ({ hr, ptr })
//   f:<name>=<a>  a record whose field <name> holds <a>        state   an object of driver state
//   $i / $i.f …   the i-th parameter of the unit being summarised (and a field of it); *<a> a word read through <a>
import { ts } from 'ts-morph'
import { calleeName, isFunctionLike, isMemCall, isMemWrite, memPointerArgs, unwrap, walk, type FunctionLike } from './ast.js'
import type { FileModel } from './file-model.js'
import { joinPath, stripExt } from './modules.js'

export type Atom = string
type Val = ReadonlySet<Atom>
const NONE: Val = new Set()

export interface Deref {
  /** The ctx.mem call. */
  node: ts.CallExpression
  arg: ts.Expression
  atoms: Val
  write: boolean
  /** Runs on a thread started by the code that handed it the value. */
  async: boolean
  /** The calls (outermost first) through which a summary brought this dereference to the unit. */
  via: ts.CallExpression[]
  /** Not an access: CeAllocAsynchronousBuffer of this pointer (CE6-A06 asks what it was made from). */
  asyncOf?: true
}

interface Store {
  obj: Val
  field: string
  val: Val
  /** A store into a state variable (`var:…`) rather than a field of `obj`. */
  key?: string
}

export interface Summary {
  ret: Val
  derefs: Deref[]
  /** Stores into objects the caller gave (symbolic `obj`), made concrete at each call. */
  stores: Store[]
}

const PASS_THROUGH = new Set(['unsafePtr', 'MapCallerPtr', 'MapPtrToProcess', 'offset', 'Number'])
const READS_POINTER = new Set(['readU32', 'readI32'])
const ELEMENT_CALLBACKS = new Set(['forEach', 'map', 'filter', 'find', 'findIndex', 'some', 'every', 'flatMap', 'findLast'])
const ELEMENT_READS = new Set(['shift', 'pop', 'get', 'at', 'find', 'findLast', 'values', 'slice', 'filter', 'splice'])
const ELEMENT_WRITES = new Set(['push', 'unshift', 'add', 'enqueue'])
const MAX_ATOM = 96
const MAX_ROUNDS = 4

/** The whole scan's data flow: one per analyze() call, shared by every file's rules. */
export class Flow {
  readonly heap = new Map<string, Set<Atom>>()
  private heapGrew = false
  /** Heap keys that grew in the current round, and per unit the keys it read and the units it instantiated. */
  private grown = new Set<string>()
  private readonly reads = new Map<FunctionLike, Set<string>>()
  private readonly callers = new Map<FunctionLike, Set<FunctionLike>>()
  private evaluating: FunctionLike[] = []
  private newRoots = new Set<FunctionLike>()
  private summaries = new Map<FunctionLike, Summary>()
  private finals = new Map<FunctionLike, Unit>()
  private readonly unitOwner = new Map<FunctionLike, FileModel>()
  private readonly exportsByFile = new Map<string, Map<string, FunctionLike>>()
  private readonly importsByFile = new Map<FileModel, Map<string, FunctionLike>>()
  /** Functions handed to code the analysis cannot follow: their parameters are driver state. */
  readonly callbackRoots = new Set<FunctionLike>()
  private rootsGrew = false

  constructor(readonly files: readonly FileModel[]) {
    for (const f of files) {
      this.exportsByFile.set(stripExt(f.path), exportedFunctions(f))
      for (const u of unitsOf(f)) this.unitOwner.set(u, f)
    }
    for (const f of files) this.importsByFile.set(f, this.resolveImports(f))
    this.run()
  }

  /** Every unit, evaluated in the last round. */
  units(): Iterable<Unit> {
    return this.finals.values()
  }

  unit(fn: FunctionLike): Unit | undefined {
    return this.finals.get(fn)
  }

  fileOf(fn: FunctionLike): FileModel | undefined {
    return this.unitOwner.get(fn)
  }

  /** The function a call's callee names: same file first, then a named import from a scanned module. */
  resolve(file: FileModel, call: ts.CallExpression | ts.Expression): FunctionLike | undefined {
    const e = ts.isCallExpression(call) ? unwrap(call.expression) : unwrap(call)
    if (!ts.isIdentifier(e)) return undefined
    return file.functions.get(e.text) ?? this.importsByFile.get(file)?.get(e.text)
  }

  summary(fn: FunctionLike): Summary {
    const known = this.summaries.get(fn)
    if (known) return known
    const file = this.unitOwner.get(fn)
    if (!file) return { ret: NONE, derefs: [], stores: [] }
    this.summaries.set(fn, { ret: NONE, derefs: [], stores: [] }) // recursion says nothing more
    this.reads.set(fn, new Set())
    this.evaluating.push(fn)
    const u = new Unit(this, file, fn)
    u.evaluate()
    this.evaluating.pop()
    this.finals.set(fn, u)
    const s = { ret: u.ret, derefs: u.derefs, stores: u.stores }
    this.summaries.set(fn, s)
    return s
  }

  addCallbackRoot(fn: FunctionLike): void {
    if (this.callbackRoots.has(fn)) return
    this.callbackRoots.add(fn)
    this.newRoots.add(fn)
    this.rootsGrew = true
  }

  /** A heap key's value, noted as read by the unit being evaluated (it is evaluated again when the key grows). */
  readHeap(key: string): ReadonlySet<Atom> | undefined {
    const fn = this.evaluating.at(-1)
    if (fn) this.reads.get(fn)!.add(key)
    return this.heap.get(key)
  }

  /** The unit being evaluated instantiated `callee`'s summary: it depends on it. */
  dependsOn(callee: FunctionLike): void {
    const fn = this.evaluating.at(-1)
    if (!fn) return
    let set = this.callers.get(callee)
    if (!set) this.callers.set(callee, (set = new Set()))
    set.add(fn)
  }

  storeHeap(key: string, v: Val): void {
    let cur = this.heap.get(key)
    if (!cur) this.heap.set(key, (cur = new Set()))
    for (const a of v) {
      const s = stale(a)
      // A summary's $i means nothing to another unit: it is stored when a call makes it concrete.
      if (s.length > MAX_ATOM || cur.has(s) || s.includes('$')) continue
      cur.add(s)
      this.heapGrew = true
      this.grown.add(key)
      // A record stored whole: its fields are reachable through any state object's field of that name.
      const m = /^f:([^=]+)=(.*)$/.exec(s)
      if (m) this.storeHeap(`.${m[1]}`, new Set([m[2]!]))
    }
  }

  /**
   * Rounds until the heap stops growing. The first evaluates every unit; each later one only the units that read a
   * key that grew (or became a callback root), and the units that instantiated those, transitively.
   */
  private run(): void {
    let dirty: Set<FunctionLike> | undefined
    for (let round = 0; round < MAX_ROUNDS; round++) {
      this.heapGrew = false
      this.rootsGrew = false
      this.grown = new Set()
      if (dirty) for (const fn of dirty) (this.summaries.delete(fn), this.finals.delete(fn))
      for (const fn of this.unitOwner.keys()) this.summary(fn)
      if (!this.heapGrew && !this.rootsGrew) break
      dirty = this.dirtyAfterRound()
      if (dirty.size === 0) break
    }
  }

  private dirtyAfterRound(): Set<FunctionLike> {
    const dirty = new Set<FunctionLike>()
    for (const [fn, keys] of this.reads) if ([...keys].some((k) => this.grown.has(k)) || this.newRoots.has(fn)) dirty.add(fn)
    this.newRoots = new Set()
    const todo = [...dirty]
    while (todo.length > 0) for (const c of this.callers.get(todo.pop()!) ?? []) if (!dirty.has(c)) (dirty.add(c), todo.push(c))
    return dirty
  }

  private resolveImports(f: FileModel): Map<string, FunctionLike> {
    const out = new Map<string, FunctionLike>()
    for (const st of f.sf.statements) {
      if (!ts.isImportDeclaration(st) || !ts.isStringLiteral(st.moduleSpecifier) || !st.importClause?.namedBindings) continue
      const spec = st.moduleSpecifier.text
      if (!spec.startsWith('.')) continue
      const target = this.exportsByFile.get(stripExt(joinPath(f.path, spec)))
      const nb = st.importClause.namedBindings
      if (!target || !ts.isNamedImports(nb)) continue
      for (const el of nb.elements) {
        const fn = target.get((el.propertyName ?? el.name).text)
        if (fn) out.set(el.name.text, fn)
      }
    }
    return out
  }
}

/** One unit's evaluation: its environment of locals, and what the summary records. */
export class Unit {
  env = new Map<string, Set<Atom>>()
  derefs: Deref[] = []
  stores: Store[] = []
  ret: Set<Atom> = new Set()
  private readonly locals: Set<string>
  /** The nodes a pass acts on, in the order a walk of the body meets them. */
  private readonly effects: readonly ts.Node[]
  private readonly threadRoutines: FunctionLike[] = []
  private grew = false
  /** Locals read in this pass: growing one of them after the read needs another pass, nothing else does. */
  private readNames = new Set<string>()
  /** Values computed in this pass (the environment only grows; a pass that grows nothing is the final one). */
  private memo = new Map<ts.Node, Val>()

  constructor(
    private readonly flow: Flow,
    readonly file: FileModel,
    readonly fn: FunctionLike,
  ) {
    const shape = shapeOf(fn)
    this.locals = shape.locals
    this.effects = shape.effects
    const entry = file.entryOf.get(fn)
    const callback = flow.callbackRoots.has(fn)
    fn.parameters.forEach((p, i) => {
      if (callback) this.bindName(p.name, STATE)
      else if (entry) {
        const role = ts.isIdentifier(p.name) ? entry.pointers.get(p.name.text)?.role : undefined
        if (role) this.bindName(p.name, new Set([role]))
      } else this.bindName(p.name, new Set([`$${i}`]))
    })
    for (const c of file.byName.get('CreateThread') ?? []) {
      const r = c.node.arguments[0] && unwrap(c.node.arguments[0])
      if (r && isFunctionLike(r) && r.pos >= fn.pos && r.end <= fn.end) this.threadRoutines.push(r)
    }
  }

  evaluate(): void {
    const body = this.fn.body
    if (!body) return
    for (let pass = 0; pass < 4; pass++) {
      this.grew = false
      this.readNames = new Set()
      this.memo = new Map()
      this.derefs = []
      this.stores = []
      this.ret = new Set()
      if (!ts.isBlock(body)) add(this.ret, this.val(body))
      for (const n of this.effects) this.visit(n)
      if (!this.grew) break
    }
  }

  /** The value of an expression in this unit (after evaluate(): its final environment). */
  val(e: ts.Expression): Val {
    e = unwrap(e)
    let v = this.memo.get(e)
    if (!v) this.memo.set(e, (v = this.compute(e)))
    return v
  }

  private compute(e: ts.Expression): Val {
    if (ts.isAwaitExpression(e)) return this.val(e.expression)
    if (ts.isIdentifier(e)) return this.nameVal(e.text)
    if (e.kind === ts.SyntaxKind.ThisKeyword) return STATE
    if (ts.isPropertyAccessExpression(e)) return field(this.flow, this.val(e.expression), e.name.text)
    if (ts.isElementAccessExpression(e)) return field(this.flow, this.val(e.expression), '[]')
    if (ts.isBinaryExpression(e)) {
      const op = e.operatorToken.kind
      const K = ts.SyntaxKind
      if (op === K.PlusToken || op === K.MinusToken || op === K.BarToken || op === K.GreaterThanGreaterThanGreaterThanToken) return this.val(e.left)
      if (op === K.QuestionQuestionToken || op === K.BarBarToken || op === K.AmpersandAmpersandToken) return union(this.val(e.left), this.val(e.right))
      if (op === K.EqualsToken) return this.val(e.right)
      return NONE
    }
    if (ts.isConditionalExpression(e)) return union(this.val(e.whenTrue), this.val(e.whenFalse))
    if (ts.isObjectLiteralExpression(e)) return this.record(e)
    if (ts.isArrayLiteralExpression(e)) return prefixed('[]', unionAll(e.elements.map((x) => (ts.isSpreadElement(x) ? field(this.flow, this.val(x.expression), '[]') : this.val(x)))))
    if (ts.isCallExpression(e)) return this.callVal(e)
    return NONE
  }

  private nameVal(name: string): Val {
    if (this.locals.has(name)) {
      this.readNames.add(name)
      return this.env.get(name) ?? NONE
    }
    const kept = this.flow.readHeap(stateVar(this.file, name))
    return kept ? union(kept, STATE) : STATE
  }

  private record(o: ts.ObjectLiteralExpression): Val {
    const out = new Set<Atom>()
    for (const p of o.properties) {
      const name = p.name && (ts.isIdentifier(p.name) || ts.isStringLiteral(p.name)) ? p.name.text : undefined
      if (!name) continue
      if (ts.isPropertyAssignment(p)) add(out, prefixed(name, this.val(p.initializer)))
      else if (ts.isShorthandPropertyAssignment(p)) add(out, prefixed(name, this.nameVal(name)))
    }
    return out
  }

  private callVal(call: ts.CallExpression): Val {
    const name = calleeName(call) ?? ''
    const a0 = call.arguments[0]
    if (PASS_THROUGH.has(name) && a0) return this.val(a0)
    if (isMemCall(call)) return READS_POINTER.has(name) && a0 ? deref(this.val(a0)) : NONE
    const made = madeBy(call)
    if (made) return new Set([`R:${made}`])
    const callee = this.callee(call)
    if (callee === 'nested') return this.nestedReturn(call)
    if (callee) {
      this.flow.dependsOn(callee)
      return this.argsOf(call).substAll(this.flow.summary(callee).ret)
    }
    const recv = ts.isPropertyAccessExpression(call.expression) ? call.expression.expression : undefined
    if (recv && ELEMENT_READS.has(name)) return field(this.flow, this.val(recv), '[]')
    return NONE
  }

  /** A helper of another unit ('nested': a function declared inside this one, evaluated in this environment). */
  private callee(call: ts.CallExpression): FunctionLike | 'nested' | undefined {
    const fn = this.flow.resolve(this.file, call)
    if (!fn || this.file.entryOf.has(fn)) return undefined
    if (fn.pos >= this.fn.pos && fn.end <= this.fn.end) return 'nested'
    return fn
  }

  private nestedReturn(call: ts.CallExpression): Val {
    const fn = this.flow.resolve(this.file, call)!
    if (!fn.body) return NONE
    if (!ts.isBlock(fn.body)) return this.val(fn.body)
    const out = new Set<Atom>()
    walk(fn.body, (n) => {
      if (ts.isReturnStatement(n) && n.expression) add(out, this.val(n.expression))
    }, false)
    return out
  }

  private argsOf(call: ts.CallExpression, transform: (v: Val) => Val = (v) => v): Args {
    return new Args(this.flow, call.arguments.map((a) => transform(this.val(a))))
  }

  private visit(n: ts.Node): void {
    if (ts.isVariableDeclaration(n) && n.initializer) this.bindName(n.name, this.val(n.initializer))
    else if (ts.isBinaryExpression(n) && isAssignment(n.operatorToken.kind)) {
      this.assign(n.left, this.val(n.right))
      if (this.val(n.left).has('state')) this.aliasState(n.right)
    }
    else if (ts.isForOfStatement(n) && ts.isVariableDeclarationList(n.initializer)) {
      for (const d of n.initializer.declarations) this.bindName(d.name, field(this.flow, this.val(n.expression), '[]'))
    } else if (ts.isReturnStatement(n) && n.expression && enclosing(n) === this.fn) add(this.ret, this.val(n.expression))
    else if (ts.isCallExpression(n)) this.callEffects(n)
  }

  private callEffects(call: ts.CallExpression): void {
    const name = calleeName(call) ?? ''
    const async = this.inThread(call)
    if (isMemCall(call)) {
      for (const arg of memPointerArgs(call)) this.derefs.push({ node: call, arg, atoms: this.val(arg), write: isMemWrite(call) && arg === call.arguments[0], async, via: [] })
      return
    }
    if (name === 'CeAllocAsynchronousBuffer' && call.arguments[0]) this.derefs.push({ node: call, arg: call.arguments[0], atoms: this.val(call.arguments[0]), write: false, async, via: [], asyncOf: true })
    const recv = ts.isPropertyAccessExpression(call.expression) ? call.expression.expression : undefined
    const stored = recv && (ELEMENT_WRITES.has(name) ? call.arguments[0] : name === 'set' ? call.arguments[1] : undefined)
    if (recv && stored) {
      this.assignElement(recv, this.val(stored))
      if (this.val(recv).has('state')) this.aliasState(stored)
    }
    if (recv && ELEMENT_CALLBACKS.has(name) && call.arguments[0]) this.callback(call.arguments[0], [field(this.flow, this.val(recv), '[]')], async, call)
    if (recv && name === 'reduce' && call.arguments[0]) this.callback(call.arguments[0], [NONE, field(this.flow, this.val(recv), '[]')], async, call)
    if (name === 'CreateThread' && call.arguments[0]) return this.callback(call.arguments[0], [mapVal(call.arguments[1] ? this.val(call.arguments[1]) : NONE, stale)], true, call)
    const callee = this.callee(call)
    if (callee === 'nested') {
      const fn = this.flow.resolve(this.file, call)!
      fn.parameters.forEach((p, i) => call.arguments[i] && this.bindName(p.name, this.val(call.arguments[i]!)))
    } else if (callee) this.instantiate(callee, this.argsOf(call), async, call)
    else if (!ELEMENT_CALLBACKS.has(name) && name !== 'reduce')
      // A function handed to code we cannot follow (a work queue, a timer, a promise) runs later on data of its
      // own: its parameters are driver state, whatever that state holds.
      for (const a of call.arguments) {
        const fn = unwrap(a)
        if (isFunctionLike(fn)) fn.parameters.forEach((p) => this.bindName(p.name, STATE))
        else {
          const target = this.flow.resolve(this.file, fn)
          if (target && target !== this.fn && !this.file.entryOf.has(target)) this.flow.addCallbackRoot(target)
        }
      }
  }

  /** A function argument called with `params`: inline (this environment) or a helper (its summary). */
  private callback(cb: ts.Expression, params: Val[], async: boolean, at: ts.CallExpression): void {
    const fn = unwrap(cb)
    if (isFunctionLike(fn)) return fn.parameters.forEach((p, i) => this.bindName(p.name, params[i] ?? NONE))
    const target = this.flow.resolve(this.file, fn)
    if (target && target !== this.fn && !this.file.entryOf.has(target)) this.instantiate(target, new Args(this.flow, params), async, at)
  }

  private instantiate(callee: FunctionLike, args: Args, async: boolean, at: ts.CallExpression): void {
    const s = this.flow.summary(callee)
    this.flow.dependsOn(callee)
    for (const d of s.derefs) this.derefs.push({ ...d, atoms: args.substAll(d.atoms), async: d.async || async, via: [at, ...d.via] })
    for (const st of s.stores) {
      if (st.key) this.storeVar(st.key, args.substAll(st.val))
      else this.storeInto(args.substAll(st.obj), st.field, args.substAll(st.val))
    }
  }

  private inThread(n: ts.Node): boolean {
    return this.threadRoutines.some((r) => n.pos >= r.pos && n.end <= r.end)
  }

  private bindName(b: ts.BindingName, v: Val): void {
    if (ts.isIdentifier(b)) return this.assign(b, v)
    for (const el of b.elements) {
      if (ts.isOmittedExpression(el)) continue
      const prop = ts.isObjectBindingPattern(b)
        ? el.propertyName && ts.isIdentifier(el.propertyName) ? el.propertyName.text : ts.isIdentifier(el.name) ? el.name.text : undefined
        : '[]'
      if (prop) this.bindName(el.name, field(this.flow, v, prop))
    }
  }

  private assign(target: ts.Expression | ts.Identifier, v: Val): void {
    const t = unwrap(target)
    if (ts.isIdentifier(t)) {
      if (this.locals.has(t.text)) this.grow(t.text, v)
      else this.storeVar(stateVar(this.file, t.text), v)
      return
    }
    if (ts.isPropertyAccessExpression(t) || ts.isElementAccessExpression(t)) {
      const name = ts.isPropertyAccessExpression(t) ? t.name.text : '[]'
      this.assignField(t.expression, name, v)
    }
  }

  /** `obj.name = v`: a local record grows the field; driver state and a caller's object get a store. */
  private assignField(obj: ts.Expression, name: string, v: Val): void {
    const path: string[] = [name]
    let root = unwrap(obj)
    while (ts.isPropertyAccessExpression(root) || ts.isElementAccessExpression(root)) {
      path.unshift(ts.isPropertyAccessExpression(root) ? root.name.text : '[]')
      root = unwrap(root.expression)
    }
    if (ts.isIdentifier(root) && this.locals.has(root.text)) this.grow(root.text, path.reduceRight((acc, f) => prefixed(f, acc), v))
    this.storeInto(this.val(obj), name, v)
  }

  /** A local record stored into driver state is that state from then on: what others store into it, it holds. */
  private aliasState(e: ts.Expression): void {
    const x = unwrap(e)
    if (ts.isIdentifier(x) && this.locals.has(x.text)) this.grow(x.text, STATE)
  }

  private assignElement(recv: ts.Expression, v: Val): void {
    this.assignField(recv, '[]', v)
  }

  private storeInto(obj: Val, name: string, v: Val): void {
    if (obj.has('state')) {
      this.flow.storeHeap(`.${name}`, v)
      const later = symbolic(v)
      if (later.size > 0) this.stores.push({ obj: STATE, field: name, val: later })
    }
    const sym = [...obj].filter((a) => a.startsWith('$'))
    if (sym.length > 0 && [...v].some((a) => a !== 'state')) this.stores.push({ obj: new Set(sym), field: name, val: v })
  }

  private storeVar(key: string, v: Val): void {
    this.flow.storeHeap(key, v)
    const later = symbolic(v)
    if (later.size > 0) this.stores.push({ obj: NONE, field: '', val: later, key })
  }

  private grow(name: string, v: Val): void {
    let cur = this.env.get(name)
    if (!cur) this.env.set(name, (cur = new Set()))
    for (const a of v)
      if (a.length <= MAX_ATOM && !cur.has(a)) {
        cur.add(a)
        if (this.readNames.has(name)) this.grew = true
      }
  }
}

/** Argument values at one call: substitutes a summary's $i atoms. */
class Args {
  constructor(
    private readonly flow: Flow,
    private readonly values: readonly Val[],
  ) {}

  substAll(v: Val): Val {
    let out: Set<Atom> | undefined
    for (const a of v) {
      const s = this.subst(a)
      if (s.size === 1 && s.has(a)) (out ??= new Set()).add(a)
      else add((out ??= new Set()), s)
    }
    return out ?? NONE
  }

  private subst(a: Atom): Val {
    if (a.startsWith('*')) return deref(this.subst(a.slice(1)))
    if (a.startsWith('f:')) {
      const eq = a.indexOf('=')
      return prefixed(a.slice(2, eq), this.subst(a.slice(eq + 1)))
    }
    if (!a.startsWith('$')) return new Set([a])
    const [head, ...path] = a.split('.')
    let v = this.values[Number(head!.slice(1))] ?? NONE
    for (const f of path) v = field(this.flow, v, f)
    return v
  }
}

const STATE: Val = new Set(['state'])
const CALLER = new Set(['in', 'out', 'in@', 'out@', 'emb', 'mar', 'mar-in', 'async', 'dup'])

/** A word read through a pointer of each atom: caller memory gives an embedded pointer. */
export function deref(v: Val): Val {
  const out = new Set<Atom>()
  for (const a of v) {
    if (CALLER.has(a)) out.add('emb')
    else if (a.startsWith('$')) out.add(`*${a}`)
    else if (a.startsWith('*')) out.add(a)
  }
  return out
}

function field(flow: Flow, v: Val, name: string): Val {
  const out = new Set<Atom>()
  const pre = `f:${name}=`
  for (const a of v) {
    if (a.startsWith(pre)) out.add(a.slice(pre.length))
    else if (a === 'state') {
      out.add('state')
      for (const h of flow.readHeap(`.${name}`) ?? []) out.add(h)
    } else if (a.startsWith('R:')) {
      if (name === 'ptr') out.add(a.slice(2))
    } else if (a.startsWith('$') && a.split('.').length <= 3) out.add(`${a}.${name}`)
  }
  return out
}

function prefixed(name: string, v: Val): Val {
  const out = new Set<Atom>()
  for (const a of v) if (a !== 'state') out.add(`f:${name}=${a}`)
  return out
}

/** A pointer parameter read back out of driver state or handed to a thread: its call has returned, or soon will. */
function stale(a: Atom): Atom {
  if (a === 'in' || a === 'out') return `${a}@`
  if (a.startsWith('f:')) {
    const eq = a.indexOf('=')
    return `${a.slice(0, eq + 1)}${stale(a.slice(eq + 1))}`
  }
  return a
}

function madeBy(call: ts.CallExpression): string | undefined {
  const name = calleeName(call)
  const desc = call.arguments[2]?.getText() ?? ''
  if (name === 'CeOpenCallerBuffer') return /\bARG_I_/.test(desc) ? 'mar-in' : 'mar'
  if (name === 'CeAllocAsynchronousBuffer') return 'async'
  if (name === 'CeAllocDuplicateBuffer') return 'dup'
  return undefined
}

/** The atoms that still name the summarised unit's parameters. */
function symbolic(v: Val): Val {
  let out: Set<Atom> | undefined
  for (const a of v) if (a.includes('$')) (out ??= new Set()).add(a)
  return out ?? NONE
}

/** Does a summary keep its i-th parameter past the call: return it, or store it (or what it holds) anywhere? */
export function keepsParam(s: Summary, i: number): boolean {
  const mentions = (v: Val) => [...v].some((a) => a.replace(/^(f:[^=]+=)+/, '') === `$${i}`)
  return mentions(s.ret) || s.stores.some((st) => mentions(st.val))
}

const mapVal = (v: Val, f: (a: Atom) => Atom): Val => new Set([...v].map(f))
const union = (a: Val, b: Val): Val => (b.size === 0 ? a : a.size === 0 ? b : new Set([...a, ...b]))
const unionAll = (vs: Val[]): Val => vs.reduce(union, NONE)

function add(into: Set<Atom>, v: Val): void {
  for (const a of v) into.add(a)
}

function isAssignment(k: ts.SyntaxKind): boolean {
  const K = ts.SyntaxKind
  return k === K.EqualsToken || k === K.QuestionQuestionEqualsToken || k === K.BarBarEqualsToken
}

function enclosing(n: ts.Node): FunctionLike | undefined {
  for (let p = n.parent; p; p = p.parent) if (isFunctionLike(p)) return p
  return undefined
}

const stateVar = (file: FileModel, name: string): string => `var:${file.rel}:${name}`

/** Names declared in `fn` and every function nested in it: the unit's locals (the rest is driver state). */
/** A unit's declared names and the nodes its passes visit, from one walk of its body (kept for later rounds). */
interface Shape {
  locals: Set<string>
  effects: ts.Node[]
}

const shapes = new WeakMap<FunctionLike, Shape>()

function shapeOf(fn: FunctionLike): Shape {
  let shape = shapes.get(fn)
  if (shape) return shape
  const locals = new Set<string>()
  const effects: ts.Node[] = []
  const addName = (b: ts.BindingName): void => {
    if (ts.isIdentifier(b)) locals.add(b.text)
    else for (const el of b.elements) if (!ts.isOmittedExpression(el)) addName(el.name)
  }
  const note = (n: ts.Node): void => {
    if (ts.isVariableDeclaration(n) || ts.isParameter(n)) addName(n.name)
    else if (ts.isFunctionDeclaration(n) && n.name) locals.add(n.name.text)
    if (hasEffect(n)) effects.push(n)
  }
  for (const p of fn.parameters) addName(p.name)
  if (fn.body) {
    if (hasEffect(fn.body)) effects.push(fn.body)
    walk(fn.body, note)
  }
  shapes.set(fn, (shape = { locals, effects }))
  return shape
}

/** The nodes Unit.visit acts on (it ignores every other node). */
function hasEffect(n: ts.Node): boolean {
  return (
    (ts.isVariableDeclaration(n) && n.initializer !== undefined) ||
    (ts.isBinaryExpression(n) && isAssignment(n.operatorToken.kind)) ||
    (ts.isForOfStatement(n) && ts.isVariableDeclarationList(n.initializer)) ||
    (ts.isReturnStatement(n) && n.expression !== undefined) ||
    ts.isCallExpression(n)
  )
}

/** The file's units: functions at module level or directly inside a driver's load function. */
export function unitsOf(file: FileModel): FunctionLike[] {
  const loads = new Set<ts.Node>(file.drivers.map((d) => d.load))
  const out: FunctionLike[] = []
  // A unit's nested functions are its closures, not units: the walk stops at each unit (most of a file's nodes).
  const visit = (n: ts.Node): void => {
    if (isFunctionLike(n) && !loads.has(n)) {
      out.push(n)
      return
    }
    ts.forEachChild(n, visit)
  }
  visit(file.sf)
  return out
}

/** The unit a node belongs to. */
export function unitOf(file: FileModel, node: ts.Node): FunctionLike | undefined {
  const loads = new Set<ts.Node>(file.drivers.map((d) => d.load))
  let last: FunctionLike | undefined
  for (let p: ts.Node | undefined = node.parent; p; p = p.parent) {
    if (!isFunctionLike(p)) continue
    if (loads.has(p)) return last
    last = p
  }
  return last
}

function exportedFunctions(f: FileModel): Map<string, FunctionLike> {
  const out = new Map<string, FunctionLike>()
  for (const st of f.sf.statements) {
    const exported = ts.canHaveModifiers(st) && ts.getModifiers(st)?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword)
    if (!exported) continue
    if (ts.isFunctionDeclaration(st) && st.name) out.set(st.name.text, st)
    else if (ts.isVariableStatement(st))
      for (const d of st.declarationList.declarations) {
        const init = d.initializer && unwrap(d.initializer)
        if (ts.isIdentifier(d.name) && init && isFunctionLike(init)) out.set(d.name.text, init)
      }
  }
  return out
}
