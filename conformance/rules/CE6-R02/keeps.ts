// Fails the request with ERROR_INVALID_PARAMETER.
import { ERROR_INVALID_PARAMETER } from '@cedk/kernel'
import { corpusDriver } from '../../harness.js'

export default corpusDriver('r02.dll', (ctx) => ({
  IOControl: (_h, code) => {
    if (code === 2) return true
    ctx.SetLastError(ERROR_INVALID_PARAMETER)
    return false
  },
}))
