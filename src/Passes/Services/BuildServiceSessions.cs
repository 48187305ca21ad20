using System.Collections.Immutable;
using DockerRecord.Frontend.Diagnostics;
using DockerRecord.Frontend.Parsing;
using DockerRecord.Frontend.Syntax;
using DockerRecord.IR;

namespace DockerRecord.Passes.Services;

/// <summary>
/// Gives the kept RUN steps that talk to a service (<see cref="ServiceTimeline.ClientUses"/>: <c>mysql -e …</c> run
/// while mariadb was running) that service during the build: consecutive RUNs with such steps and the same context
/// become one RUN, and the service is started (and waited for) just before the first client command and stopped just
/// after the last one, in that RUN, so one layer holds what the service wrote and no process outlives the step
/// (<see cref="BuildServiceCommands"/>). The start and stop go into the client steps' own <c>&amp;&amp;</c> lists: the
/// later passes move and join whole RUNs and never split a step.
/// </summary>
static class BuildServiceSessions
{
    public static ImmutableArray<Instruction> Apply(ImmutableArray<Instruction> instructions, ServiceTimeline timeline, CompilationContext context)
    {
        if (timeline.ClientUses.IsEmpty) return instructions;
        var reported = new HashSet<ServiceStart>(ReferenceEqualityComparer.Instance);
        var output = ImmutableArray.CreateBuilder<Instruction>(instructions.Length);
        for (var i = 0; i < instructions.Length;)
        {
            if (instructions[i] is not RunInstruction run || !HasClientStep(run, timeline))
            {
                output.Add(instructions[i++]);
                continue;
            }
            var group = new List<RunInstruction> { run };
            for (i++; i < instructions.Length && instructions[i] is RunInstruction next && HasClientStep(next, timeline)
                && next.Context.Equals(run.Context) && next.Mounts.SequenceEqual(run.Mounts); i++)
                group.Add(next);
            output.AddRange(Wrap(group, timeline, context, reported));
        }
        return output.ToImmutable();
    }

    static bool HasClientStep(RunInstruction run, ServiceTimeline timeline) =>
        run.Steps.Any(s => !s.Opaque && timeline.ClientUsesAt(s.Source).Any());

    /// <summary>The uses of <paramref name="step"/> whose client command is still in it (another pass may have rewritten the line).</summary>
    static List<ClientUse> UsesIn(RunStep step, ImmutableArray<Stmt> stmts, ServiceTimeline timeline)
    {
        var uses = timeline.ClientUsesAt(step.Source).ToList();
        if (uses.Count == 0 || step.Opaque) return [];
        var calls = ClientCommands.In(stmts);
        return [.. uses.Where(u => calls.Any(c => c.Clients == u.Call.Clients && c.Text == u.Call.Text))];
    }

    static IEnumerable<RunInstruction> Wrap(List<RunInstruction> group, ServiceTimeline timeline, CompilationContext context, HashSet<ServiceStart> reported)
    {
        var steps = group.SelectMany(r => r.Steps).ToList();
        var runUser = group[0].Context.User;

        // the services these steps need, in the order first needed, and how the build has each of them
        var services = new List<(ServiceStart Start, BuildServiceCommands Commands)>();
        foreach (var step in steps)
            foreach (var use in UsesIn(step, step.Stmts, timeline))
            {
                if (services.Any(s => s.Start.Key == use.Start.Key) || reported.Contains(use.Start)) continue;
                if (BuildServiceCommands.For(use.Start, use.Call.Clients, runUser, out var why) is { } commands)
                    services.Add((use.Start, commands));
                else
                {
                    reported.Add(use.Start);
                    context.Report(DiagnosticBuilder.ServiceNotStartedForBuild(use.At, use.Start.DisplayName, use.Call.Text, why ?? "unknown"));
                }
            }
        if (services.Count == 0) return group;

        bool Needs(ClientCall call) => services.Any(s => s.Start.Key == call.Clients.Service);
        var first = steps.FindIndex(s => !s.Opaque && UsesIn(s, s.Stmts, timeline).Any(u => Needs(u.Call)));
        var last = steps.FindLastIndex(s => !s.Opaque && UsesIn(s, s.Stmts, timeline).Any(u => Needs(u.Call)));
        var starts = Commands(services.Select(s => s.Commands.Start));
        var stops = Commands(Enumerable.Reverse(services).Select(s => s.Commands.Stop));
        bool HasClient(Stmt stmt) => ClientCommands.In([stmt]).Any(Needs);

        var lastStmts = StatementInserter.After(steps[last].Stmts, HasClient, stops);
        steps[last] = steps[last].WithStmts(lastStmts);
        steps[first] = steps[first].WithStmts(StatementInserter.Before(steps[first].Stmts, HasClient, starts));

        var names = string.Join(" and ", services.Select(s => s.Start.DisplayName));
        var clients = new List<string>();
        for (var i = first; i <= last; i++)
            foreach (var use in UsesIn(steps[i], steps[i].Stmts, timeline).Where(u => Needs(u.Call)))
            {
                clients.Add($"`{use.Call.Text}` ({use.At})");
                context.Explain(use.At, Verdict.Changed,
                    $"`{use.Call.Text}` talks to {use.Start.DisplayName}, which was running then (started at {use.Start.At}): its RUN starts "
                    + $"{use.Start.DisplayName} for the build with `{services.First(s => s.Start.Key == use.Start.Key).Commands.Start}` and stops it after, as no server runs during a build");
            }
        context.Report(DiagnosticBuilder.ServiceStartedForBuild(steps[first].Source, names, clients.Distinct(),
            string.Join("`, `", services.Select(s => s.Commands.Stop))));
        return [group[0].WithSteps([.. steps])];
    }

    /// <summary>The commands of <paramref name="texts"/> (each an <c>&amp;&amp;</c> list) as the members of one list.</summary>
    static ImmutableArray<Stmt> Commands(IEnumerable<string> texts)
    {
        var members = ImmutableArray.CreateBuilder<Stmt>();
        foreach (var text in texts)
        {
            var stmt = ShellParser.Parse(text).File!.Stmts[0];
            if (stmt.Command is AndOrList list) members.AddRange(list.Stmts);
            else members.Add(stmt);
        }
        return members.ToImmutable();
    }
}
