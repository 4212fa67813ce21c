namespace PSGitHubSync.Engine.Definitions;

/// <summary>
/// The vocabulary of the definitions file: the keys each block accepts (<c>...Keys</c>) and the words some values
/// take. In one place, so the readers share it and the about_PSGitHubSync topic is checked against all of it
/// (tests/Pester/Console.Tests.ps1 reads these fields).
/// </summary>
internal static class DefinitionKeys
{
    internal static readonly string[] RootKeys = { "version", "defaults", "integrations" };
    internal static readonly string[] DefaultsKeys = { "github", "postman", "committer", "secretPolicy" };
    internal static readonly string[] GitHubKeys = { "server", "token", "app" };
    internal static readonly string[] AppKeys = { "id", "privateKey", "installation" };
    internal static readonly string[] PostmanKeys = { "server", "apiKey" };
    internal static readonly string[] CommitterKeys = { "name", "email" };
    internal static readonly string[] IntegrationKeys =
        { "name", "type", "source", "repository", "directory", "fileName", "branch", "path", "format", "root", "secretPolicy", "prune", "github", "postman", "committer", "allowGitHubFolder" };
    internal static readonly string[] BackupOnlyKeys = { "directory", "fileName", "secretPolicy", "prune" };
    internal static readonly string[] SchemaOnlyKeys = { "path", "format", "root" };
    internal static readonly string[] SourceKeys = { "workspace", "collection", "environments", "file", "postman" };
    internal static readonly string[] SourcePostmanKeys = { "workspace", "api" };
    internal static readonly string[] SecretPolicies = { "redact", "keep", "block" };
    internal static readonly string[] Formats = { "openapi", "raml", "graphql" };
}
