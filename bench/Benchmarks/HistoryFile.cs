using System.Globalization;
using System.Text;

namespace DockerRecord.Benchmarks;

/// <summary>
/// Writes a large history-like file for <c>scripts/bench-parse.sh</c>: every bash-accepted corpus input that is a single
/// non-blank line, in corpus order, the whole list repeated until the file holds at least the requested size.
/// Usage: <c>--write-history FILE [MB]</c> (MB = 10^6 bytes, default 8).
/// </summary>
static class HistoryFile
{
    public static int Write(string[] args)
    {
        if (args.Length is < 1 or > 2)
        {
            Console.Error.WriteLine("usage: --write-history FILE [MB]");
            return 2;
        }
        var minBytes = (long)((args.Length > 1 ? double.Parse(args[1], CultureInfo.InvariantCulture) : 8.0) * 1e6);
        var lines = CorpusLoader.Accepted
            .Select(i => i.Text)
            .Where(t => t.IndexOfAny(['\n', '\r']) < 0 && !string.IsNullOrWhiteSpace(t))
            .ToArray();
        if (lines.Length == 0)
        {
            Console.Error.WriteLine("no single-line inputs in the corpora");
            return 1;
        }

        var utf8 = new UTF8Encoding(false);
        var blockBytes = lines.Sum(l => (long)utf8.GetByteCount(l) + 1);
        var copies = (int)((minBytes + blockBytes - 1) / blockBytes);
        using (var writer = new StreamWriter(args[0], false, utf8, 1 << 16))
        {
            writer.NewLine = "\n";
            for (var copy = 0; copy < copies; copy++)
                foreach (var line in lines) writer.WriteLine(line);
        }
        Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{args[0]}: {lines.Length} distinct single-line inputs ({blockBytes} bytes) x {copies} = " +
            $"{(long)lines.Length * copies} lines, {blockBytes * copies} bytes"));
        return 0;
    }
}
