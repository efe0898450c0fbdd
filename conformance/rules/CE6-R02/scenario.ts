export { oneIoctl as scenario } from '../../io-scenario.js'
