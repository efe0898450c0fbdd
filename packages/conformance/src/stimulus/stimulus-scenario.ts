// The scenario suite's use of hardware events: with the device open, each event fires once while nothing is
// pending (an interrupt nobody waits for), then each IOCTL is started with valid buffers and every event fires while
// it may be blocked in the driver (an IST completing a waiting call), in the order the spec lists them.
import type { ScenarioRun, Scenario } from '../spec-api/scenarios.js'
import { ioctlWithValidBuffers } from '../spec-api/scenarios.js'
import type { IoctlSpec } from '../spec-api/options.js'
import { fireEvent, type HardwareEvent } from './hardware-event.js'

export function stimulusScenario(ioctls: readonly IoctlSpec[], events: readonly HardwareEvent[]): Scenario {
  return {
    title: `hardware events during each IOCTL (${events.map((e) => e.name).join(', ')})`,
    async run(s: ScenarioRun) {
      await s.activate()
      const app = s.process('app.exe')
      const h = await s.open(app)
      const target = { machine: s.dm.machine, hardware: s.dm.hardware }
      for (const e of events) await fireEvent(target, e, 0)
      for (const io of ioctls) {
        // Settled into a value at once: a hang or bugcheck while the events fire must not go unhandled.
        const call = ioctlWithValidBuffers(app, h, io).then(
          () => null,
          (err: unknown) => err,
        )
        for (const e of events) await fireEvent(target, e, 0)
        const err = await call
        if (err) throw err
      }
      await app.CloseHandle(h)
      await s.deactivate()
    },
  }
}
