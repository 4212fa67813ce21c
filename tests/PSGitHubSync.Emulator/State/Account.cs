using System.Text;

namespace PSGitHubSync.Emulator.State;

/// <summary>A user or organisation known to the emulator.</summary>
internal sealed class Account
{
    public Account(string login, long id, string? name, string? email, bool isOrganization, DateTimeOffset createdAt)
    {
        Login = login;
        Id = id;
        Name = name;
        Email = email;
        IsOrganization = isOrganization;
        CreatedAt = createdAt;
    }

    public string Login { get; }

    public long Id { get; }

    public string? Name { get; }

    public string? Email { get; }

    public bool IsOrganization { get; }

    public string Type => IsOrganization ? "Organization" : "User";

    public DateTimeOffset CreatedAt { get; }

    /// <summary>GitHub's legacy global node id, e.g. "MDQ6VXNlcjE=" for user 1.</summary>
    public string NodeId => IsOrganization
        ? LegacyNodeId("012:Organization", Id)
        : LegacyNodeId("04:User", Id);

    internal static string LegacyNodeId(string prefix, long id) =>
        Convert.ToBase64String(Encoding.ASCII.GetBytes(prefix + id.ToString(System.Globalization.CultureInfo.InvariantCulture)));
}
