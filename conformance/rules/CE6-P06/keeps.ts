// Keeps run-time state under HKLM\Software\Vendor.
import { HKEY_LOCAL_MACHINE, REG_DWORD } from '@cedk/kernel'
import { corpusDriver } from '../../harness.js'

export default corpusDriver('p06.dll', (ctx) => ({
  IOControl: () => {
    const { hKey } = ctx.RegCreateKeyEx(HKEY_LOCAL_MACHINE, 'Software\\Vendor')
    const err = ctx.RegSetValueEx(hKey, 'Count', { type: REG_DWORD, data: 1 })
    ctx.RegCloseKey(hKey)
    return err === 0
  },
}))
