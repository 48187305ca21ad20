using System.Reflection;
using DockerRecord.Frontend.Syntax;

namespace DockerRecord.UnitTests.Frontend;

/// <summary>
/// <see cref="SyntaxPrinter"/> finds a node's fields by reflection and orders them by the record's constructor, since
/// the native binary has no metadata tokens: the order is the one the tokens gave (declaration order), for every node.
/// </summary>
public sealed class SyntaxPrinterReflectionTests
{
    public static TheoryData<string> NodeTypes() =>
    [
        .. typeof(SyntaxNode).Assembly.GetTypes()
            .Where(t => t.IsSubclassOf(typeof(SyntaxNode)) && !t.IsAbstract).Select(t => t.FullName!).Order(StringComparer.Ordinal),
    ];

    [Theory]
    [MemberData(nameof(NodeTypes))]
    public void Fields_come_in_declaration_order(string typeName)
    {
        var type = typeof(SyntaxNode).Assembly.GetType(typeName)!;
        var byToken = type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.CanWrite && p.Name != nameof(SyntaxNode.Span) && p.GetIndexParameters().Length == 0)
            .OrderBy(p => p.MetadataToken).Select(p => p.Name);
        Assert.Equal(byToken, SyntaxPrinter.Properties(type).Select(p => p.Name));
    }

    [Theory]
    [MemberData(nameof(NodeTypes))]
    public void Every_field_is_a_constructor_parameter(string typeName)
    {
        // a field that is not would be ordered by name after the others: keep nodes positional records
        var type = typeof(SyntaxNode).Assembly.GetType(typeName)!;
        var parameters = type.GetConstructors().MaxBy(c => c.GetParameters().Length)!.GetParameters().Select(p => p.Name);
        Assert.All(SyntaxPrinter.Properties(type), p => Assert.Contains(p.Name, parameters));
    }
}
