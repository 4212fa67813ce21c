using System;
using System.Collections.Generic;
using System.Linq;
using PSGitHubSync.Engine.Errors;
using PSGitHubSync.Engine.Sharding;
using Xunit;

namespace PSGitHubSync.Tests.Engine;

public class ShardTests
{
    private static readonly string[] Names = Enumerable.Range(1, 500).Select(i => $"integration-{i:d3}").ToArray();

    [Fact]
    public void Every_integration_is_in_exactly_one_shard_for_1_to_8_jobs()
    {
        for (var n = 1; n <= 8; n++)
        {
            var shares = Enumerable.Range(1, n).Select(k => new Shard(k, n).Select(Names, name => name)).ToList();
            var all = shares.SelectMany(s => s).ToList();
            Assert.Equal(Names.Length, all.Count);
            Assert.Equal(Names.OrderBy(x => x, StringComparer.Ordinal), all.OrderBy(x => x, StringComparer.Ordinal));
            foreach (var name in Names)
            {
                Assert.Single(Enumerable.Range(1, n), k => new Shard(k, n).Contains(name));
            }
        }
    }

    [Fact]
    public void Shards_are_near_even()
    {
        for (var n = 2; n <= 8; n++)
        {
            var sizes = Enumerable.Range(1, n).Select(k => new Shard(k, n).Select(Names, name => name).Count).ToList();
            var even = (double)Names.Length / n;
            Assert.All(sizes, size => Assert.InRange(size, even * 0.7, even * 1.3));
        }
    }

    [Fact]
    public void Adding_or_removing_an_integration_moves_no_other()
    {
        var withOneMore = Names.Append("a-new-integration").ToList();
        for (var n = 2; n <= 8; n++)
        {
            for (var k = 1; k <= n; k++)
            {
                var shard = new Shard(k, n);
                Assert.Equal(shard.Select(Names, x => x), shard.Select(withOneMore, x => x).Where(x => x != "a-new-integration"));
            }
        }
    }

    [Fact]
    public void One_more_job_moves_only_what_the_new_job_takes()
    {
        for (var n = 1; n <= 7; n++)
        {
            var moved = 0;
            foreach (var name in Names)
            {
                var before = Shard.Of(name, n);
                var after = Shard.Of(name, n + 1);
                if (before == after) continue;
                Assert.Equal(n + 1, after);   // a name only ever moves to the new shard
                moved++;
            }
            // About one in n+1 moves (the least any scheme can move); never much more.
            Assert.InRange(moved, 1, Names.Length * 1.4 / (n + 1));
        }
    }

    [Theory]
    [InlineData("payments-api")]
    [InlineData("Orders_Schema.v2")]
    [InlineData("übersicht")]
    public void A_name_is_in_the_same_shard_whatever_its_case(string name)
    {
        for (var n = 1; n <= 8; n++)
        {
            Assert.Equal(Shard.Of(name, n), Shard.Of(name.ToUpperInvariant(), n));
        }
    }

    [Fact]
    public void Unicode_names_compare_in_NFC()
    {
        const string composed = "caf\u00e9";
        const string decomposed = "cafe\u0301";
        for (var n = 2; n <= 8; n++) Assert.Equal(Shard.Of(composed, n), Shard.Of(decomposed, n));
    }

    [Theory]
    [InlineData("payments-api", new[] { 1, 1, 3, 3, 5, 5, 5, 5 })]
    [InlineData("orders", new[] { 1, 1, 3, 4, 4, 4, 7, 7 })]
    public void The_shard_of_a_name_is_the_same_on_every_machine_and_in_every_process(string name, int[] shardForOneToEightJobs)
    {
        // Pinned values, computed independently (Python's hashlib): the weight of shard j is the first 8 bytes, big-endian,
        // of SHA-256 over UTF-8 "j\n" + the lower-case name. CI jobs on different runners must agree, which
        // string.GetHashCode (randomized per process) would not; changing the algorithm would reshuffle every user's shards.
        Assert.Equal(shardForOneToEightJobs, Enumerable.Range(1, 8).Select(n => Shard.Of(name, n)).ToArray());
    }

    [Theory]
    [InlineData("1/1", 1, 1)]
    [InlineData("2/3", 2, 3)]
    [InlineData(" 3 / 3 ", 3, 3)]
    [InlineData("08/10", 8, 10)]
    [InlineData("1000/1000", 1000, 1000)]
    public void Parses_k_of_n(string text, int index, int count)
    {
        var shard = Shard.Parse(text);
        Assert.Equal(index, shard.Index);
        Assert.Equal(count, shard.Count);
        Assert.Equal($"{index}/{count}", shard.ToString());
    }

    [Theory]
    [InlineData("", "is not a shard")]
    [InlineData("2", "is not a shard")]
    [InlineData("2of3", "is not a shard")]
    [InlineData("-1/3", "is not a shard")]
    [InlineData("1/3/4", "is not a shard")]
    [InlineData("a/b", "is not a shard")]
    [InlineData("0/3", "must be from 1 to 3")]
    [InlineData("4/3", "must be from 1 to 3")]
    [InlineData("0/0", "number of jobs must be from 1 to 1000")]
    [InlineData("1/1001", "number of jobs must be from 1 to 1000")]
    [InlineData("1/9999999999", "is not a shard")]
    public void Refuses_what_is_not_k_of_n_with_the_fix(string text, string expected)
    {
        var ex = Assert.Throws<SyncException>(() => Shard.Parse(text));
        Assert.Equal(SyncErrorId.ShardInvalid, ex.ErrorId);
        Assert.Equal(SyncErrorCategory.InvalidArgument, ex.Category);
        Assert.Equal(text, ex.Target);
        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
        Assert.Contains("/", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Describes_what_the_shard_runs()
    {
        var shard = new Shard(2, 3);
        Assert.Equal("Shard 2/3 runs 2 of the 5 selected integration(s): a, b.", shard.Describe(new[] { "a", "b", "c", "d", "e" }, new[] { "a", "b" }));
        Assert.StartsWith("Shard 2/3 runs 0 of the 1 selected", shard.Describe(new[] { "a" }, Array.Empty<string>()), StringComparison.Ordinal);
    }
}
