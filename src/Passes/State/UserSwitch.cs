using System.Collections.Immutable;
using DockerRecord.Frontend.Syntax;
using DockerRecord.Passes.Filtering;

namespace DockerRecord.Passes.State;

/// <summary>
/// A command that runs something as another user, taken apart: <c>sudo [-u u] cmd</c>, <c>su [-] [u] -c 'cmd'</c>,
/// <c>runuser -u u -- cmd</c>. <see cref="Command"/> holds the words to run (for <c>sudo</c>) and <see cref="Script"/>
/// the text given to <c>-c</c> (for <c>su</c>); neither means an interactive shell (<see cref="StartsShell"/>).
/// </summary>
public sealed record UserSwitch(string Program, string? User, bool Login, bool StartsShell, ImmutableArray<Word> Command, Word? Script, bool Understood)
{
    /// <summary>Nothing to run and no shell: <c>sudo -v</c>, <c>sudo -k</c>, <c>sudo -l</c>.</summary>
    public bool DoesNothing => !StartsShell && Command.IsEmpty && Script is null;

    /// <summary>The words the switch applies to, or null when <paramref name="command"/> is not one.</summary>
    public static UserSwitch? Parse(SimpleCommand command) => WithUsableUser(SyntaxNodes.CommandName(command) switch
    {
        "sudo" => ParseSudo(command.Args),
        "su" => ParseSu("su", command.Args),
        "runuser" => command.Args.Length > 1 && SyntaxNodes.StaticValue(command.Args[1]) is "-u" ? ParseSudo(command.Args, "runuser") : ParseSu("runuser", command.Args),
        _ => null,
    });

    /// <summary>
    /// The user becomes a USER instruction: sudo's <c>#1000</c> is the uid 1000 there, and a name USER would read
    /// otherwise (empty, with a blank or a <c>:</c>, which USER takes as user:group) is not understood, so the line
    /// stays as typed (DR3022).
    /// </summary>
    static UserSwitch? WithUsableUser(UserSwitch? change)
    {
        if (change?.User is not { } user) return change;
        if (user is ['#', .. var uid] && uid.Length > 0 && uid.All(char.IsAsciiDigit)) return change with { User = uid };
        return Frontend.Trace.TraceNames.IsUserName(user) ? change : change with { Understood = false };
    }

    /// <summary>sudo's options with a value (<c>-u app</c>, <c>-uapp</c>, <c>--user=app</c>).</summary>
    const string SudoValueOptions = "ugpCDThrtU";

    static UserSwitch ParseSudo(ImmutableArray<Word> args, string program = "sudo")
    {
        string? user = null;
        bool login = false, shell = false, understood = true;
        var i = 1;
        for (; i < args.Length; i++)
        {
            var arg = SyntaxNodes.StaticValue(args[i]);
            if (arg is null) break; // a computed command: `sudo $CMD`
            if (arg == "--") { i++; break; }
            if (!arg.StartsWith('-') || arg == "-") break;
            if (arg.StartsWith("--"))
            {
                var (name, value) = arg.IndexOf('=') is var eq and > 0 ? (arg[..eq], arg[(eq + 1)..]) : (arg, null);
                if (name is "--login") login = shell = true;
                else if (name is "--shell") shell = true;
                else if (name is "--user") user = value ?? Next(args, ref i, ref understood);
                else if (name is "--group" or "--prompt" or "--close-from" or "--chdir" or "--host" or "--role" or "--type" or "--other-user" or "--command-timeout")
                    _ = value ?? Next(args, ref i, ref understood);
                continue;
            }
            for (var c = 1; c < arg.Length; c++)
            {
                var flag = arg[c];
                if (flag == 'i') login = shell = true;
                else if (flag == 's') shell = true;
                else if (SudoValueOptions.Contains(flag))
                {
                    var value = c + 1 < arg.Length ? arg[(c + 1)..] : Next(args, ref i, ref understood);
                    if (flag == 'u') user = value;
                    break;
                }
            }
        }
        var command = i < args.Length ? args[i..] : ImmutableArray<Word>.Empty;
        // `sudo su`, `sudo bash`: the shell is the command
        if (!command.IsEmpty)
        {
            var inner = new SimpleCommand([], command, args[0].Span);
            if (Parse(inner) is { StartsShell: true } nested) return nested with { Program = program + " " + nested.Program };
            if (NestedShells.IsInteractiveShell(inner)) return new UserSwitch(program, user ?? "root", login, true, [], null, understood);
        }
        return new UserSwitch(program, user ?? "root", login, shell && command.IsEmpty, command, null, understood);
    }

    static UserSwitch ParseSu(string program, ImmutableArray<Word> args)
    {
        string? user = null;
        Word? script = null;
        bool login = false, understood = true, sawUser = false;
        for (var i = 1; i < args.Length; i++)
        {
            var arg = SyntaxNodes.StaticValue(args[i]);
            if (arg is null) { understood = false; continue; }
            if (arg is "-" or "-l" or "--login") login = true;
            else if (arg is "-c" or "--command") script = i + 1 < args.Length ? args[++i] : null;
            else if (arg.StartsWith("--command=")) script = SyntaxNodes.MakeWord(arg["--command=".Length..]);
            else if (arg is "-s" or "--shell" or "-g" or "--group" or "-G" or "--supp-group" or "-w" or "--whitelist-environment" or "-u") { if (arg == "-u") user = i + 1 < args.Length ? SyntaxNodes.StaticValue(args[i + 1]) : null; i++; }
            else if (arg.StartsWith('-')) { if (arg.Length > 1 && arg[1] != '-' && arg.Contains('l')) login = true; }
            else if (!sawUser) { user = arg; sawUser = true; }
            else understood = false; // arguments for the user's shell
        }
        return new UserSwitch(program, user ?? "root", login, script is null && understood, [], script, understood);
    }

    static string? Next(ImmutableArray<Word> args, ref int i, ref bool understood)
    {
        if (i + 1 >= args.Length) return null;
        i++;
        var value = SyntaxNodes.StaticValue(args[i]);
        if (value is null) understood = false;
        return value;
    }
}
