using System.Text.Encodings.Web;
using System.Text.Json;
using DockerRecord.Frontend.Text;

namespace DockerRecord.UnitTests.Frontend;

/// <summary>
/// <see cref="JsonStringLiteral"/> (exec-form arguments, S-expression strings, <c>drec parse --lines</c> errors) writes
/// what the serializer wrote before with the relaxed encoder, without its reflection.
/// </summary>
public sealed class JsonStringLiteralTests
{
    static readonly JsonSerializerOptions s_before = new()
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        TypeInfoResolver = new System.Text.Json.Serialization.Metadata.DefaultJsonTypeInfoResolver(),
    };

    [Theory]
    [InlineData("")]
    [InlineData("nginx")]
    [InlineData("daemon off;")]
    [InlineData("\"quoted\" and \\back\\slashes")]
    [InlineData("<html> & 'single' `backquote` +plus")]
    [InlineData("tab\there\r\nnew line\u0001\u001f\u007f")]
    [InlineData("é ✓ 日本 \U0001F600")]
    [InlineData("\u2028\u2029\uFEFF")]
    [InlineData("lone \uD800 surrogate")]
    [InlineData("lone \uDC00 low")]
    public void Writes_what_the_serializer_wrote(string value) =>
        Assert.Equal(JsonSerializer.Serialize(value, s_before), JsonStringLiteral.Quote(value));

    [Fact]
    public void Many_strings_in_a_row_and_on_several_threads()
    {
        var values = Enumerable.Range(0, 2000).Select(i => new string('x', i % 300) + "\"" + i).ToArray();
        Parallel.ForEach(values, v => Assert.Equal(JsonSerializer.Serialize(v, s_before), JsonStringLiteral.Quote(v)));
    }
}
