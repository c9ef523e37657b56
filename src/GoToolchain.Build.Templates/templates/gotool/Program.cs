using System.Diagnostics;

// The Go tool sits next to this app (bin/, publish/): run it and show what it printed.
var tool = Path.Combine(AppContext.BaseDirectory, OperatingSystem.IsWindows() ? "gotool.exe" : "gotool");
var start = new ProcessStartInfo(tool) { RedirectStandardOutput = true, UseShellExecute = false };
start.ArgumentList.Add("GoToolApp");
using var process = Process.Start(start) ?? throw new InvalidOperationException($"cannot start {tool}");
var output = process.StandardOutput.ReadToEnd();
process.WaitForExit();
Console.Write($"gotool said: {output}");
return process.ExitCode;
