// One IOCTL of a driver, described once: its name, code, and the layouts of its input and output buffers. The
// generators, the properties and the model commands all work from these.
import type { OptionalBuffers } from '../../spec-api/options.js'
import type { Infer, StructDesc } from './struct.js'

export interface IoctlDesc<N extends string = string, I extends StructDesc | undefined = StructDesc | undefined, O extends StructDesc | undefined = StructDesc | undefined> {
  readonly name: N
  readonly code: number
  /** Layout of lpInBuf (none: the IOCTL takes no input). */
  readonly in: I
  /** Layout of lpOutBuf (none: the IOCTL returns nothing). */
  readonly out: O
  /**
   * The driver keeps the caller's buffers after it returns (async I/O): the exit-while-held case targets it, and a
   * read-only lpOutBuf need not fail the call (the driver writes it later, from its own thread).
   */
  readonly async?: boolean
  /** First-level buffers the driver accepts as NULL (a default input, no output wanted): NULL there is no bad pointer. */
  readonly optional?: OptionalBuffers
}

export type IoctlSet = readonly IoctlDesc[]

/** The decoded input of an IOCTL (`undefined` when it takes none). */
export type InputOf<D extends IoctlDesc> = D['in'] extends StructDesc ? Infer<D['in']> : undefined
/** The decoded output of an IOCTL (`undefined` when it returns none). */
export type OutputOf<D extends IoctlDesc> = D['out'] extends StructDesc ? Infer<D['out']> : undefined

export function ioctl<N extends string, I extends StructDesc | undefined = undefined, O extends StructDesc | undefined = undefined>(
  name: N,
  code: number,
  layout: { in?: I; out?: O; async?: boolean; optional?: OptionalBuffers } = {},
): IoctlDesc<N, I, O> {
  return { name, code, in: layout.in as I, out: layout.out as O, ...(layout.async && { async: true }), ...(layout.optional && { optional: layout.optional }) }
}

const indexes = new WeakMap<IoctlSet, ReadonlyMap<string, IoctlDesc>>()

/** The IOCTL of a set by name, typed. The set is indexed once (the property runner looks one up per call). */
export function byName<S extends IoctlSet, N extends S[number]['name']>(set: S, name: N): Extract<S[number], { name: N }> {
  let index = indexes.get(set)
  if (!index) indexes.set(set, (index = new Map(set.map((d) => [d.name, d]))))
  const d = index.get(name)
  if (!d) throw new Error(`no IOCTL named ${name}`)
  return d as Extract<S[number], { name: N }>
}
