using System;
using System.Linq;
using System.Reflection;
using PSGitHubSync.Engine.Errors;
using PSGitHubSync.Engine.Security;
using Xunit;

namespace PSGitHubSync.Tests.Engine;

/// <summary>Every stable error id that an exception can carry has a family type that scripts can catch.</summary>
public class ExceptionFamilyTests
{
    // The classes that hold the ids of exceptions (CheckErrorIds names check findings, not exceptions).
    public static TheoryData<string> ErrorIds()
    {
        var data = new TheoryData<string>();
        foreach (var id in AllIds()) data.Add(id);
        return data;
    }

    private static string[] AllIds()
    {
        var holders = typeof(SyncErrorId).Assembly.GetTypes()
            .Where(t => t.IsAbstract && t.IsSealed && t.IsPublic && t.Name.EndsWith("ErrorIds", StringComparison.Ordinal) || t == typeof(SyncErrorId))
            .Where(t => t.Name != "CheckErrorIds");
        return holders.SelectMany(t => t.GetFields(BindingFlags.Public | BindingFlags.Static))
            .Where(f => f.IsLiteral && f.FieldType == typeof(string)).Select(f => (string)f.GetRawConstantValue()!).Distinct().ToArray();
    }

    [Fact]
    public void The_id_classes_are_found()
    {
        var ids = AllIds();
        Assert.Contains(SecurityErrorIds.UrlOutsideApiRoot, ids);
        Assert.Contains(SyncErrorId.ShardInvalid, ids);
        Assert.Contains("InvalidCollection", ids);
        Assert.Contains("LocalWriteFailed", ids);
    }

    [Theory]
    [MemberData(nameof(ErrorIds))]
    public void Each_error_id_belongs_to_a_family(string errorId)
    {
        var typed = SyncExceptionFamily.Of(new SyncException(errorId, SyncErrorCategory.NotSpecified, "message"));
        Assert.NotEqual(typeof(SyncException), typed.GetType());
        Assert.Equal(errorId, typed.ErrorId);
    }

    [Fact]
    public void A_redacted_exception_keeps_its_family()
    {
        var secret = "ghp_" + new string('a', 36);
        var original = SyncExceptionFamily.Of(new SyncException(SyncErrorId.PushDenied, SyncErrorCategory.PermissionDenied, "token " + secret));
        original.Data["echo"] = "the server said " + secret;   // added after creation: only the copy removes it
        var redacted = SecretRedactor.Shared.Redact(original);
        Assert.NotSame(original, redacted);
        Assert.IsType<GitHubException>(redacted);
        Assert.DoesNotContain(secret, redacted.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(secret, (string)redacted.Data["echo"]!, StringComparison.Ordinal);
    }
}
