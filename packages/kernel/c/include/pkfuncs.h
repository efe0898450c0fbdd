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
CEDK_IMPORT(coredll, CeAllocDuplicateBuffer)
HRESULT CeAllocDuplicateBuffer(PVOID *ppDestMarshalled, PVOID pSrcMarshalled, DWORD cbSrc, DWORD ArgumentDescriptor);
CEDK_IMPORT(coredll, CeFreeDuplicateBuffer)
HRESULT CeFreeDuplicateBuffer(PVOID pDestMarshalled, PVOID pSrcMarshalled, DWORD cbSrc, DWORD ArgumentDescriptor);
/* Kernel-mode only on CE6 (refused in udevice, flagged as CE6-P05). pPFNs may be NULL. */
CEDK_IMPORT(coredll, LockPages) BOOL LockPages(LPVOID lpvAddress, DWORD cbSize, PDWORD pPFNs, int fOptions);

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

#endif
