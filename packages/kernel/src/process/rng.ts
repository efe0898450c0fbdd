// A small seeded PRNG (xoshiro128**, seeded with a splitmix32-style mixer): the only source of "randomness" in
// the machine. Math.random is never used, so every run is reproducible from its seed.

export class Rng {
  private s0: number
  private s1: number
  private s2: number
  private s3: number

  constructor(readonly seed: number) {
    let x = seed >>> 0
    const next = (): number => {
      x = (x + 0x9e3779b9) >>> 0
      let z = x
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0
      return (z ^ (z >>> 16)) >>> 0
    }
    this.s0 = next()
    this.s1 = next()
    this.s2 = next()
    this.s3 = next() || 1
  }

  /** xoshiro128** step: a uniformly distributed unsigned 32-bit integer. */
  nextU32(): number {
    const result = Math.imul(rotl(Math.imul(this.s1, 5), 7), 9) >>> 0
    const t = this.s1 << 9
    this.s2 ^= this.s0
    this.s3 ^= this.s1
    this.s1 ^= this.s2
    this.s0 ^= this.s3
    this.s2 ^= t
    this.s3 = rotl(this.s3, 11)
    return result
  }

  /** An integer in [0, n). */
  below(n: number): number {
    return n <= 1 ? 0 : this.nextU32() % n
  }
}

const rotl = (x: number, k: number): number => ((x << k) | (x >>> (32 - k))) >>> 0
