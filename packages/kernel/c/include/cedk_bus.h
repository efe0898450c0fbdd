/* A bus driver's function table for C drivers on cedk. On CE6 a bus driver hands its clients a table of function
 * pointers (an IOCTL returns it) and a client calls through them — which works only when both run in one process
 * (a udevice bus with kernel clients cannot: CE6-C02). cedk models that table explicitly, so a C driver writes:
 *
 *     bus:    static const CEDK_FUNCTION_ENTRY s_table[] = { { TEXT("Add"), BusAdd } };
 *             g_dwTable = CedkExportFunctionTable(s_table, 1);     // hand g_dwTable to clients (an IOCTL)
 *     client: DWORD args[2] = { 2, 3 }, sum;
 *             if (!CedkCallFunctionTable(dwTable, TEXT("Add"), args, 2, &sum)) { ... GetLastError() ... }
 *
 * A call from another process fails with ERROR_NOT_SUPPORTED, as the pointer call would fault on CE6. Table
 * functions take up to four DWORD arguments and return a DWORD; a call may block the calling thread. */
#ifndef CEDK_BUS_H
#define CEDK_BUS_H
#include "windows.h"

typedef DWORD (*PFN_CEDK_TABLE_FUNCTION)(DWORD a, DWORD b, DWORD c, DWORD d);
typedef struct {
  LPCWSTR pszName;
  PFN_CEDK_TABLE_FUNCTION pfn;
} CEDK_FUNCTION_ENTRY;

CEDK_IMPORT(cedk, CedkExportFunctionTable) DWORD CedkExportFunctionTable(const CEDK_FUNCTION_ENTRY *pEntries, DWORD cEntries);
CEDK_IMPORT(cedk, CedkCallFunctionTable)
BOOL CedkCallFunctionTable(DWORD dwTable, LPCWSTR pszName, const DWORD *pArgs, DWORD cArgs, DWORD *pdwResult);
#endif
