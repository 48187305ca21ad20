using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using DockerRecord.UnitTests.Support;

namespace DockerRecord.UnitTests.Compiler;

/// <summary>
/// The secrets pass's promise over generated sessions: whatever form a secret value is typed in, it appears nowhere
/// in the output: not in the Dockerfile, not in a context file, not in a diagnostic.
/// </summary>
public sealed class SecretsPropertyTests
{
    /// <summary>Values that cannot occur by chance in the rest of the output (a fixed prefix, random letters and digits).</summary>
    static readonly Gen<string> Values =
        Gen.Elements("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789".ToCharArray())
            .ArrayOf(12).Select(chars => "Zq" + new string(chars));

    /// <summary>
    /// The forms of <see cref="DockerRecord.Passes.Secrets.SecretPatterns"/>, each a command line embedding the value;
    /// for token shapes the secret is the whole token.
    /// </summary>
    static readonly Func<string, string>[] Forms =
    [
        v => $"export DB_PASSWORD={v}",
        v => $"API_KEY='{v}' ./deploy.sh",
        v => $"mysql -uroot -p{v} -e 'CREATE DATABASE x'",
        v => $"mariadb --password={v} x",
        v => $"mysqldump --password=\"{v}\" app > /srv/dump.sql",
        v => $"echo 'root:{v}' | chpasswd",
        v => $"printf '%s\\n' 'app:{v}' | chpasswd",
        v => $"git clone https://bot:{v}@git.example.com/x.git",
        v => $"curl -fsSL -H 'Authorization: Bearer {v}' https://api.example.com/",
        v => $"cat > /etc/app.conf <<EOF\ntoken = ghp_{v}{v}\nEOF",
        v => $"docker login -u me -p {v} registry.example.com",
        v => $"redis-cli -a {v} ping",
        v => $"echo \"key=ghp_{v}{v}\" >> /root/.env",
        v => $"declare -x SECRET_KEY=\"{v}\"",
        // typed in pieces of quotes: whole only once bash takes the quotes off
        v => $"mysql -uroot -p'{v[..5]}'{v[5..]} -e 'SELECT 1'",
        v => $"DB_PASSWORD=\"{v[..4]}\"'{v[4..]}' ./migrate",
    ];

    [Property(MaxTest = 60)]
    public Property No_secret_value_reaches_the_output() =>
        Prop.ForAll(Values.ToArbitrary(), Gen.Choose(0, Forms.Length - 1).ArrayOf().Where(a => a.Length is > 0 and < 5).ToArbitrary(), (random, forms) =>
        {
            // plain forms hide the random value itself, token forms a GitHub token made of it
            var token = "ghp_" + random + random;
            var trace = new TraceBuilder();
            foreach (var form in forms)
            {
                var line = Forms[form](random);
                trace.Command(line, r => r with
                {
                    Changes = new(["/srv/x"], [], []),
                    EnvSet = line.StartsWith("export DB_PASSWORD") ? new Dictionary<string, string> { ["DB_PASSWORD"] = random } : r.EnvSet,
                });
            }
            trace.Command("nano /srv/notes").Capture("/srv/notes", $"remember {random} and {token}\n");
            var compiled = CompiledTrace.Of(trace);
            // the random value is a secret whenever a plain form typed it; the token always is
            string[] secrets = forms.Any(f => !Forms[f](random).Contains("ghp_")) ? [random, token] : [token];
            foreach (var secret in secrets)
            {
                Assert.DoesNotContain(secret, compiled.Dockerfile);
                // nor in pieces: with the quotes taken out the value is still not there
                Assert.DoesNotContain(secret, compiled.Dockerfile.Replace("'", "").Replace("\"", "").Replace("\\", ""));
                Assert.All(compiled.ContextTexts, text => Assert.DoesNotContain(secret, text));
                Assert.All(compiled.Messages, message => Assert.DoesNotContain(secret, message));
            }
            return true;
        });
}
