using System.Formats.Tar;
using System.Text;
using DockerRecord.Cli.Verify;

namespace DockerRecord.UnitTests.Verify;

/// <summary>Reading <c>docker save</c> output: the layers in manifest order, empty ones included.</summary>
public sealed class ImageArchiveTests
{
    [Fact]
    public void An_empty_layer_is_a_layer_with_no_entries()
    {
        // a WORKDIR that changes nothing gives a layer.tar of zero blocks only, without the ustar magic
        var save = new MemoryStream();
        using (var writer = new TarWriter(save, TarEntryFormat.Gnu, leaveOpen: true))
        {
            writer.WriteEntry(Entry("manifest.json", """[{"Layers":["a/layer.tar","b/layer.tar"]}]"""u8.ToArray()));
            writer.WriteEntry(Entry("a/layer.tar", LayerWith("etc/hello", "hi")));
            writer.WriteEntry(Entry("b/layer.tar", new byte[1024]));
        }
        save.Position = 0;

        var layers = ImageArchive.ReadLayers(save);

        Assert.Equal(2, layers.Count);
        Assert.Contains("etc/hello", layers[0].TouchedPaths.Select(p => p.TrimStart('/')));
        Assert.Empty(layers[1].TouchedPaths);
    }

    static GnuTarEntry Entry(string name, byte[] content) =>
        new(TarEntryType.RegularFile, name) { DataStream = new MemoryStream(content) };

    static byte[] LayerWith(string path, string text)
    {
        var layer = new MemoryStream();
        using (var writer = new TarWriter(layer, TarEntryFormat.Gnu, leaveOpen: true))
            writer.WriteEntry(Entry(path, Encoding.UTF8.GetBytes(text)));
        return layer.ToArray();
    }
}
