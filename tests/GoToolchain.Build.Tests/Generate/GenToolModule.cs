using System.Collections.Generic;

namespace GoToolchain.Build.Tests.Generate;

/// <summary>
/// A tiny generator module of our own for `//go:generate go tool gentool OUT`: writes OUT in the directive's package
/// with a constant naming the Go that built it (so a test sees that `go tool` built it with the running toolchain).
/// Served by the tests' file:// proxies (FileProxy.AddModule with these files) and vendored by `go mod vendor`.
/// </summary>
public static class GenToolModule
{
    public const string ModulePath = "example.com/gentool";
    public const string Version = "v1.0.0";
    public const string Package = "example.com/gentool/cmd/gentool";

    public static IReadOnlyDictionary<string, string> Files { get; } = new Dictionary<string, string>
    {
        ["cmd/gentool/main.go"] = """
            package main

            import (
            	"fmt"
            	"os"
            	"runtime"
            )

            func main() {
            	out := fmt.Sprintf("package %s\n\nconst GeneratedBy = %q\n", os.Getenv("GOPACKAGE"), "gentool "+runtime.Version())
            	if err := os.WriteFile(os.Args[1], []byte(out), 0o644); err != nil {
            		fmt.Fprintln(os.Stderr, err)
            		os.Exit(1)
            	}
            }
            """ + "\n",
    };
}
