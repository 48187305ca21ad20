using System.Collections.Frozen;
using DockerRecord.Frontend.Syntax;

namespace DockerRecord.Passes.Files;

/// <summary>
/// The interactive editors drec knows (the recorder captures what they save): a command naming one of these, directly
/// or behind <c>sudo</c>, <c>env</c> or <c>command</c>, edits files by hand and never belongs in a Dockerfile. The
/// table is data: add an editor here and every pass that asks sees it.
/// </summary>
public static class EditorPrograms
{
    /// <summary>Editors by program name (the last path segment: <c>/usr/bin/vim</c> is <c>vim</c>).</summary>
    public static FrozenSet<string> Names { get; } = FrozenSet.ToFrozenSet(
    [
        "nano", "rnano", "pico",
        "vi", "vim", "vim.tiny", "vim.basic", "vim.nox", "vim.gtk3", "nvim", "view", "vimdiff", "gvim",
        "emacs", "emacs-nox", "emacsclient", "mg", "zile", "jed",
        "joe", "jmacs", "jstar", "jpico", "mcedit", "micro", "ne", "kak", "hx", "helix", "tilde", "le",
        "editor", "sensible-editor", "sudoedit", "vipw", "vigr", "visudo",
    ], StringComparer.Ordinal);

    /// <summary>Wrappers that run the command after their options: the editor is the first word that is not one.</summary>
    static readonly FrozenSet<string> s_wrappers = FrozenSet.ToFrozenSet(["sudo", "doas", "command", "env", "exec", "nohup"], StringComparer.Ordinal);

    /// <summary>Options of the wrappers that take a value (<c>sudo -u www-data vim f</c>).</summary>
    static readonly FrozenSet<string> s_optionsWithValue = FrozenSet.ToFrozenSet(["-u", "-g", "-C", "-h", "-p", "-r", "-t", "-U", "-D"], StringComparer.Ordinal);

    /// <summary>The editor a statement runs, or null: a simple command (redirections allowed) naming an editor.</summary>
    public static string? EditorOf(Stmt stmt)
    {
        if (stmt.Command is not SimpleCommand command || stmt.Negated || stmt.Background) return null;
        var words = command.Args;
        for (var i = 0; i < words.Length; i++)
        {
            if (words[i].LiteralValue is not { } word) return null;
            var name = word.Contains('/') ? word[(word.LastIndexOf('/') + 1)..] : word;
            if (Names.Contains(name)) return name;
            if (!s_wrappers.Contains(name)) return null;
            // `sudo -e f` is sudoedit
            if (name == "sudo" && words.Skip(i + 1).Any(w => w.LiteralValue is "-e" or "--edit")) return "sudoedit";
            // skip the wrapper's options (and their values) and `env`'s NAME=value words
            while (i + 1 < words.Length && words[i + 1].LiteralValue is { } next && (next.StartsWith('-') || (name == "env" && next.Contains('='))))
            {
                i++;
                if (s_optionsWithValue.Contains(next)) i++;
            }
        }
        return null;
    }
}
