using DockerRecord.IR;

namespace DockerRecord.Passes.Filtering;

/// <summary>What a line's tree alone says, before its record is looked at: whether it controls a service, and whether it only reads.</summary>
public readonly record struct LineShape(bool ControlsService, bool ReadOnly)
{
    public static LineShape Of(RunStep step) => step.Opaque || step.Stmts.IsEmpty
        ? default
        : new(ServiceControlCommands.Controls(step.Stmts), ReadOnlyCommands.IsReadOnly(step.Stmts));
}
