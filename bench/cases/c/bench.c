/* bench.dll in C: the IOControl body of the TypeScript bench driver (bench/cases/kernel-ioctl.ts). It copies the
 * 16-byte input into a stack buffer, adds one to every byte, and copies the buffer to the output. Every load and
 * store clang -O2 leaves in the code goes through the machine's memory hooks. */
#include <windows.h>

#define BENCH_BUFFER_SIZE 16

CEDK_EXPORT(BEN_Init) DWORD BEN_Init(LPCTSTR pContext, LPVOID lpvBusContext) { (void)pContext; (void)lpvBusContext; return 1; }
CEDK_EXPORT(BEN_Deinit) BOOL BEN_Deinit(DWORD hDeviceContext) { (void)hDeviceContext; return TRUE; }
CEDK_EXPORT(BEN_Open) DWORD BEN_Open(DWORD hDeviceContext, DWORD AccessCode, DWORD ShareMode) { (void)hDeviceContext; (void)AccessCode; (void)ShareMode; return 1; }
CEDK_EXPORT(BEN_Close) BOOL BEN_Close(DWORD hOpenContext) { (void)hOpenContext; return TRUE; }

static void Transform(BYTE *pBuffer) {
  DWORD i;
  for (i = 0; i < BENCH_BUFFER_SIZE; i++) pBuffer[i] = (BYTE)(pBuffer[i] + 1);
}

CEDK_EXPORT(BEN_IOControl)
BOOL BEN_IOControl(DWORD hOpenContext, DWORD dwCode, PBYTE pBufIn, DWORD dwLenIn, PBYTE pBufOut, DWORD dwLenOut, PDWORD pdwActualOut) {
  BYTE buffer[BENCH_BUFFER_SIZE];
  (void)hOpenContext; (void)dwCode; (void)pdwActualOut;
  if (pBufIn == NULL || pBufOut == NULL || dwLenIn < BENCH_BUFFER_SIZE || dwLenOut < BENCH_BUFFER_SIZE) {
    SetLastError(ERROR_INVALID_PARAMETER);
    return FALSE;
  }
  memcpy(buffer, pBufIn, BENCH_BUFFER_SIZE);
  Transform(buffer);
  memcpy(pBufOut, buffer, BENCH_BUFFER_SIZE);
  return TRUE;
}
