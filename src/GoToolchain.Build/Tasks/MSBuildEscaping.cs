using System.Text;

namespace GoToolchain.Build.Tasks;

/// <summary>
/// MSBuild's escaping (%XX for % * ? @ $ ( ) ; '), which TaskItem expects of item specs and metadata it is given.
/// The engine's own Escape lives in Microsoft.Build.dll, which a task must not reference.
/// </summary>
public static class MSBuildEscaping
{
    private const string Special = "%*?@$();'";

    public static string Escape(string value)
    {
        if (value.IndexOfAny(Special.ToCharArray()) < 0) return value;
        var sb = new StringBuilder(value.Length + 8);
        foreach (var c in value)
        {
            if (Special.IndexOf(c) >= 0) sb.Append('%').Append(((int)c).ToString("x2"));
            else sb.Append(c);
        }
        return sb.ToString();
    }
}
