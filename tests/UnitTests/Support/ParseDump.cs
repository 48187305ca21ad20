using System.Collections;
using System.Collections.Concurrent;
using System.Reflection;
using System.Text;
using System.Text.Json;
using DockerRecord.Frontend.Parsing;
using DockerRecord.Frontend.Syntax;
using Superpower.Model;

namespace DockerRecord.UnitTests.Support;

/// <summary>
/// Everything a parse gives, as text: the S-expression, the whole tree with every field and every span (offset,
/// length, line, column, and the text a span points into when it is not the input), and each diagnostic with its
/// code, message and span. Two parsers agree on an input exactly when these dumps are equal.
/// </summary>
public static class ParseDump
{
    static readonly ConcurrentDictionary<Type, PropertyInfo[]> s_properties = new();

    public static string Of(string text)
    {
        var sb = new StringBuilder();
        ParseResult result;
        try
        {
            result = ShellParser.Parse(text);
        }
        catch (Exception e)
        {
            return $"EXCEPTION {e.GetType().Name}: {e.Message}\n";
        }
        if (result.File is { } file)
        {
            sb.Append("S: ").Append(SyntaxPrinter.ToSExpression(file.Stmts)).Append('\n');
            sb.Append("T: ");
            Write(sb, file, text);
            sb.Append('\n');
        }
        foreach (var d in result.Diagnostics)
        {
            sb.Append("D: ").Append(d.Code).Append(' ').Append(d.Severity).Append(' ').Append(JsonSerializer.Serialize(d.Message)).Append(' ');
            Span(sb, d.Span, text);
            sb.Append('\n');
        }
        return sb.ToString();
    }

    static void Span(StringBuilder sb, TextSpan span, string text)
    {
        if (span == TextSpan.None)
        {
            sb.Append("@none");
            return;
        }
        sb.Append('@').Append(span.Position.Absolute).Append('+').Append(span.Length).Append(':')
            .Append(span.Position.Line).Append(':').Append(span.Position.Column);
        if (!ReferenceEquals(span.Source, text) && span.Source != text)
            sb.Append("{in ").Append(JsonSerializer.Serialize(span.Source)).Append('}');
    }

    static void Write(StringBuilder sb, object? value, string text)
    {
        switch (value)
        {
            case null:
                sb.Append("null");
                break;
            case SyntaxNode node:
                sb.Append('(').Append(node.GetType().Name).Append(' ');
                Span(sb, node.Span, text);
                foreach (var property in Properties(node.GetType()))
                {
                    sb.Append(" :").Append(property.Name).Append(' ');
                    Write(sb, property.GetValue(node), text);
                }
                sb.Append(')');
                break;
            case TextSpan span:
                Span(sb, span, text);
                break;
            case string s:
                sb.Append(JsonSerializer.Serialize(s));
                break;
            case IEnumerable when IsDefaultImmutableArray(value):
                sb.Append("default");
                break;
            case IEnumerable list:
                sb.Append('[');
                var first = true;
                foreach (var item in list)
                {
                    if (!first) sb.Append(' ');
                    first = false;
                    Write(sb, item, text);
                }
                sb.Append(']');
                break;
            default:
                sb.Append(value);
                break;
        }
    }

    static bool IsDefaultImmutableArray(object value) =>
        value.GetType() is { IsGenericType: true } type && type.GetGenericTypeDefinition() == typeof(System.Collections.Immutable.ImmutableArray<>)
        && (bool)type.GetProperty(nameof(System.Collections.Immutable.ImmutableArray<int>.IsDefault))!.GetValue(value)!;

    /// <summary>Every public property but the span (written first) and the text it gives.</summary>
    static PropertyInfo[] Properties(Type type) => s_properties.GetOrAdd(type, t =>
        t.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.Name is not (nameof(SyntaxNode.Span) or nameof(SyntaxNode.Text)) && p.GetIndexParameters().Length == 0)
            .OrderBy(p => p.Name, StringComparer.Ordinal)
            .ToArray());
}
