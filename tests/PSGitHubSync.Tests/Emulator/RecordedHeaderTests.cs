using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Xunit;

namespace PSGitHubSync.Tests.Emulator;

/// <summary>The emulator's headers and body shapes against responses recorded from api.github.com.</summary>
public sealed class RecordedHeaderTests : IClassFixture<EmulatorServerFixture>
{
    /// <summary>GitHub's request ids: five upper-case hex groups (the recorded ones are zeroed: 0000:00000:0000000:0000000:00000000).</summary>
    private static readonly Regex RequestIdPattern = new("^[0-9A-F]{4}:[0-9A-F]{4,5}:[0-9A-F]{6,8}:[0-9A-F]{6,8}:[0-9A-F]{8}$");

    /// <summary>X-OAuth-Scopes: scope names joined by comma and space.</summary>
    private static readonly Regex ScopesPattern = new("^[a-z_:]+(, [a-z_:]+)*$");

    private static readonly Regex Digits = new("^[0-9]+$");

    private readonly EmulatorServerFixture _fixture;

    public RecordedHeaderTests(EmulatorServerFixture fixture)
    {
        _fixture = fixture;
    }

    private static RecordedResponse RecordedRepository => RecordedResponse.Find("get-repository", "GET", 200);

    [Theory]
    [InlineData("content-type")]
    [InlineData("x-github-media-type")]
    [InlineData("cache-control")]
    [InlineData("access-control-allow-origin")]
    [InlineData("access-control-expose-headers")]
    [InlineData("content-security-policy")]
    [InlineData("referrer-policy")]
    [InlineData("strict-transport-security")]
    [InlineData("x-content-type-options")]
    [InlineData("x-frame-options")]
    [InlineData("x-xss-protection")]
    [InlineData("x-ratelimit-resource")]
    [InlineData("x-accepted-oauth-scopes")]
    public async Task Fixed_headers_of_a_repository_answer_equal_the_recorded_ones(string header)
    {
        var response = await GetRepositoryAsync();

        Assert.Equal(RecordedRepository.Headers[header], response.Header(header));
    }

    [Fact]
    public async Task Every_header_GitHub_sent_is_there()
    {
        var response = await GetRepositoryAsync();
        var names = response.HeaderNames.ToHashSet(StringComparer.OrdinalIgnoreCase);

        // "connection: close" is the recording client's choice, not GitHub's.
        var missing = RecordedRepository.Headers.Keys.Where(h => h != "connection" && !names.Contains(h)).ToArray();
        Assert.True(missing.Length == 0, "missing: " + string.Join(", ", missing));
    }

    [Fact]
    public async Task Rate_limit_headers_have_the_recorded_format_and_add_up()
    {
        var recorded = RecordedRepository.Headers;
        var response = await GetRepositoryAsync();
        long now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();

        foreach (var header in new[] { "x-ratelimit-limit", "x-ratelimit-remaining", "x-ratelimit-used", "x-ratelimit-reset" })
        {
            Assert.Matches(Digits, recorded[header]);
            Assert.Matches(Digits, response.Header(header));
        }

        Assert.Equal(recorded["x-ratelimit-limit"], response.Header("x-ratelimit-limit"));
        Assert.Equal(Number(recorded["x-ratelimit-limit"]), Number(recorded["x-ratelimit-remaining"]) + Number(recorded["x-ratelimit-used"]));
        Assert.Equal(5000, Number(response.Header("x-ratelimit-remaining")!) + Number(response.Header("x-ratelimit-used")!));

        // Epoch seconds within the hour (the recording's value is normalised, so only its digits are compared).
        long reset = Number(response.Header("x-ratelimit-reset")!);
        Assert.InRange(reset, now - 5, now + 3600 + 5);
    }

    [Fact]
    public async Task Request_ids_look_like_GitHubs_and_differ_per_request()
    {
        Assert.Matches(RequestIdPattern, RecordedRepository.Headers["x-github-request-id"]);

        var first = await GetRepositoryAsync();
        var second = await EmulatorHttp.GetAsync(_fixture.Server.GitHubUrl, "/meta");

        Assert.Matches(RequestIdPattern, first.Header("x-github-request-id"));
        Assert.Matches(RequestIdPattern, second.Header("x-github-request-id"));
        Assert.NotEqual(first.Header("x-github-request-id"), second.Header("x-github-request-id"));
    }

    [Fact]
    public async Task OAuth_scopes_are_listed_like_GitHub_sorted_and_comma_separated()
    {
        Assert.Matches(ScopesPattern, RecordedRepository.Headers["x-oauth-scopes"]);

        // Configured as "user", "repo".
        var response = await GetRepositoryAsync();

        Assert.Matches(ScopesPattern, response.Header("x-oauth-scopes"));
        Assert.Equal("repo, user", response.Header("x-oauth-scopes"));
    }

    [Fact]
    public async Task Token_expiry_uses_GitHubs_own_format()
    {
        var response = await GetRepositoryAsync();

        Assert.Equal("2099-12-31 12:00:00 UTC", response.Header("github-authentication-token-expiration"));
        Assert.True(DateTime.TryParseExact(
            response.Header("github-authentication-token-expiration"), "yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out _));
    }

    [Fact]
    public async Task Date_and_etag_are_well_formed()
    {
        var response = await GetRepositoryAsync();

        var date = DateTimeOffset.ParseExact(response.Header("date")!, "r", CultureInfo.InvariantCulture);
        Assert.InRange(date, DateTimeOffset.UtcNow.AddMinutes(-1), DateTimeOffset.UtcNow.AddMinutes(1));
        Assert.Matches("^\"[0-9a-f]+\"$", RecordedRepository.Headers["etag"]);
        Assert.Matches("^W/\"[0-9a-f]{64}\"$", response.Header("etag"));
        Assert.Equal("2022-11-28", response.Header("x-github-api-version-selected"));
    }

    [Fact]
    public async Task Error_bodies_have_GitHubs_fields_in_GitHubs_order()
    {
        var recordedError = RecordedResponse.Find("errors", "POST", 422).Body;
        var recordedOrder = recordedError.EnumerateObject().Select(p => p.Name).Where(n => n != "errors").ToArray();

        var badCredentials = await EmulatorHttp.GetAsync(_fixture.Server.GitHubUrl, "/user", TestWorld.Unknown);
        var order = badCredentials.Json.EnumerateObject().Select(p => p.Name).ToArray();

        Assert.Equal(recordedOrder, order.Take(recordedOrder.Length));
        Assert.Equal("""{"message":"Bad credentials","documentation_url":"https://docs.github.com/rest","status":"401"}""", badCredentials.Body);
        Assert.Equal(RecordedRepository.Headers["content-type"], badCredentials.Header("content-type"));
    }

    [Fact]
    public async Task Repository_body_has_every_recorded_field_in_the_recorded_order()
    {
        var recorded = RecordedRepository.Body;
        var response = await GetRepositoryAsync();
        var body = response.Json;

        AssertSameFieldsInOrder(recorded, body, "repository");
        AssertSameFieldsInOrder(recorded.GetProperty("owner"), body.GetProperty("owner"), "owner");
        AssertSameFieldsInOrder(recorded.GetProperty("organization"), body.GetProperty("organization"), "organization");
        AssertSameFieldsInOrder(recorded.GetProperty("permissions"), body.GetProperty("permissions"), "permissions");
    }

    private static void AssertSameFieldsInOrder(JsonElement recorded, JsonElement emulated, string what)
    {
        var expected = recorded.EnumerateObject().Select(p => p.Name).ToArray();
        var actual = emulated.EnumerateObject().Select(p => p.Name).ToArray();

        var missing = expected.Except(actual).ToArray();
        Assert.True(missing.Length == 0, $"{what} lacks {string.Join(", ", missing)}");
        var commonInEmulatorOrder = actual.Where(expected.Contains).ToArray();
        Assert.Equal(expected, commonInEmulatorOrder);
        foreach (var name in expected)
        {
            var kind = recorded.GetProperty(name).ValueKind;
            var emulatedKind = emulated.GetProperty(name).ValueKind;
            bool bothBoolean = kind is JsonValueKind.True or JsonValueKind.False && emulatedKind is JsonValueKind.True or JsonValueKind.False;
            bool nullableString = kind == JsonValueKind.Null || emulatedKind == JsonValueKind.Null;
            Assert.True(bothBoolean || nullableString || kind == emulatedKind, $"{what}.{name}: {emulatedKind}, GitHub sent {kind}");
        }
    }

    private Task<EmulatorResponse> GetRepositoryAsync() =>
        EmulatorHttp.GetAsync(_fixture.Server.GitHubUrl, "/repos/contoso/api-backups", TestWorld.Classic);

    private static long Number(string text) => long.Parse(text, CultureInfo.InvariantCulture);
}
