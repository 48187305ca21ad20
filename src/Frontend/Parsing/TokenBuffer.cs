using Superpower.Model;

namespace DockerRecord.Frontend.Parsing;

/// <summary>
/// The tokens of one lexed text, read by index by <see cref="ShellGrammar"/>. Buffers are lent per thread and given
/// back once the grammar is done with them, so a recorded command line costs no token array of its own. A nested
/// parse (a <c>$(…)</c> met while the outer tokens are still being read) rents a second buffer, so the pool holds
/// about one buffer per level of nesting.
/// </summary>
sealed class TokenBuffer
{
    [ThreadStatic] static Stack<TokenBuffer>? t_free;

    Token<ShellToken>[] _items = new Token<ShellToken>[16];

    /// <summary>The tokens; only the first <see cref="Count"/> are this text's.</summary>
    public Token<ShellToken>[] Items => _items;

    public int Count { get; private set; }

    public Token<ShellToken> this[int index] => _items[index];

    /// <summary>An empty buffer from this thread's pool, or a new one.</summary>
    public static TokenBuffer Rent()
    {
        var buffer = t_free is { Count: > 0 } free ? free.Pop() : new TokenBuffer();
        buffer.Count = 0;
        return buffer;
    }

    /// <summary>Gives the buffer back to this thread's pool; the caller must not read it afterwards.</summary>
    public void Return()
    {
        // a buffer grown for a long script is left to the collector rather than kept for the thread's lifetime
        if (_items.Length > MaxPooledLength) return;
        // the tokens point into the source text; clearing them lets the text go once it is parsed
        Array.Clear(_items, 0, Count);
        Count = 0;
        (t_free ??= new()).Push(this);
    }

    const int MaxPooledLength = 4096;

    public void Add(Token<ShellToken> token)
    {
        if (Count == _items.Length) Array.Resize(ref _items, _items.Length * 2);
        _items[Count++] = token;
    }

    public Token<ShellToken>[] ToArray() => _items.AsSpan(0, Count).ToArray();
}
