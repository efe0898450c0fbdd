/* cedk's winerror.h: the Win32 error codes the registry, device and OAL APIs return beyond the common ones in
 * windows.h (values as CE6's winerror.h numbers them). */
#ifndef CEDK_WINERROR_H
#define CEDK_WINERROR_H
#define ERROR_FILE_NOT_FOUND 2L
#define ERROR_ACCESS_DENIED 5L
#define ERROR_INVALID_DATA 13L
#define ERROR_OUTOFMEMORY 14L
#define ERROR_BAD_LENGTH 24L
#define ERROR_MORE_DATA 234L
#define ERROR_NO_MORE_ITEMS 259L
#define ERROR_BADKEY 1010L
#define ERROR_ALREADY_INITIALIZED 1247L
#endif
