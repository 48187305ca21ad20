using DockerRecord.Passes.Secrets;
using DockerRecord.UnitTests.Support;

namespace DockerRecord.UnitTests.Compiler;

public sealed class SecretsPassTests
{
    static CompiledTrace Typed(string line, Func<DockerRecord.Frontend.Trace.CommandRecord, DockerRecord.Frontend.Trace.CommandRecord>? edit = null) =>
        CompiledTrace.Of(new TraceBuilder().Command(line, r => (edit ?? (x => x))(r with { Changes = new(["/x"], [], []) })));

    [Theory]
    [InlineData("mysql -uroot -pHunter2x -e 'select 1'", "MYSQL_PASSWORD", "-p\"${MYSQL_PASSWORD}\"")]
    [InlineData("mysqladmin --password=Hunter2x status", "MYSQLADMIN_PASSWORD", "--password=\"${MYSQLADMIN_PASSWORD}\"")]
    [InlineData("docker login -u me -p Hunter2x registry", "DOCKER_PASSWORD", "-p \"${DOCKER_PASSWORD}\"")]
    [InlineData("echo 'app:Hunter2x' | chpasswd", "APP_PASSWORD", "'app:'\"${APP_PASSWORD}\"")]
    [InlineData("git clone https://me:Hunter2x@github.com/a/b", "GITHUB_PASSWORD", "https://me:\"${GITHUB_PASSWORD}\"@github.com/a/b")]
    [InlineData("API_TOKEN=Hunter2x ./deploy", "API_TOKEN", "API_TOKEN=\"${API_TOKEN}\" ./deploy")]
    [InlineData("npm config set //r/:_authToken npm_abcdefghijklmnopqrstuvwxyz0123456789", "NPM_TOKEN", "\"${NPM_TOKEN}\"")]
    // with -o: a curl writing only to standard output looks at nothing in the image, and drop-no-effect drops it
    [InlineData("curl -u me:Hunter2x -o /srv/x https://x/", "CURL_PASSWORD", "-u me:\"${CURL_PASSWORD}\"")]
    public void A_secret_in_a_command_is_read_from_a_build_secret(string line, string name, string replaced)
    {
        var compiled = Typed(line);
        Assert.DoesNotContain("Hunter2x", compiled.Dockerfile);
        Assert.DoesNotContain("npm_abcdefghijklmnopqrstuvwxyz0123456789", compiled.Dockerfile);
        Assert.Contains($"RUN --mount=type=secret,id={name} {name}=\"$(cat /run/secrets/{name})\"", compiled.Dockerfile);
        Assert.Contains(replaced, compiled.Dockerfile);
        var message = Assert.Single(compiled.Messages, m => m.Contains("DR3060"));
        Assert.Contains($"--secret id={name},env={name}", message);
    }

    [Theory]
    [InlineData("API_TOKEN='Hun'\"ter2x\" ./deploy")]
    [InlineData("mysql -uroot -p'Hun'ter2x -e 'select 1'")]
    [InlineData("mysql -uroot -p\"Hunter\"2x -e 'select 1'")]
    [InlineData("curl -u 'me:Hun'\"ter2x\" -o /srv/x https://x/")]
    public void A_secret_typed_in_pieces_of_quotes_never_appears(string line)
    {
        var compiled = Typed(line);
        // nor in pieces: the quotes taken out, the value is still not there
        Assert.DoesNotContain("Hunter2x", compiled.Dockerfile.Replace("'", "").Replace("\"", "").Replace("\\", ""));
        Assert.Contains("--mount=type=secret", compiled.Dockerfile);
        Assert.Contains(compiled.Messages, m => m.Contains("DR3060"));
    }

    [Theory]
    [InlineData("mysql -p mydb")]
    [InlineData("docker run -p 8080:80 nginx")]
    [InlineData("mkdir -p /srv/app")]
    [InlineData("export PWD=/srv/app")]
    [InlineData("export TOKEN=$(cat /run/token)")]
    public void Lookalikes_are_left_alone(string line)
    {
        var compiled = Typed(line);
        Assert.DoesNotContain("--mount", compiled.Dockerfile);
        Assert.DoesNotContain(compiled.Messages, m => m.Contains("DR306"));
    }

    static TraceBuilder ExportedToken() => new TraceBuilder()
        .Command("export GH_TOKEN=Hunter2xyz", r => r with { EnvSet = new Dictionary<string, string> { ["GH_TOKEN"] = "Hunter2xyz" } })
        .Command("./fetch --token \"$GH_TOKEN\"", r => r with { Changes = new(["/x"], [], []) })
        .Command("make", r => r with { Changes = new(["/y"], [], []) });

    [Fact]
    public void An_exported_secret_never_becomes_env_and_commands_naming_it_get_it_back()
    {
        // the state pass makes the export the RUNs' env; the secrets pass alone, before grouping joins the RUNs
        var passOnly = CompiledTrace.Through(ExportedToken(), new DockerRecord.Passes.State.StatePass(), new SecretsPass());
        Assert.Contains("RUN --mount=type=secret,id=GH_TOKEN export GH_TOKEN=\"$(cat /run/secrets/GH_TOKEN)\" \\\n    && ./fetch --token \"$GH_TOKEN\"\n", passOnly.Dockerfile);
        Assert.Contains("RUN make\n", passOnly.Dockerfile);

        // the whole compiler: grouping joins make (it ran with the variable exported, as in the session) after the
        // secret is read, under the one mount
        var compiled = CompiledTrace.Of(ExportedToken());
        Assert.DoesNotContain("Hunter2xyz", compiled.Dockerfile);
        Assert.DoesNotContain("ENV GH_TOKEN", compiled.Dockerfile);
        Assert.Contains("RUN --mount=type=secret,id=GH_TOKEN export GH_TOKEN=\"$(cat /run/secrets/GH_TOKEN)\" \\\n    && ./fetch --token \"$GH_TOKEN\" \\\n    && make\n", compiled.Dockerfile);
        Assert.False(compiled.Program.Final.Env.ContainsKey("GH_TOKEN"));
    }

    [Fact]
    public void A_context_file_holding_a_secret_is_redacted()
    {
        var compiled = CompiledTrace.Of(new TraceBuilder()
            .Command("mysql -pHunter2x -e 'select 1'")
            .Command("nano /etc/app.ini").Capture("/etc/app.ini", "password=Hunter2x\n"));
        Assert.Equal("password=<redacted:MYSQL_PASSWORD>\n", Assert.Single(compiled.ContextTexts));
        Assert.Contains(compiled.Messages, m => m.Contains("DR3061") && m.Contains("/etc/app.ini") && !m.Contains("Hunter2x"));
    }

    [Theory]
    [InlineData("DB_PASSWORD", true)]
    [InlineData("PGPASSWORD", true)]
    [InlineData("GITHUB_TOKEN", true)]
    [InlineData("AWS_SECRET_ACCESS_KEY", true)]
    [InlineData("STRIPE_API_KEY", true)]
    [InlineData("db_pass", true)]
    [InlineData("PWD", false)]
    [InlineData("OLDPWD", false)]
    [InlineData("GIT_AUTHOR_NAME", false)]
    [InlineData("PATH", false)]
    public void Secret_names(string name, bool secret) => Assert.Equal(secret, SecretPatterns.IsSecretName(name));
}
