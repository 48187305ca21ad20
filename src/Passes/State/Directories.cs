using System.Text;
using DockerRecord.Frontend.Syntax;
using DockerRecord.Passes.Filtering;

namespace DockerRecord.Passes.State;

/// <summary>
/// Where <c>cd</c>, <c>pushd</c> and <c>popd</c> go, worked out from the text: relative paths, <c>..</c>, <c>cd -</c>,
/// <c>~</c>, <c>~user</c> and plain variables (<c>cd $APP_DIR</c>, <c>cd "${V}"</c>) whose value drec knows. Null when
/// it cannot tell (a command substitution, an unknown variable, <c>pushd +2</c>); the caller then falls back on the
/// directory the recorder saw after the line.
/// </summary>
public static class Directories
{
    /// <summary>The shell's directory state while a line is followed.</summary>
    public sealed class Tracker(string cwd, string oldPwd)
    {
        public string Cwd { get; set; } = cwd;
        public string OldPwd { get; set; } = oldPwd;
        public Stack<string> Stack { get; } = new();
    }

    public static bool IsDirectoryChange(SimpleCommand command) => SyntaxNodes.CommandName(command) is "cd" or "pushd" or "popd";

    /// <summary>Applies the command to <paramref name="state"/>; false when the target is not known (state unchanged).</summary>
    public static bool Apply(SimpleCommand command, Tracker state, Func<string, string?> variable, Func<string, string> home)
    {
        var name = SyntaxNodes.CommandName(command);
        var operands = command.Args.Skip(1).Where(w => SyntaxNodes.StaticValue(w) is not ("-L" or "-P" or "-e" or "-@" or "-n" or "--")).ToList();
        string? target;
        switch (name)
        {
            case "popd":
                if (operands.Count > 0 || state.Stack.Count == 0) return false;
                target = state.Stack.Pop();
                break;
            case "pushd" when operands.Count == 0:
                if (state.Stack.Count == 0) return false;
                target = state.Stack.Pop();
                state.Stack.Push(state.Cwd);
                break;
            case "pushd":
                target = Target(operands[0], state, variable, home);
                if (target is null || target.StartsWith('+')) return false;
                state.Stack.Push(state.Cwd);
                break;
            default:
                target = operands.Count == 0 ? home("") : Target(operands[0], state, variable, home);
                break;
        }
        if (target is null) return false;
        var next = PathNames.Resolve(state.Cwd, target);
        (state.OldPwd, state.Cwd) = (state.Cwd, next);
        return true;
    }

    static string? Target(Word word, Tracker state, Func<string, string?> variable, Func<string, string> home)
    {
        var value = Expand(word, variable);
        if (value is null) return null;
        if (value == "-") return state.OldPwd;
        if (value.StartsWith('~') && word.Parts is [Literal first, ..] && first.Value.StartsWith('~'))
        {
            var slash = value.IndexOf('/');
            var user = slash < 0 ? value[1..] : value[1..slash];
            return home(user) + (slash < 0 ? "" : value[slash..]);
        }
        return value;
    }

    /// <summary>The word's value with plain <c>$NAME</c> / <c>${NAME}</c> expanded; null for anything else.</summary>
    public static string? Expand(Word word, Func<string, string?> variable)
    {
        if (SyntaxNodes.StaticValue(word) is { } value) return value;
        var text = new StringBuilder();
        return AppendParts(word.Parts, variable, text) ? text.ToString() : null;
    }

    static bool AppendParts(IEnumerable<WordPart> parts, Func<string, string?> variable, StringBuilder text)
    {
        foreach (var part in parts)
        {
            switch (part)
            {
                case ParamExpansion { Op: null, Index: null, Length: false, Indirect: false, SliceOffset: null, Unparsed: null } expansion
                    when variable(expansion.Name) is { } known:
                    text.Append(known);
                    break;
                case DoubleQuoted { Dollar: false } quoted:
                    if (!AppendParts(quoted.Parts, variable, text)) return false;
                    break;
                default:
                    if (SyntaxNodes.StaticValue(new Word([part], part.Span)) is not { } literal) return false;
                    text.Append(literal);
                    break;
            }
        }
        return true;
    }
}
