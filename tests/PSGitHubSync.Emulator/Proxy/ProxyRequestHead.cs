namespace PSGitHubSync.Emulator.Proxy;

/// <summary>The request line and headers of one request to the proxy.</summary>
internal sealed class ProxyRequestHead
{
    private ProxyRequestHead(string method, string target, string version, List<(string Name, string Value)> headers)
    {
        Method = method;
        Target = target;
        Version = version;
        Headers = headers;
    }

    public string Method { get; }

    /// <summary>An absolute URL, or host:port for CONNECT.</summary>
    public string Target { get; }

    public string Version { get; }

    public IReadOnlyList<(string Name, string Value)> Headers { get; }

    public bool IsConnect => Method.Equals("CONNECT", StringComparison.OrdinalIgnoreCase);

    /// <summary>HTTP/1.1 keeps the connection unless told to close; HTTP/1.0 closes unless told to keep it.</summary>
    public bool KeepAlive
    {
        get
        {
            string connection = (Header("Proxy-Connection") ?? Header("Connection") ?? "").ToLowerInvariant();
            return Version == "HTTP/1.1" ? !connection.Contains("close", StringComparison.Ordinal) : connection.Contains("keep-alive", StringComparison.Ordinal);
        }
    }

    public static ProxyRequestHead? Parse(string head)
    {
        var lines = head.Split("\r\n");
        var requestLine = lines[0].Split(' ');
        if (requestLine.Length != 3 || !requestLine[2].StartsWith("HTTP/1.", StringComparison.Ordinal))
        {
            return null;
        }

        var headers = new List<(string, string)>();
        foreach (var line in lines.Skip(1))
        {
            int colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0)
            {
                return null;
            }

            headers.Add((line[..colon].Trim(), line[(colon + 1)..].Trim()));
        }

        return new ProxyRequestHead(requestLine[0], requestLine[1], requestLine[2], headers);
    }

    public string? Header(string name)
    {
        foreach (var (headerName, value) in Headers)
        {
            if (headerName.Equals(name, StringComparison.OrdinalIgnoreCase))
            {
                return value;
            }
        }

        return null;
    }
}
