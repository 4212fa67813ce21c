using System;
using System.Globalization;
using System.Management.Automation;

namespace PSGitHubSync.Infrastructure;

/// <summary>
/// Validates a TimeSpan parameter against a range of TimeSpans. PowerShell's ValidateRange with
/// string bounds compares the values as text, so it refuses 10:00:00 against a maximum of 1.00:00:00.
/// </summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Field)]
internal sealed class ValidateTimeSpanRangeAttribute : ValidateArgumentsAttribute
{
    /// <summary>The range, as TimeSpan text (for example "00:00:01" and "1.00:00:00").</summary>
    public ValidateTimeSpanRangeAttribute(string minimum, string maximum)
    {
        Minimum = TimeSpan.Parse(minimum, CultureInfo.InvariantCulture);
        Maximum = TimeSpan.Parse(maximum, CultureInfo.InvariantCulture);
    }

    /// <summary>The smallest value accepted.</summary>
    public TimeSpan Minimum { get; }

    /// <summary>The largest value accepted.</summary>
    public TimeSpan Maximum { get; }

    /// <inheritdoc />
    protected override void Validate(object arguments, EngineIntrinsics engineIntrinsics)
    {
        var value = arguments is PSObject wrapped ? wrapped.BaseObject : arguments;
        if (value is TimeSpan span && span >= Minimum && span <= Maximum) return;
        throw new ValidationMetadataException(string.Format(CultureInfo.InvariantCulture,
            "The interval {0} is outside the range {1} to {2}. Give a TimeSpan in that range, for example 00:05:00 for five minutes.", value, Minimum, Maximum));
    }
}
