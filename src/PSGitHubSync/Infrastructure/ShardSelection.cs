using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using PSGitHubSync.Engine.Errors;
using PSGitHubSync.Engine.Sharding;

namespace PSGitHubSync.Infrastructure;

/// <summary>
/// <c>-Shard k/n</c> of the running cmdlets: checks the text when the call begins (a bad value stops the call
/// before anything runs) and keeps this shard's share of the selected integrations when they run.
/// </summary>
/// <remarks>The parameter stays a string (the engine's <see cref="Shard"/> appears only in method bodies; see <see cref="PipelineBridge"/>).</remarks>
internal static class ShardSelection
{
    /// <summary>Terminates the call with <c>ShardInvalid</c> when <paramref name="text"/> is given and is not k/n.</summary>
    public static void Validate(PSCmdlet cmdlet, string? text)
    {
        if (text is null) return;
        try
        {
            Shard.Parse(text);
        }
        catch (SyncException ex)
        {
            cmdlet.ThrowTerminatingError(ErrorRecords.From(ex));
        }
    }

    /// <summary>
    /// The integrations of <paramref name="selected"/> that shard <paramref name="text"/> runs (all of them without
    /// -Shard), in their order, with a verbose message saying how many of how many, and which.
    /// </summary>
    public static IReadOnlyList<Integration> Apply(PSCmdlet cmdlet, string? text, IReadOnlyList<Integration> selected)
    {
        if (text is null) return selected;
        var shard = Shard.Parse(text);
        var running = shard.Select(selected, i => i.Name);
        cmdlet.WriteVerbose(shard.Describe(selected.Select(i => i.Name).ToList(), running.Select(i => i.Name).ToList()));
        return running;
    }
}
