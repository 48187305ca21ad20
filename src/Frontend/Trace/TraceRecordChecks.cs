using System.Runtime.CompilerServices;
using DockerRecord.Frontend.Text;

namespace DockerRecord.Frontend.Trace;

/// <summary>
/// What the JSON of a record cannot say, checked as each record is read: each check gives the one-line reason a record
/// is malformed (DR2004, and the record is not read), or null. Two kinds of fault:
/// <list type="bullet">
/// <item>a null where the model has a value: the serializer lets a JSON null into a field of a reference type (and
/// into a list's items or a map's values) as it refuses one in a number or a boolean; every pass takes such a field
/// as never null. A field with no value is left out (docs/trace-format.md), and reads with its default;</item>
/// <item>a name that the compiler writes into a Dockerfile instruction but that no system records: a variable bash
/// cannot export, a user name with a blank, an image reference with a line break. Written out, the Dockerfile parser
/// would read the rest as instructions of its own.</item>
/// </list>
/// The checks allocate nothing unless the record is bad: they run on every record of commands.jsonl, optimized at once
/// as the reading is (<see cref="CommandLineParser"/>).
/// </summary>
public static class TraceRecordChecks
{
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static string? Command(CommandRecord record)
    {
        if (record.Cmd is null) return NullField("cmd");
        if (record.Pipestatus is null) return NullField("pipestatus");
        if (record.User is { } user && !TraceNames.IsUserName(user)) return NotAUser("user", user);
        if ((WorkingDirectory("cwd_before", record.CwdBefore) ?? WorkingDirectory("cwd", record.Cwd)) is { } directory) return directory;
        if (Exported(record.EnvSet) is { } exported) return exported;
        if (record.EnvUnset is null) return NullField("env_unset");
        for (var i = 0; i < record.EnvUnset.Count; i++)
            if (VariableName("env_unset", record.EnvUnset[i]) is { } unset) return unset;
        if (record.Changes is not { } changes) return NullField("changes");
        if ((Texts("changes.added", changes.Added) ?? Texts("changes.changed", changes.Changed) ?? Texts("changes.deleted", changes.Deleted)) is { } paths)
            return paths;
        return Ports("ports", record.Ports) ?? Texts("flags", record.Flags) ?? Texts("captures", record.Captures);
    }

    public static string? Session(SessionInfo info)
    {
        if (info.Number < 1) return $"\"number\": {info.Number} is not a session number (1, 2, …)";
        if (info.ContainerId is null) return NullField("container_id");
        if (info.ContainerName is null) return NullField("container_name");
        if (info.DrecVersion is null) return NullField("drec_version");
        // an empty reference or id is one not recorded: the compiler takes the other, or says neither is there
        if (info.ImageReference is { Length: > 0 } reference && !TraceNames.IsImageReference(reference))
            return $"\"image_reference\": {Quoted(reference)} is not an image reference (name[:tag][@digest])";
        if (info.ImageId is { Length: > 0 } id && !TraceNames.IsImageReference(id))
            return $"\"image_id\": {Quoted(id)} is not an image id (sha256:…)";
        if (info.ImageDigests is { } digests)
            for (var i = 0; i < digests.Count; i++)
            {
                if (digests[i] is not { } digest) return NullItem("image_digests");
                if (!TraceNames.IsImageDigest(digest)) return $"\"image_digests\": {Quoted(digest)} is not a registry digest (name@sha256:…)";
            }
        if (info.User is { } user && !TraceNames.IsUserName(user)) return NotAUser("user", user);
        if (WorkingDirectory("initial_directory", info.InitialDirectory) is { } directory) return directory;
        // a snapshot of the environment, never written into the Dockerfile: any name bash was given is kept
        if (info.Environment is null) return NullField("environment");
        foreach (var (name, value) in info.Environment)
            if (value is null) return NullValue("environment", name);
        return Ports("ports_at_start", info.PortsAtStart);
    }

    public static string? File(CapturedFile file)
    {
        if (file.Path is null) return NullField("path");
        if (file.Reason is null) return NullField("reason");
        return file.Type is null ? NullField("type") : null;
    }

    public static string? Packages(PackageSnapshots packages)
    {
        if (packages.Manager is null) return NullField("manager");
        if (packages.Snapshots is null) return NullField("snapshots");
        foreach (var snapshot in packages.Snapshots)
        {
            if (snapshot is null) return NullItem("snapshots");
            if (snapshot.Packages is null) return NullField("snapshots.packages");
            foreach (var (name, version) in snapshot.Packages)
                if (version is null) return NullValue("snapshots.packages", name);
        }
        return null;
    }

    public static string? Manifest(TraceManifest manifest) =>
        manifest.Version < 1 ? $"\"version\": {manifest.Version} is not a format version (1, 2, …)" : null;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    static string? Exported(IReadOnlyDictionary<string, string> variables)
    {
        if (variables is null) return NullField("env_set");
        if (variables.Count == 0) return null;
        // the concrete map, so the walk takes no enumerator object
        if (variables is Dictionary<string, string> map)
        {
            foreach (var (name, value) in map)
                if (Variable(name, value) is { } why) return why;
            return null;
        }
        foreach (var (name, value) in variables)
            if (Variable(name, value) is { } why) return why;
        return null;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    static string? Variable(string name, string? value) =>
        VariableName("env_set", name) ?? (value is null ? NullValue("env_set", name) + " (a variable removed is listed in \"env_unset\")" : null);

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    static string? VariableName(string field, string? name) =>
        name is null ? NullItem(field)
        : TraceNames.IsVariableName(name) ? null
        : $"\"{field}\": {Quoted(name)} is not a variable name bash can export (letters, digits and _, not starting with a digit)";

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    static string? WorkingDirectory(string field, string? directory) =>
        directory is not null && TraceNames.HasControlCharacter(directory)
            ? $"\"{field}\": {Quoted(directory)} holds a line break or another control character, which a WORKDIR cannot hold"
            : null;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    static string? Texts(string field, IReadOnlyList<string> texts)
    {
        if (texts is null) return NullField(field);
        for (var i = 0; i < texts.Count; i++)
            if (texts[i] is null) return NullItem(field);
        return null;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    static string? Ports(string field, IReadOnlyList<ListeningPort> ports)
    {
        if (ports is null) return NullField(field);
        for (var i = 0; i < ports.Count; i++)
        {
            if (ports[i] is not { } port) return NullItem(field);
            if (port.Protocol is not ("tcp" or "udp" or "sctp"))
                return $"\"{field}\": protocol {(port.Protocol is null ? "null" : Quoted(port.Protocol))} is not tcp, udp or sctp";
            if (port.Address is null) return NullField(field + ".address");
            // no socket listens on port 0 or beyond 65535: such a number is not what ss saw
            if (port.Port is < 1 or > 65535) return $"\"{field}\": port {port.Port} is not between 1 and 65535";
        }
        return null;
    }

    static string NullField(string field) => $"\"{field}\" is null (a field with no value is left out)";

    static string NullItem(string field) => $"\"{field}\" holds a null";

    static string NullValue(string field, string name) => $"\"{field}\": the value of {Quoted(name)} is null";

    static string NotAUser(string field, string user) =>
        $"\"{field}\": {Quoted(user)} is not a user name (it is empty, or holds a blank, a control character or ':')";

    /// <summary>The text as a JSON string, so a line break shows as <c>\n</c> and the message stays one line; cut when long.</summary>
    static string Quoted(string text) => JsonStringLiteral.Quote(text.Length > 100 ? text[..100] + "…" : text);
}
