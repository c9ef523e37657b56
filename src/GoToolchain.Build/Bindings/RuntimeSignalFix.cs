using System;

namespace GoToolchain.Build.Bindings;

/// <summary>
/// The code the bindings carry against a crash of .NET apps on Linux that call a Go c-shared library (golang/go#78883,
/// dotnet/runtime#127320; measured with JIT apps). .NET suspends threads for a GC with a signal (SIGRTMIN, INJECT_ACTIVATION_SIGNAL) whose
/// handler runs on the thread's own stack. When a Go c-shared library initializes, Go's runtime adds SA_ONSTACK to
/// every handler it finds (setsigstack in initsig), so from then on the handler runs on the thread's alternate signal
/// stack: .NET's own 16 KB stack (made for its SIGSEGV trampoline), which the suspension code overflows. Every
/// managed thread is exposed, also threads that never call Go (measured: 8 threads that only allocate crash in 20 of
/// 20 runs once the library is loaded). Undoing exactly that flag on that one handler, once Go's runtime is up, gave
/// 0 crashes in 30 runs where 28 of 30 crashed; a bigger alternate stack per calling thread did not help the threads
/// that do not call Go. What it gives up: Go wants SA_ONSTACK because a signal that arrives while a thread runs Go
/// code lands on a small goroutine stack; .NET sends this signal only to threads it sees running managed code,
/// so that needs a thread to enter Go in the moment between .NET's check and the delivery. The generated class waits
/// for Go's runtime the way every export does (_cgo_wait_runtime_init_done, exported by every c-shared library of
/// Go 1.19-1.23) before its first call, so the flag is gone before the first export runs.
/// </summary>
public static class RuntimeSignalFix
{
    /// <summary>Each wrapper's first statement: after the first call it is an initialized-class check.</summary>
    public const string CallBeforeEveryExport = "__GoRuntimeSignal.Ready();";

    /// <summary>Only Linux: the SA_ONSTACK layout and SIGRTMIN below are Linux's; other systems suspend threads otherwise.</summary>
    public static bool Applies(BindingsRequest request) => request.SignalFix && request.GoOS == "linux";

    public static void Write(Action<string> line, Action<string> raw, Action blank)
    {
        line("/// <summary>");
        line("/// Go's runtime adds SA_ONSTACK to .NET's thread-suspension signal handler when the library loads, which makes that");
        line("/// handler overflow .NET's small alternate signal stack and crash the app (golang/go#78883, dotnet/runtime#127320).");
        line("/// Before the first call this waits for Go's runtime as every export does, then clears exactly that flag again.");
        line("/// BindingsSignalFix=\"false\" on the GoModule leaves it out.");
        line("/// </summary>");
        line("private static unsafe class __GoRuntimeSignal");
        line("{");
        line("    private const int SA_ONSTACK = 0x08000000;");
        blank();
        line("    [StructLayout(LayoutKind.Sequential)]");
        line("    private struct SigAction");
        line("    {");
        line("        public nint Handler;");
        line("        public fixed uint Mask[32];");
        line("        public int Flags;");
        line("        public nint Restorer;");
        line("    }");
        blank();
        line("    [DllImport(\"libc\", EntryPoint = \"sigaction\")]");
        line("    private static extern int sigaction(int signal, SigAction* action, SigAction* old);");
        line("    [DllImport(\"libc\", EntryPoint = \"__libc_current_sigrtmin\")]");
        line("    private static extern int __libc_current_sigrtmin();");
        line("    [DllImport(LibraryName, EntryPoint = \"_cgo_wait_runtime_init_done\")]");
        line("    private static extern nuint _cgo_wait_runtime_init_done();");
        blank();
        line("    static __GoRuntimeSignal()");
        line("    {");
        line("        if (!RuntimeInformation.IsOSPlatform(OSPlatform.Linux)) return;");
        line("        try");
        line("        {");
        line("            var signal = __libc_current_sigrtmin();");
        line("            SigAction before, after;");
        line("            if (sigaction(signal, null, &before) != 0) return;");
        line("            _cgo_wait_runtime_init_done(); // loads the library; returns once Go's runtime (and its signal setup) is done");
        line("            if (sigaction(signal, null, &after) != 0) return;");
        line("            // Only Go's change: the same handler, now with SA_ONSTACK. A handler the Go code installed itself stays as it is.");
        line("            if (after.Handler != before.Handler || (before.Flags & SA_ONSTACK) != 0 || (after.Flags & SA_ONSTACK) == 0) return;");
        line("            after.Flags &= ~SA_ONSTACK;");
        line("            sigaction(signal, &after, null);");
        line("        }");
        line("        catch (Exception)");
        line("        {");
        line("            // No libc symbol or no library: the export's own call reports a missing library; nothing else to do.");
        line("        }");
        line("    }");
        blank();
        line("    /// <summary>Runs the static constructor once; afterwards nothing.</summary>");
        line("    [MethodImpl(MethodImplOptions.AggressiveInlining)]");
        line("    public static void Ready() { }");
        line("}");
        blank();
    }
}
