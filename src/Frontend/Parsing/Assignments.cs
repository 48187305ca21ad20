namespace DockerRecord.Frontend.Parsing;

/// <summary>Recognizes the <c>NAME=</c>, <c>NAME+=</c> and <c>NAME[index]=</c> prefix of an assignment word.</summary>
static class Assignments
{
    /// <summary>
    /// The shape of an assignment prefix in <paramref name="word"/>, or false: the name's length, the index
    /// (without brackets) if any, whether it appends, and where the value starts.
    /// </summary>
    public static bool TryMatch(ReadOnlySpan<char> word, out int nameLength, out Range? index, out bool append, out int valueStart)
    {
        nameLength = 0;
        index = null;
        append = false;
        valueStart = 0;
        if (word.Length == 0 || !ShellLexer.IsNameStart(word[0])) return false;
        var p = 1;
        while (p < word.Length && ShellLexer.IsNameChar(word[p])) p++;
        nameLength = p;
        if (p < word.Length && word[p] == '[')
        {
            var depth = 0;
            var q = p;
            for (; q < word.Length; q++)
            {
                if (word[q] == '[') depth++;
                else if (word[q] == ']' && --depth == 0) break;
            }
            if (q >= word.Length) return false;
            index = new Range(p + 1, q);
            p = q + 1;
        }
        if (p < word.Length && word[p] == '+')
        {
            append = true;
            p++;
        }
        if (p >= word.Length || word[p] != '=') return false;
        valueStart = p + 1;
        return true;
    }

    /// <summary>Whether <paramref name="word"/> is exactly an assignment prefix, so a <c>(</c> after it opens an array.</summary>
    public static bool IsArrayPrefix(ReadOnlySpan<char> word) =>
        TryMatch(word, out _, out _, out _, out var valueStart) && valueStart == word.Length;
}
