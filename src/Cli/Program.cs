using System.Text;
using DockerRecord.Cli;

// Buffered, UTF-8 standard output: `drec parse --lines` writes one line per input line.
var stdout = new StreamWriter(Console.OpenStandardOutput(), new UTF8Encoding(false), 1 << 16) { AutoFlush = false };
var stderr = new StreamWriter(Console.OpenStandardError(), new UTF8Encoding(false)) { AutoFlush = true };
try
{
    return await DrecCommand.Invoke(args, stdout, stderr);
}
finally
{
    stdout.Flush();
}
