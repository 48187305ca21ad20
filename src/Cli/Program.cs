using System.Text;
using DockerRecord.Cli;

// Buffered, UTF-8 standard output: `drec parse --lines` writes one line per input line. The streams are the raw
// file descriptors: System.Console would set up the terminal on first use (and emit keypad escape sequences),
// which must not happen while `drec record` owns it.
var stdout = new StreamWriter(StandardStreams.Output, new UTF8Encoding(false), 1 << 16) { AutoFlush = false };
var stderr = new StreamWriter(StandardStreams.Error, new UTF8Encoding(false)) { AutoFlush = true };
try
{
    return await DrecCommand.Invoke(args, stdout, stderr);
}
finally
{
    stdout.Flush();
}
