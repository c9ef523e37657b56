using Microsoft.Testing.Platform.Builder;
using Microsoft.Testing.Platform.Extensions;
using Microsoft.Testing.Platform.Services;

namespace GoToolchain.Build.TestingPlatform;

/// <summary>
/// Called by the entry point that Microsoft.Testing.Platform.MSBuild generates for the test project: the package's targets add a
/// <c>TestingPlatformBuilderHook</c> item naming this type when the project has GoTest items and runs on the platform.
/// </summary>
public static class TestingPlatformBuilderHook
{
    public static void AddExtensions(ITestApplicationBuilder builder, string[] arguments)
    {
        // One instance for both roles: it runs go test at the session's end and publishes the results.
        var factory = new CompositeExtensionFactory<GoTestSession>(services => new GoTestSession(
            services.GetMessageBus(), services.GetCommandLineOptions(), services.GetConfiguration(), services.GetOutputDevice()));
        builder.TestHost.AddTestSessionLifetimeHandle(factory);
        // --list-tests runs no session handler: the Go tests are listed after the framework's.
        builder.TestHost.AddTestHostApplicationLifetime(services => new GoTestListing(
            services.GetCommandLineOptions(), services.GetOutputDevice()));
    }
}
