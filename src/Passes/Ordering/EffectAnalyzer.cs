using System.Collections.Immutable;
using System.Text;
using DockerRecord.Frontend.Syntax;
using DockerRecord.Frontend.Trace;
using DockerRecord.IR;

namespace DockerRecord.Passes.Ordering;

/// <summary>
/// Finds the <see cref="InstructionEffects"/> of a RUN or COPY from two sources: the file changes the recorder saw
/// for each step (what really happened), and the step's AST (redirection targets, the paths its arguments name,
/// resolved against the RUN's working directory, the programs it runs, the variables it reads and sets). Both are
/// needed: the recorded changes miss reads, and the AST misses what programs do to paths they do not name.
/// </summary>
sealed class EffectAnalyzer(CompilationContext context)
{
    public InstructionEffects Analyze(Instruction instruction) => instruction switch
    {
        RunInstruction run => Analyze(run),
        CopyInstruction copy => Analyze(copy),
        _ => InstructionEffects.Unknown,
    };

    /// <summary>The RUN's effects, found once per compilation (<see cref="CompilationContext.Effects"/>).</summary>
    public InstructionEffects Analyze(RunInstruction run)
    {
        if (!context.Effects.TryGetValue(run, out var effects)) context.Effects[run] = effects = Find(run);
        return effects;
    }

    /// <summary>The effects of every instruction of <paramref name="segment"/>, the RUNs not seen yet found on all cores.</summary>
    public InstructionEffects[] AnalyzeAll(IReadOnlyList<Instruction> segment)
    {
        var effects = new InstructionEffects[segment.Count];
        // finding a RUN's effects only reads the RUN and its trace records, so RUNs are independent; the shared
        // table is filled afterwards, on this thread
        Parallel.For(0, segment.Count, i =>
            effects[i] = segment[i] is RunInstruction run && !context.Effects.ContainsKey(run) ? Find(run) : null!);
        for (var i = 0; i < effects.Length; i++)
        {
            if (effects[i] is { } found) context.Effects[(RunInstruction)segment[i]] = found;
            else effects[i] = Analyze(segment[i]);
        }
        return effects;
    }

    InstructionEffects Find(RunInstruction run)
    {
        var collector = Collector.Rent(run.Context);
        try
        {
            foreach (var step in run.Steps)
            {
                if (step.Opaque) return InstructionEffects.Unknown;
                // a step drec wrote for a session without commands (its final links and folders) has no record
                if (context.RecordedCommand(step.Source) is { } record)
                {
                    collector.AddRecordedChanges(record.Changes);
                    if (record.EnvSet.Count > 0) collector.SetsVariables.UnionWith(record.EnvSet.Keys);
                    if (record.EnvUnset.Count > 0) collector.SetsVariables.UnionWith(record.EnvUnset);
                }
                collector.Cwd = run.Context.Workdir;
                collector.VisitStmts(step.Stmts);
            }
            if (run.Context.User != "root") collector.NeedsUsers.Add(run.Context.User);
            // the RUN needs its working directory; a program that is not a builtin reads what is in it
            if (run.Context.Workdir != "/")
                collector.Reads.Add(new PathRead(run.Context.Workdir, collector.UsesInstalledPrograms && !collector.InstallsPackages));
            return collector.ToEffects();
        }
        finally
        {
            Collector.Return(collector);
        }
    }

    static InstructionEffects Analyze(CopyInstruction copy)
    {
        var collector = new Collector(RunContext.Root);
        collector.Writes.Add(PathNames.Resolve(copy.Destination, "/", "root"));
        if (copy.Chown is { } chown) collector.AddOwner(chown);
        return collector.ToEffects();
    }

    /// <summary>Walks the AST of one step, gathering its effects; <see cref="Cwd"/> follows the <c>cd</c>s it makes.</summary>
    sealed class Collector(RunContext runContext)
    {
        // one collector per thread, emptied between RUNs: its lists and sets keep their room, and a long trace has
        // 100,000 RUNs (a RUN's effects are copied out of it)
        [ThreadStatic] static Collector? t_spare;

        public static Collector Rent(RunContext runContext)
        {
            var collector = t_spare ?? new Collector(runContext);
            t_spare = null;
            collector.Reset(runContext);
            return collector;
        }

        public static void Return(Collector collector) => t_spare = collector;

        /// <summary>Collections grown past this by a large RUN (an install of thousands of files) are not kept: clearing them would cost every later RUN.</summary>
        const int KeptCapacity = 1024;

        void Reset(RunContext next)
        {
            runContext = next;
            Cwd = next.Workdir;
            if (Reads.Capacity > KeptCapacity) Reads = [];
            else Reads.Clear();
            if (Writes.Count > KeptCapacity) Writes = new(StringComparer.Ordinal);
            else Writes.Clear();
            _setsVariables?.Clear();
            _readsVariables?.Clear();
            _createsUsers?.Clear();
            _needsUsers?.Clear();
            InstallsPackages = UsesInstalledPrograms = RunsApt = ReadsAptLists = RemovesAptLists = ChangesShellState = false;
        }

        public List<PathRead> Reads = [];
        public HashSet<string> Writes = new(StringComparer.Ordinal);
        // each set is made at its first name: most RUNs set and read no variable and touch no user
        SortedSet<string>? _setsVariables, _readsVariables, _createsUsers, _needsUsers;
        public SortedSet<string> SetsVariables => _setsVariables ??= new(StringComparer.Ordinal);
        public SortedSet<string> ReadsVariables => _readsVariables ??= new(StringComparer.Ordinal);
        public SortedSet<string> CreatesUsers => _createsUsers ??= new(StringComparer.Ordinal);
        public SortedSet<string> NeedsUsers => _needsUsers ??= new(StringComparer.Ordinal);
        public bool InstallsPackages, UsesInstalledPrograms, RunsApt, ReadsAptLists, RemovesAptLists, ChangesShellState;
        public string Cwd = runContext.Workdir;

        public InstructionEffects ToEffects()
        {
            var writes = MinimalWrites();
            return new InstructionEffects([.. Reads], writes, Names(_setsVariables), Names(_readsVariables), Names(_createsUsers), Names(_needsUsers),
                InstallsPackages, UsesInstalledPrograms, RunsApt, ReadsAptLists, RemovesAptLists, ChangesShellState, Barrier: false, Classify(writes));
        }

        static ImmutableArray<string> Names(SortedSet<string>? names) => names is null || names.Count == 0 ? [] : [.. names];

        LayerClass Classify(ImmutableArray<string> writes)
        {
            if (InstallsPackages) return LayerClass.Packages;
            if (!writes.IsEmpty && writes.All(w => PathNames.IsUnderAny(w, OrderingKnowledge.PackageConfigurationPaths))) return LayerClass.Packages;
            if (_createsUsers is { Count: > 0 }) return LayerClass.System;
            if (writes.IsEmpty) return LayerClass.Application;
            foreach (var write in writes)
                if (PathNames.IsUnderAny(write, OrderingKnowledge.ApplicationPaths) || !PathNames.IsUnderAny(write, OrderingKnowledge.SystemPaths))
                    return LayerClass.Application;
            return LayerClass.System;
        }

        /// <summary>The written paths without those under another written path (a write covers its subtree).</summary>
        ImmutableArray<string> MinimalWrites()
        {
            if (Writes.Count <= 1) return [.. Writes];
            var sorted = Writes.Order(StringComparer.Ordinal).ToList();
            var kept = new HashSet<string>(StringComparer.Ordinal);
            var result = ImmutableArray.CreateBuilder<string>();
            foreach (var path in sorted)
            {
                var covered = false;
                for (var slash = path.LastIndexOf('/'); slash > 0 && !covered; slash = path.LastIndexOf('/', slash - 1))
                    covered = kept.Contains(path[..slash]);
                if (covered || kept.Contains("/")) continue;
                kept.Add(path);
                result.Add(path);
            }
            return result.ToImmutable();
        }

        /// <summary>
        /// The recorded changes as writes. The engine's diff marks a folder changed when an entry in it is added or
        /// removed; such a folder is not written as a whole, so it is left out when something under it is listed.
        /// </summary>
        public void AddRecordedChanges(FileChanges changes)
        {
            if (changes.IsEmpty) return;
            var all = new List<string>(changes.Added.Count + changes.Changed.Count + changes.Deleted.Count);
            foreach (var list in (ReadOnlySpan<IReadOnlyList<string>>)[changes.Added, changes.Changed, changes.Deleted])
                foreach (var path in list)
                    if (!IsVirtualFileSystem(path)) all.Add(PathNames.Resolve(path, "/", "root"));
            if (all.Count * changes.Changed.Count <= 4096)
            {
                // a few paths (or none marked changed), as most commands change: scanning costs less than building sets
                foreach (var path in all)
                    if (!(changes.Changed.Contains(path) && HasPathUnder(all, path)))
                        Writes.Add(path);
                return;
            }
            var parents = new HashSet<string>(StringComparer.Ordinal);
            foreach (var path in all)
                for (var slash = path.LastIndexOf('/'); slash > 0; slash = path.LastIndexOf('/', slash - 1))
                    if (!parents.Add(path[..slash])) break;
            var changed = new HashSet<string>(changes.Changed, StringComparer.Ordinal);
            foreach (var path in all)
                if (!(changed.Contains(path) && parents.Contains(path)))
                    Writes.Add(path);
        }

        /// <summary>Whether a path of <paramref name="paths"/> lies under <paramref name="folder"/>.</summary>
        static bool HasPathUnder(List<string> paths, string folder)
        {
            foreach (var path in paths)
                if (path.Length > folder.Length && path[folder.Length] == '/' && path.StartsWith(folder, StringComparison.Ordinal))
                    return true;
            return false;
        }

        public void VisitStmts(ImmutableArray<Stmt> stmts)
        {
            foreach (var stmt in stmts) VisitStmt(stmt);
        }

        void VisitStmt(Stmt stmt)
        {
            VisitCommand(stmt.Command);
            foreach (var redirect in stmt.Redirects)
            {
                VisitWord(redirect.Target);
                if (redirect.HereDoc is { } hereDoc) VisitParts(hereDoc.Body);
                switch (redirect.Op)
                {
                    case RedirectOp.Output or RedirectOp.Append or RedirectOp.Clobber or RedirectOp.ReadWrite
                        or RedirectOp.OutputAndError or RedirectOp.AppendOutputAndError:
                        AddPath(redirect.Target, write: true);
                        break;
                    case RedirectOp.Input:
                        AddPath(redirect.Target, write: false);
                        break;
                }
            }
        }

        void VisitCommand(Command command)
        {
            switch (command)
            {
                case SimpleCommand simple: VisitSimple(simple); break;
                case Pipeline pipeline: VisitStmts(pipeline.Stmts); break;
                case AndOrList list: VisitStmts(list.Stmts); break;
                case Subshell subshell:
                    var cwd = Cwd;
                    VisitStmts(subshell.Stmts);
                    Cwd = cwd;
                    break;
                case BraceGroup group: VisitStmts(group.Stmts); break;
                case IfClause @if:
                    VisitStmts(@if.Condition);
                    VisitStmts(@if.Then);
                    foreach (var elif in @if.Elifs)
                    {
                        VisitStmts(elif.Condition);
                        VisitStmts(elif.Then);
                    }
                    if (@if.Else is { } @else) VisitStmts(@else);
                    break;
                case WhileClause loop:
                    VisitStmts(loop.Condition);
                    VisitStmts(loop.Body);
                    break;
                case ForClause loop:
                    foreach (var item in loop.Items ?? []) VisitWord(item);
                    SetsVariables.Add(loop.Name);
                    VisitStmts(loop.Body);
                    break;
                case ArithmeticForClause loop: VisitStmts(loop.Body); break;
                case CaseClause @case:
                    VisitWord(@case.Subject);
                    foreach (var item in @case.Items) VisitStmts(item.Body);
                    break;
                case FunctionDecl function: VisitStmt(function.Body); break;
                case TimeClause { Stmt: { } timed }: VisitStmt(timed); break;
                case CoprocClause coproc: VisitStmt(coproc.Stmt); break;
            }
        }

        void VisitWord(Word word) => VisitParts(word.Parts);

        void VisitParts(ImmutableArray<WordPart> parts)
        {
            foreach (var part in parts)
            {
                switch (part)
                {
                    case DoubleQuoted quoted: VisitParts(quoted.Parts); break;
                    case CommandSubstitution substitution:
                        var cwd = Cwd;
                        VisitStmts(substitution.Stmts);
                        Cwd = cwd;
                        break;
                    case ProcessSubstitution substitution: VisitStmts(substitution.Stmts); break;
                    case ParamExpansion expansion:
                        if (IsVariableName(expansion.Name)) ReadsVariables.Add(expansion.Name);
                        if (expansion.Argument is { } argument) VisitWord(argument);
                        if (expansion.Replacement is { } replacement) VisitWord(replacement);
                        break;
                }
            }
        }

        void VisitSimple(SimpleCommand command)
        {
            foreach (var assignment in command.Assignments)
            {
                if (command.Args.IsEmpty) SetsVariables.Add(assignment.Name);
                if (assignment.Value is { } value) VisitWord(value);
                foreach (var element in assignment.Array?.Elements ?? []) VisitWord(element);
            }
            foreach (var arg in command.Args) VisitWord(arg);
            if (command.Args.IsEmpty) return;

            var args = command.Args;
            var start = SkipWrappers(args);
            if (start >= args.Length) return;
            var program = args[start].LiteralValue is { } literal ? Path.GetFileName(literal) : null;
            var rest = args.AsSpan()[(start + 1)..];
            if (program is null)
            {
                UsesInstalledPrograms = true;
                return;
            }
            if (args[start].LiteralValue!.Contains('/')) AddPath(args[start], write: false);

            if (IsPackageOperation(program, rest))
            {
                InstallsPackages = true;
                if (OrderingKnowledge.AptFrontEnds.Contains(program)) RunsApt = true;
                foreach (var configuration in OrderingKnowledge.PackageConfigurationPaths) Reads.Add(new PathRead(configuration, true));
                if (program is "npm" or "yarn") Reads.Add(new PathRead(PathNames.Resolve("package.json", Cwd, runContext.User), false));
            }
            else if (!OrderingKnowledge.BuiltinsAndCoreutils.Contains(program))
                UsesInstalledPrograms = true;
            if (OrderingKnowledge.AptListReaders.Contains(program)) ReadsAptLists = true;
            if (OrderingKnowledge.ShellStateCommands.Contains(program)) ChangesShellState = true;

            switch (program)
            {
                case "cd":
                    var target = rest.Length == 0 ? "~" : Literal(rest[0]);
                    if (target is not null && target != "-") Cwd = PathNames.Resolve(target, Cwd, runContext.User);
                    return;
                case "export" or "declare" or "typeset" or "local" or "readonly" or "unset":
                    foreach (var arg in rest)
                        if (Literal(arg) is { } text && !text.StartsWith('-'))
                            SetsVariables.Add(text.Split('=', 2)[0].TrimEnd('+'));
                    return;
                case "pushd" or "popd":
                    ChangesShellState = true;
                    return;
            }

            var operands = Operands(rest);
            if (OrderingKnowledge.UserCreators.Contains(program))
            {
                if (operands.Count > 0 && Literal(operands[^1]) is { } user) CreatesUsers.Add(user);
                return;
            }
            if (program is "chown" or "chgrp" && operands.Count > 0 && Literal(operands[0]) is { } owner)
                AddOwner(program == "chgrp" ? ":" + owner : owner);

            if (program == "sed" && rest.ToArray().Any(a => a.LiteralValue?.StartsWith("-i", StringComparison.Ordinal) == true))
            {
                for (var i = 1; i < operands.Count; i++) AddPath(operands[i], write: true);
                return;
            }
            if (!OrderingKnowledge.FileCommands.TryGetValue(program, out var role))
            {
                foreach (var operand in operands)
                    if (Literal(operand) is not { } text || PathNames.LooksLikePath(text)) AddPath(operand, write: false);
                return;
            }
            for (var i = 0; i < operands.Count; i++)
            {
                var write = role switch
                {
                    ArgumentRole.WriteAll => true,
                    ArgumentRole.WriteLast => i == operands.Count - 1,
                    ArgumentRole.WriteAfterFirst => i > 0,
                    _ => false,
                };
                if (role == ArgumentRole.WriteAfterFirst && i == 0) continue;
                AddPath(operands[i], write);
                if (program == "rm" && Literal(operands[i]) is { } removed
                    && PathNames.IsUnder(PathNames.Resolve(removed, Cwd, runContext.User), AptListsCleanup.ListsFolder))
                    RemovesAptLists = true;
            }
        }

        static bool IsPackageOperation(string program, ReadOnlySpan<Word> rest)
        {
            if (program is "python" or "python3" && rest.Length >= 3 && rest[0].LiteralValue == "-m" && rest[1].LiteralValue is "pip" or "pip3")
                return rest[2].LiteralValue is "install" or "uninstall";
            if (!OrderingKnowledge.PackageOperations.TryGetValue(program, out var operations)) return false;
            if (operations.Contains("")) return true;
            foreach (var arg in rest)
            {
                var text = arg.LiteralValue;
                if (text is null) continue;
                if (operations.Contains(text)) return true;
                if (!text.StartsWith('-')) return false; // the first word that is not an option is the subcommand
            }
            return false;
        }

        /// <summary>Where the real command starts after <c>sudo -u x</c>, <c>env A=1</c>, <c>nohup</c>…</summary>
        int SkipWrappers(ImmutableArray<Word> args)
        {
            var i = 0;
            while (i < args.Length && args[i].LiteralValue is { } name && OrderingKnowledge.Wrappers.Contains(name))
            {
                i++;
                while (i < args.Length && args[i].LiteralValue is { } option && (option.StartsWith('-') || (name == "env" && option.Contains('='))))
                {
                    if (name == "sudo" && option is "-u" or "-g" && i + 1 < args.Length)
                    {
                        if (option == "-u" && Literal(args[i + 1]) is { } user) NeedsUsers.Add(user);
                        i++;
                    }
                    i++;
                }
                if (name == "chroot") UsesInstalledPrograms = true;
            }
            return i;
        }

        /// <summary>The arguments that are not options (everything after <c>--</c> is an operand).</summary>
        static List<Word> Operands(ReadOnlySpan<Word> rest)
        {
            var operands = new List<Word>(rest.Length);
            var optionsEnded = false;
            foreach (var arg in rest)
            {
                var text = arg.LiteralValue;
                if (!optionsEnded && text == "--") { optionsEnded = true; continue; }
                if (!optionsEnded && text is not null && text.StartsWith('-') && text.Length > 1) continue;
                operands.Add(arg);
            }
            return operands;
        }

        public void AddOwner(string owner)
        {
            foreach (var name in owner.Split(':', StringSplitOptions.RemoveEmptyEntries))
                if (name != "root" && !name.All(char.IsAsciiDigit)) NeedsUsers.Add(name);
        }

        /// <summary>
        /// Records the path a word names. A word drec cannot spell out (an expansion of a variable it does not
        /// know) counts by its literal folder prefix (<c>/opt/$APP/x</c> touches <c>/opt</c>); without one it is
        /// left to the recorded changes.
        /// </summary>
        void AddPath(Word word, bool write)
        {
            var text = Literal(word) ?? LiteralPrefix(word);
            if (text is null || text.Length == 0) return;
            if (IsVirtualFileSystem(text)) return;
            var path = PathNames.Resolve(text, Cwd, runContext.User);
            if (write) Writes.Add(path);
            else Reads.Add(new PathRead(path, true));
        }

        string? Literal(Word word)
        {
            if (word.LiteralValue is { } plain && !plain.Contains('\\')) return plain;
            var text = new StringBuilder();
            return AppendLiteral(word.Parts, text) ? text.ToString() : null;
        }

        /// <summary>The folder before the first part that cannot be spelled out, when the word starts absolute.</summary>
        static string? LiteralPrefix(Word word)
        {
            if (word.Parts is not [Literal { Value: var first }, ..] || !first.StartsWith('/')) return null;
            var slash = first.LastIndexOf('/');
            return slash <= 0 ? "/" : first[..slash];
        }

        bool AppendLiteral(ImmutableArray<WordPart> parts, StringBuilder text)
        {
            foreach (var part in parts)
            {
                switch (part)
                {
                    case Literal literal: text.Append(Unescape(literal.Value)); break;
                    case SingleQuoted { Dollar: false } quoted: text.Append(quoted.Value); break;
                    case DoubleQuoted { Dollar: false } quoted:
                        if (!AppendLiteral(quoted.Parts, text)) return false;
                        break;
                    case ParamExpansion { Op: null, Length: false, Indirect: false, Index: null, SliceOffset: null, Unparsed: null } expansion
                        when Variable(expansion.Name) is { } value:
                        text.Append(value);
                        break;
                    default: return false;
                }
            }
            return true;
        }

        string? Variable(string name) => runContext.Env.TryGetValue(name, out var value) ? value : name switch
        {
            "HOME" => runContext.User == "root" ? "/root" : "/home/" + runContext.User,
            "PWD" => Cwd,
            _ => null,
        };

        static string Unescape(string value)
        {
            if (!value.Contains('\\')) return value;
            var text = new StringBuilder(value.Length);
            for (var i = 0; i < value.Length; i++)
            {
                if (value[i] == '\\' && i + 1 < value.Length) i++;
                text.Append(value[i]);
            }
            return text.ToString();
        }

        static bool IsVariableName(string name) => name.Length > 0 && (char.IsAsciiLetter(name[0]) || name[0] == '_');
    }

    /// <summary>Kernel file systems and devices: not part of the image, so no ordering through them.</summary>
    static bool IsVirtualFileSystem(string path) =>
        path.StartsWith("/dev/", StringComparison.Ordinal) || path.StartsWith("/proc/", StringComparison.Ordinal)
        || path.StartsWith("/sys/", StringComparison.Ordinal) || path is "/dev" or "/proc" or "/sys" or "/dev/null";
}
