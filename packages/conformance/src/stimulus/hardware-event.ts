// Hardware stimulus: what a spec gives so the generated suites reach a driver's interrupt paths. An event is a
// function of the machine and its simulated devices (inject bytes into a UART, raise an IRQ line, complete a DMA);
// the scenario suite and the property suites interleave events with the driver calls, deterministically.
import type { HardwareSlot, Machine } from '@cedk/kernel'

/** What an event acts on: the machine of the run and the devices `hardware()` made for it, in slot order. */
export interface StimulusTarget {
  readonly machine: Machine
  readonly hardware: readonly HardwareSlot[]
}

/** One hardware event of a spec, e.g. `{ name: 'UART receives "ping"', fire: ({ hardware }) => uartOf(hardware).inject('ping') }`. */
export interface HardwareEvent {
  /** How the event is shown in failure listings and scenario titles. */
  name: string
  /** Make it happen. It runs between driver calls, on the test's side: it must not call into the driver. */
  fire(target: StimulusTarget): void | Promise<void>
}

/** Where an event lands in a generated program: after step `afterStep` starts and `delayMs` of virtual time. */
export interface EventPlan {
  /** The HardwareEvent's name (plans are plain data: they print and shrink by themselves). */
  event: string
  afterStep: number
  delayMs: number
}

/** Bad events get an error naming the option and the index, once, before any machine boots. */
export function checkEvents(events: readonly HardwareEvent[] | undefined): readonly HardwareEvent[] {
  if (events === undefined) return []
  if (!Array.isArray(events)) throw new TypeError('options.events must be an array of { name, fire } hardware events')
  const seen = new Set<string>()
  events.forEach((e: HardwareEvent, i) => {
    if (!e || typeof e.name !== 'string' || !e.name) throw new TypeError(`options.events[${i}]: name must be a non-empty string`)
    if (typeof e.fire !== 'function') throw new TypeError(`options.events[${i}] (${e.name}): fire must be a function of { machine, hardware }`)
    if (seen.has(e.name)) throw new TypeError(`options.events[${i}]: the name ${JSON.stringify(e.name)} is used twice (a generated program names its events)`)
    seen.add(e.name)
  })
  return events
}

/**
 * Let the driver run up to where it blocks (or `delayMs` of virtual time pass), fire the event, and let the driver
 * react (its IST runs before the next step). A bugcheck or a hang raised here reaches the caller like a call's.
 */
export async function fireEvent(target: StimulusTarget, event: HardwareEvent, delayMs: number): Promise<void> {
  await (delayMs > 0 ? target.machine.advance(delayMs) : target.machine.run())
  await event.fire(target)
  await target.machine.run()
}

/** The event of a plan, by name (a replayed program names events of the current spec). */
export function eventNamed(events: readonly HardwareEvent[], name: string): HardwareEvent {
  const e = events.find((x) => x.name === name)
  if (!e) throw new Error(`the program fires hardware event ${JSON.stringify(name)}, which the spec's events do not name (they are: ${events.map((x) => JSON.stringify(x.name)).join(', ') || 'none'})`)
  return e
}
