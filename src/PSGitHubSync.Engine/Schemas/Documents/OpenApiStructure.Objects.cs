using System;
using System.Linq;

namespace PSGitHubSync.Engine.Schemas.Documents;

/// <summary>The checks of each kind of OpenAPI object: what its specification makes REQUIRED, and what the walk visits next.</summary>
internal sealed partial class OpenApiStructure
{
    private void CheckInfo(Item item)
    {
        var (file, node, pointer) = (item.File, item.Node, item.Pointer);
        Required(file, node, pointer, "title", Section("info"), "the API's title");
        Required(file, node, pointer, "version", Section("info"), "the version of the API description (not of OpenAPI)");
        Enqueue(file, node, pointer, "license", Kind.License);
    }

    private void CheckPaths(Item item)
    {
        var (file, node, pointer) = (item.File, item.Node, item.Pointer);
        foreach (var entry in node.Entries)
        {
            if (IsExtension(entry.Key)) continue;
            if (!entry.Key.StartsWith("/", StringComparison.Ordinal))
            {
                _context.Warn(SchemaProblemId.Advice, file, entry.Line, entry.Column, JsonPointer.Append(pointer, entry.Key),
                    $"The path '{entry.Key}' does not begin with '/'; paths are appended to the server URL and MUST begin with a slash.", Section("paths"));
            }
            Add(file, entry.Value, JsonPointer.Append(pointer, entry.Key), Kind.PathItem, entry.Key);
        }
    }

    /// <summary>Queues each value of <paramref name="item"/> (extensions left out) as an object of <paramref name="kind"/>, named by its key (a flow's name, a callback's expression).</summary>
    private void EnqueueEntries(Item item, Kind kind)
    {
        foreach (var entry in item.Node.Entries)
        {
            if (IsExtension(entry.Key)) continue;
            Add(item.File, entry.Value, JsonPointer.Append(item.Pointer, entry.Key), kind, entry.Key);
        }
    }

    private void CheckItems(Item item)
    {
        var (file, node, pointer) = (item.File, item.Node, item.Pointer);
        if (Required(file, node, pointer, "type", Section("items"), "the type of the items"))
        {
            SimpleType(file, node, pointer, Section("items"), "string", "number", "integer", "boolean", "array");
        }
        if (node.Get("type")?.Value == "array")
        {
            Required(file, node, pointer, "items", Section("items"), "the type of the array's items, since 'type' is 'array'");
            Enqueue(file, node, pointer, "items", Kind.Items);
        }
    }

    private void CheckResponses(Item item)
    {
        var (file, node, pointer) = (item.File, item.Node, item.Pointer);
        var codes = 0;
        foreach (var entry in node.Entries)
        {
            if (IsExtension(entry.Key)) continue;
            codes++;
            Add(file, entry.Value, JsonPointer.Append(pointer, entry.Key), Kind.Response, null);
        }
        if (codes == 0)
        {
            _context.Warn(SchemaProblemId.Advice, file, node.Line, node.Column, pointer,
                "The Responses Object lists no response; it should have at least one (the successful one).", Section("responses"));
        }
    }

    private void CheckResponse(Item item)
    {
        var (file, node, pointer) = (item.File, item.Node, item.Pointer);
        if (_version <= 31) Required(file, node, pointer, "description", Section("response"), "a short description of the response (it may be empty: description: '')");
        EnqueueMap(file, node, pointer, "headers", Kind.Header);
        if (_version >= 30) EnqueueMap(file, node, pointer, "links", null);
    }

    private void CheckHeader(Item item)
    {
        if (_version != 20) return;
        var (file, node, pointer) = (item.File, item.Node, item.Pointer);
        if (Required(file, node, pointer, "type", Section("header"), "the header's type"))
        {
            SimpleType(file, node, pointer, Section("header"), "string", "number", "integer", "boolean", "array");
        }
        if (node.Get("type")?.Value == "array") Enqueue(file, node, pointer, "items", Kind.Items);
    }

    private void CheckComponents(Item item)
    {
        var (file, node, pointer) = (item.File, item.Node, item.Pointer);
        EnqueueMap(file, node, pointer, "responses", Kind.Response);
        EnqueueMap(file, node, pointer, "parameters", Kind.Parameter);
        EnqueueMap(file, node, pointer, "requestBodies", Kind.RequestBody);
        EnqueueMap(file, node, pointer, "headers", Kind.Header);
        EnqueueMap(file, node, pointer, "securitySchemes", Kind.SecurityScheme);
        EnqueueMap(file, node, pointer, "callbacks", Kind.Callback);
        if (_version >= 31) EnqueueMap(file, node, pointer, "pathItems", Kind.PathItem);
    }

    private void CheckOAuthFlow(Item item)
    {
        var (file, node, pointer) = (item.File, item.Node, item.Pointer);
        var flowSection = Section("oauthFlow");
        if (item.Context is "implicit" or "authorizationCode") Required(file, node, pointer, "authorizationUrl", flowSection, $"the authorization URL of the {item.Context} flow");
        if (item.Context is "password" or "clientCredentials" or "authorizationCode" or "deviceAuthorization") Required(file, node, pointer, "tokenUrl", flowSection, $"the token URL of the {item.Context} flow");
        if (item.Context is "deviceAuthorization") Required(file, node, pointer, "deviceAuthorizationUrl", flowSection, "the device authorization URL");
        Required(file, node, pointer, "scopes", flowSection, "the scopes (it may be empty: scopes: {})");
    }

    private void CheckPathItem(Item item)
    {
        var (file, node, pointer) = (item.File, item.Node, item.Pointer);
        var methods = _version == 20 ? Methods2 : _version >= 32 ? Methods32 : Methods3;
        foreach (var method in methods) Enqueue(file, node, pointer, method, Kind.Operation);
        EnqueueSequence(file, node, pointer, "parameters", Kind.Parameter);
        if (_version >= 30) EnqueueSequence(file, node, pointer, "servers", Kind.Server);
        if (_version >= 32) EnqueueMap(file, node, pointer, "additionalOperations", Kind.Operation);
    }

    private void CheckOperation(Item item)
    {
        var (file, node, pointer) = (item.File, item.Node, item.Pointer);
        if (_version <= 30)
        {
            Required(file, node, pointer, "responses", Section("operation"), "the responses the operation can give, at least one");
        }
        Enqueue(file, node, pointer, "responses", Kind.Responses);
        EnqueueSequence(file, node, pointer, "parameters", Kind.Parameter);
        Enqueue(file, node, pointer, "externalDocs", Kind.ExternalDocs);
        if (_version >= 30)
        {
            Enqueue(file, node, pointer, "requestBody", Kind.RequestBody);
            EnqueueMap(file, node, pointer, "callbacks", Kind.Callback);
            EnqueueSequence(file, node, pointer, "servers", Kind.Server);
        }
        if (node.FindEntry("operationId") is { Value: { Kind: DocNodeKind.Scalar } id } entry && !string.IsNullOrEmpty(id.Value))
        {
            if (_operationIds.TryGetValue(id.Value!, out var first))
            {
                _context.Warn(SchemaProblemId.Advice, file, entry.Line, entry.Column, JsonPointer.Append(pointer, "operationId"),
                    $"The operationId '{id.Value}' is used twice (first at {first.File}:{first.Line}); it should be unique, code generators and Postman use it as a name.",
                    Section("operation"));
            }
            else
            {
                _operationIds[id.Value!] = (file, entry.Line);
            }
        }
    }

    private void CheckParameter(Item item)
    {
        var (file, node, pointer) = (item.File, item.Node, item.Pointer);
        var section = Section("parameter");
        Required(file, node, pointer, "name", section, "the parameter's name");
        if (!Required(file, node, pointer, "in", section, "where the parameter goes")) return;
        var inEntry = node.FindEntry("in")!.Value;
        var location = inEntry.Value.Value ?? "";
        var allowed = _version == 20 ? new[] { "query", "header", "path", "formData", "body" }
            : _version >= 32 ? new[] { "query", "querystring", "header", "path", "cookie" }
            : new[] { "query", "header", "path", "cookie" };
        if (!allowed.Contains(location, StringComparer.Ordinal))
        {
            _context.Add(SchemaProblemId.InvalidFieldValue, file, inEntry.Value.Line, inEntry.Value.Column, JsonPointer.Append(pointer, "in"),
                $"'in: {location}' is not a parameter location of OpenAPI {_versionText}; it must be one of {string.Join(", ", allowed)}.", section);
            return;
        }
        if (location == "path" && node.Get("required")?.Value != "true")
        {
            _context.Warn(SchemaProblemId.Advice, file, node.Line, node.Column, JsonPointer.Append(pointer, "required"),
                $"The path parameter '{node.Get("name")?.Value}' should say 'required: true' (a path parameter is always required).", section);
        }
        if (_version == 20)
        {
            if (location == "body")
            {
                Required(file, node, pointer, "schema", section, "the schema of the body");
            }
            else if (Required(file, node, pointer, "type", section, "the parameter's type (string, number, integer, boolean, array or file)")
                && SimpleType(file, node, pointer, section, "string", "number", "integer", "boolean", "array", "file")
                && node.Get("type")?.Value == "array")
            {
                Required(file, node, pointer, "items", section, "the type of the array's items, since 'type' is 'array'");
                Enqueue(file, node, pointer, "items", Kind.Items);
            }
        }
        else if (node.FindEntry("schema") is null && node.FindEntry("content") is null)
        {
            _context.Warn(SchemaProblemId.Advice, file, node.Line, node.Column, pointer,
                $"The parameter '{node.Get("name")?.Value}' has neither 'schema' nor 'content'; it must have one of them to say what it holds.", section);
        }
    }

    private void CheckSecurityScheme(Item item)
    {
        var (file, node, pointer) = (item.File, item.Node, item.Pointer);
        var section = Section("securityScheme");
        if (!Required(file, node, pointer, "type", section, "the kind of scheme")) return;
        var typeNode = node.Get("type")!;
        var type = typeNode.Value ?? "";
        var allowed = _version == 20 ? new[] { "basic", "apiKey", "oauth2" }
            : _version == 30 ? new[] { "apiKey", "http", "oauth2", "openIdConnect" }
            : new[] { "apiKey", "http", "mutualTLS", "oauth2", "openIdConnect" };
        if (!allowed.Contains(type, StringComparer.Ordinal))
        {
            _context.Add(SchemaProblemId.InvalidFieldValue, file, typeNode.Line, typeNode.Column, JsonPointer.Append(pointer, "type"),
                $"'type: {type}' is not a security scheme type of OpenAPI {_versionText}; it must be one of {string.Join(", ", allowed)}.", section);
            return;
        }
        switch (type)
        {
            case "apiKey":
                Required(file, node, pointer, "name", section, "the name of the header, query parameter or cookie");
                Required(file, node, pointer, "in", section, "where the key goes (query, header" + (_version == 20 ? ")" : " or cookie)"));
                break;
            case "http":
                Required(file, node, pointer, "scheme", section, "the HTTP authorization scheme (basic, bearer, ...)");
                break;
            case "openIdConnect":
                Required(file, node, pointer, "openIdConnectUrl", section, "the OpenID Connect discovery URL");
                break;
            case "oauth2" when _version == 20:
                if (Required(file, node, pointer, "flow", section, "the OAuth2 flow (implicit, password, application or accessCode)"))
                {
                    var flow = node.Get("flow")!.Value;
                    if (flow is "implicit" or "accessCode") Required(file, node, pointer, "authorizationUrl", section, $"the authorization URL of the {flow} flow");
                    if (flow is "password" or "application" or "accessCode") Required(file, node, pointer, "tokenUrl", section, $"the token URL of the {flow} flow");
                }
                Required(file, node, pointer, "scopes", section, "the scopes (it may be empty: scopes: {})");
                break;
            case "oauth2":
                Required(file, node, pointer, "flows", section, "the OAuth2 flows the scheme supports");
                Enqueue(file, node, pointer, "flows", Kind.OAuthFlows);
                break;
        }
    }
}
