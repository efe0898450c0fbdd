// The scheduler's turn probe: waiters run at the next turn of the event loop, in the order they asked; a cancelled
// waiter does not run; one immediate at a time serves them all.
import { expect, test } from 'vitest'
import { TurnProbe } from '../../src/process/turn-probe.js'

const immediates = () => process.getActiveResourcesInfo().filter((r) => r === 'Immediate').length

test('waiters run at the next turn, in order; a cancelled one does not', async () => {
  const p = new TurnProbe()
  const ran: string[] = []
  p.wait(() => ran.push('a'))
  const cancel = p.wait(() => ran.push('b'))
  void p.next().then(() => ran.push('next'))
  p.wait(() => ran.push('c'))
  cancel()
  await Promise.resolve()
  expect(ran).toEqual([]) // microtasks are not a turn
  await new Promise((res) => setImmediate(res))
  await Promise.resolve()
  expect(ran).toEqual(['a', 'c', 'next'])
})

test('one immediate serves every waiter until the turn; cancelled waiters are gone from it', async () => {
  const p = new TurnProbe()
  const before = immediates()
  const ran: number[] = []
  const cancels = [1, 2, 3].map((n) => p.wait(() => ran.push(n)))
  expect(immediates()).toBe(before + 1)
  cancels[0]!()
  cancels[2]!()
  cancels[2]!() // twice is harmless
  await new Promise((res) => setImmediate(res))
  expect(ran).toEqual([2])
  expect(immediates()).toBe(before)
  p.wait(() => ran.push(4)) // a new turn after the last one fired
  expect(immediates()).toBe(before + 1)
  await new Promise((res) => setImmediate(res))
  expect(ran).toEqual([2, 4])
})
