using FsCheck;
using FsCheck.Xunit;

namespace PSGitHubSync.Tests.Collections;

/// <summary>
/// The streaming pass against the DOM path over generated collections and environments (see
/// <see cref="RandomPostmanJson"/>), with read buffers of 1 to 64 bytes so that refills fall on every token boundary.
/// </summary>
public class CollectionStreamPropertyTests
{
    [Property(MaxTest = 300)]
    public void Generated_collections_give_what_the_DOM_path_gives(int seed, PositiveInt buffer, bool redact)
    {
        var json = new RandomPostmanJson(seed).Collection();
        StreamingOracle.AssertSame(StreamingOracle.CompareCollection(json, "generated.json", redact, 1 + (buffer.Get % 64)));
    }

    [Property(MaxTest = 300)]
    public void Generated_environments_give_what_the_DOM_path_gives(int seed, PositiveInt buffer, bool redact)
    {
        var json = new RandomPostmanJson(seed).Environment();
        StreamingOracle.AssertSame(StreamingOracle.CompareEnvironment(json, "generated.postman_environment.json", redact, 1 + (buffer.Get % 64)));
    }
}
