using System.Text.Json;
using System.Text.Json.Serialization;

namespace PSGitHubSync.Emulator;

/// <summary>
/// Everything the emulator starts with: tokens, users and repositories. It is also the JSON file
/// format (camelCase) that standalone mode reads with <c>--config</c>.
/// </summary>
public sealed class EmulatorConfig
{
    public List<EmulatorToken> Tokens { get; set; } = new();

    public List<EmulatorRepository> Repositories { get; set; } = new();

    /// <summary>Users (and organisations, with <see cref="EmulatorUser.Type"/> "Organization").</summary>
    public List<EmulatorUser> Users { get; set; } = new();

    /// <summary>GitHub Apps: id, slug and the public half of their key, for verifying their JWTs.</summary>
    public List<EmulatorApp> Apps { get; set; } = new();

    /// <summary>Installations of the apps on accounts, with their repositories and permissions.</summary>
    public List<EmulatorInstallation> Installations { get; set; } = new();

    /// <summary>
    /// The GitHub Enterprise Server version served under <c>/api/v3/</c> (header
    /// <c>x-github-enterprise-version</c>, <c>installed_version</c> in <c>/meta</c>).
    /// Null: no Enterprise API at all (everything under <c>/api/v3/</c> answers 404).
    /// </summary>
    public string? EnterpriseVersion { get; set; } = "3.17.0";

    /// <summary>Hourly core rate limit of unauthenticated clients (GitHub: 60).</summary>
    public int AnonymousRateLimit { get; set; } = 60;

    /// <summary>GitHub's limits that clients must respect (content creation per minute, request and blob sizes).</summary>
    public GitHubLimits GitHubLimits { get; set; } = new();

    /// <summary>The emulated Postman API under <c>/postman/</c> (see Postman/README.md). Null: no API keys, nothing seeded.</summary>
    public PostmanConfig? Postman { get; set; }

    /// <summary>Serializer settings of the config file: camelCase, case-insensitive, enums as strings.</summary>
    public static JsonSerializerOptions JsonOptions { get; } = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
    };

    public static EmulatorConfig FromJson(string json) =>
        JsonSerializer.Deserialize<EmulatorConfig>(json, JsonOptions)
        ?? throw new InvalidDataException("The emulator configuration is empty.");

    public static EmulatorConfig Load(string path) => FromJson(File.ReadAllText(path));

    public string ToJson() => JsonSerializer.Serialize(this, JsonOptions);
}

/// <summary>A token the emulator accepts (<c>Authorization: token X</c>, <c>Bearer X</c> or Basic with X as password).</summary>
public sealed class EmulatorToken
{
    public const string Classic = "classic";
    public const string FineGrained = "fine-grained";
    public const string OAuth = "oauth";
    public const string App = "app";

    public string Value { get; set; } = "";

    /// <summary>classic | fine-grained | oauth | app. Empty: inferred from the prefix (ghp_, github_pat_, gho_, ghs_).</summary>
    public string Type { get; set; } = Classic;

    /// <summary>The user the token acts for (null for app installation tokens).</summary>
    public string? Login { get; set; }

    /// <summary>OAuth scopes of classic and OAuth tokens (X-OAuth-Scopes).</summary>
    public List<string> Scopes { get; set; } = new();

    public DateTimeOffset? ExpiresAt { get; set; }

    /// <summary>
    /// "owner/repo" -> "read" | "write" (the Contents permission) for fine-grained and app tokens:
    /// the repositories the token was granted / the installation covers. "owner/*" grants all of an owner's repositories.
    /// </summary>
    public Dictionary<string, string> RepositoryPermissions { get; set; } = new();

    /// <summary>Hourly core rate limit of this token (GitHub: 5000).</summary>
    public int? RateLimit { get; set; }
}

public sealed class EmulatorRepository
{
    public string Owner { get; set; } = "";

    public string Name { get; set; } = "";

    public bool Private { get; set; }

    public bool Archived { get; set; }

    public string DefaultBranch { get; set; } = "main";

    public string? Description { get; set; }

    /// <summary>login -> "admin" | "maintain" | "write" | "triage" | "read". The owner is always admin.</summary>
    public Dictionary<string, string> Collaborators { get; set; } = new();

    /// <summary>
    /// True: no commits at all (GitHub's "empty repository"). False: one initial commit on <see cref="DefaultBranch"/>
    /// with README.md ("# {name}\n") and <see cref="Files"/>, by "GitHub &lt;noreply@github.com&gt;" at 2026-01-01T00:00:00Z.
    /// </summary>
    public bool Empty { get; set; }

    /// <summary>path -> UTF-8 content: more files of the initial commit.</summary>
    public Dictionary<string, string> Files { get; set; } = new();

    /// <summary>Branches besides the default one, pointing at the initial commit.</summary>
    public List<string> Branches { get; set; } = new();

    /// <summary>Branches that refuse direct updates (ref updates and contents writes).</summary>
    public List<string> ProtectedBranches { get; set; } = new();
}

public sealed class EmulatorUser
{
    public string Login { get; set; } = "";

    /// <summary>0: assigned by the emulator.</summary>
    public long Id { get; set; }

    public string? Name { get; set; }

    public string? Email { get; set; }

    /// <summary>"User" or "Organization".</summary>
    public string Type { get; set; } = "User";
}

/// <summary>A GitHub App: JWTs it signs (issuer its id or client id) are verified with <see cref="PublicKey"/>.</summary>
public sealed class EmulatorApp
{
    public long Id { get; set; }

    /// <summary>The client id (<c>Iv23…</c>), also accepted as the JWT issuer; null: none.</summary>
    public string? ClientId { get; set; }

    public string Slug { get; set; } = "";

    /// <summary>The public key in PEM (<c>BEGIN PUBLIC KEY</c> or <c>BEGIN RSA PUBLIC KEY</c>).</summary>
    public string PublicKey { get; set; } = "";
}

/// <summary>An app installed on an account.</summary>
public sealed class EmulatorInstallation
{
    public long Id { get; set; }

    public long AppId { get; set; }

    /// <summary>The user or organisation the app is installed on.</summary>
    public string Account { get; set; } = "";

    /// <summary>The repository names (without owner) the installation may reach; null: all of the account's.</summary>
    public List<string>? Repositories { get; set; }

    /// <summary>Granted permissions, e.g. contents: write, metadata: read.</summary>
    public Dictionary<string, string> Permissions { get; set; } = new() { ["contents"] = "write", ["metadata"] = "read" };

    /// <summary>How long an installation token lives (GitHub: one hour).</summary>
    public int TokenLifetimeSeconds { get; set; } = 3600;
}
