namespace DockerRecord.Passes.Ordering;

/// <summary>
/// Kahn's algorithm with a priority queue: of the instructions whose predecessors are all placed, the next is the
/// one with the smallest (layer class, original position). So packages and system configuration move up as far as
/// their dependencies allow, ties keep the original order, and a program with nothing to gain comes out unchanged.
/// Join vertices go first as soon as they are free (they only pass constraints on). O((V + E) log V).
/// </summary>
static class StableTopologicalOrder
{
    public static int[] Sort(DependencyGraph graph, IReadOnlyList<LayerClass> classes)
    {
        var inDegree = new int[graph.VertexCount];
        for (var v = 0; v < graph.VertexCount; v++)
        {
            var edges = graph.OutEdges(v);
            for (var i = 0; i < edges.Count; i++) inDegree[edges[i].Target]++;
        }

        var ready = new PriorityQueue<int, (int Class, int Position)>();
        for (var v = 0; v < graph.VertexCount; v++)
            if (inDegree[v] == 0) ready.Enqueue(v, Key(v));

        var order = new int[graph.Count];
        var placed = 0;
        while (ready.TryDequeue(out var vertex, out _))
        {
            if (vertex < graph.Count) order[placed++] = vertex;
            var edges = graph.OutEdges(vertex);
            for (var i = 0; i < edges.Count; i++)
                if (--inDegree[edges[i].Target] == 0) ready.Enqueue(edges[i].Target, Key(edges[i].Target));
        }
        if (placed != graph.Count) throw new InvalidOperationException("the dependency graph has a cycle");
        return order;

        (int, int) Key(int vertex) => vertex < graph.Count ? ((int)classes[vertex], vertex) : (-1, vertex);
    }
}
