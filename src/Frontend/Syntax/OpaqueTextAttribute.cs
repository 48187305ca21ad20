namespace DockerRecord.Frontend.Syntax;

/// <summary>
/// Marks text kept as typed and not modelled further (an arithmetic expression, the inside of <c>[[ ]]</c>, an
/// array index). Blanks and line continuations in it are layout, so <see cref="SyntaxPrinter"/> leaves them out.
/// </summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class OpaqueTextAttribute : Attribute;

/// <summary>Marks a field that only records how something was spelled (<c>`…`</c> for <c>$(…)</c>), not what it means.</summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class LayoutAttribute : Attribute;
