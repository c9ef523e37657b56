using System.Linq;
using GoToolchain.Build.Settings;

namespace GoToolchain.Build.Tasks;

/// <summary>
/// The first task of every build: reports each property and GoModule metadata value of the package that is not allowed
/// (<see cref="SettingsReader"/> decides) with its code, at the line of the user's file that sets it. Runs no go process.
/// </summary>
public class ValidateGoSettings : GoTaskBase
{
    protected override void ExecuteCore()
    {
        var lines = new ProjectFileLines(ProjectFile);
        Report(ReadSettings().Problems.Select(problem => problem(lines)).ToList());
    }
}
