using QuikGraph;

namespace DockerRecord.Passes.Ordering;

/// <summary>
/// The dependency graph of a run of instructions: vertices <c>0 … Count-1</c> are the instructions (by position),
/// vertices from <see cref="Count"/> on are join points the builder adds so that many-to-many dependencies cost
/// linear edges (<c>a, b, c → join → x, y, z</c> instead of nine edges). Every edge goes from an earlier instruction
/// to a later one (or through joins that do), so the graph has no cycle and the original order is one of its
/// topological orders.
/// </summary>
sealed class DependencyGraph(int count)
{
    readonly AdjacencyGraph<int, SEdge<int>> _graph = new(allowParallelEdges: true, vertexCapacity: count, edgeCapacity: -1);

    /// <summary>How many instructions (the real vertices).</summary>
    public int Count { get; } = count;

    public int VertexCount => _graph.VertexCount;

    public int EdgeCount => _graph.EdgeCount;

    /// <summary>The edges out of <paramref name="vertex"/>, as a list (the sort walks them all twice: no iterator each time).</summary>
    public IReadOnlyList<SEdge<int>> OutEdges(int vertex) =>
        _graph.TryGetOutEdges(vertex, out var edges) ? edges as IReadOnlyList<SEdge<int>> ?? [.. edges] : [];

    public void EnsureInstructions()
    {
        for (var i = 0; i < Count; i++) _graph.AddVertex(i);
    }

    public int AddJoin()
    {
        var join = _graph.VertexCount;
        _graph.AddVertex(join);
        return join;
    }

    /// <summary><paramref name="before"/> must stay before <paramref name="after"/>; a missing (-1) or self edge is skipped.</summary>
    public void AddEdge(int before, int after)
    {
        if (before < 0 || before == after) return;
        _graph.AddEdge(new SEdge<int>(before, after));
    }

    public bool HasEdge(int before, int after) => _graph.ContainsEdge(before, after);

    public IEnumerable<(int Before, int After)> Edges => _graph.Edges.Select(e => (e.Source, e.Target));
}
