using System.Security.Cryptography;
using System.Text;

namespace XRouter.Server.Keys;

/// <summary>The form in which the server stores an API key: its SHA-256, never the key itself.</summary>
public static class ApiKeyHash
{
    /// <summary>The lowercase hex SHA-256 of <paramref name="key"/>, as <see cref="ApiKeyOptions.Sha256"/> expects it.</summary>
    /// <param name="key">The API key.</param>
    public static string Of(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));
    }
}
