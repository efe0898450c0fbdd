// How the thermal drivers tell the user about an over-temperature: a message box with the reading.
import type { DriverContext } from '@cedk/kernel'

export function showOverTemperature(ctx: DriverContext, tenths: number): boolean {
  return ctx.MessageBox(0, `The device is at ${(tenths / 10).toFixed(1)} °C and will throttle.`, 'Temperature') !== 0
}
