/*
 * gcc.exe for the Windows host of the tests (WindowsTests), under Wine only: Windows has no C compiler, and a cgo
 * build there needs one. This Windows program runs the Linux compiler named after its own file (gcc.exe:
 * x86_64-w64-mingw32-gcc, Debian's mingw cross compiler; g++.exe: its g++; NAME.exe: NAME from the Unix PATH, e.g.
 * aarch64-linux-gnu-gcc.exe for a linux/arm64 cross build), the way an MSYS2 or w64devkit gcc.exe would run:
 *   - Windows paths in the arguments (X:\... after nothing, '=', ',', '@', -I, -L, -o) become Unix ones through
 *     Wine's wine_get_unix_file_name (go passes C:\users\...\Temp\go-build... and Z:\... paths); NUL is /dev/null;
 *   - the compiler is started with ntdll's __wine_unix_spawnvp, which waits and returns its exit code (a Unix program
 *     started by CreateProcess gets no process handle under Wine 8, so go could not wait for it);
 *   - a Unix process gets Wine's own stdio, not this process's handles, so stdin (cgo writes C to `gcc -`), stdout
 *     (`gcc -E -dM`) and stderr (cgo reads gcc's errors to learn types) go through temporary files relayed here;
 *   - the compiler runs in this process's current folder (sh -c 'cd ...').
 */
#include <windows.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

typedef char *(CDECL *unix_name_fn)(const WCHAR *);
typedef NTSTATUS (CDECL *spawn_fn)(char *const argv[], int wait);
static unix_name_fn unix_name;

static char *utf8(const WCHAR *w)
{
    int n = WideCharToMultiByte(CP_UTF8, 0, w, -1, NULL, 0, NULL, NULL);
    char *s = malloc(n);
    WideCharToMultiByte(CP_UTF8, 0, w, -1, s, n, NULL, NULL);
    return s;
}

/* A Windows path (X:\... or X:/...) inside an argument, up to the next '=' or ',', becomes its Unix spelling. */
static char *translate(const WCHAR *arg)
{
    if (!_wcsicmp(arg, L"NUL")) return strdup("/dev/null");
    size_t len = wcslen(arg);
    for (size_t p = 0; p + 2 < len; p++)
    {
        if (!iswalpha(arg[p]) || arg[p + 1] != ':' || (arg[p + 2] != '\\' && arg[p + 2] != '/')) continue;
        if (p > 0 && !wcschr(L"=,@IL", arg[p - 1]) && !(arg[p - 1] == 'o' && p == 2)) continue;
        size_t end = p;
        while (end < len && arg[end] != '=' && arg[end] != ',') end++;
        WCHAR *path = calloc(end - p + 1, sizeof(WCHAR));
        wcsncpy(path, arg + p, end - p);
        char *unix = unix_name(path);
        if (!unix) return utf8(arg);
        WCHAR *head = calloc(p + 1, sizeof(WCHAR));
        wcsncpy(head, arg, p);
        char *h = utf8(head), *tail = translate(arg + end);
        char *out = malloc(strlen(h) + strlen(unix) + strlen(tail) + 1);
        strcpy(out, h); strcat(out, unix); strcat(out, tail);
        return out;
    }
    return utf8(arg);
}

/* Copies a handle into a file (to_file) or a file into a handle. */
static void relay(HANDLE handle, const WCHAR *file, int to_file)
{
    HANDLE f = CreateFileW(file, to_file ? GENERIC_WRITE : GENERIC_READ, FILE_SHARE_READ, NULL, to_file ? CREATE_ALWAYS : OPEN_EXISTING, 0, NULL);
    char buffer[65536];
    DWORD got, put;
    if (f == INVALID_HANDLE_VALUE) return;
    while (ReadFile(to_file ? handle : f, buffer, sizeof buffer, &got, NULL) && got > 0)
        if (!WriteFile(to_file ? f : handle, buffer, got, &put, NULL)) break;
    CloseHandle(f);
}

int wmain(int argc, WCHAR **argv)
{
    HMODULE kernel32 = GetModuleHandleW(L"kernel32.dll"), ntdll = GetModuleHandleW(L"ntdll.dll");
    unix_name = (unix_name_fn)GetProcAddress(kernel32, "wine_get_unix_file_name");
    spawn_fn spawn = (spawn_fn)GetProcAddress(ntdll, "__wine_unix_spawnvp");
    if (!unix_name || !spawn) { fprintf(stderr, "gcc.exe: not running under Wine\n"); return 127; }

    /* Which compiler: gcc.exe -> x86_64-w64-mingw32-gcc; NAME.exe -> NAME (x86_64-linux-gnu-gcc.exe...). */
    WCHAR self[MAX_PATH], *base, *dot;
    GetModuleFileNameW(NULL, self, MAX_PATH);
    base = wcsrchr(self, L'\\') ? wcsrchr(self, L'\\') + 1 : self;
    if ((dot = wcsrchr(base, L'.'))) *dot = 0;
    char *compiler = !_wcsicmp(base, L"gcc") ? "x86_64-w64-mingw32-gcc" : !_wcsicmp(base, L"g++") ? "x86_64-w64-mingw32-g++" : utf8(base);

    /* A Unix process started from Wine 8 gets Wine's own stdio, not this process's handles (go reads gcc's stdout and
       stderr through pipes, and cgo writes C to its stdin): the three streams go through files, relayed here. */
    WCHAR temp[MAX_PATH], files[3][MAX_PATH];
    GetTempPathW(MAX_PATH, temp);
    for (int i = 0; i < 3; i++) GetTempFileNameW(temp, L"gcc", 0, files[i]);
    int reads_stdin = 0;
    for (int i = 1; i < argc; i++) if (!wcscmp(argv[i], L"-")) reads_stdin = 1;
    if (reads_stdin) relay(GetStdHandle(STD_INPUT_HANDLE), files[0], 1);

    /* sh -c 'cd "$0" && exec "$@" <in >out 2>err' cwd in out err compiler args...: the compiler runs in this process's folder. */
    WCHAR cwd[32768];
    GetCurrentDirectoryW(32768, cwd);
    char **unix_argv = calloc(argc + 10, sizeof(char *));
    int n = 0;
    unix_argv[n++] = "/bin/sh";
    unix_argv[n++] = "-c";
    unix_argv[n++] = "cd \"$0\" && in=$1 out=$2 err=$3 && shift 3 && exec \"$@\" <\"$in\" >\"$out\" 2>\"$err\"";
    unix_argv[n++] = unix_name(cwd);
    for (int i = 0; i < 3; i++) unix_argv[n++] = unix_name(files[i]);
    unix_argv[n++] = compiler;
    for (int i = 1; i < argc; i++) unix_argv[n++] = translate(argv[i]);
    if (getenv("GCC_FORWARDER_TRACE")) for (int i = 0; i < n; i++) fprintf(stderr, "gcc.exe: [%s]\n", unix_argv[i]);
    int code = (int)spawn(unix_argv, 1);
    relay(GetStdHandle(STD_OUTPUT_HANDLE), files[1], 0);
    relay(GetStdHandle(STD_ERROR_HANDLE), files[2], 0);
    for (int i = 0; i < 3; i++) DeleteFileW(files[i]);
    return code;
}
