// The two client drivers of the sensor bus.
import { sensorClient } from './sensor-client.js'

/** tmpsens.dll: a temperature sensor; register 0 holds 1/256 °C, the reading is in centi-degrees. */
export const temperature = sensorClient({ dll: 'tmpsens.dll', reg: 0x00, convert: (raw) => Math.round((raw * 100) / 256) })

/** luxsens.dll: an ambient-light sensor; register 0x10 holds lux. */
export const light = sensorClient({ dll: 'luxsens.dll', reg: 0x10, convert: (raw) => raw })
