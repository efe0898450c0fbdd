// Makes an asynchronous buffer of the output and never frees it.
import { ARG_O_PTR, type ParamPtr } from '@cedk/kernel'
import { corpusDriver } from '../../harness.js'

export default corpusDriver('a02.dll', (ctx) => ({
  IOControl: (_h, _code, _pIn, _nIn, pOut: ParamPtr, nOut) => ctx.CeAllocAsynchronousBuffer(pOut, nOut, ARG_O_PTR).hr === 0,
}))
