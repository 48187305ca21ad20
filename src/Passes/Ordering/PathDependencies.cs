namespace DockerRecord.Passes.Ordering;

/// <summary>
/// The path part of dependence analysis, as in a compiler's: per path the last writer and the readers since, in a
/// trie so that a path's ancestors and descendants count too. A write covers everything under its path (creating
/// <c>/opt/app</c>, <c>rm -rf /opt/app</c>); a read covers the entry, or its whole subtree. Edges:
/// <list type="bullet">
/// <item>write before read: a read follows the last write of its path and of every ancestor, and (subtree reads)
/// every write below it since;</item>
/// <item>read before write, write before write: a write follows the readers and the last writer of its path, the
/// writes and reads below it since, the last writers of its ancestors and the readers of their whole subtree.</item>
/// </list>
/// Each access walks its path once (its depth) and adds each vertex to a set at most once per ancestor; sets are
/// emptied by the write that consumes them or folded into a join vertex, so the edges stay linear.
/// </summary>
sealed class PathDependencies(DependencyGraph graph)
{
    sealed class Node
    {
        public Dictionary<string, Node>? Children;
        public int LastWriter = -1;
        // each set is made when its first member comes: most paths are only ever written, or only read
        /// <summary>Readers of this entry (or its subtree) since its last write.</summary>
        public DependencySet? Readers;
        /// <summary>Readers of this whole subtree since its last write: a write below must follow them.</summary>
        public DependencySet? SubtreeReaders;
        /// <summary>Writers of something below since this entry's last write: a subtree read must follow them.</summary>
        public DependencySet? WritersBelow;
        /// <summary>Readers of something below since this entry's last write: a write here must follow them.</summary>
        public DependencySet? ReadersBelow;
    }

    readonly Node _root = new();
    readonly List<Node> _ancestors = new(16);

    public void Read(int vertex, PathRead read)
    {
        var node = Walk(read.Path);
        foreach (var ancestor in _ancestors)
        {
            graph.AddEdge(ancestor.LastWriter, vertex);
            (ancestor.ReadersBelow ??= new()).Add(vertex);
        }
        graph.AddEdge(node.LastWriter, vertex);
        if (read.Subtree)
        {
            node.WritersBelow?.Share(vertex, graph);
            (node.SubtreeReaders ??= new()).Add(vertex);
        }
        (node.Readers ??= new()).Add(vertex);
    }

    public void Write(int vertex, string path)
    {
        var node = Walk(path);
        foreach (var ancestor in _ancestors)
        {
            graph.AddEdge(ancestor.LastWriter, vertex);
            ancestor.SubtreeReaders?.Share(vertex, graph);
            (ancestor.WritersBelow ??= new()).Add(vertex);
        }
        graph.AddEdge(node.LastWriter, vertex);
        node.Readers?.Drain(vertex, graph);
        node.SubtreeReaders?.Clear();
        node.WritersBelow?.Drain(vertex, graph);
        node.ReadersBelow?.Drain(vertex, graph);
        node.LastWriter = vertex;
    }

    /// <summary>The node of <paramref name="path"/>, made when missing; its strict ancestors are left in <see cref="_ancestors"/>.</summary>
    Node Walk(string path)
    {
        _ancestors.Clear();
        var node = _root;
        var start = 1;
        while (start < path.Length)
        {
            var end = path.IndexOf('/', start);
            if (end < 0) end = path.Length;
            _ancestors.Add(node);
            // looked up by span: a name becomes a string only for a new node
            var name = path.AsSpan(start, end - start);
            var children = (node.Children ??= new Dictionary<string, Node>(StringComparer.Ordinal)).GetAlternateLookup<ReadOnlySpan<char>>();
            if (!children.TryGetValue(name, out var child)) children[name] = child = new Node();
            node = child;
            start = end + 1;
        }
        return node;
    }
}
