using System.Collections.Immutable;
using System.Runtime.InteropServices;
using System.Text;
using DockerRecord.Frontend.Syntax;

namespace DockerRecord.Passes.Services;

/// <summary>
/// A simple command seen as the program it runs: the wrappers in front (<c>sudo</c>, <c>nohup</c>, <c>timeout</c>,
/// <c>env</c>, <c>setsid</c>, <c>nice</c>, <c>exec</c>) taken off, and the words' values where they need no
/// expansion. <see cref="Text"/> identifies the same command in a RUN step after other passes rewrote the step (they may
/// strip <c>sudo</c>, never the rest).
/// </summary>
sealed record Invocation(ImmutableArray<Word> Words, ImmutableArray<string?> Values, ImmutableArray<string> Environment, string? User, bool Static)
{
    /// <summary>The program as typed (<c>nginx</c>, <c>/usr/sbin/sshd</c>, <c>./server</c>), null when it expands.</summary>
    public string? Program => Values[0];

    /// <summary>The program's file name (<c>sshd</c> for <c>/usr/sbin/sshd</c>).</summary>
    public string FileName => Program is null ? "" : Program[(Program.LastIndexOf('/') + 1)..];

    public ImmutableArray<string?> Arguments => Values.RemoveAt(0);

    public string Text => string.Join(" ", Words.Select(ShellPrinter.Print));

    public bool Has(string flag) => Values.Skip(1).Any(v => v == flag);

    /// <summary>The value after <paramref name="option"/> (<c>--dir /data</c>, <c>--dir=/data</c>, <c>-D/data</c>).</summary>
    public string? OptionValue(string option)
    {
        for (var i = 1; i < Values.Length; i++)
        {
            var value = Values[i];
            if (value is null) continue;
            if (value == option) return i + 1 < Values.Length ? Values[i + 1] : null;
            if (option.StartsWith("--", StringComparison.Ordinal) && value.StartsWith(option + "=", StringComparison.Ordinal))
                return value[(option.Length + 1)..];
            if (!option.StartsWith("--", StringComparison.Ordinal) && value.Length > option.Length && value.StartsWith(option, StringComparison.Ordinal))
                return value[option.Length..];
        }
        return null;
    }

    /// <summary>The arguments that are not options (nor an option's value when it is glued to it).</summary>
    public IEnumerable<string> Operands => Values.Skip(1).OfType<string>().Where(v => !v.StartsWith('-'));

    /// <summary>Takes the wrappers off a simple command; null when no program is left (<c>sudo -i</c>, <c>A=1</c>).</summary>
    public static Invocation? Of(SimpleCommand command)
    {
        var words = command.Args;
        List<string>? environment = null; // made at the first variable: most commands set none
        var isStatic = true;
        foreach (var assignment in command.Assignments)
        {
            var value = assignment.Value is null ? "" : ShellWords.StaticValue(assignment.Value);
            if (value is null || assignment.Array is not null || assignment.Index is not null || assignment.Append) isStatic = false;
            else (environment ??= []).Add($"{assignment.Name}={value}");
        }

        string? user = null;
        var i = 0;
        while (i < words.Length && ShellWords.StaticValue(words[i]) is { } name && Wrapper(name[(name.LastIndexOf('/') + 1)..]) is { } wrapper)
        {
            i++;
            switch (wrapper)
            {
                case "sudo":
                    user ??= "root";
                    while (i < words.Length && ShellWords.StaticValue(words[i]) is { } option && option.StartsWith('-'))
                    {
                        i++;
                        if (option == "--") break;
                        if (option is "-u" or "--user" && i < words.Length) user = ShellWords.StaticValue(words[i++]) ?? user;
                        else if (option.StartsWith("-u", StringComparison.Ordinal) && option.Length > 2) user = option[2..];
                        else if (option.StartsWith("--user=", StringComparison.Ordinal)) user = option[7..];
                        else if (option is "-g" or "-p" or "-C" or "-h" or "-r" or "-t" or "-T" or "-D" or "-U") i++;
                    }
                    break;
                case "env":
                    while (i < words.Length && ShellWords.StaticValue(words[i]) is { } item && (item.StartsWith('-') || item.Contains('=')))
                    {
                        i++;
                        if (item is "-u" or "-C") i++;
                        else if (!item.StartsWith('-')) (environment ??= []).Add(item);
                    }
                    break;
                case "timeout":
                    while (i < words.Length && ShellWords.StaticValue(words[i]) is { } option && option.StartsWith('-'))
                    {
                        i++;
                        if (option is "-s" or "-k") i++;
                    }
                    i++; // the duration
                    break;
                case "nice":
                    if (i < words.Length && ShellWords.StaticValue(words[i]) is "-n") i += 2;
                    else if (i < words.Length && ShellWords.StaticValue(words[i]) is { } adjustment && adjustment.StartsWith('-')) i++;
                    break;
                default: // nohup, setsid, exec: options only
                    while (i < words.Length && ShellWords.StaticValue(words[i]) is { } option && option.StartsWith('-')) i++;
                    break;
            }
        }
        if (i >= words.Length) return null;

        // every simple command of the trace comes here (the service timeline reads them all): one array per command
        if (ShellWords.StaticValue(words[i]) is null) return null;
        var rest = words[i..];
        var values = new string?[rest.Length];
        for (var k = 0; k < values.Length; k++)
        {
            values[k] = ShellWords.StaticValue(rest[k]);
            isStatic &= values[k] is not null;
        }
        return new Invocation(rest, ImmutableCollectionsMarshal.AsImmutableArray(values), environment is null ? [] : [.. environment], user, isStatic);
    }

    static string? Wrapper(string name) => name switch
    {
        "sudo" or "env" or "timeout" or "nice" or "nohup" or "setsid" or "exec" => name,
        _ => null,
    };

    public override string ToString()
    {
        var text = new StringBuilder();
        foreach (var variable in Environment) text.Append(variable).Append(' ');
        return text.Append(Text).ToString();
    }
}
