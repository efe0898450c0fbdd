// One call into the machine per memory access instead of two. binaryen's instrument-memory turns a load into
// `load_val_T(id, T.load(load_ptr(id, bytes, off, ptr)))` and a store into
// `T.store(store_ptr(id, bytes, off, ptr), store_val_T(id, value))`. For cedk, load_val_T is the identity (the
// pointer hook already staged the machine's bytes in scratch), so its call is dropped; and a store becomes
// `store_T(bytes, off, ptr, value)`: the same operands, evaluated in the same order, and the hook makes the checked,
// traced write once it has both, as store_val_T did after store_ptr had only noted the address. Each wasm→JS
// call costs about as much as the JavaScript of a hook (docs/c-drivers.md, "Speed").
import binaryen from 'binaryen'

type Ref = number
type Get = (e: Ref) => Ref
type Set = (e: Ref, child: Ref) => void

/** The expression classes of binaryen.js used here (its typings do not declare them). */
interface Wrappers {
  Block: { getNumChildren(e: Ref): number; getChildAt(e: Ref, i: number): Ref; setChildAt(e: Ref, i: number, c: Ref): void }
  Call: { getTarget(e: Ref): string; getNumOperands(e: Ref): number; getOperandAt(e: Ref, i: number): Ref; setOperandAt(e: Ref, i: number, c: Ref): void }
  CallIndirect: { getTarget: Get; setTarget: Set; getNumOperands(e: Ref): number; getOperandAt(e: Ref, i: number): Ref; setOperandAt(e: Ref, i: number, c: Ref): void }
  Store: { getPtr: Get; getValue: Get }
  Function: { getBody(f: binaryen.FunctionRef): Ref; setBody(f: binaryen.FunctionRef, body: Ref): void }
  [kind: string]: unknown
}
const W = binaryen as unknown as Wrappers

/** The store hooks the rewritten module imports from "env", by the stored value's type. */
export const FUSED_STORES: ReadonlyMap<binaryen.Type, string> = new Map([
  [binaryen.i32, 'store_i32'],
  [binaryen.i64, 'store_i64'],
  [binaryen.f32, 'store_f32'],
  [binaryen.f64, 'store_f64'],
])

/** The child slots of each expression kind clang's C output has (Block and the calls have lists, below). */
const slots = (kind: string, ...names: string[]): [Get, Set][] => {
  const k = W[kind] as Record<string, Get & Set>
  return names.map((n) => [k[`get${n}`]!, k[`set${n}`]!])
}
const SLOTS = new Map<number, [Get, Set][]>([
  [binaryen.IfId, slots('If', 'Condition', 'IfTrue', 'IfFalse')],
  [binaryen.LoopId, slots('Loop', 'Body')],
  [binaryen.BreakId, slots('Break', 'Condition', 'Value')],
  [binaryen.SwitchId, slots('Switch', 'Condition', 'Value')],
  [binaryen.LocalSetId, slots('LocalSet', 'Value')],
  [binaryen.GlobalSetId, slots('GlobalSet', 'Value')],
  [binaryen.LoadId, slots('Load', 'Ptr')],
  [binaryen.StoreId, slots('Store', 'Ptr', 'Value')],
  [binaryen.UnaryId, slots('Unary', 'Value')],
  [binaryen.BinaryId, slots('Binary', 'Left', 'Right')],
  [binaryen.SelectId, slots('Select', 'IfTrue', 'IfFalse', 'Condition')],
  [binaryen.DropId, slots('Drop', 'Value')],
  [binaryen.ReturnId, slots('Return', 'Value')],
  [binaryen.MemoryGrowId, slots('MemoryGrow', 'Delta')],
])
const LEAVES = new Set([binaryen.NopId, binaryen.LocalGetId, binaryen.GlobalGetId, binaryen.ConstId, binaryen.MemorySizeId, binaryen.UnreachableId])

/** Rewrite every function of `m` (run right after instrument-memory); throws naming the function on an expression
 *  kind it does not know. */
export function fuseMemoryHooks(m: binaryen.Module, dll: string): void {
  const hooks = new Map<string, string>() // internal name of an instrument-memory import -> its import name
  const bodies: binaryen.FunctionRef[] = []
  for (let i = 0; i < m.getNumFunctions(); i++) {
    const f = m.getFunctionByIndex(i)
    const info = binaryen.getFunctionInfo(f)
    if (info.module === 'env' && info.base !== null) hooks.set(info.name, info.base)
    else if (info.module === null || info.module === '') bodies.push(f)
  }
  const internal = new Map<string, string>() // fused hook -> its internal name
  for (const [type, name] of FUSED_STORES) {
    internal.set(name, `cedk$${name}`)
    m.addFunctionImport(`cedk$${name}`, 'env', name, binaryen.createType([binaryen.i32, binaryen.i32, binaryen.i32, type]), binaryen.none)
  }
  for (const f of bodies) {
    const name = binaryen.getFunctionInfo(f).name
    const fuser = new Fuser(m, hooks, internal, `${dll}: ${name}`)
    W.Function.setBody(f, fuser.rewrite(W.Function.getBody(f)))
  }
  for (const [inner, base] of hooks) if (base.startsWith('load_val_') || base.startsWith('store_')) m.removeFunction(inner)
}

class Fuser {
  constructor(
    private readonly m: binaryen.Module,
    private readonly hooks: ReadonlyMap<string, string>,
    private readonly fused: ReadonlyMap<string, string>,
    private readonly where: string,
  ) {}

  /** `e` with its subtree rewritten: the expression that takes its place. */
  rewrite(e: Ref): Ref {
    const id = binaryen.getExpressionId(e)
    this.children(e, id)
    if (id === binaryen.CallId && this.hookOf(e).startsWith('load_val_')) return W.Call.getOperandAt(e, 1)
    if (id === binaryen.StoreId && this.isCall(W.Store.getPtr(e), 'store_ptr')) return this.store(e)
    return e
  }

  private children(e: Ref, id: number): void {
    const edit = (get: Get, set: Set): void => {
      const c = get(e)
      if (c === 0) return
      const r = this.rewrite(c)
      if (r !== c) set(e, r)
    }
    if (id === binaryen.BlockId) {
      for (let i = 0; i < W.Block.getNumChildren(e); i++) edit((x) => W.Block.getChildAt(x, i), (x, c) => W.Block.setChildAt(x, i, c))
    } else if (id === binaryen.CallId || id === binaryen.CallIndirectId) {
      const k = id === binaryen.CallId ? W.Call : W.CallIndirect
      if (id === binaryen.CallIndirectId) edit(W.CallIndirect.getTarget, W.CallIndirect.setTarget)
      for (let i = 0; i < k.getNumOperands(e); i++) edit((x) => k.getOperandAt(x, i), (x, c) => k.setOperandAt(x, i, c))
    } else if (SLOTS.has(id)) {
      for (const [get, set] of SLOTS.get(id)!) edit(get, set)
    } else if (!LEAVES.has(id)) {
      throw new Error(`${this.where}: fusing the memory hooks met an expression binaryen numbers ${id}, which C drivers were not expected to contain`)
    }
  }

  /** `T.store(store_ptr(id, bytes, off, ptr), store_val_T(id, value))` as `store_T(bytes, off, ptr, value)`. */
  private store(e: Ref): Ref {
    const at = W.Store.getPtr(e)
    const value = W.Store.getValue(e)
    const [bytes, off, ptr] = [1, 2, 3].map((i) => W.Call.getOperandAt(at, i)) as [Ref, Ref, Ref]
    if (this.isCall(value, 'store_val_')) {
      const v = W.Call.getOperandAt(value, 1)
      const hook = FUSED_STORES.get(binaryen.getExpressionType(v))
      if (hook !== undefined) return this.m.call(this.fused.get(hook)!, [bytes, off, ptr, v], binaryen.none)
    }
    // instrument-memory leaves a store whose value never arrives (unreachable code) without a value hook; store_ptr
    // only noted the address, so the pointer's evaluation and then the value's are all that remain.
    if (binaryen.getExpressionType(value) === binaryen.unreachable) return this.m.block(null, [this.m.drop(ptr), value], binaryen.unreachable)
    throw new Error(`${this.where}: a store instrument-memory left without its value hook`)
  }

  private hookOf(call: Ref): string {
    return this.hooks.get(W.Call.getTarget(call)) ?? ''
  }

  private isCall(e: Ref, hookPrefix: string): boolean {
    return binaryen.getExpressionId(e) === binaryen.CallId && this.hookOf(e).startsWith(hookPrefix)
  }
}
