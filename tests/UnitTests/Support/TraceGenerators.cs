using System.Collections.Immutable;
using DockerRecord.Frontend.Trace;
using FsCheck;
using FsCheck.Fluent;

namespace DockerRecord.UnitTests.Support;

/// <summary>
/// One generated command: its text, and what it really does (the ground truth the generator built it from):
/// absolute paths read and written, variables read and set. Tests define dependence from these and from the
/// recorded changes, independently of the compiler's own analysis.
/// </summary>
public sealed record GeneratedCommand(
    string Text,
    ImmutableArray<string> Reads,
    ImmutableArray<string> Writes,
    ImmutableArray<string> ReadsVariables,
    ImmutableArray<string> SetsVariables,
    FileChanges Changes,
    int Status,
    string CwdBefore,
    string CwdAfter);

/// <summary>A generated session: its commands in order.</summary>
public sealed record GeneratedSession(ImmutableArray<GeneratedCommand> Commands)
{
    /// <summary>The trace, written and read back through <see cref="TraceBuilder"/>.</summary>
    public TraceContent Build(bool reverseChangeLists = false) => Builder(reverseChangeLists).Build();

    public TraceBuilder Builder(bool reverseChangeLists = false)
    {
        var builder = new TraceBuilder();
        foreach (var command in Commands)
        {
            var changes = reverseChangeLists
                ? new FileChanges([.. command.Changes.Added.Reverse()], [.. command.Changes.Changed.Reverse()], [.. command.Changes.Deleted.Reverse()])
                : command.Changes;
            var env = command.SetsVariables.ToDictionary(v => v, v => "v-" + v);
            builder.Command(command.Text, r => r with
            {
                Changes = changes,
                Status = command.Status,
                CwdBefore = command.CwdBefore,
                Cwd = command.CwdAfter,
                EnvSet = command.Text.StartsWith("export ", StringComparison.Ordinal) ? env : new Dictionary<string, string>(),
            });
        }
        return builder;
    }

    public override string ToString() => string.Join("\n", Commands.Select((c, i) => $"{i + 1}: {c.Text}"));
}

/// <summary>
/// FsCheck generators of recorded sessions: commands that create, modify, delete and read paths from a small set
/// (touch, echo &gt; f, cat f &gt; g, rm, mkdir, cp), cd, export, apt-get install, with file changes consistent with
/// what the commands do, as the engine's diff would show them (a folder whose entries change is listed as changed;
/// a command that fails changes nothing).
/// </summary>
public static class TraceGenerators
{
    static readonly string[] Folders = ["/opt/app", "/etc/app", "/srv/data"];
    static readonly string[] FileNames = ["a", "b", "c"];
    static readonly string[] Variables = ["X", "Y"];
    static readonly string[] Packages = ["curl", "nginx", "git"];

    /// <summary>Sessions of 1 to <paramref name="maxCommands"/> commands.</summary>
    public static Gen<GeneratedSession> Session(int maxCommands = 30) =>
        Gen.Choose(1, maxCommands).SelectMany(n => Step.ArrayOf(n)).Select(Simulate);

    public static Arbitrary<GeneratedSession> Sessions(int maxCommands = 30) => Session(maxCommands).ToArbitrary();

    /// <summary>One choice: the kind of command and which paths, variable and package it uses.</summary>
    readonly record struct Choice(int Kind, int First, int Second, int Other);

    static readonly Gen<Choice> Step =
        from kind in Gen.Frequency((3, Gen.Constant(0)), (3, Gen.Constant(1)), (3, Gen.Constant(2)), (2, Gen.Constant(3)), (2, Gen.Constant(4)),
            (2, Gen.Constant(5)), (2, Gen.Constant(6)), (1, Gen.Constant(7)), (2, Gen.Constant(8)), (2, Gen.Constant(9)), (2, Gen.Constant(10)))
        from first in Gen.Choose(0, Folders.Length * FileNames.Length - 1)
        from second in Gen.Choose(0, Folders.Length * FileNames.Length - 1)
        from other in Gen.Choose(0, 5)
        select new Choice(kind, first, second, other);

    static GeneratedSession Simulate(Choice[] choices)
    {
        var existing = new HashSet<string>(StringComparer.Ordinal) { "/opt", "/etc", "/srv", "/usr", "/usr/share", "/usr/share/doc", "/var", "/var/lib", "/var/lib/dpkg", "/var/lib/dpkg/status" };
        var cwd = "/";
        var commands = ImmutableArray.CreateBuilder<GeneratedCommand>();
        foreach (var choice in choices)
        {
            var file = FilePath(choice.First);
            var other = FilePath(choice.Second);
            var folder = Folders[choice.First / FileNames.Length];
            var variable = Variables[choice.Other % Variables.Length];
            var reads = new List<string>();
            var writes = new List<string>();
            var readsVariables = new List<string>();
            var setsVariables = new List<string>();
            var changes = new Changes(existing);
            var status = 0;
            var next = cwd;
            string text;
            switch (choice.Kind)
            {
                case 0: // touch f
                    text = $"touch {Name(file, cwd)}";
                    writes.Add(file);
                    status = changes.Write(file) ? 0 : 1;
                    break;
                case 1: // echo x > f
                    text = $"echo {choice.Other} > {Name(file, cwd)}";
                    writes.Add(file);
                    status = changes.Write(file) ? 0 : 1;
                    break;
                case 2: // cat f > g
                    text = $"cat {Name(file, cwd)} > {Name(other, cwd)}";
                    reads.Add(file);
                    writes.Add(other);
                    status = changes.Write(other) && existing.Contains(file) ? 0 : 1;
                    break;
                case 3: // rm -f f
                    text = $"rm -f {Name(file, cwd)}";
                    writes.Add(file);
                    changes.Delete(file);
                    break;
                case 4: // mkdir -p d
                    text = $"mkdir -p {folder}";
                    writes.Add(folder);
                    changes.MakeFolders(folder);
                    break;
                case 5: // cp f g
                    text = $"cp {Name(file, cwd)} {Name(other, cwd)}";
                    reads.Add(file);
                    writes.Add(other);
                    status = existing.Contains(file) && changes.Write(other) ? 0 : 1;
                    break;
                case 6: // cd d
                    text = $"cd {folder}";
                    if (existing.Contains(folder)) next = folder;
                    else status = 1;
                    break;
                case 7: // cat f (read only)
                    text = $"cat {Name(file, cwd)}";
                    reads.Add(file);
                    status = existing.Contains(file) ? 0 : 1;
                    break;
                case 8: // export V=value
                    text = $"export {variable}=v-{variable}";
                    setsVariables.Add(variable);
                    break;
                case 9: // echo $V > f
                    text = $"echo \"${variable}\" > {Name(file, cwd)}";
                    readsVariables.Add(variable);
                    writes.Add(file);
                    status = changes.Write(file) ? 0 : 1;
                    break;
                default: // apt-get install -y pkg
                    var package = Packages[choice.Other % Packages.Length];
                    text = $"apt-get install -y {package}";
                    changes.MakeFolders("/usr/share/doc/" + package);
                    changes.Write("/usr/share/doc/" + package + "/copyright");
                    changes.Write("/var/lib/dpkg/status");
                    writes.Add("/usr/share/doc/" + package);
                    writes.Add("/var/lib/dpkg/status");
                    break;
            }
            commands.Add(new GeneratedCommand(text, [.. reads], [.. writes], [.. readsVariables], [.. setsVariables],
                status == 0 ? changes.ToFileChanges() : FileChanges.None, status, cwd, next));
            if (status == 0) changes.Commit();
            else changes.Rollback();
            cwd = next;
        }
        return new GeneratedSession(commands.ToImmutable());
    }

    static string FilePath(int index) => Folders[index / FileNames.Length] + "/" + FileNames[index % FileNames.Length];

    /// <summary>A file in the working directory is named relative to it, as people type.</summary>
    static string Name(string path, string cwd) =>
        Path.GetDirectoryName(path) == cwd ? Path.GetFileName(path) : path;

    /// <summary>The diff one command makes, applied to the set of existing paths when the command succeeds.</summary>
    sealed class Changes(HashSet<string> existing)
    {
        readonly SortedSet<string> _added = new(StringComparer.Ordinal);
        readonly SortedSet<string> _changed = new(StringComparer.Ordinal);
        readonly SortedSet<string> _deleted = new(StringComparer.Ordinal);
        readonly HashSet<string> _before = [.. existing];

        bool Exists(string path) => (existing.Contains(path) || _added.Contains(path)) && !_deleted.Contains(path);

        /// <summary>Writes a file; false (and no change) when its folder does not exist.</summary>
        public bool Write(string path)
        {
            var parent = Path.GetDirectoryName(path)!;
            if (!Exists(parent)) return false;
            if (Exists(path)) _changed.Add(path);
            else
            {
                _added.Add(path);
                _changed.Add(parent);
            }
            return true;
        }

        public void Delete(string path)
        {
            if (!Exists(path)) return;
            _deleted.Add(path);
            _changed.Add(Path.GetDirectoryName(path)!);
        }

        public void MakeFolders(string path)
        {
            var parent = Path.GetDirectoryName(path)!;
            if (parent != "/" && !Exists(parent)) MakeFolders(parent);
            if (Exists(path)) return;
            _added.Add(path);
            if (parent != "/") _changed.Add(parent);
        }

        public FileChanges ToFileChanges()
        {
            _changed.ExceptWith(_added);
            return new FileChanges([.. _added], [.. _changed], [.. _deleted]);
        }

        public void Commit()
        {
            existing.UnionWith(_added);
            existing.ExceptWith(_deleted);
        }

        public void Rollback()
        {
            existing.Clear();
            existing.UnionWith(_before);
        }
    }
}
