/* __try/__except for C drivers on cedk. clang for wasm32 has no structured exception handling, so
 * the guarded code goes in a function of its own:
 *
 *     static DWORD CopyOut(void *p) { ... touches caller memory ... return n; }
 *     DWORD n, code = CeTryCall(CopyOut, &args, &n);
 *     if (code != 0) { SetLastError(ERROR_INVALID_PARAMETER); return FALSE; }  // the __except block
 *
 * is what `__try { n = ...; } __except (EXCEPTION_EXECUTE_HANDLER) { ... }` does on CE6: an access violation (or
 * integer division by zero) anywhere inside pfnBody, its callees included, unwinds to CeTryCall, which returns
 * the exception code (GetExceptionCode()); otherwise it returns 0 and stores pfnBody's result through pdwResult
 * (if not NULL).
 *
 * With a filter, `__try { ... } __except (Filter(GetExceptionCode(), pFilterContext)) { ... }` is
 *
 *     DWORD code = CeTryCallEx(CopyOut, &args, Filter, pFilterContext, &n);
 *
 * the filter gets the exception code and returns EXCEPTION_EXECUTE_HANDLER (CeTryCallEx returns the code: run the
 * __except block) or EXCEPTION_CONTINUE_SEARCH (the exception goes on to the next handler out: an enclosing
 * CeTryCall, or the entry point's caller). EXCEPTION_CONTINUE_EXECUTION is refused (the access cannot be retried);
 * __finally is not provided. */
#ifndef CEDK_SEH_H
#define CEDK_SEH_H
#include "windows.h"

#define EXCEPTION_ACCESS_VIOLATION 0xC0000005UL
#define EXCEPTION_INT_DIVIDE_BY_ZERO 0xC0000094UL

#define EXCEPTION_EXECUTE_HANDLER 1
#define EXCEPTION_CONTINUE_SEARCH 0
#define EXCEPTION_CONTINUE_EXECUTION (-1)

typedef DWORD (*PCEDK_TRY_BODY)(void *pContext);
typedef LONG (*PCEDK_EXCEPTION_FILTER)(DWORD dwExceptionCode, void *pFilterContext);
CEDK_IMPORT(cedk, CeTryCall) DWORD CeTryCall(PCEDK_TRY_BODY pfnBody, void *pContext, DWORD *pdwResult);
CEDK_IMPORT(cedk, CeTryCallEx)
DWORD CeTryCallEx(PCEDK_TRY_BODY pfnBody, void *pContext, PCEDK_EXCEPTION_FILTER pfnFilter, void *pFilterContext, DWORD *pdwResult);
#endif
