namespace DockerRecord.Passes.Ordering;

/// <summary>
/// Vertices that something later must follow. <see cref="Drain"/> hands them to one successor and forgets them;
/// <see cref="Share"/> hands them to one of possibly many successors and keeps them, first folding two or more
/// into one join vertex, so each vertex costs one edge however many successors come.
/// </summary>
sealed class DependencySet
{
    List<int>? _members;

    public bool IsEmpty => _members is null || _members.Count == 0;

    public void Add(int vertex)
    {
        _members ??= new List<int>(2);
        if (_members.Count == 0 || _members[^1] != vertex) _members.Add(vertex);
    }

    public void Drain(int successor, DependencyGraph graph)
    {
        if (_members is null) return;
        foreach (var member in _members) graph.AddEdge(member, successor);
        _members.Clear();
    }

    public void Share(int successor, DependencyGraph graph)
    {
        if (_members is null || _members.Count == 0) return;
        if (_members.Count > 1)
        {
            // The successor may be a member itself (a RUN that reads a folder's subtree, then writes below it): it
            // stays a member but is not folded into the join, which it follows (join → successor → join is a cycle).
            var join = graph.AddJoin();
            var successorIsMember = false;
            foreach (var member in _members)
            {
                if (member == successor) successorIsMember = true;
                else graph.AddEdge(member, join);
            }
            _members.Clear();
            _members.Add(join);
            if (successorIsMember) _members.Add(successor);
        }
        graph.AddEdge(_members[0], successor);
    }

    public void Clear() => _members?.Clear();
}
