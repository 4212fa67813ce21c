using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using PSGitHubSync.Engine.Backup;
using PSGitHubSync.Engine.Errors;

namespace PSGitHubSync.Engine.Collections;

/// <summary>
/// Normalizes a collection or an environment in one streaming pass from a <see cref="Stream"/> to a
/// <see cref="Stream"/>: the bytes written are those <see cref="CollectionNormalizer"/> writes, and the same pass
/// checks that the input is UTF-8, finds (and on request redacts) secrets as <see cref="SecretScanner"/> does,
/// indexes the requests (<see cref="RequestIndex"/>) over the bytes it writes, and refuses what
/// <see cref="CollectionDocument.Parse(byte[], string)"/> refuses, with the same error ids and messages.
/// </summary>
/// <remarks>
/// <para>Memory: the input is read in pooled chunks of <see cref="CollectionPassOptions.BufferSize"/> bytes
/// and the output written through a pooled buffer of the same size. The pass holds the open containers, the
/// values it reports (names, findings, the request index) and, for one variable, header or auth attribute at
/// a time, that object; a single string longer than the buffer grows the buffer to its size.</para>
/// <para>Two decisions depend on what comes later in an object: whether the root is the API envelope (a
/// <c>collection</c> property before any <c>info</c>), and whether an item that has both <c>item</c> and
/// <c>request</c> is a folder for the secret scanner. When a later property proves the first guess wrong and
/// the output depends on it, the pass runs again from the start of both streams (which must then be seekable,
/// as memory and file streams are), knowing the answer.</para>
/// <para>The JSON-schema deviations (<see cref="CollectionSchemas"/>) are not found by the pass: with
/// <see cref="CollectionPassOptions.CheckSchema"/> the input is read a second time, when it is seekable, by
/// <see cref="CollectionSchemaStream"/>, which checks it piece by piece (the collection without its items, each item
/// without its own), holding little more than the largest item.</para>
/// </remarks>
public static class CollectionStreamNormalizer
{
    /// <summary>The default size of the read and write buffers, in bytes.</summary>
    public const int DefaultBufferSize = 64 * 1024;

    private const int MaxPasses = 4;

    /// <summary>Normalizes a collection (bare export or the Postman API envelope) from <paramref name="input"/> to <paramref name="output"/>.</summary>
    /// <param name="input">UTF-8 JSON (a leading BOM is accepted); read from its position to its end, not closed.</param>
    /// <param name="output">Receives the normalized bytes (not closed). On an error, what was written is to be discarded.</param>
    /// <param name="sourceName">Names the input in messages.</param>
    /// <param name="options">Redaction, buffer size, schema check.</param>
    /// <returns>What the pass found.</returns>
    /// <exception cref="SyncException"><see cref="CollectionErrorIds.InvalidCollection"/>, as <see cref="CollectionDocument.Parse(byte[], string)"/>.</exception>
    public static CollectionPassResult NormalizeCollection(Stream input, Stream output, string sourceName, CollectionPassOptions? options = null)
    {
        Require(input, output);
        options ??= new CollectionPassOptions();
        var inputStart = input.CanSeek ? input.Position : 0;
        var outputStart = output.CanSeek ? output.Position : 0;
        var decisions = new PassDecisions();
        for (var passes = 1; ; passes++)
        {
            using var pump = new Utf8JsonPump(input, options.BufferSize);
            using var writer = new StringifyWriter(output, options.BufferSize);
            var pass = new CollectionPass(pump, writer, options.RedactSecrets, decisions);
            Read(pump, pass, sourceName, CollectionDocument.NotJson, InvalidUtf8);
            var shape = Shape(pass);
            var findings = pass.Enveloped == shape.Enveloped ? shape.Check(sourceName) : new List<CollectionFinding>();
            if (!Reconsider(pass, shape, decisions, options.RedactSecrets))
            {
                var bytes = writer.Complete();
                if (options.CheckSchema && input.CanSeek)
                {
                    input.Position = inputStart;
                    findings.AddRange(SchemaFindings(input, shape, options.BufferSize));
                }

                return Result(pass, shape, findings, bytes, pump.PeakBufferSize, passes);
            }

            if (passes >= MaxPasses || !input.CanSeek || !output.CanSeek)
            {
                throw new NotSupportedException($"'{sourceName}' needs a second pass (a property later in an object changes how an earlier one is written), and the streams cannot be read and written again from the start. Pass seekable streams (a file or memory stream).");
            }

            input.Position = inputStart;
            output.SetLength(outputStart);
            output.Position = outputStart;
        }
    }

    /// <summary>
    /// Normalizes an environment (an export, or the Postman API's <c>{ "environment": { ... } }</c>) from
    /// <paramref name="input"/> to <paramref name="output"/>: the same layout as collections, the metadata in
    /// <see cref="CollectionNormalizer.RemovedEnvironmentProperties"/> left out, the value of every variable whose <c>type</c> is
    /// <c>secret</c> written as an empty string, and the likely secrets of the other values found (redacted when asked).
    /// </summary>
    /// <param name="input">UTF-8 JSON (a leading BOM is accepted); read from its position to its end, not closed.</param>
    /// <param name="output">Receives the normalized bytes (not closed). On an error, what was written is to be discarded.</param>
    /// <param name="sourceName">Names the input in messages.</param>
    /// <param name="options">Redaction and buffer size.</param>
    /// <returns>What the pass found.</returns>
    /// <exception cref="SyncException"><see cref="CollectionErrorIds.InvalidEnvironment"/> when the input is not an environment (or not UTF-8).</exception>
    public static EnvironmentPassResult NormalizeEnvironment(Stream input, Stream output, string sourceName, CollectionPassOptions? options = null)
    {
        Require(input, output);
        options ??= new CollectionPassOptions();
        var inputStart = input.CanSeek ? input.Position : 0;
        var outputStart = output.CanSeek ? output.Position : 0;
        bool? envelope = null;
        for (var passes = 1; ; passes++)
        {
            using var pump = new Utf8JsonPump(input, options.BufferSize);
            using var writer = new StringifyWriter(output, options.BufferSize);
            var pass = new EnvironmentPass(pump, writer, options.RedactSecrets, envelope);
            Read(pump, pass, sourceName, EnvironmentPass.NotJson, EnvironmentNotUtf8);
            if (pass.Enveloped == pass.ShouldBeEnveloped)
            {
                pass.Check(sourceName);
                var bytes = writer.Complete();
                return new EnvironmentPassResult(pass.Name, pass.Id, pass.Secrets.ToArray(), bytes, pump.PeakBufferSize);
            }

            if (passes >= MaxPasses || !input.CanSeek || !output.CanSeek)
            {
                throw new NotSupportedException($"'{sourceName}' needs a second pass ('values' or 'environment' after the other), and the streams cannot be read and written again from the start. Pass seekable streams (a file or memory stream).");
            }

            envelope = pass.ShouldBeEnveloped;
            input.Position = inputStart;
            output.SetLength(outputStart);
            output.Position = outputStart;
        }
    }

    private static SyncException EnvironmentNotUtf8(string sourceName, Utf8JsonPump pump)
    {
        var (offset, value, line, column) = pump.InvalidUtf8!.Value;
        return EnvironmentPass.Invalid(sourceName, $"byte offset {offset} (line {line}, column {column})", CollectionDocument.NotUtf8(value));
    }

    internal static void Require(Stream input, Stream output)
    {
        if (input is null)
        {
            throw new ArgumentNullException(nameof(input));
        }

        if (output is null)
        {
            throw new ArgumentNullException(nameof(output));
        }
    }

    /// <summary>Runs the pump; a reader error or bytes that are not UTF-8 become the caller's error (UTF-8 first, as the DOM path checks it first).</summary>
    internal static void Read(Utf8JsonPump pump, IJsonTokenSink sink, string sourceName, Func<string, JsonException, SyncException> notJson, Func<string, Utf8JsonPump, SyncException> notUtf8)
    {
        bool complete;
        try
        {
            complete = pump.Run(sink);
        }
        catch (JsonException ex)
        {
            if (!pump.Drain())
            {
                throw notUtf8(sourceName, pump);
            }

            throw notJson(sourceName, ex);
        }

        if (!complete)
        {
            throw notUtf8(sourceName, pump);
        }
    }

    private static SyncException InvalidUtf8(string sourceName, Utf8JsonPump pump)
    {
        var (offset, value, line, column) = pump.InvalidUtf8!.Value;
        return CollectionDocument.Unreadable(sourceName, offset, line, column, CollectionDocument.NotUtf8(value));
    }

    private static CollectionShape Shape(CollectionPass pass) => new()
    {
        RootKind = pass.RootKind,
        Enveloped = pass.RootKind == JsonValueKind.Object && !pass.TopHasInfo && pass.TopHasCollection,
        EnvelopeKind = pass.EnvelopeKind,
        InfoKind = pass.InfoKind,
        ItemKind = pass.ItemKind,
        LooksLikeV1 = pass.LooksLikeV1,
        SchemaKind = pass.SchemaKind,
        SchemaUrl = pass.SchemaUrl,
    };

    /// <summary>Records what the pass guessed wrong where it changed the output; true when another pass is needed.</summary>
    private static bool Reconsider(CollectionPass pass, CollectionShape shape, PassDecisions decisions, bool redact)
    {
        var again = false;
        if (pass.Enveloped != shape.Enveloped)
        {
            decisions.Enveloped = shape.Enveloped;
            again = true;
        }

        if (!redact)
        {
            return again;
        }

        foreach (var candidate in pass.Candidates.Where(c => c.Tentative != c.Final))
        {
            for (var item = candidate.Owner; item is not null; item = item.Parent)
            {
                decisions.Folders[item.Path] = item.IsFolder;
            }

            again = true;
        }

        return again;
    }

    private static IReadOnlyList<CollectionFinding> SchemaFindings(Stream input, CollectionShape shape, int bufferSize)
    {
        var found = CollectionSchemaStream.FindAll(input, shape.Enveloped, shape.FormatVersion, bufferSize, out _);
        return shape.Enveloped
            ? found.Select(f => new CollectionFinding("$.collection" + f.JsonPath.Substring(1), f.Message, f.Kind)).ToArray()
            : found;
    }

    private static CollectionPassResult Result(CollectionPass pass, CollectionShape shape, List<CollectionFinding> findings, long bytes, int peakBuffer, int passes)
    {
        var secrets = pass.Candidates.Where(c => c.Final).Select(c => c.ToFinding()).ToArray();
        var requests = pass.Requests
            .Select(r => new RequestEntry(BackupManifest.ShortIdentity(r.Id ?? (r.IndexFolder + "/" + r.Name)), r.Name, r.IndexFolder, r.Method, r.Hash ?? string.Empty))
            .ToArray();
        return new CollectionPassResult(pass.Name, pass.PostmanId, shape.FormatVersion, shape.Enveloped, secrets, requests, findings, bytes, peakBuffer, passes);
    }
}
