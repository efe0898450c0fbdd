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
#endif
