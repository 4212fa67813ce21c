using System;
using System.Security.Cryptography;

namespace PSGitHubSync.Engine.GitHub;

/// <summary>
/// Reads an RSA private key from PEM text, PKCS#1 (<c>BEGIN RSA PRIVATE KEY</c>, what GitHub
/// hands out for an app) or PKCS#8 (<c>BEGIN PRIVATE KEY</c>), into <see cref="RSAParameters"/>
/// with a small DER reader: netstandard2.0 (Windows PowerShell 5.1) has no PEM or PKCS#8 import.
/// Failures never quote the key.
/// </summary>
public static class RsaPrivateKeyPem
{
    private const string RsaEncryptionOid = "1.2.840.113549.1.1.1";

    /// <summary>The key's parameters.</summary>
    /// <exception cref="FormatException">The text is not an unencrypted RSA private key in PEM form; the message says what it is instead.</exception>
    public static RSAParameters Read(string pem)
    {
        if (pem is null) throw new ArgumentNullException(nameof(pem));
        var (label, der) = Decode(pem);
        return label switch
        {
            "RSA PRIVATE KEY" => ReadPkcs1(der),
            "PRIVATE KEY" => ReadPkcs8(der),
            "ENCRYPTED PRIVATE KEY" => throw new FormatException("The private key is encrypted with a passphrase; store the key GitHub generated for the app as it was downloaded (unencrypted PEM)."),
            _ => throw new FormatException($"The PEM block is '{label}', not a private key; store the .pem file GitHub generated for the app ('BEGIN RSA PRIVATE KEY')."),
        };
    }

    /// <summary>An <see cref="RSA"/> with the key imported; dispose it.</summary>
    /// <exception cref="FormatException">See <see cref="Read"/>.</exception>
    public static RSA CreateRsa(string pem)
    {
        var parameters = Read(pem);
        var rsa = RSA.Create();
        try
        {
            rsa.ImportParameters(parameters);
        }
        catch (CryptographicException ex)
        {
            rsa.Dispose();
            throw new FormatException("The private key's numbers are not a usable RSA key; store the .pem file GitHub generated for the app again.", ex);
        }
        return rsa;
    }

    private static (string Label, byte[] Der) Decode(string pem)
    {
        const string begin = "-----BEGIN ";
        var start = pem.IndexOf(begin, StringComparison.Ordinal);
        if (start < 0) throw new FormatException("The private key is not PEM text (no '-----BEGIN' line); store the .pem file GitHub generated for the app, whole.");
        var labelEnd = pem.IndexOf("-----", start + begin.Length, StringComparison.Ordinal);
        if (labelEnd < 0) throw new FormatException("The private key's '-----BEGIN' line is cut off; store the .pem file whole.");
        var label = pem.Substring(start + begin.Length, labelEnd - start - begin.Length).Trim();
        var end = pem.IndexOf("-----END " + label + "-----", labelEnd, StringComparison.Ordinal);
        if (end < 0) throw new FormatException($"The private key has no '-----END {label}-----' line; store the .pem file whole (a copy may have lost its last line).");
        var body = pem.Substring(labelEnd + 5, end - labelEnd - 5);
        var base64 = new System.Text.StringBuilder(body.Length);
        var headers = body.IndexOf(':') >= 0;
        foreach (var line in body.Split('\n'))
        {
            var trimmed = line.Trim();
            if (headers && trimmed.IndexOf(':') >= 0)
            {
                // Proc-Type: 4,ENCRYPTED (OpenSSL's legacy encryption) or other RFC 1421 headers.
                if (trimmed.StartsWith("Proc-Type:", StringComparison.OrdinalIgnoreCase) && trimmed.IndexOf("ENCRYPTED", StringComparison.OrdinalIgnoreCase) >= 0)
                    throw new FormatException("The private key is encrypted with a passphrase; store the key GitHub generated for the app as it was downloaded (unencrypted PEM).");
                continue;
            }
            foreach (var c in trimmed)
            {
                if (!char.IsWhiteSpace(c)) base64.Append(c);
            }
        }
        try
        {
            return (label, Convert.FromBase64String(base64.ToString()));
        }
        catch (FormatException ex)
        {
            throw new FormatException("The private key's PEM body is not valid base64; store the .pem file again, unchanged.", ex);
        }
    }

    private static RSAParameters ReadPkcs8(byte[] der)
    {
        // PrivateKeyInfo ::= SEQUENCE { version INTEGER, algorithm AlgorithmIdentifier, privateKey OCTET STRING, ... }
        var outer = new DerReader(der).ReadSequence();
        outer.ReadInteger();
        var algorithm = outer.ReadSequence();
        var oid = algorithm.ReadObjectIdentifier();
        if (oid != RsaEncryptionOid)
            throw new FormatException($"The private key is not an RSA key (algorithm {oid}); GitHub Apps sign with RSA keys. Store the .pem file GitHub generated for the app.");
        return ReadPkcs1(outer.ReadOctetString());
    }

    private static RSAParameters ReadPkcs1(byte[] der)
    {
        // RSAPrivateKey ::= SEQUENCE { version, modulus, publicExponent, privateExponent, prime1, prime2, exponent1, exponent2, coefficient }
        var key = new DerReader(der).ReadSequence();
        key.ReadInteger();
        var modulus = key.ReadInteger();
        var exponent = key.ReadInteger();
        var d = key.ReadInteger();
        var p = key.ReadInteger();
        var q = key.ReadInteger();
        var dp = key.ReadInteger();
        var dq = key.ReadInteger();
        var inverseQ = key.ReadInteger();
        // CNG and CryptoAPI want D the modulus' length and the CRT values half of it.
        var size = modulus.Length;
        var half = (size + 1) / 2;
        return new RSAParameters
        {
            Modulus = modulus,
            Exponent = exponent,
            D = Pad(d, size),
            P = Pad(p, half),
            Q = Pad(q, half),
            DP = Pad(dp, half),
            DQ = Pad(dq, half),
            InverseQ = Pad(inverseQ, half),
        };
    }

    private static byte[] Pad(byte[] value, int length)
    {
        if (value.Length >= length) return value;
        var padded = new byte[length];
        Buffer.BlockCopy(value, 0, padded, length - value.Length, value.Length);
        return padded;
    }

    /// <summary>Just enough DER for RSA keys: definite lengths, SEQUENCE, INTEGER, OID, OCTET STRING, skipping the rest.</summary>
    private sealed class DerReader
    {
        private readonly byte[] _data;
        private int _position;
        private readonly int _end;

        public DerReader(byte[] data)
            : this(data, 0, data.Length)
        {
        }

        private DerReader(byte[] data, int offset, int end)
        {
            _data = data;
            _position = offset;
            _end = end;
        }

        public DerReader ReadSequence()
        {
            var (offset, length) = ReadHeader(0x30, "SEQUENCE");
            return new DerReader(_data, offset, offset + length);
        }

        /// <summary>An unsigned big-endian integer without its sign byte.</summary>
        public byte[] ReadInteger()
        {
            var (offset, length) = ReadHeader(0x02, "INTEGER");
            if (length == 0) throw Invalid("an empty INTEGER");
            while (length > 1 && _data[offset] == 0)
            {
                offset++;
                length--;
            }
            var value = new byte[length];
            Buffer.BlockCopy(_data, offset, value, 0, length);
            return value;
        }

        public byte[] ReadOctetString()
        {
            var (offset, length) = ReadHeader(0x04, "OCTET STRING");
            var value = new byte[length];
            Buffer.BlockCopy(_data, offset, value, 0, length);
            return value;
        }

        public string ReadObjectIdentifier()
        {
            var (offset, length) = ReadHeader(0x06, "OBJECT IDENTIFIER");
            if (length == 0) throw Invalid("an empty OBJECT IDENTIFIER");
            var text = new System.Text.StringBuilder();
            var first = _data[offset];
            text.Append(first / 40).Append('.').Append(first % 40);
            long arc = 0;
            for (var i = offset + 1; i < offset + length; i++)
            {
                arc = (arc << 7) | (uint)(_data[i] & 0x7F);
                if ((_data[i] & 0x80) == 0)
                {
                    text.Append('.').Append(arc);
                    arc = 0;
                }
            }
            return text.ToString();
        }

        private (int Offset, int Length) ReadHeader(byte tag, string name)
        {
            if (_position >= _end) throw Invalid($"a missing {name}");
            if (_data[_position] != tag) throw Invalid($"tag 0x{_data[_position]:X2} where {name} belongs");
            _position++;
            if (_position >= _end) throw Invalid("a cut-off length");
            int length = _data[_position++];
            if (length >= 0x80)
            {
                var count = length & 0x7F;
                if (count is 0 or > 4) throw Invalid("an unsupported length");
                length = 0;
                for (var i = 0; i < count; i++)
                {
                    if (_position >= _end) throw Invalid("a cut-off length");
                    length = (length << 8) | _data[_position++];
                }
                if (length < 0) throw Invalid("an unsupported length");
            }
            if (length > _end - _position) throw Invalid($"a {name} longer than the key");
            var offset = _position;
            _position += length;
            return (offset, length);
        }

        private static FormatException Invalid(string what) =>
            new($"The private key's DER structure is damaged ({what}); store the .pem file GitHub generated for the app again, unchanged.");
    }
}
