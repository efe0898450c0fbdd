/* __try/__except for C drivers on cedk (first form). clang for wasm32 has no structured exception handling, so
 * the guarded code goes in a function of its own:
 *
 *     static DWORD CopyOut(void *p) { ... touches caller memory ... return n; }
 *     DWORD n, code = CeTryCall(CopyOut, &args, &n);
 *     if (code != 0) { SetLastError(ERROR_INVALID_PARAMETER); return FALSE; }  // the __except block
 *
 * is what `__try { n = ...; } __except (EXCEPTION_EXECUTE_HANDLER) { ... }` does on CE6: an access violation (or
 * integer division by zero) anywhere inside pfnBody, its callees included, unwinds to CeTryCall, which returns
 * the exception code (GetExceptionCode()); otherwise it returns 0 and stores pfnBody's result through pdwResult
 * (if not NULL). Filters other than EXCEPTION_EXECUTE_HANDLER and __finally are not provided yet. */
#ifndef CEDK_SEH_H
#define CEDK_SEH_H
#include "windows.h"

#define EXCEPTION_ACCESS_VIOLATION 0xC0000005UL
#define EXCEPTION_INT_DIVIDE_BY_ZERO 0xC0000094UL

typedef DWORD (*PCEDK_TRY_BODY)(void *pContext);
CEDK_IMPORT(cedk, CeTryCall) DWORD CeTryCall(PCEDK_TRY_BODY pfnBody, void *pContext, DWORD *pdwResult);
#endif
