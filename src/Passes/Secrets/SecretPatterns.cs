using System.Collections.Frozen;
using System.Text.RegularExpressions;

namespace DockerRecord.Passes.Secrets;

/// <summary>
/// What drec takes for a secret, as data: variable names, token shapes, the options through which programs take a
/// password, and credentials in URLs and headers. A value shorter than <see cref="MinimumLength"/> characters is not
/// taken for a secret (replacing it everywhere would damage unrelated text).
/// </summary>
public static partial class SecretPatterns
{
    public const int MinimumLength = 4;

    /// <summary>Words of a variable name (split at <c>_</c>) that make its value secret.</summary>
    static readonly FrozenSet<string> s_secretWords = FrozenSet.ToFrozenSet(
        ["PASSWORD", "PASSWD", "PASS", "PWD", "TOKEN", "SECRET", "PRIVATE", "CREDENTIAL", "CREDENTIALS", "AUTH", "APIKEY"],
        StringComparer.OrdinalIgnoreCase);

    // looked up by span: every exported variable of every RUN is judged, so no string is split or upper-cased
    static readonly FrozenSet<string>.AlternateLookup<ReadOnlySpan<char>> s_secretWordLookup =
        s_secretWords.GetAlternateLookup<ReadOnlySpan<char>>();

    /// <summary>Runs inside a name that make it secret wherever they stand (<c>PGPASSWORD</c>, <c>AWS_SECRET_ACCESS_KEY</c>).</summary>
    static readonly string[] s_secretInfixes = ["PASSWORD", "PASSWD", "SECRET", "API_KEY", "APIKEY", "ACCESS_KEY", "CREDENTIAL", "PRIVATE_KEY"];

    /// <summary>Names that hold no secret although their words say so.</summary>
    static readonly FrozenSet<string> s_notSecret = FrozenSet.ToFrozenSet(["PWD", "OLDPWD", "PASSWORD_STORE_DIR"], StringComparer.OrdinalIgnoreCase);

    /// <summary>True when a variable of this name holds a secret (case-insensitive: <c>db_password</c> too).</summary>
    public static bool IsSecretName(string name)
    {
        if (s_notSecret.Contains(name)) return false;
        var span = name.AsSpan();
        foreach (var word in span.Split('_'))
            if (s_secretWordLookup.Contains(span[word])) return true;
        foreach (var infix in s_secretInfixes)
            if (span.Contains(infix, StringComparison.OrdinalIgnoreCase)) return true;
        return false;
    }

    /// <summary>Token shapes of well-known services and the variable each is passed as.</summary>
    public static IReadOnlyList<(Regex Shape, string Name)> Tokens { get; } =
    [
        (GitHubToken(), "GITHUB_TOKEN"),
        (GitLabToken(), "GITLAB_TOKEN"),
        (AwsKeyId(), "AWS_ACCESS_KEY_ID"),
        (SlackToken(), "SLACK_TOKEN"),
        (NpmToken(), "NPM_TOKEN"),
        (SkKey(), "API_KEY"),
        (Jwt(), "JWT_TOKEN"),
    ];

    [GeneratedRegex(@"\b(gh[pousr]_[A-Za-z0-9]{20,}|github_pat_[A-Za-z0-9_]{20,})")]
    private static partial Regex GitHubToken();

    [GeneratedRegex(@"\bglpat-[A-Za-z0-9_\-]{20,}")]
    private static partial Regex GitLabToken();

    [GeneratedRegex(@"\b(AKIA|ASIA)[A-Z0-9]{16}\b")]
    private static partial Regex AwsKeyId();

    [GeneratedRegex(@"\bxox[abposr]-[A-Za-z0-9\-]{10,}")]
    private static partial Regex SlackToken();

    [GeneratedRegex(@"\bnpm_[A-Za-z0-9]{20,}")]
    private static partial Regex NpmToken();

    [GeneratedRegex(@"\bsk-[A-Za-z0-9_\-]{20,}")]
    private static partial Regex SkKey();

    [GeneratedRegex(@"\beyJ[A-Za-z0-9_\-]{8,}\.eyJ[A-Za-z0-9_\-]{8,}\.[A-Za-z0-9_\-]{8,}")]
    private static partial Regex Jwt();

    /// <summary><c>scheme://user:password@host</c>: group <c>password</c> and <c>host</c>.</summary>
    [GeneratedRegex(@"[A-Za-z][A-Za-z0-9+.\-]*://[^/\s:@'""]+:(?<password>[^/\s@'""]+)@(?<host>[A-Za-z0-9.\-]*)")]
    public static partial Regex UrlCredentials();

    /// <summary><c>Authorization: Bearer x</c>, <c>PRIVATE-TOKEN: x</c>: group <c>value</c>.</summary>
    [GeneratedRegex(@"(?i)(authorization:\s*(bearer|token|basic)\s+|private-token:\s*|x-api-key:\s*)(?<value>[^\s'""]+)")]
    public static partial Regex AuthorizationHeader();

    /// <summary>Long options that take a secret with <c>=</c>, for any program; the suffix of the variable named after the program.</summary>
    public static FrozenDictionary<string, string> SecretLongOptions { get; } = new Dictionary<string, string>
    {
        ["--password"] = "PASSWORD",
        ["--passwd"] = "PASSWORD",
        ["--http-password"] = "PASSWORD",
        ["--ftp-password"] = "PASSWORD",
        ["--proxy-password"] = "PASSWORD",
        ["--token"] = "TOKEN",
        ["--api-key"] = "API_KEY",
        ["--secret"] = "SECRET",
    }.ToFrozenDictionary(StringComparer.Ordinal);

    /// <summary>How an option passes the secret.</summary>
    public enum OptionForm
    {
        /// <summary><c>-pVALUE</c> only (<c>mysql -p x</c> prompts and x is a database).</summary>
        Attached,
        /// <summary><c>-p VALUE</c> or <c>-pVALUE</c>.</summary>
        Separate,
        /// <summary><c>-u user:VALUE</c> / <c>-uuser:VALUE</c>: the part after the first colon.</summary>
        UserColonValue,
        /// <summary><c>-passout pass:VALUE</c>.</summary>
        PassPrefix,
    }

    /// <summary>A program option whose value is a password, where the option means that only for that program.</summary>
    public sealed record PasswordOption(string Option, OptionForm Form, string Variable, string? Subcommand = null);

    static readonly PasswordOption[] s_mysql = [new("-p", OptionForm.Attached, "MYSQL_PASSWORD")];

    /// <summary>Programs and their password options.</summary>
    public static FrozenDictionary<string, PasswordOption[]> PasswordOptions { get; } = new Dictionary<string, PasswordOption[]>
    {
        ["mysql"] = s_mysql, ["mariadb"] = s_mysql, ["mysqladmin"] = s_mysql, ["mysqldump"] = s_mysql, ["mysqlimport"] = s_mysql,
        ["mysqlshow"] = s_mysql, ["mysqlcheck"] = s_mysql, ["mariadb-dump"] = s_mysql, ["mariadb-admin"] = s_mysql,
        ["docker"] = [new("-p", OptionForm.Separate, "DOCKER_PASSWORD", "login"), new("--password", OptionForm.Separate, "DOCKER_PASSWORD", "login")],
        ["podman"] = [new("-p", OptionForm.Separate, "REGISTRY_PASSWORD", "login"), new("--password", OptionForm.Separate, "REGISTRY_PASSWORD", "login")],
        ["sshpass"] = [new("-p", OptionForm.Separate, "SSHPASS")],
        ["redis-cli"] = [new("-a", OptionForm.Separate, "REDIS_PASSWORD"), new("--pass", OptionForm.Separate, "REDIS_PASSWORD")],
        ["curl"] = [new("-u", OptionForm.UserColonValue, "CURL_PASSWORD"), new("--user", OptionForm.UserColonValue, "CURL_PASSWORD")],
        ["zip"] = [new("-P", OptionForm.Separate, "ZIP_PASSWORD")],
        ["unzip"] = [new("-P", OptionForm.Separate, "ZIP_PASSWORD")],
        ["7z"] = [new("-p", OptionForm.Attached, "ZIP_PASSWORD")],
        ["useradd"] = [new("-p", OptionForm.Separate, "USER_PASSWORD_HASH"), new("--password", OptionForm.Separate, "USER_PASSWORD_HASH")],
        ["usermod"] = [new("-p", OptionForm.Separate, "USER_PASSWORD_HASH"), new("--password", OptionForm.Separate, "USER_PASSWORD_HASH")],
        ["openssl"] = [new("-passout", OptionForm.PassPrefix, "OPENSSL_PASSWORD"), new("-passin", OptionForm.PassPrefix, "OPENSSL_PASSWORD"), new("-k", OptionForm.Separate, "OPENSSL_PASSWORD")],
        ["mongo"] = [new("-p", OptionForm.Separate, "MONGO_PASSWORD")],
        ["mongosh"] = [new("-p", OptionForm.Separate, "MONGO_PASSWORD")],
        ["ldapsearch"] = [new("-w", OptionForm.Separate, "LDAP_PASSWORD")],
        ["ldapadd"] = [new("-w", OptionForm.Separate, "LDAP_PASSWORD")],
        ["ldapmodify"] = [new("-w", OptionForm.Separate, "LDAP_PASSWORD")],
    }.ToFrozenDictionary(StringComparer.Ordinal);

    /// <summary>Programs that read <c>user:password</c> lines (<c>chpasswd</c>) or password lines (<c>passwd</c>) on standard input.</summary>
    public static FrozenSet<string> PasswordReaders { get; } = FrozenSet.ToFrozenSet(["chpasswd", "passwd"], StringComparer.Ordinal);

    /// <summary>
    /// A quick test on a typed line: false means no rule below can match it, so the AST need not be walked (the common
    /// case; compile must stay fast on long traces).
    /// </summary>
    public static bool MayHoldSecret(string typed) => Prefilter().IsMatch(typed);

    [GeneratedRegex(@"(?i)pass|pwd|token|secret|private|credential|auth|api_?key|access_key|gh[pousr]_|github_pat_|glpat-|AKIA|ASIA|xox|npm_|sk-|eyJ|://|-p|-a|-u|-w|-k|--user")]
    private static partial Regex Prefilter();
}
