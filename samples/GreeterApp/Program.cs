// GreeterApp: calls a Go library (go/greeter, built by GoToolchain.Build into libgreeter.so) and prints one line
// per call, in a stable format the end-to-end tests assert.
//
// There is no hand-written [DllImport] here: GreeterApp.csproj sets GenerateBindings="true" on the GoModule, and the
// package generates the class GreeterApp.Greeter from the header go build wrote (obj/.../go/bindings/Greeter.g.cs).
// Strings returned by Go (C.CString) come back as C# strings, already released with the library's own FreeString.
using System.Text;
using GreeterApp;

Console.OutputEncoding = Encoding.UTF8;

const string name = "Grüße 世界"; // non-ASCII on purpose: proves the UTF-8 round trip

int sum = Greeter.Add(2, 3);
Console.WriteLine($"Add(2, 3) = {sum}");

string? greeting = Greeter.Greet(name);
Console.WriteLine($"Greet: {greeting}");

string goVersion = Greeter.GoVersion() ?? "";
Console.WriteLine($"Go runtime: {goVersion}");

// The name comes from a String method that go generate (the module's enumstring generator, run with `go run`) wrote during the build.
string? mood = Greeter.Mood();
Console.WriteLine($"Mood: {mood}");

bool ok = sum == 5 && greeting == $"Hello, {name}! (from Go)" && goVersion.StartsWith("go", StringComparison.Ordinal) && mood == "Cheerful";
if (!ok)
{
    Console.Error.WriteLine("GreeterApp: unexpected result from the Go library.");
}
return ok ? 0 : 1;
