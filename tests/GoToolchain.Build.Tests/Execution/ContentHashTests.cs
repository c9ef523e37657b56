using System.IO;
using GoToolchain.Build.Execution;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace GoToolchain.Build.Tests.Execution;

/// <summary>Stamps and cache keys on disk depend on these exact strings.</summary>
[TestClass]
[TestCategory("unit")]
public sealed class ContentHashTests
{
    [TestMethod]
    public void TextDigestsAreLowerCaseHexOfUtf8Sha256()
    {
        Assert.AreEqual("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", ContentHash.OfText("abc"));
        Assert.AreEqual("ba7816bf8f01cfea414140de5dae2223", ContentHash.ShortOfText("abc"));
    }

    [TestMethod]
    public void FileDigestIsTheDigestOfItsBytes()
    {
        var path = Path.GetTempFileName();
        try
        {
            File.WriteAllText(path, "abc");
            Assert.AreEqual(ContentHash.OfText("abc"), ContentHash.OfFile(path));
        }
        finally { File.Delete(path); }
    }
}
