using System.Collections;
using System.Collections.Immutable;
using DockerRecord.Frontend.Syntax;

namespace DockerRecord.Passes.Filtering;

/// <summary>
/// The simple commands among some statements (<see cref="SyntaxNodes.SimpleCommands"/>), each with the statement that
/// holds its redirections. A struct with a struct enumerator: <c>foreach</c> over it allocates nothing, which counts
/// when every pass asks it of every line.
/// </summary>
public readonly struct SimpleCommandSequence(ImmutableArray<Stmt> statements) : IEnumerable<(SimpleCommand Command, Stmt Stmt)>
{
    public Enumerator GetEnumerator() => new(statements);

    IEnumerator<(SimpleCommand Command, Stmt Stmt)> IEnumerable<(SimpleCommand Command, Stmt Stmt)>.GetEnumerator() => GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    public struct Enumerator(ImmutableArray<Stmt> statements) : IEnumerator<(SimpleCommand Command, Stmt Stmt)>
    {
        int _index = -1;

        public readonly (SimpleCommand Command, Stmt Stmt) Current => ((SimpleCommand)statements[_index].Command, statements[_index]);

        readonly object IEnumerator.Current => Current;

        public bool MoveNext()
        {
            while (++_index < statements.Length)
                if (statements[_index].Command is SimpleCommand) return true;
            return false;
        }

        public void Reset() => _index = -1;

        public readonly void Dispose() { }
    }
}
