using System.Collections;
using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Diagnostics.CodeAnalysis;
using System.Reflection;
using System.Text;
using System.Text.Json;
using DockerRecord.Frontend.Text;
using Superpower.Model;

namespace DockerRecord.Frontend.Syntax;

/// <summary>
/// Prints a syntax tree as an S-expression (<c>(SimpleCommand :Args [(Word (Literal "echo"))])</c>) or as JSON.
/// Both come from the node records' own properties, so a new field shows up without printer changes. The
/// S-expression leaves out layout (spans, comments, <c>;</c> versus a line break, backquotes versus <c>$( )</c>,
/// blanks inside opaque text, CRLF) and empty lists, nulls and false flags: two trees are the same program when their
/// S-expressions are equal.
/// </summary>
/// <remarks>
/// The properties are found by reflection, which the native binary supports for what the trimmer keeps:
/// <see cref="SyntaxNode"/>'s <see cref="DynamicallyAccessedMembersAttribute"/> keeps every node type's public
/// properties and constructors, and <c>GetType()</c> of a node carries that guarantee to the analyzer.
/// </remarks>
public static class SyntaxPrinter
{
    static readonly ConcurrentDictionary<Type, PropertyInfo[]> s_properties = new();
    static readonly ConcurrentDictionary<Type, (PropertyInfo Property, bool Opaque)[]> s_programProperties = new();

    public static string ToSExpression(SyntaxNode node)
    {
        var sb = new StringBuilder();
        WriteNode(sb, node);
        return sb.ToString();
    }

    public static string ToSExpression(IEnumerable<SyntaxNode> nodes) =>
        "[" + string.Join(" ", nodes.Select(ToSExpression)) + "]";

    static void WriteSExpression(StringBuilder sb, object? value)
    {
        switch (value)
        {
            case SyntaxNode node:
                WriteNode(sb, node);
                break;
            case string s:
                sb.Append(JsonStringLiteral.Quote(s.Replace("\r\n", "\n")));
                break;
            case IEnumerable list:
                sb.Append('[');
                var first = true;
                foreach (var item in list)
                {
                    if (!first) sb.Append(' ');
                    first = false;
                    WriteSExpression(sb, item);
                }
                sb.Append(']');
                break;
            default:
                sb.Append(value);
                break;
        }
    }

    static void WriteNode(StringBuilder sb, SyntaxNode node)
    {
        sb.Append('(').Append(node.GetType().Name);
        var shown = ProgramProperties(node.GetType())
            .Select(p => (p.Property.Name, Value: ProgramValue(p.Opaque, p.Property.GetValue(node))))
            .Where(p => !IsOmitted(p.Value) && p.Value is not ImmutableArray<Comment>).ToList();
        foreach (var (name, v) in shown)
        {
            // a lone field needs no name: (Literal "echo"), (Word [(Literal "a")])
            if (shown.Count > 1 || v is true) sb.Append(" :").Append(name);
            if (v is true) continue;
            sb.Append(' ');
            WriteSExpression(sb, v);
        }
        sb.Append(')');
    }

    /// <summary>Opaque text without its layout: blanks and line continuations removed.</summary>
    static object? ProgramValue(bool opaque, object? value) =>
        value is string text && opaque
            ? string.Concat(text.Replace("\\\r\n", "").Replace("\\\n", "").Where(c => !char.IsWhiteSpace(c)))
            : value;

    /// <summary>Writes the tree as JSON: <c>{"type": "...", "span": {...}, field: value…}</c>, spans included.</summary>
    public static void WriteJson(Utf8JsonWriter writer, SyntaxNode node)
    {
        writer.WriteStartObject();
        writer.WriteString("type", node.GetType().Name);
        WriteSpan(writer, node.Span);
        foreach (var property in Properties(node.GetType()))
        {
            var v = property.GetValue(node);
            if (IsOmitted(v)) continue;
            writer.WritePropertyName(JsonNamingPolicy.CamelCase.ConvertName(property.Name));
            WriteJsonValue(writer, v);
        }
        writer.WriteEndObject();
    }

    static void WriteJsonValue(Utf8JsonWriter writer, object? value)
    {
        switch (value)
        {
            case SyntaxNode node: WriteJson(writer, node); break;
            case string s: writer.WriteStringValue(s); break;
            case bool b: writer.WriteBooleanValue(b); break;
            case int i: writer.WriteNumberValue(i); break;
            case Enum e: writer.WriteStringValue(e.ToString()); break;
            case IEnumerable list:
                writer.WriteStartArray();
                foreach (var item in list) WriteJsonValue(writer, item);
                writer.WriteEndArray();
                break;
            default: writer.WriteNullValue(); break;
        }
    }

    static void WriteSpan(Utf8JsonWriter writer, TextSpan span)
    {
        writer.WriteStartObject("span");
        writer.WriteNumber("offset", span.Position.Absolute);
        writer.WriteNumber("length", span.Length);
        writer.WriteNumber("line", span.Position.Line);
        writer.WriteNumber("column", span.Position.Column);
        writer.WriteEndObject();
    }

    static bool IsOmitted(object? value) => value switch
    {
        null or false => true,
        ImmutableArray<Stmt> a => a.IsDefaultOrEmpty,
        ImmutableArray<Word> a => a.IsDefaultOrEmpty,
        ImmutableArray<WordPart> a => a.IsDefaultOrEmpty,
        ImmutableArray<Assignment> a => a.IsDefaultOrEmpty,
        ImmutableArray<Redirect> a => a.IsDefaultOrEmpty,
        ImmutableArray<Comment> a => a.IsDefaultOrEmpty,
        ImmutableArray<ElifBranch> a => a.IsDefaultOrEmpty,
        ImmutableArray<CaseItem> a => a.IsDefaultOrEmpty,
        ImmutableArray<PipeOp> a => a.IsDefaultOrEmpty,
        ImmutableArray<AndOrOp> a => a.IsDefaultOrEmpty,
        StmtTerminator.None or StmtTerminator.Semicolon => true, // layout, like a line break
        _ => false,
    };

    /// <summary>The properties that make up the program: all but those that only record a spelling.</summary>
    static (PropertyInfo Property, bool Opaque)[] ProgramProperties([DynamicallyAccessedMembers(SyntaxNode.ReflectedMembers)] Type type)
    {
        if (s_programProperties.TryGetValue(type, out var cached)) return cached;
        var properties = Properties(type)
            .Where(p => p.GetCustomAttribute<LayoutAttribute>() is null)
            .Select(p => (p, p.GetCustomAttribute<OpaqueTextAttribute>() is not null))
            .ToArray();
        return s_programProperties.GetOrAdd(type, properties);
    }

    /// <summary>
    /// The record's own data: declared properties minus the span and derived conveniences, in the order of the record's
    /// parameters (the order they are declared in; metadata tokens, which say that order too, do not exist in the
    /// native binary).
    /// </summary>
    internal static PropertyInfo[] Properties([DynamicallyAccessedMembers(SyntaxNode.ReflectedMembers)] Type type)
    {
        if (s_properties.TryGetValue(type, out var cached)) return cached;
        var parameters = type.GetConstructors().MaxBy(c => c.GetParameters().Length)?.GetParameters().Select(p => p.Name).ToList() ?? [];
        var properties = type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.CanWrite && p.Name != nameof(SyntaxNode.Span) && p.GetIndexParameters().Length == 0)
            .OrderBy(p => parameters.IndexOf(p.Name) is var i and >= 0 ? i : int.MaxValue)
            .ThenBy(p => p.Name, StringComparer.Ordinal)
            .ToArray();
        return s_properties.GetOrAdd(type, properties);
    }
}
