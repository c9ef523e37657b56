using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

namespace GoToolchain.Build.Tasks;

/// <summary>MSBuild items in and out of the tasks: what the logic sees of an item, and items made from the logic's values.</summary>
public static class TaskItems
{
    /// <summary>The item's own metadata only, without the well-known ones MSBuild derives (FullPath, ModifiedTime, AccessedTime…),
    /// which change without a change to the item.</summary>
    public static IReadOnlyDictionary<string, string> OwnMetadata(ITaskItem item)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (System.Collections.DictionaryEntry entry in item.CloneCustomMetadata()) result[(string)entry.Key] = (string)(entry.Value ?? "");
        return result;
    }

    /// <summary>An item from plain text: TaskItem takes escaped text, and unescaped a folder named a$(x) or 100% would reach the
    /// next task as 'a' or '100'.</summary>
    public static ITaskItem Create(string spec, IEnumerable<KeyValuePair<string, string>>? metadata = null)
        => new TaskItem(MSBuildEscaping.Escape(spec),
            (metadata ?? Enumerable.Empty<KeyValuePair<string, string>>()).ToDictionary(p => p.Key, p => MSBuildEscaping.Escape(p.Value)));
}
