// GreeterApp: calls a Go library (go/greeter, built by GoToolchain.Build into libgreeter.so)
// through P/Invoke and prints one line per call, in a stable format the end-to-end tests assert.
using System.Runtime.InteropServices;
using System.Text;

Console.OutputEncoding = Encoding.UTF8;

const string name = "Grüße 世界"; // non-ASCII on purpose: proves the UTF-8 round trip

int sum = Greeter.Add(2, 3);
Console.WriteLine($"Add(2, 3) = {sum}");

string greeting = Greeter.TakeString(Greeter.Greet(name));
Console.WriteLine($"Greet: {greeting}");

string goVersion = Greeter.TakeString(Greeter.GoVersion());
Console.WriteLine($"Go runtime: {goVersion}");

// The name comes from a String method that go generate (stringer) wrote during the build.
string mood = Greeter.TakeString(Greeter.Mood());
Console.WriteLine($"Mood: {mood}");

bool ok = sum == 5 && greeting == $"Hello, {name}! (from Go)" && goVersion.StartsWith("go", StringComparison.Ordinal) && mood == "Cheerful";
if (!ok)
{
    Console.Error.WriteLine("GreeterApp: unexpected result from the Go library.");
}
return ok ? 0 : 1;

/// <summary>P/Invoke declarations for the functions exported by go/greeter/greeter.go.</summary>
static class Greeter
{
    // "greeter" is probed as libgreeter.so (Linux), libgreeter.dylib (macOS) or greeter.dll (Windows)
    // in the application folder, where GoToolchain.Build copies the library.
    private const string Library = "greeter";

    [DllImport(Library)]
    public static extern int Add(int a, int b);

    // The runtime marshals name to a temporary NUL-terminated UTF-8 buffer for the duration of the call.
    // The result is malloc'ed by Go (C.CString): it comes back as a raw pointer and must go to FreeString.
    [DllImport(Library)]
    public static extern IntPtr Greet([MarshalAs(UnmanagedType.LPUTF8Str)] string name);

    [DllImport(Library)]
    public static extern IntPtr GoVersion();

    [DllImport(Library)]
    public static extern IntPtr Mood();

    [DllImport(Library)]
    public static extern void FreeString(IntPtr p);

    /// <summary>Reads a string returned by the Go library as UTF-8 and releases it with FreeString.</summary>
    public static string TakeString(IntPtr p)
    {
        try
        {
            return Marshal.PtrToStringUTF8(p) ?? throw new InvalidOperationException("The Go library returned NULL.");
        }
        finally
        {
            FreeString(p);
        }
    }
}
