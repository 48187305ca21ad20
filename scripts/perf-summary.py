#!/usr/bin/env python3
"""perf-summary.py: summarise a `perf script -F tid,ip,sym,dso` dump of a drec run (see docs/performance.md).

    perf script -i perf.data -F tid,ip,sym,dso > perf.txt
    scripts/perf-summary.py perf.txt

Only the busiest thread is counted (the parsing thread; the tiered-JIT thread is reported as a share). It prints
(1) what the innermost frame of each sample is: optimized managed code, not-yet-optimized managed code, runtime
native code (allocation, GC, write barriers, type checks: libcoreclr has no symbols here), libc/kernel, or the JIT;
(2) the share of samples with a frame of each GROUP below anywhere on the stack (inclusive time).

The lambda names are compiler-generated: in ShellGrammar's static constructor, b__104_5 is Redirect and b__104_6 is
SimpleCommand at the time of writing. Check with `perf report --sort sym` after the grammar changes.
"""
import collections
import re
import sys

GROUPS = [
    ("ShellParser.Parse", r"ShellParser::Parse\("),
    ("lexer (ShellLexer.Lex, LexCommands)", r"ShellLexer::(Lex|LexCommands)\("),
    ("simple commands (SimpleCommand loop, with its words and redirects)", r"ShellGrammar\+<>c::<\.cctor>b__104_6\("),
    ("redirections (Redirect)", r"ShellGrammar\+<>c::<\.cctor>b__104_5\("),
    ("compound commands (under CompoundCommand's Guarded)", r"<Guarded>"),
    ("Superpower combinators (Then, Select, Many, Or, Optional, Try, Where, Value...)",
     r"Superpower\.Combinators\+<>c__DisplayClass[^:]*::<(Then|Select|Many|Or|Optional|OptionalOrDefault|Try|Where|"
     r"Value|IgnoreThen|AtLeastOnce|SelectMany)>"),
    ("command substitutions (ShellGrammar.ParseNested)", r"ShellGrammar::ParseNested"),
    ("line and column of spans (Array.BinarySearch)", r"BinarySearch"),
    ("zeroing new memory (memset)", r"__memset"),
    ("thread statics (__tls_get_addr)", r"__tls_get_addr"),
    ("reading lines (StreamReader.ReadLine)", r"StreamReader::ReadLine"),
    ("writing output (TextWriter/StreamWriter.Write)", r"(StreamWriter|TextWriter|SyncTextWriter)::Write"),
]

FRAME = re.compile(r"\s*[0-9a-f]+ (.*) \((.*)\)$")
TIER = re.compile(r"\[(OptimizedTier1OSR|OptimizedTier1|QuickJitted|InstrumentedTier1|InstrumentedTier|Optimized)\]")


def read_samples(path):
    samples, current = [], None
    with open(path, encoding="utf-8", errors="replace") as dump:
        for line in dump:
            line = line.rstrip("\n")
            if not line:
                if current is not None:
                    samples.append(current)
                current = None
            elif not line.startswith("\t"):
                current = (line.split()[0], [])
            elif current is not None and (m := FRAME.match(line)):
                current[1].append((m.group(1), m.group(2)))
    if current is not None:
        samples.append(current)
    return samples


def leaf_kind(symbol, dso):
    if "libclrjit" in dso:
        return "JIT compiler"
    if "libcoreclr" in dso:
        return "runtime native code (libcoreclr)"
    if re.search(r"libc\.so|ld-linux|kallsyms", dso):
        return "libc, loader, kernel"
    tier = TIER.search(symbol)
    if tier is None:
        return "stubs and other"
    return "managed, optimized" if tier.group(1).startswith("Optimized") else "managed, not yet optimized (tier 0, instrumented)"


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    samples = read_samples(sys.argv[1])
    threads = collections.Counter(tid for tid, _ in samples)
    if not threads:
        sys.exit("no samples")
    main_tid, _ = threads.most_common(1)[0]
    stacks = [frames for tid, frames in samples if tid == main_tid and frames]
    n = len(stacks)
    print(f"{len(samples)} samples; busiest thread {main_tid}: {n} ({100 * n / len(samples):.0f} %); percentages below are of it")
    print("innermost frame:")
    for kind, count in collections.Counter(leaf_kind(*frames[0]) for frames in stacks).most_common():
        print(f"  {100 * count / n:5.1f} %  {kind}")
    print("anywhere on the stack:")
    for name, pattern in GROUPS:
        rx = re.compile(pattern)
        count = sum(1 for frames in stacks if any(rx.search(symbol) for symbol, _ in frames))
        print(f"  {100 * count / n:5.1f} %  {name}")


if __name__ == "__main__":
    main()
