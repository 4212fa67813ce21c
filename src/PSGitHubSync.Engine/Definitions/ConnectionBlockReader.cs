using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text.RegularExpressions;
using PSGitHubSync.Engine.Errors;
using PSGitHubSync.Engine.GitHub;
using PSGitHubSync.Engine.Security;

namespace PSGitHubSync.Engine.Definitions;

/// <summary>
/// Reads the blocks that say how an integration connects, in 'defaults' or in the integration itself:
/// 'github' (server, and a token or a GitHub App), 'postman' (server, API key) and 'committer'.
/// Secrets are accepted only as references (env:, secret:, file:).
/// </summary>
internal sealed class ConnectionBlockReader
{
    private readonly YamlValueReader _values;

    public ConnectionBlockReader(YamlValueReader values) => _values = values;

    private DefinitionProblemList Problems => _values.Problems;

    /// <summary>Applies the 'github', 'postman' and 'committer' blocks among <paramref name="entries"/> to <paramref name="target"/>.</summary>
    public void Apply(Dictionary<string, KeyValuePair<YamlTreeScalar, YamlTreeNode>> entries, Integration target)
    {
        if (entries.TryGetValue("github", out var github) && _values.Mapping(github, "github") is { } githubMap) ApplyGitHub(githubMap, target);
        if (entries.TryGetValue("postman", out var postman) && _values.Mapping(postman, "postman") is { } postmanMap) ApplyPostman(postmanMap, target);
        if (entries.TryGetValue("committer", out var committer) && _values.Mapping(committer, "committer") is { } committerMap) ApplyCommitter(committerMap, target);
    }

    private void ApplyGitHub(YamlTreeMapping githubMap, Integration target)
    {
        var values = _values.Entries(githubMap, DefinitionKeys.GitHubKeys, "'github'");
        if (_values.Text(values, "server") is { } server)
        {
            try
            {
                GitHubEndpoint.Parse(server.Value);
                target.Server = server.Value;
            }
            catch (SyncException ex)
            {
                Problems.Add(DefinitionProblemId.InvalidValue, ex.Message, server);
            }
        }
        if (_values.Text(values, "token") is { } token)
        {
            target.Token = Reference(token, "token", "GITHUB_TOKEN") ?? target.Token;
            target.App = null;   // a token given here wins over an app of the defaults
        }
        if (values.TryGetValue("app", out var app))
        {
            if (values.ContainsKey("token"))
            {
                Problems.Add(DefinitionProblemId.InvalidValue,
                    "'github' names both a 'token' and an 'app'; an integration authenticates one way. Remove 'token' to work as the GitHub App, or 'app' to work with the token.", app.Key);
            }
            else if (ReadApp(app) is { } reference)
            {
                target.App = reference;
            }
        }
    }

    private void ApplyPostman(YamlTreeMapping postmanMap, Integration target)
    {
        var values = _values.Entries(postmanMap, DefinitionKeys.PostmanKeys, "'postman'");
        if (_values.Text(values, "server") is { } server)
        {
            if (LiteralSecretScan.UserInfo(server.Value) is not null)
            {
                Problems.Add(DefinitionProblemId.InvalidValue,
                    string.Format(CultureInfo.InvariantCulture, Resources.Messages.ServerCredentialsNotAllowed, "postman.server", "API key"), server);
            }
            else if (Uri.TryCreate(server.Value, UriKind.Absolute, out var uri)
                && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp && GitHubEndpoint.IsLoopback(uri)))
            {
                target.PostmanServer = server.Value;
            }
            else
            {
                Problems.Add(DefinitionProblemId.InvalidValue, $"'postman.server' must be an https address such as https://api.getpostman.com, not '{server.Value}'.", server);
            }
        }
        if (_values.Text(values, "apiKey") is { } apiKey) target.PostmanApiKey = Reference(apiKey, "apiKey", "POSTMAN_API_KEY") ?? target.PostmanApiKey;
    }

    private void ApplyCommitter(YamlTreeMapping committerMap, Integration target)
    {
        var values = _values.Entries(committerMap, DefinitionKeys.CommitterKeys, "'committer'");
        target.Committer.IsNamed = true;
        if (_values.Text(values, "name") is { } name) target.Committer.Name = name.Value;
        if (_values.Text(values, "email") is { } email)
        {
            if (email.Value.IndexOf('@') > 0) target.Committer.Email = email.Value;
            else Problems.Add(DefinitionProblemId.InvalidValue, $"'committer.email' must be an e-mail address, not '{email.Value}'.", email);
        }
    }

    private GitHubAppReference? ReadApp(KeyValuePair<YamlTreeScalar, YamlTreeNode> app)
    {
        if (_values.Mapping(app, "github.app") is not { } appMap) return null;
        var values = _values.Entries(appMap, DefinitionKeys.AppKeys, "'github.app'");
        var id = _values.Text(values, "id");
        var key = _values.Text(values, "privateKey");
        if (id is null || key is null)
        {
            Problems.Add(DefinitionProblemId.MissingKey,
                "'github.app' needs 'id' (the app id or client id from the app's settings page) and 'privateKey' (a reference to its PEM key, such as 'secret:GitHubAppKey' or 'file:app.pem').", appMap);
            return null;
        }
        var reference = new GitHubAppReference { Id = id.Value.Trim() };
        if (!Regex.IsMatch(reference.Id, "^(?:[0-9]{1,19}|Iv[0-9A-Za-z.]{1,60})$"))
        {
            Problems.Add(DefinitionProblemId.InvalidValue,
                $"'github.app.id' must be the app id (a number such as 123456) or its client id (Iv1.…) from the app's settings page, not '{id.Value}'.", id);
            return null;
        }
        if (Reference(key, "privateKey", "GITHUB_APP_PRIVATE_KEY") is not { } keyReference) return null;
        reference.PrivateKey = keyReference;
        if (_values.Text(values, "installation") is { } installation)
        {
            if (long.TryParse(installation.Value, NumberStyles.None, CultureInfo.InvariantCulture, out var installationId) && installationId > 0)
            {
                reference.Installation = installationId;
            }
            else
            {
                Problems.Add(DefinitionProblemId.InvalidValue,
                    $"'github.app.installation' must be an installation id (a number, from the address of the app's installation settings), not '{installation.Value}'; or remove it to find the installation on the repository's owner.", installation);
                return null;
            }
        }
        return reference;
    }

    private string? Reference(YamlTreeScalar scalar, string key, string variable)
    {
        if (SecretReference.LooksLikeLiteralSecret(scalar.Value)) return null;   // reported by the literal scan
        if (SecretReference.TryParse(scalar.Value) is { } reference) return reference.Text;
        // Never the value itself: whatever is written under a secret's key may be the secret.
        Problems.Add(DefinitionProblemId.InvalidSecretReference,
            $"'{key}' holds a literal value, but it must be a reference to where the secret is kept (definitions files live in version control): write 'env:{variable}', 'secret:NAME' (SecretManagement), 'secret:VAULT/NAME' or 'file:PATH'. If the value was a real secret, revoke it.", scalar);
        return null;
    }
}
