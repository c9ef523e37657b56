namespace GoToolchain.Build.Diagnostics;

/// <summary>How loud a line of the build log is: High shows at the default verbosity (GoDoctor's report), Normal with -v:n, Low with -v:d.</summary>
public enum LogImportance { High, Normal, Low }

/// <summary>A line for the build log, from logic that has no MSBuild types (the tasks pass their logger in).</summary>
public delegate void BuildLog(LogImportance importance, string text);
