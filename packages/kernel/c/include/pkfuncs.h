/* The CE6 marshalling helpers (pkfuncs.h / the DDK): CeOpenCallerBuffer and its relatives, with the argument
 * descriptors of CE6's ARG_* values. */
#ifndef CEDK_PKFUNCS_H
#define CEDK_PKFUNCS_H
#include "windows.h"

#define ARG_DW 0x0
#define ARG_I_PTR 0x4
#define ARG_I_WSTR 0x5
#define ARG_I_ASTR 0x6
#define ARG_I_PDW 0x7
#define ARG_O_PTR 0x8
#define ARG_O_PDW 0x9
#define ARG_O_PI64 0xa
#define ARG_IO_PTR 0xc
#define ARG_IO_PDW 0xd
#define ARG_IO_PI64 0xe
#define MARSHAL_FORCE_ALIAS 0x80000000UL

CEDK_IMPORT(coredll, CeOpenCallerBuffer)
HRESULT CeOpenCallerBuffer(PVOID *ppDestMarshalled, PVOID pSrcUnmarshalled, DWORD cbSrc, DWORD ArgumentDescriptor, BOOL ForceDuplicate);
CEDK_IMPORT(coredll, CeCloseCallerBuffer)
HRESULT CeCloseCallerBuffer(PVOID pDestMarshalled, PVOID pSrcUnmarshalled, DWORD cbSrc, DWORD ArgumentDescriptor);
CEDK_IMPORT(coredll, CeAllocAsynchronousBuffer)
HRESULT CeAllocAsynchronousBuffer(PVOID *ppDestAsyncMarshalled, PVOID pSrcSyncMarshalled, DWORD cbSrc, DWORD ArgumentDescriptor);
CEDK_IMPORT(coredll, CeFreeAsynchronousBuffer)
HRESULT CeFreeAsynchronousBuffer(PVOID pDestAsyncMarshalled, PVOID pSrcSyncMarshalled, DWORD cbSrc, DWORD ArgumentDescriptor);
/* Write an asynchronous copy's data back to the caller before it is freed (pSrcUnmarshalled: the caller's pointer). */
CEDK_IMPORT(coredll, CeFlushAsynchronousBuffer)
HRESULT CeFlushAsynchronousBuffer(PVOID pDestAsyncMarshalled, PVOID pSrcSyncMarshalled, PVOID pSrcUnmarshalled, DWORD cbSrc,
                                  DWORD ArgumentDescriptor);
CEDK_IMPORT(coredll, CeAllocDuplicateBuffer)
HRESULT CeAllocDuplicateBuffer(PVOID *ppDestMarshalled, PVOID pSrcMarshalled, DWORD cbSrc, DWORD ArgumentDescriptor);
CEDK_IMPORT(coredll, CeFreeDuplicateBuffer)
HRESULT CeFreeDuplicateBuffer(PVOID pDestMarshalled, PVOID pSrcMarshalled, DWORD cbSrc, DWORD ArgumentDescriptor);
/* Kernel-mode only on CE6 (refused in udevice, flagged as CE6-P05). pPFNs may be NULL. */
CEDK_IMPORT(coredll, LockPages) BOOL LockPages(LPVOID lpvAddress, DWORD cbSize, PDWORD pPFNs, int fOptions);
#define LOCKFLAG_WRITE 0x001
#define LOCKFLAG_QUERY_ONLY 0x002
#define LOCKFLAG_READ 0x004
/* Kernel mode only, as LockPages; hProcess is a process id here. */
CEDK_IMPORT(coredll, LockPagesEx) BOOL LockPagesEx(HANDLE hProcess, LPVOID lpvAddress, DWORD cbSize, PDWORD pPFNs, int fOptions);
CEDK_IMPORT(coredll, UnlockPages) BOOL UnlockPages(LPVOID lpvAddress, DWORD cbSize);
/* Physical mappings: with PAGE_PHYSICAL, lpvSrc and dwPhysBase are the physical address >> 8. In a udevice the
 * reflector grants them only inside the key's IoBase/MemBase windows (CreateStaticMapping once per window). */
CEDK_IMPORT(coredll, VirtualCopy) BOOL VirtualCopy(LPVOID lpvDest, LPVOID lpvSrc, DWORD cbSize, DWORD fdwProtect);
CEDK_IMPORT(coredll, VirtualCopyEx)
BOOL VirtualCopyEx(HANDLE hDstProc, LPVOID lpvDest, HANDLE hSrcProc, LPVOID lpvSrc, DWORD cbSize, DWORD fdwProtect);
CEDK_IMPORT(coredll, VirtualAllocCopyEx)
LPVOID VirtualAllocCopyEx(HANDLE hSrcProc, HANDLE hDstProc, LPVOID pAddr, DWORD cbSize, DWORD dwProtect);
CEDK_IMPORT(coredll, CreateStaticMapping) LPVOID CreateStaticMapping(DWORD dwPhysBase, DWORD dwSize);
CEDK_IMPORT(coredll, CeVirtualSharedAlloc) LPVOID CeVirtualSharedAlloc(LPVOID lpvAddress, DWORD cbSize, DWORD fdwAction);
/* The process whose memory the calling thread sees, and the process that made the call being served. */
CEDK_IMPORT(coredll, GetCallerVMProcessId) DWORD GetCallerVMProcessId(void);
CEDK_IMPORT(coredll, GetDirectCallerProcessId) DWORD GetDirectCallerProcessId(void);

/* CE5 APIs as CE6 ships them: they do nothing (MapCallerPtr/MapPtrToProcess return their pointer, SetKMode and
 * SetProcPermissions return 0 and change nothing), and cedk notes every call (CE6-M07, CE6-A05). */
CEDK_IMPORT(coredll, MapCallerPtr) LPVOID MapCallerPtr(LPVOID ptr, DWORD dwLen);
CEDK_IMPORT(coredll, MapPtrToProcess) LPVOID MapPtrToProcess(LPVOID lpv, HANDLE hProc);
CEDK_IMPORT(coredll, SetKMode) BOOL SetKMode(BOOL fMode);
CEDK_IMPORT(coredll, SetProcPermissions) DWORD SetProcPermissions(DWORD newperms);
CEDK_IMPORT(coredll, GetCurrentPermissions) DWORD GetCurrentPermissions(void);
/* CeCallUserProc: run pszFuncName of the user-mode helper DLL pszDllName in a udevice host, with copies of the two
 * buffers (CE6 behaviour). Blocks the calling thread until the helper returns. */
CEDK_IMPORT(coredll, CeCallUserProc)
BOOL CeCallUserProc(LPCWSTR pszDllName, LPCWSTR pszFuncName, LPVOID lpInBuffer, DWORD nInBufferSize, LPVOID lpOutBuffer, DWORD nOutBufferSize, LPDWORD lpBytesReturned);

/* The machine's driver callbacks (cedk's model of a driver calling a routine registered by code in another process;
 * docs/kernel.md): register a routine of this driver, and call a registered one (blocks until it returns). */
typedef DWORD (*PFN_CEDK_CALLBACK)(DWORD dwParam);
CEDK_IMPORT(coredll, CeDriverMapCallbackFunction) DWORD CeDriverMapCallbackFunction(PFN_CEDK_CALLBACK pfn);
CEDK_IMPORT(coredll, CeDriverPerformCallback) DWORD CeDriverPerformCallback(DWORD dwId, DWORD dwParam);

/* Interrupts (nkintr.h's SYSINTR values). InterruptInitialize binds a SYSINTR to an event the IST waits on;
 * the interrupt stays masked until InterruptDone. In a udevice these go to the reflector, which grants them only
 * for the SysIntr of the driver's registry key (InterruptInitialize once); anything else fails. */
#include "nkintr.h"
CEDK_IMPORT(coredll, InterruptInitialize) BOOL InterruptInitialize(DWORD idInt, HANDLE hEvent, LPVOID pvData, DWORD cbData);
CEDK_IMPORT(coredll, InterruptDone) VOID InterruptDone(DWORD idInt);
CEDK_IMPORT(coredll, InterruptDisable) VOID InterruptDisable(DWORD idInt);
CEDK_IMPORT(coredll, InterruptMask) VOID InterruptMask(DWORD idInt, BOOL fDisable);
/* Installable ISRs: in a udevice only the key's IsrDll/IsrHandler (giisr.dll/ISRHandler) on its Irq, once. */
CEDK_IMPORT(coredll, LoadIntChainHandler) HANDLE LoadIntChainHandler(LPCWSTR lpFilename, LPCWSTR lpszFunctionName, BYTE bIRQ);
CEDK_IMPORT(coredll, FreeIntChainHandler) BOOL FreeIntChainHandler(HANDLE hInstance);
CEDK_IMPORT(coredll, KernelLibIoControl)
BOOL KernelLibIoControl(HANDLE hLib, DWORD dwIoControlCode, LPVOID lpInBuf, DWORD nInBufSize, LPVOID lpOutBuf,
                        DWORD nOutBufSize, LPDWORD lpBytesReturned);

/* The OAL's IOCTLs. A udevice may send only the oalioctl allow-list (GET_DEVICE_INFO, GET_UUID, GET_DEVICEID,
 * PROCESSOR_INFORMATION, GET_CACHE_INFO by default); anything else fails with ERROR_NOT_SUPPORTED. */
#define FILE_DEVICE_HAL 0x00000101
#define IOCTL_HAL_GET_DEVICE_INFO CTL_CODE(FILE_DEVICE_HAL, 1, METHOD_BUFFERED, FILE_ANY_ACCESS)
#define IOCTL_HAL_GET_UUID CTL_CODE(FILE_DEVICE_HAL, 13, METHOD_BUFFERED, FILE_ANY_ACCESS)
#define IOCTL_HAL_GET_DEVICEID CTL_CODE(FILE_DEVICE_HAL, 21, METHOD_BUFFERED, FILE_ANY_ACCESS)
#define IOCTL_PROCESSOR_INFORMATION CTL_CODE(FILE_DEVICE_HAL, 25, METHOD_BUFFERED, FILE_ANY_ACCESS)
#define IOCTL_HAL_REQUEST_SYSINTR CTL_CODE(FILE_DEVICE_HAL, 38, METHOD_BUFFERED, FILE_ANY_ACCESS)
#define IOCTL_HAL_RELEASE_SYSINTR CTL_CODE(FILE_DEVICE_HAL, 54, METHOD_BUFFERED, FILE_ANY_ACCESS)
#define IOCTL_HAL_GET_CACHE_INFO CTL_CODE(FILE_DEVICE_HAL, 66, METHOD_BUFFERED, FILE_ANY_ACCESS)
#define SPI_GETPLATFORMTYPE 257
#define SPI_GETOEMINFO 258
CEDK_IMPORT(coredll, KernelIoControl)
BOOL KernelIoControl(DWORD dwIoControlCode, LPVOID lpInBuf, DWORD nInBufSize, LPVOID lpOutBuf, DWORD nOutBufSize,
                     LPDWORD lpBytesReturned);
#endif
