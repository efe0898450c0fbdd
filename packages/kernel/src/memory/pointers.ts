// Branded pointer types, like sparse's `__user`: every pointer is a plain `number` at run time, but the type
// says where it came from. `ctx.mem` accepts only pointers a driver may dereference; a number read out of a
// caller's buffer is a plain `number`, and CeOpenCallerBuffer is the way to turn it into one. So `tsc` itself
// rejects the commonest CE6 porting bug: dereferencing an embedded pointer without marshalling it.

declare const brand: unique symbol
type Brand<K extends string> = number & { readonly [brand]: K }

/** A first-level pointer parameter of an entry point: the kernel has access-checked it for this call only. */
export type ParamPtr = Brand<'param'>
/** Memory the driver owns: its heap, VirtualAlloc, mapped device windows. */
export type OwnPtr = Brand<'own'>
/** A buffer returned by CeOpenCallerBuffer / CeAllocDuplicateBuffer: valid until it is closed or freed. */
export type MarshalledPtr = Brand<'marshalled'>
/** A buffer returned by CeAllocAsynchronousBuffer: valid after the call returns, until it is freed. */
export type AsyncPtr = Brand<'async'>
/** A pointer obtained through the explicit unsafe cast: accepted by ctx.mem, flagged by the verifier and the analyzer. */
export type UnsafePtr = Brand<'unsafe'>
/** A pointer in the caller's own address space, held by test code (caller side). */
export type UserPtr = Brand<'user'>

/** Anything `ctx.mem` accepts. A plain number is not one of these. */
export type Ptr = ParamPtr | OwnPtr | MarshalledPtr | AsyncPtr | UnsafePtr

export const NULL = 0 as never

/** Pointer arithmetic that keeps the brand: `offset(p, 4)` is still a `P`. */
export function offset<P extends Ptr | UserPtr>(p: P, bytes: number): P {
  return ((p + bytes) >>> 0) as P
}

/** A caller-side pointer from a number (test code builds hostile pointers this way). */
export const userPtr = (n: number): UserPtr => (n >>> 0) as UserPtr
