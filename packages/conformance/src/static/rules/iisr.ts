// CE6-P03: from user mode only GIISR can be installed, through the reflector.
import { callsOf } from '../source/file-model.js'
import { stringValue } from '../source/constants.js'
import type { StaticCheck } from './rule.js'

export const iisr: StaticCheck = {
  ids: ['CE6-P03'],
  check(file, emit) {
    for (const c of callsOf(file, 'LoadIntChainHandler')) {
      const [dllArg, handlerArg] = c.node.arguments
      const dll = (dllArg && stringValue(file, dllArg)) ?? file.registry?.isrDll
      const handler = (handlerArg && stringValue(file, handlerArg)) ?? file.registry?.isrHandler
      const bad = dll !== undefined && dll.toLowerCase() !== 'giisr.dll' ? `installs ${dll}` : handler !== undefined && handler !== 'ISRHandler' ? `installs handler ${handler}` : undefined
      if (bad)
        emit({ rule: 'CE6-P03', node: c.node, message: `LoadIntChainHandler ${bad}: a user-mode driver may install only giisr.dll / ISRHandler (the reflector checks it). Declare IsrDll="giisr.dll", IsrHandler="ISRHandler" and Irq in the registry and configure it with IOCTL_GIISR_INFO.` })
    }
  },
}
