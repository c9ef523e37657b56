using System.IO;

namespace GoToolchain.Build.Tests.GoTests.Coverage;

/// <summary>
/// The module the coverage tests measure: calc (tested; Abs never called, Loop's body runs 3 times per call), util (called
/// from calc), nottested (no test files) and app (its test calls calc too, so with -coverpkg two test binaries report
/// calc's blocks). Line numbers below are what the assertions name.
/// </summary>
internal static class CoverageFixture
{
    public const string ModulePath = "example.com/covfix";

    public const string Calc = """
        package calc

        import "example.com/covfix/calc/internal/util"

        // Add adds.
        func Add(a, b int) int { return a + b }

        // Div divides; a zero divisor returns 0.
        func Div(a, b int) int {
        	if b == 0 {
        		return 0
        	}
        	return a / b
        }

        // Abs is never called by the tests.
        func Abs(a int) int {
        	if a < 0 {
        		return -a
        	}
        	return a
        }

        func Loop(n int) int {
        	s := 0
        	for i := 0; i < n; i++ {
        		s = util.Twice(s + i)
        	}
        	return s
        }

        """;

    public const int AddLine = 6, DivIfLine = 10, DivReturnZeroLine = 11, AbsIfLine = 18, AbsNegateLine = 19, LoopBodyLine = 27;

    public static void Write(string directory)
    {
        void Put(string relative, string text)
        {
            var path = Path.Combine(directory, relative);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllText(path, text);
        }
        Put("go.mod", $"module {ModulePath}\n\ngo 1.19\n");
        Put("calc/calc.go", Calc);
        Put("calc/calc_test.go", "package calc\n\nimport \"testing\"\n\nfunc TestAdd(t *testing.T) {\n\tif Add(1, 2) != 3 {\n\t\tt.Fatal(\"add\")\n\t}\n}\n\n" +
            "func TestDiv(t *testing.T) {\n\tif Div(6, 3) != 2 {\n\t\tt.Fatal(\"div\")\n\t}\n}\n\nfunc TestLoop(t *testing.T) {\n\tLoop(3)\n}\n");
        Put("calc/internal/util/util.go", "package util\n\nfunc Twice(x int) int { return 2 * x }\n");
        Put("nottested/n.go", "package nottested\n\nfunc N() int { return 1 }\n");
        Put("app/app.go", "package app\n\nimport \"example.com/covfix/calc\"\n\nfunc Sum() int { return calc.Add(2, 2) }\n");
        Put("app/app_test.go", "package app\n\nimport \"testing\"\n\nfunc TestSum(t *testing.T) {\n\tif Sum() != 4 {\n\t\tt.Fatal(\"sum\")\n\t}\n}\n");
    }
}
