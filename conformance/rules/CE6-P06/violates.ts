// Writes run-time state into its own (protected) device key.
import { HKEY_LOCAL_MACHINE, REG_DWORD } from '@cedk/kernel'
import { KEY, corpusDriver } from '../../harness.js'

export default corpusDriver('p06.dll', (ctx) => ({
  IOControl: () => {
    const { hKey } = ctx.RegOpenKeyEx(HKEY_LOCAL_MACHINE, KEY)
    const err = ctx.RegSetValueEx(hKey, 'Count', { type: REG_DWORD, data: 1 })
    ctx.RegCloseKey(hKey)
    return err === 0
  },
}))
