using System.Text;

namespace DockerRecord.Cli.Verify;

/// <summary>
/// Files whose content holds the day it was written, compared without that day. <c>/etc/shadow</c> (and its backup
/// <c>/etc/shadow-</c>) keeps, in its third field, the day of each account's last password change: <c>useradd</c>
/// writes the day it runs, so an image built on another day than the container was set up would always differ.
/// </summary>
static class DatedContent
{
    /// <summary>Larger files are hashed as they are: a shadow file is a few kilobytes.</summary>
    const long MaxSize = 1 << 20;

    public static bool Applies(string path, long size) => size <= MaxSize && path is "/etc/shadow" or "/etc/shadow-";

    /// <summary>The bytes to hash: each line with its third <c>:</c> field emptied (<c>app:!:20062:0:…</c> → <c>app:!::0:…</c>).</summary>
    public static byte[] WithoutDays(ReadOnlySpan<byte> content)
    {
        var text = Encoding.UTF8.GetString(content);
        var lines = text.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var fields = lines[i].Split(':');
            if (fields.Length < 3) continue;
            fields[2] = "";
            lines[i] = string.Join(':', fields);
        }
        return Encoding.UTF8.GetBytes(string.Join('\n', lines));
    }
}
