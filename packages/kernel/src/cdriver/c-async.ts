// Blocking calls for C drivers (docs/decisions.md, "C drivers: blocking calls"). A simulated thread is an async
// function; C code cannot await, so the build runs binaryen's asyncify (blocking.ts) and this file drives it:
//
// - every call into the C code from outside (an entry point, a thread routine, a callback) is an *activation*;
// - when a blocking import gets a promise from the kernel, it starts an unwind: the wasm frames save their locals
//   into the activation's buffer in linear memory and return to the activation, which stops the unwind, parks the
//   activation's C stack pointer, and returns a promise to the kernel (the thread blocks); a store the C code was
//   making keeps its address in the saved frame (one hook call per store: scripts/c-build/fuse-memory-hooks.ts);
// - when the kernel's promise settles, the activation rewinds: it calls the same export again, the frames restore
//   their locals, and the blocking import returns the kernel's answer (or throws its error) where it was called.
//
// Each activation runs on a C stack of its own, so threads blocked inside the driver keep their frames apart: the
// stack wasm-ld linked into the image when it is free, else one from CImage (in the driver's process, like a
// thread's stack in CE). That holds for an activation entered while another one runs (the driver called the kernel,
// which called the driver again): the inner one may block while the outer one goes on.
import { UsageError } from '../errors/exceptions.js'
import type { CImage } from './c-image.js'
import type { CMemoryHooks } from './memory-hooks.js'

const enum State {
  Normal = 0,
  Unwinding = 1,
  Rewinding = 2,
}

/** Bytes of saved wasm frames an activation may hold while blocked (locals of every frame on its call chain). */
const DATA_SIZE = 64 * 1024
const WASM_PAGE = 64 * 1024

interface AsyncExports {
  asyncify_start_unwind(data: number): void
  asyncify_stop_unwind(): void
  asyncify_start_rewind(data: number): void
  asyncify_stop_rewind(): void
  asyncify_get_state(): number
}

/** What the kernel answered a blocked import: its value, or the error to raise where the import was called. */
type Answer = { ok: true; value: number } | { ok: false; error: unknown }

interface Activation {
  fn: CFunction
  args: [number, number, number, number, number, number, number]
  /** The asyncify buffer in linear memory (0 until the activation first blocks). */
  data: number
  /** The top of the C stack this activation runs on, and its stack pointer while blocked. */
  stackTop: number
  sp: number
  /** Set by the blocking import: what the kernel returned. */
  promise: Promise<number> | null
  answer: Answer | null
}

/** A function of the module (an export, or a table entry) and its arguments. */
export type CFunction = (...a: number[]) => unknown

/** The frames a blocking thread saved did not fit its buffer (asyncify_stop_unwind trapped). */
class FramesOverflow extends Error {}

export class CAsync {
  private readonly ex: AsyncExports | null
  /** Activations on the JS stack, innermost last. */
  private readonly running: Activation[] = []
  /** Stacks (their tops) not held by a blocked or running activation. */
  private readonly freeStacks: number[] = []
  private readonly freeData: number[] = []
  private dataEnd: number
  /** block() started an unwind that blocked() or abandon() has not stopped: asyncify's state kept on this side too,
   *  so that an entry point that returned does not call into the module to ask (on every IOControl). */
  private unwindStarted = false
  /** An activation that returned, for the next one to reuse (no allocation per IOControl). */
  private spare: Activation | null = null

  constructor(
    private readonly dll: string,
    exports: WebAssembly.Exports,
    private readonly memory: WebAssembly.Memory,
    private readonly hooks: CMemoryHooks,
    private readonly sp: WebAssembly.Global,
    private readonly image: CImage,
  ) {
    this.ex = typeof exports['asyncify_get_state'] === 'function' ? (exports as unknown as AsyncExports) : null
    this.freeStacks.push(sp.value >>> 0)
    // The buffers go above the hooks' scratch memory, in pages grown for them.
    this.dataEnd = hooks.scratchEnd
  }

  /** Rewinding: the import being called is where a blocked activation resumes. */
  get rewinding(): boolean {
    return this.ex !== null && this.ex.asyncify_get_state() === State.Rewinding
  }

  /** Unwinding: the C code below a JS frame (CeTryCall's body) blocked; let the unwind pass through. */
  get unwinding(): boolean {
    return this.unwindStarted
  }

  /** Call `fn` of the C code as an activation: its result, or a promise of it if the C code blocked. Fixed arity (7,
   *  the most an entry point takes), no rest array: this runs on every IOControl. */
  run(fn: CFunction, a = 0, b = 0, c = 0, d = 0, e = 0, f = 0, g = 0): unknown {
    const act = this.begin(fn, a, b, c, d, e, f, g)
    const before = this.sp.value
    // The common case runs on the stack the pointer already tops: no WebAssembly.Global write (~30 ns) each way.
    if (act.stackTop !== before) this.sp.value = act.stackTop
    this.running.push(act)
    let r: unknown
    try {
      r = fn(a, b, c, d, e, f, g)
      if (!this.blocked(act)) {
        this.finish(act, before, true)
        return r
      }
    } catch (err) {
      return this.abandon(act, before, err)
    } finally {
      this.running.pop()
    }
    this.sp.value = before
    return this.resume(act)
  }

  /**
   * A blocking import's answer: `value` itself, or — when it is a promise — 0 after starting the unwind that
   * suspends the C code; called again while rewinding, the kernel's answer.
   */
  block(answer: () => number | Promise<number>): number {
    if (this.rewinding) return this.resumed()
    const v = answer()
    if (typeof v === 'number') return v
    const act = this.running[this.running.length - 1]
    if (this.ex === null || act === undefined) {
      throw new UsageError(`${this.dll}: a blocking call in a module built without asyncify (rebuild it with npm run build:c)`)
    }
    act.promise = v
    if (act.data === 0) act.data = this.allocData()
    const view = new DataView(this.memory.buffer)
    view.setUint32(act.data, act.data + 8, true)
    view.setUint32(act.data + 4, act.data + DATA_SIZE, true)
    this.ex.asyncify_start_unwind(act.data)
    this.unwindStarted = true
    return 0
  }

  private resumed(): number {
    this.ex!.asyncify_stop_rewind()
    const act = this.running[this.running.length - 1]!
    const a = act.answer!
    act.answer = null
    if (!a.ok) throw a.error
    return a.value
  }

  private begin(fn: CFunction, a: number, b: number, c: number, d: number, e: number, f: number, g: number): Activation {
    const stackTop = this.freeStacks.pop() ?? this.image.newStack()
    const act = this.spare
    if (act === null) return { fn, args: [a, b, c, d, e, f, g], data: 0, stackTop, sp: 0, promise: null, answer: null }
    this.spare = null
    const x = act.args
    x[0] = a
    x[1] = b
    x[2] = c
    x[3] = d
    x[4] = e
    x[5] = f
    x[6] = g
    act.fn = fn
    act.data = 0
    act.stackTop = stackTop
    return act
  }

  /** After the C code returned: did it return because it is unwinding to block? Then park the activation. */
  private blocked(act: Activation): boolean {
    if (!this.unwindStarted) return false
    this.unwindStarted = false
    try {
      this.ex!.asyncify_stop_unwind()
    } catch (e) {
      // stop_unwind checks that the saved frames fit the buffer (it traps after setting the state back to normal).
      throw e instanceof WebAssembly.RuntimeError ? new FramesOverflow() : e
    }
    act.sp = this.sp.value
    return true
  }

  /** Wait for what the blocked activation waits for, then rewind it (again, each time it blocks). */
  private async resume(act: Activation): Promise<unknown> {
    for (;;) {
      try {
        act.answer = { ok: true, value: await act.promise! }
      } catch (error) {
        act.answer = { ok: false, error }
      }
      act.promise = null
      const before = this.sp.value
      this.sp.value = act.sp
      this.running.push(act)
      try {
        this.ex!.asyncify_start_rewind(act.data)
        const r = act.fn(...act.args)
        if (!this.blocked(act)) {
          this.finish(act, before, true)
          return r
        }
      } catch (e) {
        return this.abandon(act, before, e)
      } finally {
        this.running.pop()
      }
      this.sp.value = before
    }
  }

  /** The activation ended: its stack and buffer go back to the pools, the stack pointer to what it was before. When
   *  the C code returned, its epilogues left the pointer at the top of the activation's stack. */
  private finish(act: Activation, spBefore: number, returned: boolean): void {
    if (!returned || act.stackTop !== spBefore) this.sp.value = spBefore
    this.freeStacks.push(act.stackTop)
    if (act.data !== 0) this.freeData.push(act.data)
    if (returned) this.spare = act
  }

  /**
   * The activation ended by an exception (a fault, a hang, a killed thread): wasm ran no epilogues; the exception
   * is thrown on. If the C code had started a wait (its frames did not fit the buffer), the error comes once the
   * kernel's wait is over, so the thread's state in the scheduler stays consistent.
   */
  private abandon(act: Activation, spBefore: number, err: unknown): Promise<never> {
    const state = this.ex === null ? State.Normal : this.ex.asyncify_get_state()
    // An exception thrown while unwinding or rewinding leaves asyncify mid-way; put it back to normal.
    if (state !== State.Normal) this.stopAfterTrap(state)
    this.unwindStarted = false
    this.finish(act, spBefore, false)
    const started = act.promise
    act.promise = null
    // Saved frames past the end of the linear memory trap while unwinding; past the buffer, in stop_unwind.
    const overflow = err instanceof FramesOverflow || (state === State.Unwinding && err instanceof WebAssembly.RuntimeError)
    const error = overflow
      ? new UsageError(`${this.dll}: a thread blocked with more than ${DATA_SIZE / 1024} KiB of C frames to save (deep recursion around a blocking call?)`)
      : err
    if (started === null) throw error
    return started.then(
      () => Promise.reject(error),
      () => Promise.reject(error),
    )
  }

  /** Back to the normal state after an exception mid-unwind or mid-rewind. stop_unwind checks the buffer's bounds
   *  once the state is normal again, and traps if the frames overflowed: that trap is the one being handled. */
  private stopAfterTrap(state: State): void {
    try {
      if (state === State.Unwinding) this.ex!.asyncify_stop_unwind()
      else this.ex!.asyncify_stop_rewind()
    } catch (e) {
      if (!(e instanceof WebAssembly.RuntimeError)) throw e
    }
  }

  private allocData(): number {
    const reused = this.freeData.pop()
    if (reused !== undefined) return reused
    const at = this.dataEnd
    this.dataEnd += DATA_SIZE
    const need = Math.ceil(this.dataEnd / WASM_PAGE) - this.memory.buffer.byteLength / WASM_PAGE
    if (need > 0) {
      this.memory.grow(need)
      this.hooks.refresh()
    }
    return at
  }
}
