using DockerRecord.Frontend.Syntax;

namespace DockerRecord.Passes.Filtering;

/// <summary>
/// The stack of the AST walks in <see cref="SyntaxNodes"/>. A <c>Stack&lt;SyntaxNode&gt;</c> checks the type of every
/// node stored into its array (arrays of a class are covariant); nodes kept in a struct need no check, and every pass
/// walks every step.
/// </summary>
sealed class NodeStack
{
    readonly record struct Slot(SyntaxNode Node);

    Slot[] _slots = new Slot[32];
    int _highWater;

    public int Count { get; private set; }

    public void Push(SyntaxNode node)
    {
        if (Count == _slots.Length) Array.Resize(ref _slots, _slots.Length * 2);
        _slots[Count++] = new Slot(node);
        if (Count > _highWater) _highWater = Count;
    }

    public SyntaxNode Pop() => _slots[--Count].Node;

    /// <summary>Empties the stack and lets go of every node it held.</summary>
    public void Clear()
    {
        Array.Clear(_slots, 0, _highWater);
        Count = _highWater = 0;
    }
}
