namespace DockerRecord.Frontend.Parsing;

/// <summary>
/// What the lexer must know of the grammar at the command level: whether a command may start here (where
/// <c>((</c> and <c>[[</c> begin their own constructs), which case statements are open (where <c>)</c> ends a
/// pattern rather than a subshell), how many parentheses are open, and whether a here-document delimiter comes next.
/// </summary>
struct CommandState()
{
    public bool AtCommandStart = true;
    public bool AfterFor;
    /// <summary>After <c>for NAME</c>, <c>select NAME</c> or <c>for ((…))</c>: a <c>do</c> or <c>{</c> here opens the body.</summary>
    bool _afterLoopHeader;
    public int ParenDepth;
    public ShellToken? ExpectHereDocDelimiter;
    ShellToken _previous;
    List<CaseFrame>? _cases;

    public readonly bool InCasePattern =>
        _cases is { Count: > 0 } && _cases[^1] is { Phase: CasePhase.Pattern } top && top.ParenDepth == ParenDepth;

    /// <summary>After a pattern's <c>)</c> a command may start, as after <c>;</c>.</summary>
    public void EndCasePattern()
    {
        SetPhase(CasePhase.Body);
        AtCommandStart = true;
        _previous = ShellToken.RParen;
    }

    public void AfterOperator(ShellToken kind)
    {
        _afterLoopHeader = AfterFor && kind == ShellToken.ArithmeticCommand;
        AfterFor = false;
        // the body of `f()` stands in command position too
        var functionBody = kind == ShellToken.RParen && _previous == ShellToken.LParen;
        _previous = kind;
        AtCommandStart = functionBody || kind is ShellToken.Newline or ShellToken.Semicolon or ShellToken.Ampersand or ShellToken.AndIf
            or ShellToken.OrIf or ShellToken.Pipe or ShellToken.PipeAll or ShellToken.LParen
            or ShellToken.DoubleSemicolon or ShellToken.SemicolonAmpersand or ShellToken.DoubleSemicolonAmpersand;
        if (kind is ShellToken.DoubleSemicolon or ShellToken.SemicolonAmpersand or ShellToken.DoubleSemicolonAmpersand
            && Top is { Phase: CasePhase.Body })
            SetPhase(CasePhase.Pattern);
        if (kind == ShellToken.Newline && Top is { Phase: CasePhase.Pattern or CasePhase.Subject or CasePhase.ExpectIn })
            AtCommandStart = false;
    }

    public void AfterWord(ReservedWord word)
    {
        var wasCommandStart = AtCommandStart;
        var wasLoopHeader = _afterLoopHeader;
        _afterLoopHeader = AfterFor;
        AtCommandStart = false;
        _previous = ShellToken.Word;
        AfterFor = false;
        // `for x do …` and `for x { … }`: the body's first word stands in command position
        if (wasLoopHeader && word is ReservedWord.Do or ReservedWord.OpenBrace)
        {
            AtCommandStart = true;
            return;
        }

        switch (Top?.Phase)
        {
            case CasePhase.Subject:
                SetPhase(CasePhase.ExpectIn);
                return;
            case CasePhase.ExpectIn:
                if (word == ReservedWord.In) SetPhase(CasePhase.Pattern);
                return;
            case CasePhase.Pattern:
                if (word == ReservedWord.Esac) _cases!.RemoveAt(_cases.Count - 1);
                return;
        }

        if (!wasCommandStart) return;
        switch (word)
        {
            case ReservedWord.Case:
                (_cases ??= []).Add(new CaseFrame(CasePhase.Subject, ParenDepth));
                break;
            case ReservedWord.Esac when Top is { Phase: CasePhase.Body }:
                _cases!.RemoveAt(_cases.Count - 1);
                break;
            case ReservedWord.For or ReservedWord.Select:
                AfterFor = true;
                break;
            case ReservedWord.If or ReservedWord.Then or ReservedWord.Elif or ReservedWord.Else or ReservedWord.While
                or ReservedWord.Until or ReservedWord.Do or ReservedWord.Bang or ReservedWord.OpenBrace
                or ReservedWord.Time or ReservedWord.Coproc:
                AtCommandStart = true;
                break;
        }
    }

    readonly CaseFrame? Top => _cases is { Count: > 0 } ? _cases[^1] : null;

    readonly void SetPhase(CasePhase phase) => _cases![^1] = _cases[^1] with { Phase = phase };

    enum CasePhase { Subject, ExpectIn, Pattern, Body }

    readonly record struct CaseFrame(CasePhase Phase, int ParenDepth);
}
