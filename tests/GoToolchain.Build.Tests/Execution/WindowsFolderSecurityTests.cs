using System.IO;
using GoToolchain.Build.Execution;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace GoToolchain.Build.Tests.Execution;

/// <summary>
/// The decision of the Windows state folder's check, on security descriptors as Windows and Wine 8 report them
/// (the SDDL strings of Wine are copied from GetNamedSecurityInfo on wine-8.0; WindowsTests runs the check itself there).
/// </summary>
[TestClass]
[TestCategory("unit")]
public sealed class WindowsFolderSecurityTests
{
    private const string Me = "S-1-5-21-1004336348-1177238915-682003330-1001";
    private const string Folder = @"C:\Users\me\AppData\Local\GoToolchain.Build";
    private const FileAttributes Dir = FileAttributes.Directory;

    [TestMethod]
    // What CreateOwnerOnly asks for.
    [DataRow("O:" + Me + "D:P(A;OICI;FA;;;" + Me + ")")]
    // A folder an earlier version made under %LOCALAPPDATA% (inherited: SYSTEM, Administrators, the user).
    [DataRow("O:" + Me + "D:AI(A;OICIID;FA;;;SY)(A;OICIID;FA;;;BA)(A;OICIID;FA;;;" + Me + ")")]
    // Wine 8's answer for the owner-only folder (it adds SYSTEM to every descriptor it makes from the Unix mode).
    [DataRow("O:S-1-5-21-0-0-0-1000D:(A;OICI;FA;;;SY)(A;OICI;FA;;;S-1-5-21-0-0-0-1000)", "S-1-5-21-0-0-0-1000")]
    // A deny ACE for others, and CREATOR OWNER for what is created inside, give nobody else anything.
    [DataRow("O:" + Me + "D:P(D;OICI;FA;;;WD)(A;OICIIO;FA;;;CO)(A;OICI;FA;;;" + Me + ")")]
    public void AFolderOnlyThisUserCanUseIsUsed(string sddl, string? me = null)
        => Assert.IsNull(WindowsFolderSecurity.Problem(Folder, Dir, sddl, me ?? Me));

    [TestMethod]
    public void AFolderSomeoneElseOwnsIsNotUsed()
    {
        // Wine 8: a folder of another Unix user (chown 65534) is owned by ANONYMOUS LOGON.
        var problem = WindowsFolderSecurity.Problem(Folder, Dir, "O:AND:(A;OICI;FA;;;SY)(A;OICI;FA;;;AN)", "S-1-5-21-0-0-0-1000");
        StringAssert.Contains(problem, "belongs to ANONYMOUS LOGON (AN), not to this user (S-1-5-21-0-0-0-1000): someone else created it");
        // Windows: another account, even with only our ACE in the DACL (the owner can change the DACL whenever it likes).
        StringAssert.Contains(WindowsFolderSecurity.Problem(Folder, Dir, "O:S-1-5-21-1-2-3-1002D:P(A;OICI;FA;;;" + Me + ")", Me),
            "belongs to S-1-5-21-1-2-3-1002");
        // Administrators as the owner (an elevated process made it): someone else as far as this check goes.
        StringAssert.Contains(WindowsFolderSecurity.Problem(Folder, Dir, "O:BAD:P(A;OICI;FA;;;" + Me + ")", Me), "belongs to BA");
    }

    [TestMethod]
    // Wine 8: mode 0755 (what Directory.CreateDirectory makes there) is Everyone read and execute.
    [DataRow("O:" + Me + "D:(A;OICI;FA;;;SY)(A;OICI;FA;;;" + Me + ")(A;OICI;0x1200a9;;;WD)", "Everyone (WD)")]
    [DataRow("O:" + Me + "D:P(A;OICI;FA;;;" + Me + ")(A;OICI;0x1301bf;;;AU)", "Authenticated Users (AU)")]
    [DataRow("O:" + Me + "D:P(A;OICI;FA;;;" + Me + ")(A;OICIIO;GW;;;BU)", "BUILTIN\\Users (BU)")] // only what is created inside
    [DataRow("O:" + Me + "D:P(A;OICI;FA;;;" + Me + ")(A;;FR;;;S-1-5-21-1-2-3-1002)", "S-1-5-21-1-2-3-1002")]
    public void AFolderOthersAreAllowedIntoIsNotUsed(string sddl, string who)
    {
        var problem = WindowsFolderSecurity.Problem(Folder, Dir, sddl, Me);
        StringAssert.Contains(problem, $"'{Folder}' gives other users access ({who} in its access control list D:");
    }

    [TestMethod]
    public void ANullDaclIsNotUsed()
    {
        StringAssert.Contains(WindowsFolderSecurity.Problem(Folder, Dir, "O:" + Me, Me), "has no access control list, so everyone can use it");
        StringAssert.Contains(WindowsFolderSecurity.Problem(Folder, Dir, "O:" + Me + "D:NO_ACCESS_CONTROL", Me), "has no access control list");
    }

    [TestMethod]
    public void AJunctionOrAFileIsNotUsedWhateverItsAcl()
    {
        const string Mine = "O:" + Me + "D:P(A;OICI;FA;;;" + Me + ")";
        StringAssert.Contains(WindowsFolderSecurity.Problem(Folder, Dir | FileAttributes.ReparsePoint, Mine, Me), "is a reparse point (a junction or a symbolic link)");
        StringAssert.Contains(WindowsFolderSecurity.Problem(Folder, FileAttributes.Archive, Mine, Me), "is not a folder");
    }
}
