/* CE6-P03 in C, kept: the sensor driver maps its register window once with CreateStaticMapping and gives the
 * generic ISR the status register's address in that mapping, which the ISR can read in interrupt context. */
#include <windows.h>
#include <pkfuncs.h>
#include <giisr.h>

#define REGS_PHYS 0x90000000UL
#define STATUS_REG 0x10
#define SENSOR_IRQ 3
#define REGS_WINDOW 0x100
#define SENSOR_SYSINTR (SYSINTR_FIRMWARE + SENSOR_IRQ)

CEDK_EXPORT(TST_Init) DWORD TST_Init(LPCTSTR pContext, LPVOID lpvBusContext) { (void)pContext; (void)lpvBusContext; return 1; }
CEDK_EXPORT(TST_Deinit) BOOL TST_Deinit(DWORD hDeviceContext) { (void)hDeviceContext; return TRUE; }
CEDK_EXPORT(TST_Open) DWORD TST_Open(DWORD hDeviceContext, DWORD AccessCode, DWORD ShareMode) { (void)hDeviceContext; (void)AccessCode; (void)ShareMode; return 2; }
CEDK_EXPORT(TST_Close) BOOL TST_Close(DWORD hOpenContext) { (void)hOpenContext; return TRUE; }

static BOOL InstallIsr(void) {
  GIISR_INFO info;
  BOOL fOk;
  LPVOID pRegs;
  HANDLE hIsr = LoadIntChainHandler(TEXT("giisr.dll"), TEXT("ISRHandler"), SENSOR_IRQ);
  if (hIsr == NULL) return FALSE;
  pRegs = CreateStaticMapping(REGS_PHYS >> 8, REGS_WINDOW);
  if (pRegs == NULL) {
    FreeIntChainHandler(hIsr);
    return FALSE;
  }
  info.SysIntr = SENSOR_SYSINTR;
  info.CheckPort = TRUE;
  info.PortIsIO = FALSE;
  info.UseMaskReg = FALSE;
  info.PortAddr = (DWORD)pRegs + STATUS_REG;
  info.PortSize = sizeof(DWORD);
  info.Mask = 1;
  info.MaskAddr = 0;
  fOk = KernelLibIoControl(hIsr, IOCTL_GIISR_INFO, &info, sizeof info, NULL, 0, NULL);
  FreeIntChainHandler(hIsr);
  return fOk;
}

CEDK_EXPORT(TST_IOControl)
BOOL TST_IOControl(DWORD hOpenContext, DWORD dwCode, PBYTE pBufIn, DWORD dwLenIn, PBYTE pBufOut, DWORD dwLenOut, PDWORD pdwActualOut) {
  (void)hOpenContext; (void)dwCode; (void)pBufIn; (void)dwLenIn; (void)pBufOut; (void)dwLenOut; (void)pdwActualOut;
  return InstallIsr();
}
