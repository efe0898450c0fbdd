// What inference believes about each 32-bit word of an IOCTL's input, and why: every belief carries the
// observations (with their trace lines) it rests on, so the printed description can say why it says what it says.
import type { Direction } from '../describe/pointers.js'

export interface PtrBelief {
  kind: 'ptr'
  dir: Direction
  /** The word holding the pointee's size, when the driver's size came from one. */
  len?: number
  /** The pointee's size when no word gave it (the driver used a fixed size). */
  size?: number
  /** The largest length the driver accepted for it (bound search), when it has a length word. */
  max?: number
  /** The smallest length it accepted. */
  min?: number
}

export interface LenBelief {
  kind: 'len'
  of: number
}

/** A selector or enum: the values that made the call succeed, among those tried. */
export interface EnumBelief {
  kind: 'enum'
  values: number[]
}

/** A bound: every value from min to max succeeded where tried, and values past max failed. */
export interface BoundBelief {
  kind: 'bound'
  min: number
  max: number
}

/** A plain word: the driver's outcome did not depend on its value (or inference could not tell). */
export interface WordBelief {
  kind: 'word'
}

export type Role = PtrBelief | LenBelief | EnumBelief | BoundBelief | WordBelief

/** Where a field of the input is: its byte offset and width (a word, or a narrower field the driver read as such). */
export interface Unit {
  at: number
  size: 1 | 2 | 4
}

export interface Belief extends Unit {
  role: Role
  /** Why: one line per observation, each ending with the trace event it came from where there is one. */
  why: string[]
}

export interface Inferred {
  name: string
  code: number
  inSize: number
  outSize: number
  /**
   * One belief per field of lpInBuf, in order from offset 0: 4-byte words, split into the bytes and halfwords the
   * driver read as such; what follows the last field (past 64 bytes, or tail bytes never read alone) stays bytes.
   */
  words: Belief[]
  /** The driver keeps the caller's memory after the call returns (an asynchronous buffer, or writes after return). */
  async: string | null
  /** Whether the call built from these beliefs succeeded (false: the success path was not found). */
  succeeded: boolean
  probes: number
}
