using System.Buffers;
using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;

namespace DockerRecord.Frontend.Trace;

/// <summary>
/// The shapes of the names a trace gives that the compiler writes into Dockerfile instructions (ENV, USER, WORKDIR,
/// FROM, EXPOSE). The Dockerfile parser ends an instruction at a line break and splits some on blanks, so a name with
/// one would write instructions of its own: the reader refuses such a record (DR2004) instead. Each check is a scan of
/// the name's characters, with no allocation: the reader runs them on every record.
/// </summary>
public static partial class TraceNames
{
    static readonly SearchValues<char> s_variableCharacters =
        SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_");

    /// <summary>A name bash can export: letters, digits and <c>_</c>, not starting with a digit.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static bool IsVariableName(ReadOnlySpan<char> name) =>
        name.Length > 0 && !char.IsAsciiDigit(name[0]) && !name.ContainsAnyExcept(s_variableCharacters);

    /// <summary>ASCII characters no user name has: controls, the space, and <c>:</c> (which USER reads as user:group).</summary>
    static readonly SearchValues<char> s_notInUserNames = SearchValues.Create(
        "\0\u0001\u0002\u0003\u0004\u0005\u0006\u0007\b\t\n\u000b\f\r\u000e\u000f\u0010\u0011\u0012\u0013\u0014\u0015\u0016\u0017"
        + "\u0018\u0019\u001a\u001b\u001c\u001d\u001e\u001f \u007f:");

    /// <summary>
    /// A user name or a numeric uid. Permissive (systems differ in what <c>useradd</c> accepts), but never a blank, a
    /// control character or <c>:</c>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static bool IsUserName(ReadOnlySpan<char> name)
    {
        if (name.IsEmpty || name.ContainsAny(s_notInUserNames)) return false;
        if (System.Text.Ascii.IsValid(name)) return true;
        foreach (var c in name)
            if (char.IsControl(c) || char.IsWhiteSpace(c)) return false;
        return true;
    }

    /// <summary>True when <paramref name="text"/> holds a control character (a line break, a tab, NUL, DEL, C1).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static bool HasControlCharacter(ReadOnlySpan<char> text) =>
        text.IndexOfAnyInRange('\0', '\u001f') >= 0 || text.IndexOfAnyInRange('\u007f', '\u009f') >= 0;

    /// <summary>
    /// An image reference as the engine takes it (<c>debian</c>, <c>debian:bookworm</c>,
    /// <c>registry.example.com:5000/team/app:1.2@sha256:…</c>) or an image id (<c>sha256:…</c>): the grammar of
    /// distribution/reference, except that a digest's hex may be of any length.
    /// </summary>
    public static bool IsImageReference(string reference) => reference.Length <= MaxReferenceLength && ImageReference().IsMatch(reference);

    /// <summary>A registry digest as the engine's RepoDigests give it: <c>debian@sha256:…</c>.</summary>
    public static bool IsImageDigest(string digest) => digest.Length <= MaxReferenceLength && ImageDigest().IsMatch(digest);

    const int MaxReferenceLength = 4096;

    const string PathComponent = "[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*";
    const string DomainComponent = "(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])";
    const string Domain = $@"(?:{DomainComponent}(?:\.{DomainComponent})*|\[[0-9a-fA-F:]+\])(?::[0-9]+)?";
    const string Name = $"(?:{Domain}/)?{PathComponent}(?:/{PathComponent})*";
    const string Tag = "[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}";
    const string Digest = "[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]+";

    // \z, not $: $ also matches before a final line break
    [GeneratedRegex($@"^{Name}(?::{Tag})?(?:@{Digest})?\z", RegexOptions.CultureInvariant)]
    private static partial Regex ImageReference();

    [GeneratedRegex($@"^{Name}@{Digest}\z", RegexOptions.CultureInvariant)]
    private static partial Regex ImageDigest();
}
