// Sync-or-async sequencing. A driver entry point may return a value or a promise; the kernel continues
// synchronously for a value and after settlement for a promise, so a driver that never blocks costs no promise.

const isThenable = (r: unknown): r is Promise<unknown> =>
  r !== null && typeof r === 'object' && typeof (r as { then?: unknown }).then === 'function'

/** Run `fn`, then `ok` with its value or `err` with its exception. */
export function settle<T, R>(fn: () => T | Promise<T>, ok: (v: T) => R, err: (e: unknown) => R): R | Promise<R> {
  let r: T | Promise<T>
  try {
    r = fn()
  } catch (e) {
    return err(e)
  }
  if (isThenable(r)) return (r as Promise<T>).then(ok, err)
  return ok(r as T)
}

/** `f(v)` now if `v` is a value, after it resolves if it is a promise. */
// Not named `then`: a module exporting `then` is itself a thenable, and `await import()` would call it.
export function andThen<T, R>(v: T | Promise<T>, f: (v: T) => R | Promise<R>): R | Promise<R> {
  return isThenable(v) ? (v as Promise<T>).then(f) : f(v as T)
}

export { isThenable }
