using System.Runtime.InteropServices;

Console.WriteLine($"Add(2, 3) = {Native.Add(2, 3)}");
Console.WriteLine($"Greet: {Native.Greet("GoApp")}");

/// <summary>The functions go/native/native.go exports (//export) from the c-shared library "native".</summary>
internal static class Native
{
    private const string Library = "native";

    [DllImport(Library)]
    public static extern int Add(int a, int b);

    [DllImport(Library, EntryPoint = "Greet")]
    private static extern IntPtr GreetNative(byte[] name);

    [DllImport(Library)]
    private static extern void FreeString(IntPtr text);

    /// <summary>UTF-8 in, a C string out that Go allocated and only Go may free.</summary>
    public static string Greet(string name)
    {
        var text = GreetNative(System.Text.Encoding.UTF8.GetBytes(name + "\0"));
        try { return Marshal.PtrToStringUTF8(text) ?? ""; }
        finally { FreeString(text); }
    }
}
