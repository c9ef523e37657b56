/* ProcessPrng for Wine 8, which has no bcryptprimitives.dll: Go 1.21.13+ and 1.22+ load it at startup on Windows
 * ("fatal error: bcryptprimitives.dll not found" otherwise). WineRunner builds this once per test run with
 * x86_64-w64-mingw32-gcc -shared ... -lbcrypt into its prefix's system32. Same contract as Windows: fill, TRUE. */
#include <windows.h>
#include <bcrypt.h>

__declspec(dllexport) BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T size)
{
    for (ULONG chunk; size > 0; data += chunk, size -= chunk) { /* BCryptGenRandom takes a ULONG length */
        chunk = size > 0x40000000 ? 0x40000000 : (ULONG)size;
        if (!BCRYPT_SUCCESS(BCryptGenRandom(NULL, data, chunk, BCRYPT_USE_SYSTEM_PREFERRED_RNG))) return FALSE;
    }
    return TRUE;
}
