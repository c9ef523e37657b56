using System;
using Microsoft.Build.Framework;

namespace GoToolchain.Build.Tasks;

/// <summary>
/// Hands the MSBuild node to other projects just before a task blocks (a go process, another build's lock), at most once,
/// and takes it back when disposed only if it was handed away. A task that turns out to have nothing long to do keeps its
/// node: yielding costs a wait in the node's queue to get it back, 250-550 ms each in a 40-project build.
/// </summary>
internal sealed class NodeYield : IDisposable
{
    private readonly IBuildEngine3? _engine;
    private bool _yielded;

    public NodeYield(IBuildEngine3? engine) => _engine = engine;

    public void BeforeBlocking()
    {
        if (_yielded || _engine is null) return;
        _engine.Yield();
        _yielded = true;
    }

    public void Dispose()
    {
        if (!_yielded) return;
        _yielded = false;
        _engine!.Reacquire();
    }
}
