using System.Collections.Frozen;

namespace DockerRecord.Passes.State;

/// <summary>
/// What an exported variable means for the image, by name:
/// <list type="bullet">
/// <item>volatile: set by the terminal, the login or the shell itself (<c>PWD</c>, <c>TERM</c>, <c>HOSTNAME</c>,
/// <c>SUDO_USER</c>…); never an ENV and never in a RUN's context;</item>
/// <item>build-only: <c>DEBIAN_FRONTEND</c>, which belongs in an ARG (the build-safety pass writes it), not in the
/// image's environment;</item>
/// <item>implicitly used: read by programs without a <c>$NAME</c> in the command (<c>PATH</c>, <c>JAVA_HOME</c>,
/// <c>CFLAGS</c>…), so they count as used by every later command that runs with them.</item>
/// </list>
/// </summary>
public static class EnvironmentVariables
{
    static readonly FrozenSet<string> VolatileNames = FrozenSet.ToFrozenSet(
    [
        "PWD", "OLDPWD", "SHLVL", "_", "TERM", "COLORTERM", "COLUMNS", "LINES", "HOSTNAME", "LS_COLORS", "PS1", "PS2", "PS3",
        "PS4", "PROMPT_COMMAND", "PROMPT_DIRTRIM", "HOME", "USER", "LOGNAME", "MAIL", "SHELL", "TMUX", "TMUX_PANE", "STY",
        "WINDOW", "DISPLAY", "LESSOPEN", "LESSCLOSE", "OLDPATH", "EDITOR_PID", "BASH_ENV", "ENV", "MOTD_SHOWN", "SUDO_PS1",
    ], StringComparer.Ordinal);

    static readonly string[] VolatilePrefixes = ["HIST", "SSH_", "SUDO_", "XDG_", "DBUS_", "TERM_", "BASH_FUNC_", "VTE_"];

    static readonly FrozenSet<string> BuildOnlyNames = FrozenSet.ToFrozenSet(["DEBIAN_FRONTEND", "DEBCONF_NONINTERACTIVE_SEEN"], StringComparer.Ordinal);

    static readonly FrozenSet<string> ImplicitNames = FrozenSet.ToFrozenSet(
    [
        "PATH", "LD_LIBRARY_PATH", "LD_PRELOAD", "LIBRARY_PATH", "CPATH", "C_INCLUDE_PATH", "CPLUS_INCLUDE_PATH", "PKG_CONFIG_PATH",
        "CC", "CXX", "CFLAGS", "CXXFLAGS", "CPPFLAGS", "LDFLAGS", "MAKEFLAGS", "JAVA_HOME", "JAVA_OPTS", "MAVEN_OPTS",
        "GRADLE_USER_HOME", "GOPATH", "GOROOT", "GOFLAGS", "GO111MODULE", "GOPROXY", "CGO_ENABLED", "CARGO_HOME", "RUSTUP_HOME",
        "PYTHONPATH", "PYTHONUNBUFFERED", "PYTHONDONTWRITEBYTECODE", "PIP_INDEX_URL", "PIP_NO_CACHE_DIR", "VIRTUAL_ENV",
        "NODE_ENV", "NODE_PATH", "NPM_CONFIG_PREFIX", "GEM_HOME", "BUNDLE_PATH", "RAILS_ENV", "LANG", "LANGUAGE", "LC_ALL",
        "TZ", "http_proxy", "https_proxy", "no_proxy", "HTTP_PROXY", "HTTPS_PROXY", "NO_PROXY",
    ], StringComparer.Ordinal);

    /// <summary>Set by the terminal, the login or the shell: no image should carry it.</summary>
    public static bool IsVolatile(string name) =>
        VolatileNames.Contains(name) || VolatilePrefixes.Any(p => name.StartsWith(p, StringComparison.Ordinal));

    /// <summary>Meant for the build only (an ARG), never for the image's environment.</summary>
    public static bool IsBuildOnly(string name) => BuildOnlyNames.Contains(name);

    /// <summary>Read by programs without appearing in the command text.</summary>
    public static bool IsImplicitlyUsed(string name) => ImplicitNames.Contains(name) || name.StartsWith("LC_", StringComparison.Ordinal);
}
