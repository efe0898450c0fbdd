/* CE6-P03 in C (keeps): maps its window once with CreateStaticMapping and gives the GIISR the status register's
 * address in that mapping. */
#include <windows.h>
#include <pkfuncs.h>
#include <giisr.h>

#define DEVICE_REGS_PA 0x90000000UL
#define DEVICE_REGS_LEN 0x100
#define STATUS_OFFSET 0x10
#define DEVICE_IRQ 3
#define DEVICE_SYSINTR (SYSINTR_FIRMWARE + DEVICE_IRQ)

CEDK_EXPORT(TST_Init) DWORD TST_Init(LPCTSTR pContext, LPVOID lpvBusContext) { (void)pContext; (void)lpvBusContext; return 1; }
CEDK_EXPORT(TST_Deinit) BOOL TST_Deinit(DWORD hDeviceContext) { (void)hDeviceContext; return TRUE; }
CEDK_EXPORT(TST_Open) DWORD TST_Open(DWORD hDeviceContext, DWORD AccessCode, DWORD ShareMode) { (void)hDeviceContext; (void)AccessCode; (void)ShareMode; return 2; }
CEDK_EXPORT(TST_Close) BOOL TST_Close(DWORD hOpenContext) { (void)hOpenContext; return TRUE; }

CEDK_EXPORT(TST_IOControl)
BOOL TST_IOControl(DWORD hOpenContext, DWORD dwCode, PBYTE pBufIn, DWORD dwLenIn, PBYTE pBufOut, DWORD dwLenOut, PDWORD pdwActualOut) {
  GIISR_INFO info;
  HANDLE hIsr;
  PBYTE pRegs;
  BOOL fOk;
  (void)hOpenContext; (void)dwCode; (void)pBufIn; (void)dwLenIn; (void)pBufOut; (void)dwLenOut; (void)pdwActualOut;
  hIsr = LoadIntChainHandler(TEXT("giisr.dll"), TEXT("ISRHandler"), DEVICE_IRQ);
  if (hIsr == NULL) return FALSE;
  pRegs = (PBYTE)CreateStaticMapping(DEVICE_REGS_PA >> 8, DEVICE_REGS_LEN);
  memset(&info, 0, sizeof(info));
  info.SysIntr = DEVICE_SYSINTR;
  info.CheckPort = TRUE;
  info.PortIsIO = FALSE;
  info.PortAddr = (DWORD)(pRegs + STATUS_OFFSET);
  info.PortSize = sizeof(DWORD);
  info.Mask = 1;
  fOk = pRegs != NULL && KernelLibIoControl(hIsr, IOCTL_GIISR_INFO, &info, sizeof(info), NULL, 0, NULL);
  FreeIntChainHandler(hIsr);
  return fOk;
}
