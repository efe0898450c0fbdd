// Reports the error to its caller and leaves the UI to the application.
import { ERROR_GEN_FAILURE } from '@cedk/kernel'
import { corpusDriver } from '../../harness.js'

export default corpusDriver('u02.dll', (ctx) => ({
  IOControl: () => {
    ctx.SetLastError(ERROR_GEN_FAILURE)
    return false
  },
}))
