namespace DockerRecord.Passes.Ordering;

/// <summary>
/// Builds the <see cref="DependencyGraph"/> of a run of RUN and COPY instructions from their effects, in one pass in
/// program order, keeping for each resource only what a later access must follow (the last writer and the readers
/// since, as in classic dependence analysis); edges implied by others may be left out. The edges:
/// <list type="bullet">
/// <item>paths: write before read, read before write, write before write, with ancestors and descendants
/// (<see cref="PathDependencies"/>); a RUN reads its working directory, so the folder is made first;</item>
/// <item>variables: a step that sets a variable and one that reads it (<c>$NAME</c>) keep their order, as do two
/// that set it;</item>
/// <item>packages: installs stay in order among themselves, and every later command that runs a program other than
/// a shell builtin or coreutil follows the last install before it (it may use what was installed);</item>
/// <item>users: a RUN as a user, a <c>COPY --chown</c> or <c>chown</c> to it follows the <c>useradd</c>;</item>
/// <item>barriers: an instruction with unknown effects follows everything before it and precedes everything after.</item>
/// </list>
/// </summary>
static class DependencyGraphBuilder
{
    public static DependencyGraph Build(IReadOnlyList<InstructionEffects> effects)
    {
        var graph = new DependencyGraph(effects.Count);
        graph.EnsureInstructions();
        var state = new State(graph);
        var lastBarrier = -1;
        var sinceBarrier = new DependencySet();
        for (var i = 0; i < effects.Count; i++)
        {
            var effect = effects[i];
            graph.AddEdge(lastBarrier, i);
            if (effect.Barrier)
            {
                sinceBarrier.Drain(i, graph);
                lastBarrier = i;
                state = new State(graph); // everything before is ordered before the barrier already
                continue;
            }
            sinceBarrier.Add(i);
            state.Add(i, effect);
        }
        return graph;
    }

    sealed class State(DependencyGraph graph)
    {
        readonly PathDependencies _paths = new(graph);
        readonly Dictionary<string, (int LastWriter, DependencySet Readers)> _variables = new(StringComparer.Ordinal);
        readonly Dictionary<string, int> _userCreators = new(StringComparer.Ordinal);
        int _lastInstall = -1;

        public void Add(int i, InstructionEffects effect)
        {
            foreach (var read in effect.Reads) _paths.Read(i, read);
            foreach (var write in effect.Writes) _paths.Write(i, write);

            foreach (var name in effect.ReadsVariables)
            {
                var variable = Variable(name);
                graph.AddEdge(variable.LastWriter, i);
                variable.Readers.Add(i);
            }
            foreach (var name in effect.SetsVariables)
            {
                var variable = Variable(name);
                graph.AddEdge(variable.LastWriter, i);
                variable.Readers.Drain(i, graph);
                _variables[name] = (i, variable.Readers);
            }

            if (effect.InstallsPackages)
            {
                graph.AddEdge(_lastInstall, i);
                _lastInstall = i;
            }
            else if (effect.UsesInstalledPrograms)
                graph.AddEdge(_lastInstall, i);

            foreach (var user in effect.NeedsUsers)
                if (_userCreators.TryGetValue(user, out var creator)) graph.AddEdge(creator, i);
            foreach (var user in effect.CreatesUsers)
            {
                if (_userCreators.TryGetValue(user, out var creator)) graph.AddEdge(creator, i);
                _userCreators[user] = i;
            }
        }

        (int LastWriter, DependencySet Readers) Variable(string name)
        {
            if (!_variables.TryGetValue(name, out var variable)) _variables[name] = variable = (-1, new DependencySet());
            return variable;
        }
    }
}
